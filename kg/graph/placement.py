"""Placement, the one home of the rule: what is in a building, park or zone.

An entity is *in* every place it is ``locatedIn`` and every place those belong to through
``belongsTo`` (a sub-park is in its park, a park in its zone).  Every surface asks these
functions: the neighbor chain (:mod:`kg.graph.neighbor_chain`), the analyses, the views.

>>> from kg.graph.read import graph_from_triples
>>> G = graph_from_triples([("e", "Enterprise", "甲"), ("p", "Park", "某园"), ("z", "Zone", "某高新区")],
...                        [("e", "locatedIn", "p"), ("p", "belongsTo", "z")])
>>> {p: len(path) for p, path in placement(G, "e").items()}
{'p': 1, 'z': 2}
>>> sorted(members(G, "z")), sorted(sub_places(G, "z")), sorted(places_above(G, "p"))
(['e'], ['p', 'z'], ['z'])
"""
from __future__ import annotations

from collections import deque

import networkx as nx

from kg.graph.access import ENTERPRISE, node_type, predecessors, successors

LOCATED, BELONGS = "locatedIn", "belongsTo"


def uplinks(G: nx.MultiDiGraph, place: str) -> dict[str, tuple[tuple[str, str, str], ...]]:
    """``place`` (empty path) and every place it belongs to → a shortest ``belongsTo`` path."""
    out: dict[str, tuple] = {}
    queue = deque([(place, ())])
    while queue:
        p, path = queue.popleft()
        if p not in out:
            out[p] = path
            queue.extend((up, path + ((p, "belongsTo", up),)) for up in sorted(successors(G, p, "belongsTo"))
                         if up not in out)
    return out


def placement(G: nx.MultiDiGraph, n: str, cache: dict | None = None) -> dict[str, tuple[tuple[str, str, str], ...]]:
    """Every place ``n`` is in (``locatedIn``, then ``belongsTo`` upwards) → the edges that put it there.

    The path kept for a place is a shortest one; places are listed nearest
    first.  ``cache`` (place → :func:`uplinks`) may be shared between calls.
    """
    cache = {} if cache is None else cache
    found = []
    for p in sorted(successors(G, n, "locatedIn")):
        if p not in cache:
            cache[p] = uplinks(G, p)
        found += [(len(path), up, ((n, "locatedIn", p),) + path) for up, path in cache[p].items()]
    out: dict[str, tuple] = {}
    for _, up, path in sorted(found, key=lambda t: t[0]):
        out.setdefault(up, path)
    return out


def sub_places(G: nx.MultiDiGraph, place: str) -> set[str]:
    """``place`` and every place that belongs to it, directly or not."""
    seen, todo = {place}, [place]
    while todo:
        for p in predecessors(G, todo.pop(), "belongsTo"):
            if p not in seen:
                seen.add(p)
                todo.append(p)
    return seen


def members(G: nx.MultiDiGraph, place: str, types: tuple[str, ...] = (ENTERPRISE,)) -> set[str]:
    """Nodes of ``types`` located in ``place`` or in a place belonging to it."""
    return {e for p in sub_places(G, place) for e in predecessors(G, p, "locatedIn")
            if node_type(G, e) in types}


def places_above(G: nx.MultiDiGraph, place: str) -> set[str]:
    """The places ``place`` belongs to, directly or not (not ``place`` itself)."""
    return set(uplinks(G, place)) - {place}


def direct_members(G: nx.MultiDiGraph, place: str) -> set[str]:
    """What is ``locatedIn`` the place or ``belongsTo`` it directly (one step down)."""
    return set(predecessors(G, place, LOCATED)) | set(predecessors(G, place, BELONGS))


def placed_in(G: nx.MultiDiGraph, place: str) -> dict[str, tuple[tuple[str, str, str], ...]]:
    """What is located in ``place`` or in a place belonging to it → the edges that put it there
    (a shortest path, nearest places first): :func:`placement` read from the place down."""
    out, paths = {}, {place: ()}
    todo = deque([place])
    while todo:
        p = todo.popleft()
        for m in sorted(predecessors(G, p, LOCATED)):
            out.setdefault(m, ((m, LOCATED, p),) + paths[p])
        for sub in sorted(predecessors(G, p, BELONGS)):
            if sub not in paths:
                paths[sub] = ((sub, BELONGS, p),) + paths[p]
                todo.append(sub)
    return out
