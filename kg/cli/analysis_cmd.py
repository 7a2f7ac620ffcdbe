"""`kg chain`, `kg neighbors`, `kg partners`, `kg gaps`, `kg leaders`: the neighbor-chain analyses.

Each command opens the built store, reads it into networkx
(:func:`kg.graph.read.to_networkx`), resolves names through labels and aliases
(:func:`kg.graph.resolve.resolve_name`), calls one function of :mod:`kg.analysis`
and prints the result — or its JSON with ``--json``.
"""
from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from kg.analysis import find_gaps, leaders_report, neighbor_report, recommend_partners, supply_chain
from kg.cli.app import app
from kg.cli.common import StoreOption, console, handle_errors
from kg.errors import InputError
from kg.graph.neighbor_chain import DEFAULT_LEVEL, LEVELS
from kg.graph.read import to_networkx
from kg.graph.resolve import resolve_name
from kg.graph.store import open_store

ACTORS = ("Enterprise", "Institution")
JsonOption = typer.Option(False, "--json", help="Print the result as JSON.")
ParkOption = typer.Option(None, "--park", "-p", help="Only this park (name or alias).")
ZoneOption = typer.Option(None, "--zone", "-z", help="Only this zone (name or alias).")


def _load(store: Path):
    st = open_store(store)
    return st, to_networkx(st)


def _scope(st, park: str | None, zone: str | None) -> tuple[str | None, str | None]:
    if park and zone:
        raise InputError("give --park or --zone, not both")
    return (resolve_name(st, park, ("Park",)) if park else None,
            resolve_name(st, zone, ("Zone",)) if zone else None)


def _print_json(data) -> None:
    console.print_json(json.dumps(data, ensure_ascii=False), ensure_ascii=False)


def _out(line: str = "", style: str | None = None) -> None:
    console.print(Text(line, style=style or ""), soft_wrap=True)


def _table(*columns: str) -> Table:
    table = Table(show_header=True, header_style="bold", box=None, pad_edge=False)
    for col in columns:
        table.add_column(col, overflow="fold", justify="right" if col[:1] in "0123456789#" else "left")
    return table


def _evidence(fact: dict, indent: str = "    ") -> list[str]:
    head = f"{fact['subject_label']} {fact['predicate']} {fact['object_label']} ({fact['confidence']:.2f})"
    return [indent + head] + [f"{indent}  “{e['sentence']}” [{e['article']}]" for e in fact["evidence"]]


def _tree(node: Tree, steps) -> None:
    for step in steps:
        f = step.fact
        arrow = f"supplies → {f['object_label']}" if step.direction == "up" else f"← supplied by {f['subject_label']}"
        branch = node.add(Text(f"{step.label}  ({arrow}, {f['confidence']:.2f})"))
        for e in step.fact["evidence"]:
            branch.add(Text(f"“{e['sentence']}” [{e['article']}]", style="dim"))
        _tree(branch, step.children)


@app.command("chain")
@handle_errors
def chain_command(
    entity: str = typer.Argument(..., help="Enterprise name, alias or IRI."),
    up: int = typer.Option(2, "--up", min=0, help="Hops of suppliers to follow."),
    down: int = typer.Option(2, "--down", min=0, help="Hops of customers to follow."),
    json_out: bool = JsonOption,
    store: Path = StoreOption,
) -> None:
    """Upstream suppliers and downstream customers of an enterprise, as a tree with evidence.

    Example: kg chain 华宇汽车

    Example: kg chain 苏州恒力 --up 0 --down 3 --json
    """
    st, G = _load(store)
    chain = supply_chain(G, resolve_name(st, entity, ACTORS), up, down)
    if json_out:
        return _print_json(chain.to_dict())
    root = Tree(Text(f"{chain.label} ({chain.type})", style="bold"))
    sides = (("↑ suppliers (upstream)", chain.upstream), ("↓ customers (downstream)", chain.downstream))
    for title, steps in sides:
        side = root.add(Text(title))
        _tree(side, steps)
        if not steps:
            side.add(Text("(none known)", style="dim"))
    console.print(root)


@app.command("neighbors")
@handle_errors
def neighbors_command(
    park: str = ParkOption,
    zone: str = ZoneOption,
    level: str = typer.Option(DEFAULT_LEVEL, "--level", help=f"Widest placement that counts: {', '.join(LEVELS)}."),
    json_out: bool = JsonOption,
    store: Path = StoreOption,
) -> None:
    """Neighbor-chain (邻链) links: enterprises in one building or park that supply or cooperate.

    Also prints, for each park and zone, the share of its enterprises that have
    such a neighbour partner.

    Example: kg neighbors

    Example: kg neighbors --zone 常州高新区 --level zone --json
    """
    st, G = _load(store)
    report = neighbor_report(G, *_scope(st, park, zone), level=level)
    if json_out:
        return _print_json(report.to_dict())
    _out(f"{len(report.links)} neighbor-chain link{'s' if len(report.links) != 1 else ''}", "bold")
    for link in report.links:
        where = ", ".join(p["label"] for p in link.places) or "-"
        _out(f"{link.a_label} ↔ {link.b_label}   [{link.level}: {where}]  confidence {link.confidence:.2f}")
        for fact in link.relations + link.colocation:
            for line in _evidence(fact):
                _out(line, "dim" if "“" in line else None)
    _out()
    table = _table("place", "type", "#enterprises", "#with partner", "#share")
    for s in report.places:
        table.add_row(s.label, s.type, str(s.enterprises), str(s.with_partner), f"{s.share:.0%}")
    console.print(table)


