"""Neighbor-chain (邻链) links: enterprises placed together that supply or cooperate with each other.

A pair of enterprises joined by ``supplies`` (either way) or ``cooperatesWith``
is a neighbor-chain link when they are placed together, at one of three levels:

* ``building`` — an explicit ``neighborOf`` between them (same building or floor);
* ``park`` — both are in one park: ``locatedIn`` it, directly or through
  ``belongsTo`` (an enterprise in a sub-park is in the park it belongs to);
* ``zone`` — both are only in one zone (counted when ``level="zone"``).

:func:`park_shares` then gives, for each park and zone, how many of its
enterprises have at least one such neighbour partner there.

>>> from kg.graph import graph_from_triples
>>> G = graph_from_triples([("p", "Park", "园")] + [(n, "Enterprise", n.upper()) for n in "abc"],
...                        [(n, "locatedIn", "p") for n in "abc"] + [("a", "supplies", "b")])
>>> [(l.a_label, l.b_label, l.level) for l in neighbor_chain_links(G)]
[('A', 'B', 'park')]
>>> [(s.label, s.enterprises, s.with_partner, s.share) for s in park_shares(G, neighbor_chain_links(G))]
[('园', 3, 2, 0.667)]
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

import networkx as nx

from .common import (COOPERATION, ENTERPRISE, NEIGHBOR, SUPPLY, AnalysisInputError, edge_between,
                     facts, label, node_info, node_type, placement, scope)

__all__ = ["LEVELS", "NeighborLink", "PlaceShare", "NeighborReport", "neighbor_chain_links",
           "park_shares", "neighbor_report"]

LEVELS = ("building", "park", "zone")


@dataclass
class NeighborLink:
    """Two enterprises placed together (``level``, ``places``) that supply or cooperate."""

    a: str
    a_label: str
    b: str
    b_label: str
    level: str
    places: list[dict]
    relations: list[dict]
    colocation: list[dict]
    confidence: float


@dataclass
class PlaceShare:
    """How many enterprises of a place have a neighbor-chain partner there."""

    place: str
    label: str
    type: str
    enterprises: int
    with_partner: int
    share: float


@dataclass
class NeighborReport:
    links: list[NeighborLink] = field(default_factory=list)
    places: list[PlaceShare] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


def _chain_pairs(G: nx.MultiDiGraph) -> dict[tuple[str, str], list[tuple[str, str, str]]]:
    """(a, b) with a < b → the supplies/cooperatesWith edges between two enterprises."""
    pairs: dict[tuple[str, str], list] = {}
    enterprises = {n for n, data in G._node.items() if data.get("type") == ENTERPRISE}
    for u in enterprises:
        for v, keys in G._succ[u].items():
            if v == u or v not in enterprises:
                continue
            for key in (SUPPLY, COOPERATION):
                if key in keys:
                    pairs.setdefault((min(u, v), max(u, v)), []).append((u, key, v))
    return pairs


def _place_rank(G, paths: dict, place: str) -> tuple:
    return (node_type(G, place) != "Park", len(paths[place]), label(G, place), place)


def _level(G, near, common: list[str]) -> str | None:
    if near:
        return "building"
    types = {node_type(G, p) for p in common}
    return "park" if "Park" in types else "zone" if "Zone" in types else None


def _link(G, a, b, level: str, near, edges, where_a: dict, where_b: dict, common: list[str]) -> NeighborLink:
    common.sort(key=lambda p: _place_rank(G, where_a, p) + (len(where_b[p]),))
    together = [(near[0], NEIGHBOR, near[1])] if near else []
    if common:
        together += list(where_a[common[0]]) + list(where_b[common[0]])
    relations, colocation = facts(G, edges), facts(G, together)
    confidence = min([max(f["confidence"] for f in relations)] + [f["confidence"] for f in colocation])
    return NeighborLink(a, label(G, a), b, label(G, b), level, [node_info(G, p) for p in common],
                        relations, colocation, round(confidence, 3))


def _in_scope(level: str, common: list[str], place: str | None, where_a: dict, where_b: dict) -> bool:
    if place is None:
        return True
    if level == "building":
        return place in where_a or place in where_b
    return place in common


def neighbor_chain_links(G: nx.MultiDiGraph, park: str | None = None, zone: str | None = None,
                         level: str = "park") -> list[NeighborLink]:
    """Neighbor-chain links of the whole graph, or of one park or zone (IRIs).

    ``level`` is the widest placement that counts: ``"building"`` (only explicit
    neighbours), ``"park"`` (default) or ``"zone"``.  Sorted by the two labels.
    """
    if level not in LEVELS:
        raise AnalysisInputError(f"level must be one of {', '.join(LEVELS)}, not {level!r}")
    place = scope(G, park, zone)
    widest = LEVELS.index(level)
    cache: dict[str, dict] = {}
    places: dict[str, dict] = {}
    links = []
    for (a, b), edges in _chain_pairs(G).items():
        for n in (a, b):
            if n not in cache:
                cache[n] = placement(G, n, places)
        where_a, where_b = cache[a], cache[b]
        common = [p for p in where_a if p in where_b]
        near = edge_between(G, a, b, NEIGHBOR)
        level = _level(G, near, common)
        if level is None or LEVELS.index(level) > widest or not _in_scope(level, common, place, where_a, where_b):
            continue
        links.append(_link(G, a, b, level, near, edges, where_a, where_b, common))
    links.sort(key=lambda x: (x.a_label, x.b_label, x.a, x.b))
    return links


def _partner_places(link: NeighborLink, where: dict) -> set[str]:
    shared = {p["iri"] for p in link.places}
    return shared | set(where) if link.level == "building" else shared


def park_shares(G: nx.MultiDiGraph, links: list[NeighborLink], park: str | None = None,
                zone: str | None = None) -> list[PlaceShare]:
    """Per park and zone: enterprises placed there, and how many have a neighbour partner there.

    Only places with at least one enterprise are listed (restricted to ``park``,
    or to ``zone`` and its parks); most enterprises first.
    """
    place = scope(G, park, zone)
    placed: dict[str, set[str]] = {}
    ups: dict[str, dict] = {}
    for e in (n for n, data in G._node.items() if data.get("type") == ENTERPRISE):
        for p in placement(G, e, ups):
            placed.setdefault(p, set()).add(e)
    partnered: dict[str, set[str]] = {}
    for link in links:
        for e in (link.a, link.b):
            for p in _partner_places(link, placement(G, e, ups)):
                if e in placed.get(p, ()):
                    partnered.setdefault(p, set()).add(e)
    wanted = [p for p in placed if node_type(G, p) in ("Park", "Zone")
              and (place is None or p == place or place in placement_of_place(G, p))]
    shares = [PlaceShare(p, label(G, p), node_type(G, p), len(placed[p]), len(partnered.get(p, ())),
                         round(len(partnered.get(p, ())) / len(placed[p]), 3)) for p in wanted]
    shares.sort(key=lambda s: (-s.enterprises, s.label, s.place))
    return shares


def placement_of_place(G: nx.MultiDiGraph, place: str) -> set[str]:
    """The places a park belongs to, directly or not."""
    seen, todo = set(), [place]
    while todo:
        for up in (v for v, keys in G._succ[todo.pop()].items() if "belongsTo" in keys):
            if up not in seen:
                seen.add(up)
                todo.append(up)
    return seen


def neighbor_report(G: nx.MultiDiGraph, park: str | None = None, zone: str | None = None,
                    level: str = "park") -> NeighborReport:
    """Links and per-place shares together (what ``kg neighbors`` prints)."""
    links = neighbor_chain_links(G, park, zone, level)
    return NeighborReport(links, park_shares(G, links, park, zone))
