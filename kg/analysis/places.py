"""Zones and parks as a tree, with counts; and the part of the graph the analyses of one place read.

:func:`place_tree` nests the places by ``belongsTo`` (zone ⊇ park ⊇ sub-park); each node carries
the enterprises placed there (directly or in a sub-park), how many of them have a neighbor-chain
partner there and that share (:func:`kg.analysis.park_shares`), and the number of neighbor-chain
links whose two enterprises are both placed there.  A place that belongs to two others appears
under both; places that belong to nothing are the roots, most enterprises first.

:func:`place_area` is the small graph around one place — its sub-places, what is located there,
their suppliers, customers and partners, where those are placed, and what they make and which
industries they have — that :func:`~kg.analysis.find_gaps`, :func:`~kg.analysis.leaders_report`
and :func:`~kg.analysis.neighbor_report` read for that place: they give the same answers on it as on
the whole graph, in time that depends on the place, not on the graph.

>>> from kg.graph.read import graph_from_triples
>>> from kg.analysis import neighbor_report
>>> G = graph_from_triples(
...     [("z", "Zone", "高新区"), ("p", "Park", "产业园"), ("q", "Park", "分园"), ("x", "Enterprise", "外地公司")]
...     + [(n, "Enterprise", n.upper()) for n in "abc"],
...     [("p", "belongsTo", "z"), ("q", "belongsTo", "p"), ("a", "locatedIn", "q"), ("b", "locatedIn", "p"),
...      ("c", "locatedIn", "z"), ("a", "supplies", "b"), ("x", "supplies", "c")])
>>> tree = place_tree(G, neighbor_report(G))
>>> [(t.label, t.enterprises, t.with_partner, t.links, [(c.label, c.enterprises) for c in t.children]) for t in tree]
[('高新区', 3, 2, 1, [('产业园', 2)])]
>>> [(c.label, c.share, c.links) for c in tree[0].children[0].children]
[('分园', 0.0, 0)]
>>> sorted(place_area(G, "p"))
['a', 'b', 'p', 'q', 'z']
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

import networkx as nx

from kg.analysis.neighbors import NeighborReport, PlaceShare, neighbor_report
from kg.graph.access import PLACE_TYPES, label, node_type, predecessors, successors
from kg.graph.placement import members, placement, sub_places

__all__ = ["PlaceNode", "place_tree", "place_counts", "place_area"]

ACTORS = ("Enterprise", "Institution")
_CHAIN_KEYS = ("supplies", "cooperatesWith", "neighborOf")
_MAKES_KEYS = ("produces", "hasIndustry")


@dataclass
class PlaceNode(PlaceShare):
    """A zone or park in the tree: its share (:class:`~kg.analysis.neighbors.PlaceShare`), the
    neighbor-chain links placed there and the places that belong to it."""

    links: int = 0
    children: list["PlaceNode"] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


def place_counts(G: nx.MultiDiGraph, report: NeighborReport | None = None) -> dict[str, tuple[int, int, float, int]]:
    """Place → (enterprises, with a partner there, share, links placed there), for every zone and park.

    ``report`` is :func:`~kg.analysis.neighbor_report` of the whole graph (computed when not given).
    """
    report = neighbor_report(G) if report is None else report
    links: dict[str, int] = {}
    for link in report.links:
        for p in {p["iri"] for p in link.places}:
            links[p] = links.get(p, 0) + 1
    shares = {s.place: s for s in report.places}
    out = {}
    for p, data in G._node.items():
        if data.get("type") in PLACE_TYPES:
            s = shares.get(p)
            out[p] = (s.enterprises, s.with_partner, s.share, links.get(p, 0)) if s else (0, 0, 0.0, links.get(p, 0))
    return out


def _order(node: PlaceNode) -> tuple:
    """Most enterprises first, zones before parks, then by label."""
    return (-node.enterprises, node.type != "Zone", node.label, node.place)


def place_tree(G: nx.MultiDiGraph, report: NeighborReport | None = None) -> list[PlaceNode]:
    """The zones and parks nested by ``belongsTo``, each with its counts (see the module doc)."""
    counts = place_counts(G, report)

    def build(p: str, above: frozenset) -> PlaceNode:
        """The node of ``p`` with the places below it (not those on the path to it: cycles)."""
        node = PlaceNode(p, label(G, p), node_type(G, p), *counts[p])
        below = [c for c in predecessors(G, p, "belongsTo") if c in counts and c not in above]
        node.children = sorted((build(c, above | {c}) for c in below), key=_order)
        return node

    roots = [p for p in counts if not any(up in counts for up in successors(G, p, "belongsTo"))]
    tree = [build(p, frozenset({p})) for p in roots]
    shown = {n.place for n in _walk(tree)}
    tree += [build(p, frozenset({p})) for p in counts if p not in shown and not _in_cycle_shown(G, p, shown)]
    return sorted(tree, key=_order)


def _walk(nodes: list[PlaceNode]):
    """Every node of the trees, depth first."""
    for n in nodes:
        yield n
        yield from _walk(n.children)


def _in_cycle_shown(G: nx.MultiDiGraph, p: str, shown: set[str]) -> bool:
    """Whether a place of a ``belongsTo`` cycle (never a root) is reached from one already shown."""
    return any(up in shown for up in successors(G, p, "belongsTo"))


def place_area(G: nx.MultiDiGraph, place: str) -> nx.MultiDiGraph:
    """A new graph of the part of ``G`` the analyses of ``place`` read (see the module doc).

    Nodes: the place and its sub-places; what is located in them; the enterprises and
    institutions those supply, buy from, cooperate with or neighbour; every place all of those are
    in; the products and industries of all of those.  Edges: every edge of ``G`` between two of them.
    """
    places = sub_places(G, place)
    located = {n for p in places for n in predecessors(G, p, "locatedIn")}
    actors = set(located) | members(G, place, ACTORS)
    for n in list(actors):
        for key in _CHAIN_KEYS:
            actors.update(successors(G, n, key))
            actors.update(predecessors(G, n, key))
    nodes = places | located | actors
    cache: dict[str, dict] = {}
    for n in actors:
        nodes.update(placement(G, n, cache))
        for key in _MAKES_KEYS:
            nodes.update(successors(G, n, key))
    for p in places:
        nodes.update(successors(G, p, "hasIndustry"))
    return _induced(G, nodes)


def _induced(G: nx.MultiDiGraph, nodes: set[str]) -> nx.MultiDiGraph:
    """A new graph holding ``nodes`` and every edge of ``G`` between two of them (data shared)."""
    H = G.__class__()
    H.graph.update(G.graph)
    H.add_nodes_from((n, G._node[n]) for n in nodes)
    H.add_edges_from((u, v, key, data) for u in nodes for v, keys in G._succ[u].items() if v in nodes
                     for key, data in keys.items())
    return H
