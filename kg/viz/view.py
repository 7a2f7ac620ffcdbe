"""Interactive, offline HTML views of the graph (vis-network, as bundled by pyvis).

:func:`render_html` turns the :class:`networkx.MultiDiGraph` of
:func:`kg.graph.read.to_networkx` into one self-contained page: colour and shape by
entity type, colour and label by predicate, arrows for direction, neighbour
(邻链) links drawn thick, node size by degree, a legend whose check boxes
filter types and predicates, a search box, hover tooltips and a side panel
with each relation's evidence sentences.  Positions are computed beforehand
(:mod:`kg.viz.layout`); physics only polishes small views.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("a", type="Enterprise", label="<script>alert(1)</script>")
>>> G.add_node("b", type="Enterprise", label="常州华宇汽车股份有限公司")
>>> _ = G.add_edge("a", "b", key="supplies", evidence=[{"article": "a1", "sentence": "为华宇配套。"}])
>>> page = render_html(G, title="demo")
>>> "<script>alert(1)</script>" in page, "\\\\u003cscript\\\\u003ealert(1)" in page
(False, True)
>>> [e["label"] for e in vis_edges(G)]
['供应']
"""
from __future__ import annotations

import html
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from kg.errors import InputError
from kg.graph.access import PLACE_TYPES
from kg.graph.neighbor_chain import chain_links
from kg.graph.placement import direct_members
from kg.graph.read import to_networkx
from kg.graph.resolve import resolve_name
from kg.graph.store import open_store
from kg.model import SYMMETRIC
from kg.viz.layout import layout
from kg.viz.page import FONT_STACK, page_template
from kg.viz.select import drop_isolated, select_area, select_entity, trim

PHYSICS_LIMIT = 400      # above this many nodes: precomputed layout only, no physics
EDGE_LABEL_LIMIT = 400   # above this many nodes: no edge labels (predicate shown on hover)
DIM_LIMIT = 1000         # above this many nodes: a click selects the neighbours instead of dimming the rest
DEFAULT_MAX_NODES = 2000
MAX_EVIDENCE = 20        # evidence sentences kept per edge

# type -> (colour, vis shape, legend symbol, Chinese name)
TYPE_STYLE = {
    "Zone": ("#d62728", "hexagon", "⬢", "高新区"),
    "Park": ("#ff7f0e", "square", "■", "园区"),
    "Enterprise": ("#1f77b4", "dot", "●", "企业"),
    "Institution": ("#9467bd", "triangle", "▲", "机构"),
    "Person": ("#2ca02c", "diamond", "◆", "人物"),
    "Product": ("#17becf", "triangleDown", "▼", "产品"),
    "Industry": ("#bcbd22", "star", "★", "产业"),
}
OTHER_TYPE = ("#7f7f7f", "dot", "●", "")
# predicate -> (colour, Chinese label)
PREDICATE_STYLE = {
    "belongsTo": ("#ff7f0e", "隶属"),
    "locatedIn": ("#8c564b", "位于"),
    "supplies": ("#1f77b4", "供应"),
    "cooperatesWith": ("#2ca02c", "合作"),
    "subsidiaryOf": ("#9467bd", "子公司"),
    "investsIn": ("#e377c2", "投资"),
    "produces": ("#17becf", "生产"),
    "worksFor": ("#7f7f7f", "任职"),
    "hasIndustry": ("#bcbd22", "产业"),
    "neighborOf": ("#e6194b", "邻居"),
    "neighborChainWith": ("#e6194b", "邻链"),
}
OTHER_PREDICATE = ("#999999", "")
NEIGHBOR_CHAIN = frozenset({"neighborOf", "neighborChainWith"})
CHAIN_PREDICATES = frozenset({"supplies", "cooperatesWith"})
UNDIRECTED = SYMMETRIC | {"neighborChainWith"}


def _evidence(items, titles: dict) -> list[dict]:
    """Evidence dicts for the page: unique sentences, with the article's title."""
    keep = ("article", "sentence", "rule", "confidence")
    out, seen = [], set()
    for ev in items:
        key = (ev.get("article"), ev.get("sentence"), ev.get("start"))
        if key in seen or len(out) >= MAX_EVIDENCE:
            continue
        seen.add(key)
        item = {k: ev[k] for k in keep if ev.get(k) is not None}
        if titles.get(ev.get("article")):
            item["title"] = titles[ev["article"]]
        out.append(item)
    return out


def neighbor_chain_levels(G: nx.MultiDiGraph) -> dict[frozenset, str]:
    """Pairs of enterprises that are neighbor-chain (邻链) links → their level (building, park, zone):
    the rule of :func:`kg.graph.neighbor_chain.chain_links`, the one every surface asks.

    >>> from kg.graph.read import graph_from_triples
    >>> G = graph_from_triples([("p", "Park", "园"), ("a", "Enterprise", "甲"), ("b", "Enterprise", "乙")],
    ...     [("a", "locatedIn", "p"), ("b", "locatedIn", "p"), ("a", "supplies", "b")])
    >>> neighbor_chain_levels(G) == {frozenset("ab"): "park"}
    True
    """
    return {frozenset((link.a, link.b)): link.level for link in chain_links(G)}