@app.command("partners")
@handle_errors
def partners_command(
    entity: str = typer.Argument(..., help="Enterprise name, alias or IRI."),
    top: int = typer.Option(10, "--top", "-k", min=1, help="How many candidates."),
    new_only: bool = typer.Option(False, "--new-only", help="Leave out current suppliers, customers and partners."),
    json_out: bool = JsonOption,
    store: Path = StoreOption,
) -> None:
    """Ranked candidate partners of an enterprise, each score broken into reasons with evidence.

    See the README (section "Partner scoring") for the rules and their points.

    Example: kg partners 江苏远航集团 --top 5

    Example: kg partners 华宇汽车 --new-only --json
    """
    st, G = _load(store)
    node = resolve_name(st, entity, ACTORS)
    cands = recommend_partners(G, node, top, include_existing=not new_only)
    if json_out:
        return _print_json([c.to_dict() for c in cands])
    _out(f"partners of {G.nodes[node]['label']}", "bold")
    for rank, c in enumerate(cands, 1):
        _out(f"{rank:>2}. {c.label}  score {c.score:g}")
        for r in c.reasons:
            _out(f"      +{r.points:g} {r.rule}: {r.detail}")
            for fact in r.facts:
                for line in _evidence(fact, "          "):
                    _out(line, "dim" if "“" in line else None)
    if not cands:
        _out("(no candidates found)", "dim")


def _section(title: str, rows: list[str]) -> None:
    _out(title, "bold")
    for row in rows or ["(none known)"]:
        _out("  " + row)


@app.command("gaps")
@handle_errors
def gaps_command(
    place: str = typer.Argument(..., help="Park or zone name, alias or IRI."),
    json_out: bool = JsonOption,
    store: Path = StoreOption,
) -> None:
    """Chain gaps of a park or zone: what is held locally, what comes from outside, whom to attract.

    Example: kg gaps 常州高新区

    Example: kg gaps 华宇国际配套产业园 --json
    """
    st, G = _load(store)
    r = find_gaps(G, resolve_name(st, place, ("Park", "Zone")))
    if json_out:
        return _print_json(r.to_dict())
    _out(f"{r.label} ({r.type}): {len(r.enterprises)} enterprises placed here", "bold")
    _section("industries", [f"{i['label']}: {', '.join(i['local']) or 'no local enterprise known'}"
                            for i in r.industries])
    _section("products made here", [f"{p['label']} ({', '.join(p['makers'])})" for p in r.products_made])
    _section("suppliers outside", [f"{s['label']} → {', '.join(s['local'])}" for s in r.outside_suppliers])
    _section("customers outside", [f"{', '.join(s['local'])} → {s['label']}" for s in r.outside_customers])
    _section("products bought in, not made here",
             [f"{p['label']} (made by {', '.join(p['made_by'])}; used by {', '.join(p['used_by'])})"
              for p in r.products_missing])
    _out("investment-promotion targets (补链招商)", "bold")
    for t in r.targets:
        _out(f"  [{t['kind']}] {t['label']}: {t['why']}")
        for fact in t["facts"]:
            for line in _evidence(fact, "      "):
                _out(line, "dim" if "“" in line else None)
    if not r.targets:
        _out("  (none found)", "dim")


@app.command("leaders")
@handle_errors
def leaders_command(
    park: str = ParkOption,
    zone: str = ZoneOption,
    top: int = typer.Option(10, "--top", "-k", min=1, help="How many leaders."),
    json_out: bool = JsonOption,
    store: Path = StoreOption,
) -> None:
    """Chain leaders (链主) by PageRank on supply and cooperation edges, and industrial clusters.

    Example: kg leaders

    Example: kg leaders --zone 常州高新区 --top 5 --json
    """
    st, G = _load(store)
    report = leaders_report(G, *_scope(st, park, zone), top=top)
    if json_out:
        return _print_json(report.to_dict())
    table = _table("#rank", "leader", "#score", "#suppliers", "#customers", "#partners")
    for rank, l in enumerate(report.leaders, 1):
        table.add_row(str(rank), l.label, f"{l.score:.4f}", str(l.suppliers), str(l.customers), str(l.partners))
    console.print(table)
    for l in report.leaders:
        _out(f"{l.label}:")
        for fact in l.facts[:3]:
            for line in _evidence(fact, "    "):
                _out(line, "dim" if "“" in line else None)
    _out()
    _out(f"{len(report.clusters)} industrial cluster{'s' if len(report.clusters) != 1 else ''}", "bold")
    for c in report.clusters:
        extra = "; ".join(x for x in (", ".join(c.industries), ", ".join(c.products)) if x)
        _out(f"  {c.leader} ({c.size}): {', '.join(c.members)}" + (f"  [{extra}]" if extra else ""))
