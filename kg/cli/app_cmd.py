"""`kg app`: the web app for the people who run zones and parks (网页应用)."""
from __future__ import annotations

from pathlib import Path

import typer

from kg.app.server import serve_app
from kg.cli.app import app
from kg.cli.common import StoreOption, console, err_console, handle_errors


@app.command("app")
@handle_errors
def app_command(
    store: Path = StoreOption,
    port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port to listen on."),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to bind (loopback by default)."),
    allow_service: bool = typer.Option(False, "--allow-service",
                                       help="Run SERVICE clauses at /sparql (federated queries to other endpoints)."),
) -> None:
    """Start the web app over a built graph (网页应用：园区总览、搜索、企业、园区、文章、SPARQL).

    Pages in 简体中文: the zones and parks with their counts, search by name or alias, an
    entity's relations with their sentences, suppliers, customers and ranked partners, a park's
    or zone's enterprises, neighbor chains, chain leaders and gaps (CSV download), an article with
    what the graph took from it marked, and the SPARQL endpoint of `kg serve` at /sparql/.
    Read-only; on loopback unless --host says otherwise. Ctrl-C stops it.

    Example: kg app --store out --port 8000
    """
    serve_app(store, host, port, allow_service,
              say=lambda line: console.print(line, markup=False, soft_wrap=True),
              warn=lambda line: err_console.print(line, markup=False, soft_wrap=True))
