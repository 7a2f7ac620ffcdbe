"""Helpers shared by the CLI command modules: options, error handling, output."""
from __future__ import annotations

import sys
from functools import wraps
from pathlib import Path

import typer
from rich.console import Console

from ..errors import KgError

console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)

DEFAULT_OUT = Path("out")

StoreOption = typer.Option(
    DEFAULT_OUT, "--store", help="Build directory written by `kg build` (default: out/).",
    show_default=True,
)


def fail(message: str, code: int = 1) -> None:
    """Print one line on stderr and exit with ``code``."""
    err_console.print(f"kg: error: {message}", markup=False, soft_wrap=True)
    raise typer.Exit(code)


def handle_errors(func):
    """Turn library errors (and Ctrl-C, and bad files) into one line on stderr and an exit code."""
    @wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except KgError as exc:
            fail(str(exc), exc.exit_code)
        except KeyboardInterrupt:
            fail("interrupted", 130)
        except BrokenPipeError:
            sys.stderr.close()
            raise typer.Exit(0)
        except (OSError, UnicodeError) as exc:
            fail(f"{type(exc).__name__}: {exc}", 1)
    return wrapper
