"""Command-line interface: a thin typer layer over the library.

Each command module registers its commands on :data:`kg.cli.app.app`; the
modules are imported here so that ``kg --help`` lists them all.
"""
from __future__ import annotations

import importlib

from kg.cli.app import app

COMMAND_MODULES = ("build_cmd", "query_cmd", "analysis_cmd", "viz_cmd", "eval_cmd", "app_cmd")

for _name in COMMAND_MODULES:
    try:
        importlib.import_module(f"{__name__}.{_name}")
    except ModuleNotFoundError as exc:  # a command module not written yet
        if exc.name != f"{__name__}.{_name}":
            raise


def main() -> None:
    app()
