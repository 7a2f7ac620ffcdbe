"""Read only the neighbourhood of a few nodes from a store (``to_networkx(store, around=…)``).

The neighbourhood of ``seeds`` is: every relation triple with a seed at either
end, the placement of every node those triples reach (``locatedIn``, then
``belongsTo`` upwards, with the evidence of each step), the entities of all these
nodes (type, label, aliases) and the evidence of every triple read.  That is all
the neighbor-chain links of the seeds depend on, so a build updates its derived
graph around the entities an article changed, or walks a big store a slice of
enterprises at a time, without reading the whole store into memory.

Each read is an index lookup, so the cost grows with the size of the
neighbourhood, not of the store.  The graph has the shape of
:func:`kg.graph.read.to_networkx`'s (node data, edge keys, :class:`~kg.graph.read.Evidence`);
``G.graph["articles"]`` lists only the articles of the evidence read.

>>> import pyoxigraph as ox
>>> from kg.vocab import KG, entity_iri
>>> N, g = ox.NamedNode, ox.NamedNode("https://w3id.org/kg/id/graph/article/x")
>>> a, b, c = (entity_iri("Enterprise", n) for n in ("甲公司", "乙公司", "丙公司"))
>>> store = ox.Store()
>>> store.add(ox.Quad(N(a), N(str(KG.supplies)), N(b), g))
>>> store.add(ox.Quad(N(b), N(str(KG.supplies)), N(c), g))
>>> sorted(read_around(store, [a]).edges(keys=True)) == [(a, b, "supplies")]
True
"""
from __future__ import annotations

from typing import Iterable

import networkx as nx
import pyoxigraph as ox

from kg.graph.records import (ALT, ASSERTION_FIELDS, LABEL, NUMBERS, PRED_BY_IRI, TYPE, Evidence, add_edge, canonical,
                              evidence_order, in_derived_graph, local_name)
from kg.model import PREDICATES, SYMMETRIC
from kg.vocab import GRAPH_ENTITIES, KG, KG_NS, RDF

__all__ = ["read_around"]

_N = ox.NamedNode
_ENTITIES = _N(str(GRAPH_ENTITIES))
_PRED = {p: _N(str(KG[p])) for p in PREDICATES}
_SUBJECT, _PREDICATE, _OBJECT = _N(str(RDF.subject)), _N(str(RDF.predicate)), _N(str(RDF.object))
_NOT_ENTITIES = (str(KG.Article), str(KG.Assertion))


def read_around(store: ox.Store, seeds: Iterable[str], fields: Iterable[str] | None = None) -> nx.MultiDiGraph:
    """The neighbourhood of the node IRIs ``seeds`` (see the module docstring) as networkx.

    ``fields``: the evidence fields to read, as for :func:`kg.graph.read.to_networkx`.
    """
    fields = frozenset(Evidence.FIELDS if fields is None else fields)
    triples = _seed_triples(store, set(seeds))
    reached = {n for s, _, o in triples for n in (s, o)} | set(seeds)
    triples |= _placement_triples(store, reached)
    G = nx.MultiDiGraph()
    G.graph["articles"] = {}
    _add_nodes(store, G, {n for s, _, o in triples for n in (s, o)} | set(seeds))
    evidence = _evidence(store, triples, fields, G.graph["articles"])
    keys = {n: n for n in G._node}
    for s, p, o in sorted(triples):
        add_edge(G, keys, s, p, o, evidence.get((s, p, o), []))
    return G


def _objects(store: ox.Store, s, p, o) -> Iterable[ox.Quad]:
    """Quads of a pattern outside the derived graph whose object is an IRI (relation triples)."""
    for q in store.quads_for_pattern(s, p, o, None):
        if isinstance(q.object, ox.NamedNode) and not in_derived_graph(q.graph_name):
            yield q


def _seed_triples(store: ox.Store, seeds: set[str]) -> set[tuple[str, str, str]]:
    out = set()
    for n in seeds:
        node = _N(n)
        for p, iri in _PRED.items():
            out.update(canonical(n, p, q.object.value) for q in _objects(store, node, iri, None))
            out.update(canonical(q.subject.value, p, n) for q in _objects(store, None, iri, node))
    return out


