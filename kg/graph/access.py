"""Reading the networkx graph of a store (:func:`kg.graph.to_networkx`): labels, types, neighbours by
predicate, and facts — an edge with its evidence as a plain dict, ready for JSON::

    {"subject", "subject_label", "predicate", "object", "object_label",
     "confidence", "evidence": [{article, sentence, start, end, rule, confidence, assertion}]}

The raw adjacency dicts (``G._succ[u][v][key]`` → edge data) are read directly: the public views cost
several times more in the hot loops, and nothing here writes.

>>> from kg.graph.read import graph_from_triples
>>> G = graph_from_triples([("a", "Enterprise", "甲"), ("b", "Enterprise", "乙")], [("a", "supplies", "b")])
>>> customers(G, "a"), suppliers(G, "b"), fact(G, "a", "b", "supplies")["object_label"]
(['b'], ['a'], '乙')
"""
from __future__ import annotations

from typing import Iterable

import networkx as nx

SUPPLY = "supplies"
COOPERATION = "cooperatesWith"
NEIGHBOR = "neighborOf"
PLACE_TYPES = ("Park", "Zone")
ENTERPRISE = "Enterprise"


def label(G: nx.MultiDiGraph, n: str) -> str:
    data = G._node.get(n)
    return data.get("label", n) if data is not None else n


def node_type(G: nx.MultiDiGraph, n: str) -> str:
    data = G._node.get(n)
    return data.get("type", "") if data is not None else ""


def node_info(G: nx.MultiDiGraph, n: str) -> dict:
    """``{"iri", "label", "type"}`` of a node."""
    return {"iri": n, "label": label(G, n), "type": node_type(G, n)}


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


def nodes_of_type(G: nx.MultiDiGraph, type_: str) -> list[str]:
    return [n for n, data in G._node.items() if data.get("type") == type_]


