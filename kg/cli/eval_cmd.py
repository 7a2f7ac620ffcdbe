"""`kg eval`: score a build against gold annotations, and list what it missed and added."""
from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.text import Text

from kg.cli.app import app
from kg.cli.common import DEFAULT_OUT, console, err_console, handle_errors
from kg.eval.score import SHOW, EvalResult, QuotedEvidence, TripleItem, evaluate, select, summary_lines


def _out(line: str = "", style: str = "") -> None:
    console.print(Text(line, style=style), soft_wrap=True)


def _where(e: QuotedEvidence) -> str:
    parts = [e.source]
    if e.start is not None and e.end is not None:
        parts.append(f"{e.start}–{e.end}")
    if e.rule:
        parts.append(e.rule)
    if e.confidence is not None:
        parts.append(f"{e.confidence:.2f}")
    return " ".join(p for p in parts if p)


def _triples(kind: str, items: tuple[TripleItem, ...]) -> None:
    for t in items:
        s = t.subject_label + ("" if t.subject_in_gold else "*")
        o = t.object_label + ("" if t.object_in_gold else "*")
        _out(f"{kind:<8} {s} {t.predicate} {o}")
        if t.note:
            _out(f"{'':9}({t.note})", "dim")
        for e in t.evidence:
            quote = f"“{e.sentence}” " if e.sentence else ""
            _out(f"{'':9}{quote}[{_where(e)}]", "dim")


def print_lists(result: EvalResult) -> None:
    """The lists after the table, as `kg eval` prints them."""
    sections = (("missed", "missed triples (in the gold, not in the graph)", result.missed),
                ("spurious", "spurious triples (in the graph, not in the gold; * = no gold entity has this name)",
                 result.spurious))
    for kind, title, items in sections:
        if items:
            _out()
            _out(f"{title}: {len(items)}", "bold")
            _triples(kind, items)
    entity_sections = (("entity missed", "entities missed", result.missed_entities),
                       ("entity extra", "entities not in the gold", result.extra_entities),
                       ("entity wrong type", "entities of another type than the gold's", result.wrong_type))
    for kind, title, items in entity_sections:
        if items:
            _out()
            _out(f"{title}: {len(items)}", "bold")
            for e in items:
                also = f"  (graph: {', '.join(e.graph_types)})" if kind.endswith("wrong type") else ""
                _out(f"{kind} {e.type} {e.label}{also}")


@app.command("eval")
@handle_errors
def eval_command(
    gold_dir: Path = typer.Argument(..., help="Folder of gold files (*.json, one per article)."),
    store: Path = typer.Option(DEFAULT_OUT, "--store", "--out", help="Build directory written by `kg build`."),
    graph: list[Path] = typer.Option(None, "--graph", "-g", metavar="FILE", help="Score this RDF file instead of the build (repeatable)."),
    json_out: bool = typer.Option(False, "--json", help="Print the result as JSON."),
    show: str = typer.Option("all", "--show", metavar="WHICH", help=f"Which lists to print: {', '.join(SHOW)}."),
    predicate: str = typer.Option(None, "--predicate", "-p", metavar="P", help="List only triples of this predicate."),
) -> None:
    """Score the build against gold annotations; list missed and spurious triples.

    Prints precision, recall and F1 per predicate and for entities, then the
    missed triples (with the gold's evidence) and the spurious ones (with the
    sentences of the graph).

    A gold folder holds one JSON file per article: entities (name, type,
    aliases) and triples (s, p, o, evidence); see the README, "Measuring
    extraction". Names match a graph entity's label or alias, ignoring white
    space and quotes.

    Example: kg eval my-gold/

    Example: kg eval my-gold/ --show spurious --predicate supplies

    Example: kg eval my-gold/ --graph other/graph.ttl --json
    """
    result = evaluate(list(graph) if graph else store, gold_dir)
    result = select(result, show, predicate)
    for warning in result.warnings:
        err_console.print(f"kg: warning: {warning}", markup=False, soft_wrap=True)
    if json_out:
        console.print_json(json.dumps(result.to_dict(), ensure_ascii=False), ensure_ascii=False)
        return
    for line in summary_lines(result):
        _out(line)
    print_lists(result)