def _placement_triples(store: ox.Store, nodes: set[str]) -> set[tuple[str, str, str]]:
    """``locatedIn`` of ``nodes``, then ``belongsTo`` upwards from every place reached."""
    out, places = set(), []
    for n in nodes:
        for q in _objects(store, _N(n), _PRED["locatedIn"], None):
            out.add((n, "locatedIn", q.object.value))
            places.append(q.object.value)
    places += list(nodes)
    seen = set()
    while places:
        p = places.pop()
        if p in seen:
            continue
        seen.add(p)
        for q in _objects(store, _N(p), _PRED["belongsTo"], None):
            out.add((p, "belongsTo", q.object.value))
            places.append(q.object.value)
    return out


def _add_nodes(store: ox.Store, G: nx.MultiDiGraph, nodes: set[str]) -> None:
    """Type, label and aliases of ``nodes`` from the entities graph (as :func:`kg.graph.read.to_networkx`)."""
    for n in sorted(nodes):
        node = _N(n)
        type_ = next((q.object.value[len(KG_NS):] for q in store.quads_for_pattern(node, TYPE, None, _ENTITIES)
                      if q.object.value.startswith(KG_NS) and q.object.value not in _NOT_ENTITIES), "")
        label = next((q.object.value for q in store.quads_for_pattern(node, LABEL, None, _ENTITIES)), None)
        aliases = sorted(q.object.value for q in store.quads_for_pattern(node, ALT, None, _ENTITIES))
        G.add_node(n, type=type_, label=label if label is not None and type_ else local_name(n),
                   aliases=aliases if type_ else [])


def _evidence(store: ox.Store, triples: set[tuple[str, str, str]], fields: frozenset[str],
              articles: dict[str, str]) -> dict[tuple[str, str, str], list]:
    """(s, p, o) → its :class:`~kg.graph.read.Evidence`, sorted as :func:`kg.graph.read.to_networkx` sorts it."""
    subjects = {s for s, _, _ in triples} | {o for _, p, o in triples if p in SYMMETRIC}
    out: dict[tuple[str, str, str], list] = {}
    ids: dict[str, str] = {}
    for x in sorted(subjects):
        for q in store.quads_for_pattern(None, _SUBJECT, _N(x), None):
            if in_derived_graph(q.graph_name):
                continue
            a = q.subject
            p = next((PRED_BY_IRI.get(t.object.value) for t in store.quads_for_pattern(a, _PREDICATE, None, None)),
                     None)
            o = next((t.object for t in store.quads_for_pattern(a, _OBJECT, None, None)), None)
            if p is None or not isinstance(o, ox.NamedNode):
                continue
            key = canonical(x, p, o.value)
            if key in triples:
                out.setdefault(key, []).append(_record(store, a, fields, ids, articles))
    for evs in out.values():
        evs.sort(key=evidence_order)
    return out


def _record(store: ox.Store, a, fields: frozenset[str], ids: dict[str, str], articles: dict[str, str]):
    values = {}
    for name in Evidence.FIELDS[1:]:
        if name not in fields:
            continue
        term = next((q.object for q in store.quads_for_pattern(a, _N(str(ASSERTION_FIELDS[name])), None, None)),
                    None)
        if term is None:
            continue
        convert = NUMBERS.get(name)
        values[name] = convert(term.value) if convert else term.value
    if "article" in values:
        iri = values["article"]
        if iri not in ids:
            ids[iri] = next((q.object.value for q in store.quads_for_pattern(_N(iri), _N(str(KG.articleId)), None,
                                                                             _ENTITIES)), local_name(iri))
            articles[ids[iri]] = next((q.object.value for q in store.quads_for_pattern(_N(iri), LABEL, None,
                                                                                       _ENTITIES)), "")
        values["article"] = ids[iri]
    return Evidence(a.value, *(values.get(k) for k in Evidence.FIELDS[1:]))
