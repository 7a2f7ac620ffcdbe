"""Derived facts written back to RDF: neighbor-chain links with their provenance.

Each neighbor-chain link (see :mod:`kg.analysis.neighbors`, up to zone level)
becomes ``a kg:neighborChainWith b`` in ``<https://w3id.org/kg/id/graph/derived>``
plus a ``kg:Assertion`` with ``kg:rule "neighbor-chain/<level>"``,
``kg:confidence`` and ``prov:wasDerivedFrom`` every assertion supporting the
relation and the co-location.  A build stores them with
:func:`kg.graph.write_derived` (or ``store.bulk_extend(derived_quads(G))``).

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("p", type="Park", label="园")
>>> ev = lambda a: [{"assertion": a, "confidence": 0.9}]
>>> for n in "ab":
...     G.add_node(n, type="Enterprise", label=n.upper())
...     _ = G.add_edge(n, "p", key="locatedIn", confidence=0.9, evidence=ev("as:" + n))
>>> _ = G.add_edge("a", "b", key="supplies", confidence=0.8, evidence=ev("as:ab"))
>>> [(s.subject, s.object, s.rule, s.derived_from) for s in derived_statements(G)]
[('a', 'b', 'neighbor-chain/park', ('as:a', 'as:ab', 'as:b'))]
"""
from __future__ import annotations

from typing import Iterator

import networkx as nx

from ..graph import Statement, statement_quads
from .neighbors import neighbor_chain_links

__all__ = ["derived_statements", "derived_quads"]


def derived_statements(G: nx.MultiDiGraph, level: str = "zone") -> Iterator[Statement]:
    """One :class:`~kg.graph.Statement` per neighbor-chain link, up to ``level``."""
    for link in neighbor_chain_links(G, level=level):
        sources = {e["assertion"] for f in link.relations + link.colocation for e in f["evidence"]
                   if e.get("assertion")}
        yield Statement(link.a, "neighborChainWith", link.b, f"neighbor-chain/{link.level}",
                        link.confidence, tuple(sorted(sources)))


def derived_quads(G: nx.MultiDiGraph, level: str = "zone") -> Iterator:
    """The quads of :func:`derived_statements` (pyoxigraph ``Quad``), for the derived graph."""
    return statement_quads(derived_statements(G, level))
