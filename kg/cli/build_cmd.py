"""`kg build`, `kg stats`, `kg export`."""
from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from kg.build.pipeline import BuildSettings, build
from kg.build.stats import graph_stats
from kg.build.store import EXPORT_FORMATS, dump
from kg.cli.app import app
from kg.cli.common import DEFAULT_OUT, StoreOption, console, err_console, handle_errors
from kg.extract.reader import list_articles
from kg.graph.store import open_store


@app.command("build")
@handle_errors
def build_command(
    corpus: Path = typer.Argument(Path("corpus"), help="Folder of articles (.txt, .md, .html)."),
    out: Path = typer.Option(DEFAULT_OUT, "--out", "-o", help="Build directory to write."),
    min_confidence: float = typer.Option(0.0, "--min-confidence", min=0.0, max=1.0,
                                         help="Drop relations less confident than this."),
    registry: Path = typer.Option(None, "--registry", help="Enterprise register CSV: name,type,aliases,park."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar, no summary (warnings and errors remain)."),
    workers: int = typer.Option(1, "--workers", "-j", help="Extraction processes on this machine."),
    engine: str = typer.Option("local", "--engine", help="local (process pool) or dask (a Dask cluster)."),
    scheduler: str = typer.Option(None, "--scheduler", help="Dask scheduler address, e.g. tcp://10.0.0.5:8786."),
    derived: bool = typer.Option(True, "--derived/--no-derived",
                                 help="Recompute the derived graph (neighbor-chain links); it reads the whole graph."),
) -> None:
    """Build a knowledge graph from a folder of articles.

    Writes OUT/store (Oxigraph), OUT/graph.ttl and OUT/build.json; a failed or
    interrupted build leaves the previous ones in place.

    A rebuild re-extracts only new or changed articles (cached in OUT/cache);
    the output is the same for any number of workers and either engine.

    Example: kg build corpus --out out --min-confidence 0.6

    Example: kg build corpus --out out --workers 4

    Example: kg build corpus --engine dask --scheduler tcp://10.0.0.5:8786
    """
    settings = BuildSettings(corpus=corpus, out=out, min_confidence=min_confidence, registry=registry,
                             workers=workers, engine=engine, scheduler=scheduler, derived=derived)
    total = len(list_articles(corpus))
    with Progress(TextColumn("[bold]building"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err_console, disable=quiet or not err_console.is_terminal) as progress:
        task = progress.add_task("articles", total=total)

        def on_article(path: str, problem: str | None) -> None:
            if problem:
                err_console.print(f"kg: skipped {path}: {problem}", markup=False, soft_wrap=True)
            progress.advance(task)
        report = build(settings, on_article)
    if not quiet:
        print_summary(report, corpus, out)


def print_summary(report, corpus: Path, out: Path) -> None:
    """The table of what a build wrote."""
    table = Table(title=f"kg build {corpus} → {out}", show_header=True)
    table.add_column("what")
    table.add_column("count", justify="right")
    table.add_row("articles", str(report.articles))
    if report.skipped:
        table.add_row("skipped", str(len(report.skipped)))
    for type_, n in sorted(report.entities.items()):
        table.add_row(f"entity  {type_}", str(n))
    for pred, n in sorted(report.relations.items()):
        table.add_row(f"relation {pred}", str(n))
    table.add_row("triples (with provenance)", str(report.triples))
    table.add_row("time", f"{report.seconds:.2f} s")
    console.print(table)


@app.command("stats")
@handle_errors
def stats_command(store: Path = StoreOption,
                  json_out: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Count entities by type and relations by predicate in a built graph.

    Example: kg stats --store out
    """
    stats = graph_stats(open_store(store))
    if json_out:
        import json
        console.print_json(json.dumps(stats, ensure_ascii=False))
        return
    table = Table(title=f"graph in {store}")
    table.add_column("what")
    table.add_column("count", justify="right")
    for key in ("articles", "triples"):
        table.add_row(key, str(stats[key]))
    for type_, n in stats["entities"].items():
        table.add_row(f"entity  {type_}", str(n))
    for pred, n in stats["relations"].items():
        table.add_row(f"relation {pred}", str(n))
    console.print(table)


@app.command("export")
@handle_errors
def export_command(
    store: Path = StoreOption,
    fmt: str = typer.Option("ttl", "--format", "-f", help=f"One of {', '.join(EXPORT_FORMATS)}."),
    output: Path = typer.Option(None, "--output", "-o", help="File to write (default: stdout)."),
) -> None:
    """Export the built graph as Turtle, N-Triples, N-Quads, TriG or JSON-LD.

    Formats without named graphs (ttl, nt, jsonld) get all graphs merged.

    Example: kg export --format nq -o graph.nq
    """
    db = open_store(store)
    if output is None:
        dump(db, fmt, sys.stdout.buffer)
        sys.stdout.flush()
    else:
        with open(output, "wb") as fh:
            dump(db, fmt, fh)
