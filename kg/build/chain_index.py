"""The neighbor-chain index: the stored links of each place, laid out for one scan.

The derived graph holds each neighbor-chain link as a statement with its assertion (rule
``neighbor-chain/<level>``, ``kg:place``, premises: :mod:`kg.build.derive`).  Reading those back for
the links of one zone costs several index lookups per link.  The index adds, for each place and
level, one named graph (:func:`kg.vocab.chain_index_graph`) that holds what the ``neighbor-chain``
query lists — the pair oriented supplier → customer (``kg:neighborSupplies``) or once for a
cooperation (``kg:neighborCooperatesWith``), the two names (``kg:indexedName``), the place
(``kg:indexedPlace``) and the level — so that the query reads a place's links and names in a few
scans instead of lookups per link.  Its terms are its own: a query of the union graph for labels,
places or relations sees nothing twice.

The index is a function of the stored links: :func:`write_chain_index` writes all of it (after
:func:`kg.build.derive.write_derived`), :func:`chain_index_change` what a few places need (for
:func:`kg.build.derive.update_derived`), with the same result either way.

>>> import pyoxigraph as ox
>>> from kg.build.derive import write_derived
>>> from kg.vocab import GRAPH_ENTITIES, KG, RDF, RDFS, entity_iri
>>> N = ox.NamedNode
>>> art, ents = N("https://w3id.org/kg/id/graph/article/x"), N(str(GRAPH_ENTITIES))
>>> park = entity_iri("Park", "江湾园")
>>> a, b = entity_iri("Enterprise", "甲公司"), entity_iri("Enterprise", "乙公司")
>>> store = ox.Store()
>>> store.extend([ox.Quad(N(n), N(str(RDF.type)), N(str(KG[t])), ents) for n, t in ((a, "Enterprise"),
...               (b, "Enterprise"), (park, "Park"))])
>>> store.extend([ox.Quad(N(n), N(str(RDFS.label)), ox.Literal(n.rsplit("/", 1)[1]), ents) for n in (a, b, park)])
>>> store.extend([ox.Quad(N(b), N(str(KG.supplies)), N(a), art), ox.Quad(N(a), N(str(KG.locatedIn)), N(park), art),
...               ox.Quad(N(b), N(str(KG.locatedIn)), N(park), art)])
>>> write_derived(store)
1
>>> [(r["b"].value, r["a"].value, r["level"].value) for r in store.query(
...     "SELECT ?a ?b ?level WHERE { GRAPH ?g { ?g kg:level ?level . ?y kg:neighborSupplies ?x . "
...     "?x kg:indexedName ?a . ?y kg:indexedName ?b } }", prefixes={"kg": str(KG)})]
[('乙公司', '甲公司', 'park')]
"""
from __future__ import annotations

from typing import Iterable, Iterator

import pyoxigraph as ox

from kg.build.store import add_quads
from kg.graph.records import in_derived_graph
from kg.vocab import GRAPH_ENTITIES, KG, RDF, RDFS, chain_index_graph, is_chain_index_graph

__all__ = ["write_chain_index", "chain_index_change", "index_quads", "clear_chain_index"]

_N = ox.NamedNode
_PLACE, _LEVEL, _NAME = _N(str(KG.indexedPlace)), _N(str(KG.level)), _N(str(KG.indexedName))
_LINK_PLACE = _N(str(KG.place))
_SUBJECT, _OBJECT, _RULE = _N(str(RDF.subject)), _N(str(RDF.object)), _N(str(KG.rule))
_SUPPLIES, _COOPERATES = _N(str(KG.supplies)), _N(str(KG.cooperatesWith))
_N_SUPPLIES, _N_COOPERATES = _N(str(KG.neighborSupplies)), _N(str(KG.neighborCooperatesWith))
_LABEL, _ENTITIES = _N(str(RDFS.label)), _N(str(GRAPH_ENTITIES))
_RULE_PREFIX = "neighbor-chain/"


def write_chain_index(store: ox.Store) -> int:
    """Rewrite the whole index from the stored links of a writable ``store``; return the quads written."""
    clear_chain_index(store)
    quads = list(index_quads(store, _stored_links(store, None)))  # each once: a few quads per link
    add_quads(store, quads)
    return len(quads)


def chain_index_change(store: ox.Store, places: Iterable[str]) -> tuple[set[ox.Quad], set[ox.Quad]]:
    """(stored, wanted): the index quads of ``places`` (IRIs) in ``store`` now, and those its stored links
    call for; :func:`kg.build.derive.update_derived` removes the first less the second and adds the rest."""
    wanted = {_N(p) for p in places}
    graphs = {q.graph_name for p in wanted for q in store.quads_for_pattern(None, _PLACE, p, None)
              if isinstance(q.graph_name, ox.NamedNode) and is_chain_index_graph(q.graph_name.value)}
    stored = {q for g in graphs for q in store.quads_for_pattern(None, None, None, g)}
    return stored, set(index_quads(store, _stored_links(store, wanted)))


def clear_chain_index(store: ox.Store) -> None:
    """Remove every index graph."""
    for g in [g for g in store.named_graphs() if isinstance(g, ox.NamedNode) and is_chain_index_graph(g.value)]:
        store.remove_graph(g)


def _stored_links(store: ox.Store, places: set[ox.NamedNode] | None) -> list[tuple]:
    """(place, level, x, y) of each stored link placed in ``places`` (or anywhere)."""
    found = []
    for place in [None] if places is None else sorted(places, key=lambda p: p.value):
        for q in store.quads_for_pattern(None, _LINK_PLACE, place, None):
            g = q.graph_name
            if not in_derived_graph(g):
                continue
            rule = _one(store, q.subject, _RULE, g)
            x, y = _one(store, q.subject, _SUBJECT, g), _one(store, q.subject, _OBJECT, g)
            if rule is not None and rule.value.startswith(_RULE_PREFIX) and x is not None and y is not None:
                found.append((q.object, rule.value[len(_RULE_PREFIX):], x, y))
    return found


def index_quads(store: ox.Store, links: Iterable[tuple]) -> Iterator[ox.Quad]:
    """The quads of the index graphs for ``links`` (place, level, x, y), each once: the pairs, names, place and
    level.  A name is read from the store once, however many links its enterprise has."""
    described: set[ox.NamedNode] = set()
    names: dict[ox.NamedNode, ox.Literal | None] = {}
    named: set[tuple[ox.NamedNode, ox.NamedNode]] = set()
    for place, level, x, y in links:
        g = _N(chain_index_graph(place.value, level))
        if g not in described:
            described.add(g)
            yield ox.Quad(g, _PLACE, place, g)
            yield ox.Quad(g, _LEVEL, ox.Literal(level), g)
        for a, b in ((x, y), (y, x)):
            if _related(store, a, _SUPPLIES, b):
                yield ox.Quad(a, _N_SUPPLIES, b, g)
        if _related(store, x, _COOPERATES, y) or _related(store, y, _COOPERATES, x):
            yield ox.Quad(x, _N_COOPERATES, y, g)
        for n in (x, y):
            if n not in names:
                names[n] = _one(store, n, _LABEL, _ENTITIES)
            if names[n] is not None and (n, g) not in named:
                named.add((n, g))
                yield ox.Quad(n, _NAME, names[n], g)


def _related(store: ox.Store, a, predicate, b) -> bool:
    return any(not in_derived_graph(q.graph_name) for q in store.quads_for_pattern(a, predicate, b, None))


def _one(store: ox.Store, s, p, g):
    q = next(iter(store.quads_for_pattern(s, p, None, g)), None)
    return None if q is None else q.object
