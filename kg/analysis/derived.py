"""Derived facts written back to RDF: neighbor-chain links with their provenance.

Each neighbor-chain link (see :mod:`kg.analysis.neighbors`, up to zone level)
becomes ``a kg:neighborChainWith b`` in a part of ``<https://w3id.org/kg/id/graph/derived>``
(:func:`kg.vocab.derived_graph`) plus a ``kg:Assertion`` with
``kg:rule "neighbor-chain/<level>"``, ``kg:confidence`` and ``prov:wasDerivedFrom``
one assertion per premise (each relation between the two, each step placing them
together): the one that gives the premise its confidence (the most confident,
then the smallest IRI).  The link's confidence is the weakest premise's, so
these are exactly the assertions it rests on; the other assertions of a premise
stay reachable through the premise's triple.  A build stores them with
:mod:`kg.derive` (or ``store.bulk_extend(derived_quads(G))``).

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

from typing import Collection, Iterator

import networkx as nx

from ..graph import Statement, statement_quads
from .neighbors import neighbor_chain_links

__all__ = ["derived_statements", "derived_quads"]


def derived_statements(G: nx.MultiDiGraph, level: str = "zone",
                       among: Collection[str] | None = None) -> Iterator[Statement]:
    """One :class:`~kg.graph.Statement` per neighbor-chain link, up to ``level``.

    ``among``: only the links with an end in these nodes.
    """
    for link in neighbor_chain_links(G, level=level):
        if among is not None and link.a not in among and link.b not in among:
            continue
        sources = {s for f in link.relations + link.colocation for s in [_premise_source(f)] if s}
        yield Statement(link.a, "neighborChainWith", link.b, f"neighbor-chain/{link.level}",
                        link.confidence, tuple(sorted(sources)))


def _premise_source(fact: dict) -> str | None:
    """The assertion that gives a premise its confidence: the most confident, then the smallest IRI."""
    found = [(-(e["confidence"] if e["confidence"] is not None else 1.0), e["assertion"])
             for e in fact["evidence"] if e.get("assertion")]
    return min(found)[1] if found else None


def derived_quads(G: nx.MultiDiGraph, level: str = "zone") -> Iterator:
    """The quads of :func:`derived_statements` (pyoxigraph ``Quad``), for the derived graph."""
    return statement_quads(derived_statements(G, level))
