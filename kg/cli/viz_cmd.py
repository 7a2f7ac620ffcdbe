"""`kg viz`: write an interactive, offline HTML view of the graph."""
from __future__ import annotations

from pathlib import Path

import typer

from kg.cli.app import app
from kg.cli.common import StoreOption, console, err_console, handle_errors
from kg.errors import InputError
from kg.viz.view import DEFAULT_MAX_NODES, view_store


@app.command("viz")
@handle_errors
def viz_command(
    entity: str = typer.Option(None, "--entity", "-e", help="Show this entity (name or alias) and its neighbourhood."),
    hops: int = typer.Option(1, "--hops", "-n", min=0, help="Links to follow from the entity, park or zone."),
    park: str = typer.Option(None, "--park", help="Show this park, its sub-parks, what is located there and their links."),
    zone: str = typer.Option(None, "--zone", help="Show this zone, its parks, what is located there and their links."),
    all_: bool = typer.Option(False, "--all", help="Show the whole graph."),
    output: Path = typer.Option(Path("graph.html"), "--output", "-o", help="HTML file to write."),
    max_nodes: int = typer.Option(DEFAULT_MAX_NODES, "--max-nodes", min=1,
                                  help="Keep at most this many nodes, the most relevant first; says what it left out."),
    group: bool = typer.Option(False, "--group", help="Open with parks and zones drawn as groups (double-click opens one)."),
    store: Path = StoreOption,
) -> None:
    """Write an interactive graph view as one HTML file that works offline.

    Colour and shape by entity type, colour and label by relation, thick lines for
    neighbour-chain (邻链) links, a legend that filters types and relations, a search
    box, and each relation's evidence sentences on hover and click.

    Example: kg viz --all -o graph.html

    Example: kg viz --entity 常州华宇汽车股份有限公司 --hops 2 -o huayu.html

    Example: kg viz --park 常州高新区生物医药产业园 -o park.html

    Example: kg viz --zone 常州高新区 --max-nodes 300 --group
    """
    chosen = sum(bool(x) for x in (entity, park, zone, all_))
    if chosen != 1:
        raise InputError("choose exactly one of --entity, --park, --zone or --all")
    result = view_store(store, entity=entity, park=park, zone=zone, hops=hops, max_nodes=max_nodes,
                        grouped=group)
    output.write_text(result.html, encoding="utf-8")
    if result.note:
        err_console.print(f"kg: {result.note}", markup=False, soft_wrap=True)
    console.print(f"wrote {output} ({result.nodes} nodes, {result.edges} edges)", markup=False, soft_wrap=True)
