"""The typer application object every command module registers on."""
from __future__ import annotations

import typer

app = typer.Typer(
    name="kg",
    help="Build and use a knowledge graph of industrial-chain (邻链) relations from Chinese news.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
