"""Helpers shared by the CLI command modules: options, error handling, output."""
from __future__ import annotations

import sys
from functools import wraps
from pathlib import Path

import typer
from rich.console import Console, ConsoleDimensions

from kg.errors import KgError

UNWRAPPED_WIDTH = 1_000_000  # the width of a console that is not a terminal: lines are never wrapped


class CliConsole(Console):
    """A rich Console that wraps at the terminal's width, and not at all into a pipe or a file."""

    @property
    def size(self) -> ConsoleDimensions:
        """The terminal's size, or a width no line reaches when the output is not a terminal."""
        size = Console.size.fget(self)
        return size if self.is_terminal else ConsoleDimensions(UNWRAPPED_WIDTH, size.height)

    @size.setter
    def size(self, new_size: tuple[int, int]) -> None:
        Console.size.fset(self, new_size)


console = CliConsole(highlight=False)
err_console = CliConsole(stderr=True, highlight=False)

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