def vis_nodes(G: nx.MultiDiGraph, positions: dict | None = None) -> list[dict]:
    """One vis-network node per graph node: style by type, size by degree, position."""
    out = []
    for node, data in G.nodes(data=True):
        kind = data.get("type", "")
        colour, shape, _, _ = TYPE_STYLE.get(kind, OTHER_TYPE)
        name = str(data.get("label") or node)
        item = {"id": node, "label": name, "name": name, "kgType": kind,
                "aliases": sorted(str(a) for a in data.get("aliases") or ()),
                "shape": shape, "color": colour, "value": G.degree(node) + 1}
        if positions and node in positions:
            item["x"], item["y"] = positions[node]
        if kind in PLACE_TYPES:  # what the page groups under a park or zone
            item["kgMembers"] = sorted(m for m in direct_members(G, node) if m in G)
        out.append(item)
    return out


def _edge_groups(G: nx.MultiDiGraph) -> dict[tuple[str, str, str], list[dict]]:
    """Edges keyed (from, to, predicate); both directions of a symmetric predicate merged."""
    groups: dict[tuple[str, str, str], list[dict]] = {}
    for u, v, key, data in G.edges(keys=True, data=True):
        pred = str(data.get("predicate") or key)
        if pred in UNDIRECTED and (v, u, pred) in groups:
            u, v = v, u
        groups.setdefault((u, v, pred), []).append(data)
    return groups


