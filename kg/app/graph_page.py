"""The small interactive graph of an entity's or a place's neighbourhood, shown in a frame.

It is the view of ``kg viz`` (:mod:`kg.viz`): the same selection (:func:`kg.viz.select.select_entity`,
:func:`kg.viz.select.select_area`), trimming and page (:func:`kg.viz.render_html`, vis-network
inlined from the installed package, nothing fetched), with the neighbor-chain levels of the whole
graph computed once at start-up.
"""
from __future__ import annotations

from kg.app.site import Site
from kg.viz import render_html
from kg.viz.select import drop_isolated, select_area, select_entity, trim

GRAPH_NODES = 120  # most relevant nodes kept in the small graph


def graph_html(site: Site, ref: str, max_nodes: int = GRAPH_NODES) -> str:
    """The HTML page of the neighbourhood of the node ``ref`` names (a place: what it holds)."""
    node = site.lookup(ref)
    data = site.G._node[node]
    if data.get("type") in ("Park", "Zone"):
        sub = select_area(site.G, node, hops=1)
    else:
        sub = select_entity(site.G, node, hops=1)
    sub, _ = drop_isolated(sub, keep=[node])
    total = len(sub)
    sub, _ = trim(sub, max_nodes, seeds=[node])
    note = f"显示 {len(sub)} / {total} 个节点（最相关的优先）" if len(sub) < total else ""
    return render_html(sub, title=f"{data.get('label') or node} · 关系图", note=note, chain=site.levels)
