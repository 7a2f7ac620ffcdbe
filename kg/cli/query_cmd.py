"""`kg query`, `kg serve`, `kg push`: SPARQL on the built graph, locally or on a server."""
from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.table import Table

from kg.cli.app import app
from kg.cli.common import StoreOption, console, err_console, handle_errors
from kg.errors import InputError
from kg.graph.holds import release
from kg.graph.store import open_store
from kg.sparql.push import push
from kg.sparql.queries import list_queries, load_query, run_named
from kg.sparql.run import FORMATS, TABLE, check_read_only, display, format_result, open_source, table_rows
from kg.sparql.serve import (DEFAULT_HOST, DEFAULT_PORT, endpoint_urls, hold_store, is_loopback, listen_socket,
                             running_endpoint, stop_on_sigterm)

EndpointOption = typer.Option(None, "--endpoint", "-e", help="Query this SPARQL endpoint URL instead of the store.")
TimeoutOption = typer.Option(None, "--timeout", min=0.001, help="Give up after this many seconds.")


def parse_params(pairs: list[str]) -> dict[str, str]:
    """``["entity=华宇汽车"]`` → ``{"entity": "华宇汽车"}``."""
    out: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip()
        if not sep or not name:
            raise InputError(f"--param needs NAME=VALUE, not {pair!r}")
        if name in out:
            raise InputError(f"--param {name} given twice")
        out[name] = value
    return out


def print_list() -> None:
    table = Table(show_header=True, header_style="bold", show_lines=False)
    for col in ("name", "parameters", "what it answers"):
        table.add_column(col)
    for q in list_queries():
        params = " ".join(f"{p.name}={p.kind}{'?' if p.optional else ''}"
                          for p in q.params)
        table.add_row(q.name, params or "-", q.title)
    console.print(table)


def print_result(result, fmt: str) -> None:
    if fmt != TABLE or result.kind == "graph":
        sys.stdout.write(format_result(result, fmt))
        sys.stdout.flush()
        return
    header, *rows = table_rows(result)
    table = Table(show_header=True, header_style="bold")
    for col in header:
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(*(display(t) for t in row))
    console.print(table)
    if result.kind == "select":
        err_console.print(f"{len(rows)} row{'s' if len(rows) != 1 else ''}", style="dim")


@app.command("query")
@handle_errors
def query_command(
    query: str = typer.Argument(None, help="SPARQL text, a .rq file, a named query (see --list), or - for stdin."),
    param: list[str] = typer.Option(None, "--param", "-p", help="NAME=VALUE; entity names resolve through labels and aliases."),
    fmt: str = typer.Option(TABLE, "--format", "-f", help=f"One of {', '.join(FORMATS)}."),
    endpoint: str = EndpointOption,
    timeout: float = TimeoutOption,
    list_queries_: bool = typer.Option(False, "--list", "-l", help="List the named queries."),
    store: Path = StoreOption,
) -> None:
    """Run a SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE) on the built graph.

    The default graph is the union of all graphs. Parameter values are bound as
    RDF terms, never pasted into the query. CONSTRUCT/DESCRIBE print Turtle.

    Example: kg query --list

    Example: kg query suppliers-of --param entity=华宇汽车

    Example: kg query 'SELECT ?n WHERE { ?e a kg:Zone ; rdfs:label ?n }' --format csv

    Example: kg query my.rq --endpoint http://127.0.0.1:7878/query --timeout 10
    """
    if list_queries_:
        print_list()
        return
    if not query:
        raise InputError("give a query: SPARQL text, a .rq file or a named query (kg query --list)")
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    named = load_query(query)
    check_read_only(named.text)
    given = parse_params(param or [])
    source = open_source(store, endpoint, timeout)
    print_result(run_named(source, named, given, timeout), fmt)


@app.command("serve")
@handle_errors
def serve_command(
    store: Path = StoreOption,
    host: str = typer.Option(DEFAULT_HOST, "--host", help="Address to bind (loopback by default)."),
    port: int = typer.Option(DEFAULT_PORT, "--port", min=1, max=65535, help="Port to listen on."),
    allow_update: bool = typer.Option(False, "--allow-update", help="Accept SPARQL UPDATE and Graph Store writes."),
    timeout: float = typer.Option(None, "--timeout", min=1, help="Per-query time limit in seconds."),
    allow_service: bool = typer.Option(False, "--allow-service",
                                       help="Run SERVICE clauses (federated queries to other endpoints)."),
) -> None:
    """Serve the built graph as a SPARQL 1.1 endpoint (GET and POST, content negotiation).

    Runs the Oxigraph server (pip package `oxigraph`) read-only unless --allow-update;
    the default graph is the union of all graphs. Queries with a SERVICE clause
    are refused (HTTP 400) unless --allow-service. Open the printed address in a
    browser for a query page. Ctrl-C stops it; a port in use exits with code 2.

    Example: kg serve --store out --port 7878

    Example: curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * {?s ?p ?o} LIMIT 3' http://127.0.0.1:7878/query
    """
    location, held_file = hold_store(store)  # a rebuild keeps the store while it is served
    try:
        _serve(location, host, port, allow_update, timeout, allow_service)
    finally:
        release(held_file)


def _serve(location: Path, host: str, port: int, allow_update: bool, timeout: float | None,
           allow_service: bool) -> None:
    with listen_socket(host, port) as sock:  # a port in use fails here, before anything is printed
        if not is_loopback(host):
            err_console.print(f"kg: warning: serving on {host}, reachable from other machines", markup=False)
        stop_on_sigterm()
        try:
            with running_endpoint(location, sock, allow_update, timeout, allow_service) as endpoint:
                _print_urls(host, port, allow_update)
                code = endpoint.wait()
        except KeyboardInterrupt:
            code = 0
    if code:
        raise typer.Exit(code)


def _print_urls(host: str, port: int, allow_update: bool) -> None:
    urls = endpoint_urls(host, port)
    mode = "read-write" if allow_update else "read-only"
    console.print(f"SPARQL endpoint ({mode}): {urls['query']}", markup=False)
    if allow_update:
        console.print(f"update endpoint: {urls['update']}  graph store: {urls['store']}", markup=False)
    console.print(f"query page: {urls['page']}  (Ctrl-C to stop)", markup=False)


@app.command("push")
@handle_errors
def push_command(
    endpoint: str = typer.Option(..., "--endpoint", "-e", help="SPARQL endpoint URL (…/query becomes …/update)."),
    graph: str = typer.Option(None, "--graph", "-g", help="Put every triple into this named graph instead of kg's graphs."),
    store: Path = StoreOption,
    timeout: float = TimeoutOption,
) -> None:
    """Load the built graph into a SPARQL 1.1 store, replacing it in one UPDATE.

    Without --graph, kg's named graphs on the server are replaced by the build's;
    with --graph IRI, that graph is replaced by all the build's triples. Pushing
    the same build twice changes nothing.

    Example: kg push --endpoint http://127.0.0.1:7878/update

    Example: kg push --endpoint http://triplestore:3030/kg/update --graph https://example.org/graph/kg
    """
    report = push(open_store(store), endpoint, graph, timeout)
    console.print(f"pushed {report.triples} triples in {report.graphs} graph(s) to {report.endpoint}",
                  markup=False)