def vis_edges(G: nx.MultiDiGraph, labels: bool = True, chain: dict | None = None) -> list[dict]:
    """One vis-network edge per (from, to, predicate), with its evidence sentences.

    Edges in ``chain`` (see :func:`neighbor_chain_levels`) and ``neighborOf`` edges are drawn thick.
    """
    chain = chain or {}
    titles = G.graph.get("articles") or {}
    out = []
    parallel: Counter = Counter()
    for i, ((u, v, pred), datas) in enumerate(_edge_groups(G).items()):
        colour, zh = PREDICATE_STYLE.get(pred, OTHER_PREDICATE)
        level = chain.get(frozenset((u, v))) if pred in CHAIN_PREDICATES else None
        thick = pred in NEIGHBOR_CHAIN or level is not None
        evidence = _evidence((ev for d in datas for ev in d.get("evidence") or ()), titles)
        confidence = max((d.get("confidence") or 0 for d in datas), default=0)
        item = {"id": f"e{i}", "from": u, "to": v, "predicate": pred, "color": colour,
                "arrows": "" if pred in UNDIRECTED else "to", "symmetric": pred in UNDIRECTED,
                "width": 4 if thick else 1.5, "evidence": evidence, "label": zh or pred,
                "length": min(60 + 4 * max(G.degree(u), G.degree(v)), 260)}
        if confidence:
            item["confidence"] = confidence
        if level:
            item["chainLevel"] = level
        if thick:
            item["shadow"] = {"enabled": True, "color": colour, "size": 8, "x": 0, "y": 0}
        nth = parallel[frozenset((u, v))]
        parallel[frozenset((u, v))] += 1
        if nth:  # bend the 2nd, 3rd… edge between the same two nodes apart
            side = "curvedCW" if (nth % 2) == (u < v) else "curvedCCW"
            item["smooth"] = {"enabled": True, "type": side, "roundness": 0.25 * ((nth + 1) // 2)}
        if not labels:
            del item["label"]
        out.append(item)
    return out


def vis_options(n_nodes: int) -> dict:
    """vis-network options: physics with a short stabilisation for small views, none for large ones."""
    small = n_nodes <= PHYSICS_LIMIT
    font = {"face": FONT_STACK, "size": 16, "strokeWidth": 3, "strokeColor": "#ffffff", "color": "#222222"}
    physics = ({"enabled": True, "solver": "barnesHut",
                "barnesHut": {"gravitationalConstant": -1800, "centralGravity": 0.5, "springLength": 70,
                              "springConstant": 0.05, "avoidOverlap": 0.6, "damping": 0.3},
                "stabilization": {"enabled": True, "iterations": 150, "fit": True}}
               if small else {"enabled": False})
    return {
        "nodes": {"font": font, "borderWidth": 1,
                  "scaling": {"min": 10, "max": 36, "label": {"enabled": False}}},
        "edges": {"font": {**font, "size": 11, "align": "middle"},
                  "smooth": {"type": "continuous"} if small else False,
                  "arrows": {"to": {"scaleFactor": 0.6}}, "selectionWidth": 2},
        "physics": physics,
        "layout": {"improvedLayout": False},
        "interaction": {"hover": True, "tooltipDelay": 100, "hideEdgesOnDrag": not small,
                        "hideEdgesOnZoom": not small, "keyboard": False},
    }


def _legend(G: nx.MultiDiGraph, edges: list[dict]) -> tuple[list[dict], list[dict]]:
    types = Counter(d.get("type", "") for _, d in G.nodes(data=True))
    preds = Counter(e["predicate"] for e in edges)
    order = list(TYPE_STYLE) + sorted(set(types) - set(TYPE_STYLE))
    legend_types = [{"name": t, "color": TYPE_STYLE.get(t, OTHER_TYPE)[0], "symbol": TYPE_STYLE.get(t, OTHER_TYPE)[2],
                     "zh": TYPE_STYLE.get(t, OTHER_TYPE)[3], "count": types[t]} for t in order if types[t]]
    porder = list(PREDICATE_STYLE) + sorted(set(preds) - set(PREDICATE_STYLE))
    legend_preds = [{"name": p, "color": PREDICATE_STYLE.get(p, OTHER_PREDICATE)[0],
                     "zh": PREDICATE_STYLE.get(p, OTHER_PREDICATE)[1], "count": preds[p],
                     "width": 5 if p in NEIGHBOR_CHAIN else 2, "symmetric": p in UNDIRECTED}
                    for p in porder if preds[p]]
    return legend_types, legend_preds


def render_html(G: nx.MultiDiGraph, title: str = "kg", note: str = "", grouped: bool = False,
                positions: dict | None = None, chain: dict | None = None) -> str:
    """The whole interactive page for ``G``, as one offline HTML string.

    ``chain`` (pairs → level) marks neighbor-chain links; by default they are computed from ``G``.
    """
    positions = layout(G) if positions is None else positions
    chain = neighbor_chain_levels(G) if chain is None else chain
    nodes = vis_nodes(G, positions)
    edges = vis_edges(G, labels=len(G) <= EDGE_LABEL_LIMIT, chain=chain)
    legend_types, legend_preds = _legend(G, edges)
    config = {"physics": len(G) <= PHYSICS_LIMIT, "grouped": grouped, "dim": len(G) <= DIM_LIMIT,
              "types": {t: {"zh": s[3]} for t, s in TYPE_STYLE.items()},
              "predicates": {p: {"zh": s[1]} for p, s in PREDICATE_STYLE.items()},
              "chainText": "邻链 neighbour chain",
              "help": "点击节点查看关系与证据句。Click a node to see its relations and the sentences that state them."}
    names = sorted({n["name"] for n in nodes} | {a for n in nodes for a in n["aliases"]})
    return page_template().render(
        title=title, note=note, nodes=nodes, edges=edges, options=vis_options(len(G)),
        config=config, names=names, legend_types=legend_types, legend_predicates=legend_preds)


@dataclass(frozen=True)
class View:
    """A rendered view: the page, what it shows and what was left out."""

    html: str
    nodes: int
    edges: int
    note: str = ""

    def _repr_html_(self) -> str:
        """Show inline in Jupyter, sandboxed in an iframe."""
        return (f'<iframe srcdoc="{html.escape(self.html, quote=True)}" '
                'style="width:100%;height:640px;border:1px solid #ddd" sandbox="allow-scripts"></iframe>')


def _selection(G: nx.MultiDiGraph, store, entity: str | None, park: str | None, zone: str | None,
               hops: int) -> tuple[nx.MultiDiGraph, list[str], str]:
    """The part of ``G`` the options ask for, its seed nodes and a title."""
    if len([x for x in (entity, park, zone) if x]) > 1:
        raise InputError("choose one of --entity, --park, --zone or --all")
    if not (entity or park or zone):
        return G, [], "all"
    if store is None:
        raise InputError("a store is needed to resolve names")
    name = entity or park or zone
    iri = resolve_name(store, name, None if entity else ("Park",) if park else ("Zone",))
    sub = select_entity(G, iri, hops) if entity else select_area(G, iri, hops)
    return sub, [iri], str(G.nodes[iri].get("label") or name)


def view(G: nx.MultiDiGraph, store=None, *, entity: str | None = None, park: str | None = None,
         zone: str | None = None, hops: int = 1, max_nodes: int | None = DEFAULT_MAX_NODES,
         grouped: bool = False) -> View:
    """Select part of ``G`` (names resolved in ``store``), trim it, render it.

    With no entity, park or zone, the whole graph is shown.
    """
    sub, seeds, what = _selection(G, store, entity, park, zone, hops)
    sub, lonely = drop_isolated(sub, keep=seeds)
    sub, note = trim(sub, max_nodes, seeds)
    note = "; ".join(x for x in (note, lonely) if x)
    page = render_html(sub, title=f"kg · {what}", note=note, grouped=grouped,
                       chain=neighbor_chain_levels(G))
    return View(page, sub.number_of_nodes(), len(_edge_groups(sub)), note)


def view_store(out: Path, **selection) -> View:
    """Open a built store, read its graph and make a :func:`view` of it."""
    store = open_store(out)
    return view(to_networkx(store), store, **selection)
