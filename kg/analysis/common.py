"""Small reading helpers shared by the analyses: neighbours by predicate, placement, facts.

Everything here reads a graph made by :func:`kg.graph.to_networkx` and never
changes it.  A *fact* is a plain dict describing one edge with its evidence,
ready for JSON::

    {"subject", "subject_label", "predicate", "object", "object_label",
     "confidence", "evidence": [{article, sentence, start, end, rule, confidence, assertion}]}

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("e", type="Enterprise", label="甲")
>>> G.add_node("p", type="Park", label="某园")
>>> G.add_node("z", type="Zone", label="某高新区")
>>> G.add_edge("e", "p", key="locatedIn", confidence=0.9, evidence=[])
'locatedIn'
>>> G.add_edge("p", "z", key="belongsTo", confidence=0.8, evidence=[])
'belongsTo'
>>> placement(G, "e")
{'p': (('e', 'locatedIn', 'p'),), 'z': (('e', 'locatedIn', 'p'), ('p', 'belongsTo', 'z'))}
>>> sorted(members(G, "z"))
['e']
"""
from __future__ import annotations

from collections import deque
from typing import Iterable

import networkx as nx

from ..errors import InputError

SUPPLY = "supplies"
COOPERATION = "cooperatesWith"
NEIGHBOR = "neighborOf"
PLACE_TYPES = ("Park", "Zone")
ENTERPRISE = "Enterprise"


class AnalysisInputError(InputError):
    """An analysis was asked about a node that is not in the graph or has the wrong type."""


def label(G: nx.MultiDiGraph, n: str) -> str:
    data = G._node.get(n)
    return data.get("label", n) if data is not None else n


def node_type(G: nx.MultiDiGraph, n: str) -> str:
    data = G._node.get(n)
    return data.get("type", "") if data is not None else ""


def node_info(G: nx.MultiDiGraph, n: str) -> dict:
    """``{"iri", "label", "type"}`` of a node."""
    return {"iri": n, "label": label(G, n), "type": node_type(G, n)}


def require_node(G: nx.MultiDiGraph, n: str, types: Iterable[str] | None = None) -> str:
    """``n`` itself if it is a node of one of ``types``; AnalysisInputError otherwise."""
    if n not in G:
        raise AnalysisInputError(f"{n} is not in the graph")
    types = tuple(types or ())
    if types and node_type(G, n) not in types:
        raise AnalysisInputError(
            f"{label(G, n)} is a {node_type(G, n) or 'node without type'}, not a {' or '.join(types)}")
    return n


# The raw adjacency dicts (G._succ[u][v][key] → edge data) are read directly:
# the public views cost several times more in the hot loops, and nothing here writes.

def successors(G: nx.MultiDiGraph, n: str, key: str) -> list[str]:
    """Objects of ``n key ?o``."""
    return [v for v, keys in G._succ[n].items() if key in keys]


def predecessors(G: nx.MultiDiGraph, n: str, key: str) -> list[str]:
    """Subjects of ``?s key n``."""
    return [u for u, keys in G._pred[n].items() if key in keys]


def either_way(G: nx.MultiDiGraph, n: str, key: str) -> list[str]:
    """Nodes linked to ``n`` by ``key`` in either direction (for symmetric predicates)."""
    return sorted(set(successors(G, n, key)) | set(predecessors(G, n, key)))


def suppliers(G: nx.MultiDiGraph, n: str) -> list[str]:
    return predecessors(G, n, SUPPLY)


def customers(G: nx.MultiDiGraph, n: str) -> list[str]:
    return successors(G, n, SUPPLY)


def chain_partners(G: nx.MultiDiGraph, n: str) -> set[str]:
    """Suppliers, customers and cooperation partners of ``n``."""
    return set(suppliers(G, n)) | set(customers(G, n)) | set(either_way(G, n, COOPERATION))


def edge_between(G: nx.MultiDiGraph, a: str, b: str, key: str) -> tuple[str, str] | None:
    """``(u, v)`` of the ``key`` edge joining ``a`` and ``b`` in either direction, or None."""
    if key in G._succ[a].get(b, ()):
        return a, b
    if key in G._succ[b].get(a, ()):
        return b, a
    return None


def fact(G: nx.MultiDiGraph, u: str, v: str, key: str) -> dict:
    """The edge ``u key v`` with labels, confidence and (copied) evidence."""
    data, nodes = G._succ[u][v][key], G._node
    return {"subject": u, "subject_label": nodes[u].get("label", u), "predicate": key, "object": v,
            "object_label": nodes[v].get("label", v), "confidence": data.get("confidence", 1.0),
            "evidence": [e.copy() for e in data.get("evidence", ())]}


def facts(G: nx.MultiDiGraph, edges: Iterable[tuple[str, str, str]]) -> list[dict]:
    """Facts of ``(u, key, v)`` edges, without repeats, in the given order."""
    seen, out = set(), []
    for u, key, v in edges:
        if (u, key, v) not in seen:
            seen.add((u, key, v))
            out.append(fact(G, u, v, key))
    return out


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


def scope(G: nx.MultiDiGraph, park: str | None = None, zone: str | None = None) -> str | None:
    """The one place an analysis is restricted to (checked), or None for the whole graph."""
    if park and zone:
        raise AnalysisInputError("give a park or a zone, not both")
    if park:
        return require_node(G, park, ("Park",))
    if zone:
        return require_node(G, zone, ("Zone",))
    return None


def nodes_of_type(G: nx.MultiDiGraph, type_: str) -> list[str]:
    return [n for n, data in G._node.items() if data.get("type") == type_]
