"""The neighbor-chain rule (邻链), its one definition: enterprises placed together that supply or
cooperate with each other.

A pair of enterprises joined by ``supplies`` (either way) or ``cooperatesWith`` is a neighbor-chain
link when they are placed together (:mod:`kg.graph.placement`), at the narrowest of three levels:

* ``building`` — an explicit ``neighborOf`` between them (same building or floor);
* ``park`` — both are in one park (``locatedIn`` it, directly or through ``belongsTo``);
* ``zone`` — both are only in one zone.

:func:`chain_links` finds them; :func:`derived_statements` is how a build stores them
(``kg:neighborChainWith`` in the derived graph, :mod:`kg.build.derive`), each with an assertion
carrying the rule ``neighbor-chain/<level>``, the place (``kg:place``) and the premises, so that
``kg neighbors``, the ``neighbor-chain`` query, the views and the partner ranking give the same pairs
and levels.

>>> from kg.graph.read import graph_from_triples
>>> G = graph_from_triples([("p", "Park", "园")] + [(n, "Enterprise", n.upper()) for n in "abc"],
...                        [(n, "locatedIn", "p") for n in "abc"] + [("a", "supplies", "b")])
>>> [(l.a_label, l.b_label, l.level, [p["label"] for p in l.places]) for l in chain_links(G)]
[('A', 'B', 'park', ['园'])]
>>> [(s.subject, s.object, s.rule, s.place) for s in derived_statements(G)]
[('a', 'b', 'neighbor-chain/park', 'p')]
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Collection, Iterator

import networkx as nx

from kg.graph.access import COOPERATION, ENTERPRISE, NEIGHBOR, SUPPLY, edge_between, facts, label, node_info, node_type
from kg.graph.placement import placement
from kg.graph.read import Statement, statement_quads

__all__ = ["LEVELS", "DEFAULT_LEVEL", "NeighborLink", "chain_links", "derived_statements", "derived_quads"]

LEVELS = ("building", "park", "zone")
DEFAULT_LEVEL = "zone"


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
    shared = common or list(where_a)[:1] or list(where_b)[:1]  # neighbours in one building: where either is
    return NeighborLink(a, label(G, a), b, label(G, b), level, [node_info(G, p) for p in shared],
                        relations, colocation, round(confidence, 3))


def _in_scope(level: str, common: list[str], place: str | None, where_a: dict, where_b: dict) -> bool:
    if place is None:
        return True
    if level == "building":
        return place in where_a or place in where_b
    return place in common


def chain_links(G: nx.MultiDiGraph, place: str | None = None, level: str = DEFAULT_LEVEL) -> list[NeighborLink]:
    """Neighbor-chain links of the whole graph, or of the links placed in ``place`` (an IRI).

    ``level`` is the widest placement that counts: ``"building"`` (only explicit neighbours),
    ``"park"`` or ``"zone"`` (default: every link, each with the narrowest level that holds).
    Sorted by the two labels.
    """
    if level not in LEVELS:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}, not {level!r}")
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


def derived_statements(G: nx.MultiDiGraph, level: str = DEFAULT_LEVEL,
                       among: Collection[str] | None = None) -> Iterator[Statement]:
    """One :class:`~kg.graph.read.Statement` per neighbor-chain link, up to ``level``: what a build stores.

    ``among``: only the links with an end in these nodes.  The statement's confidence is the weakest
    premise's; it is derived from the assertion that gives each premise its confidence.
    """
    for link in chain_links(G, level=level):
        if among is not None and link.a not in among and link.b not in among:
            continue
        sources = {s for f in link.relations + link.colocation for s in [_premise_source(f)] if s}
        yield Statement(link.a, "neighborChainWith", link.b, f"neighbor-chain/{link.level}",
                        link.confidence, tuple(sorted(sources)), link.places[0]["iri"] if link.places else None)


def _premise_source(fact: dict) -> str | None:
    """The assertion that gives a premise its confidence: the most confident, then the smallest IRI."""
    found = [(-(e["confidence"] if e["confidence"] is not None else 1.0), e["assertion"])
             for e in fact["evidence"] if e.get("assertion")]
    return min(found)[1] if found else None


def derived_quads(G: nx.MultiDiGraph, level: str = DEFAULT_LEVEL) -> Iterator:
    """The quads of :func:`derived_statements` (pyoxigraph ``Quad``), for the derived graph."""
    return statement_quads(derived_statements(G, level))
