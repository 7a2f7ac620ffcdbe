"""The derived graph of a store: neighbor-chain links written back as RDF, whole or around changes.

:func:`write_derived` (re)computes every link, a slice of enterprises at a time
(each slice's neighbourhood read by ``to_networkx(store, around=…)``), so its
memory does not grow with the store.  :func:`update_derived` redoes only the
links of the entities a rebuild touched: it removes the derived statements
about them and derives theirs again.  Both give the same derived graph as
deriving from the whole graph at once (:func:`kg.graph.neighbor_chain.derived_quads`).

>>> import pyoxigraph as ox
>>> from kg.vocab import GRAPH_ENTITIES, KG, RDF, chain_index_graph, entity_iri
>>> N = ox.NamedNode
>>> art, ents = N("https://w3id.org/kg/id/graph/article/x"), N(str(GRAPH_ENTITIES))
>>> park = entity_iri("Park", "江湾园")
>>> a, b = entity_iri("Enterprise", "甲公司"), entity_iri("Enterprise", "乙公司")
>>> store = ox.Store()
>>> store.extend([ox.Quad(N(n), N(str(RDF.type)), N(str(KG[t])), ents) for n, t in ((a, "Enterprise"),
...               (b, "Enterprise"), (park, "Park"))])
>>> store.extend([ox.Quad(N(a), N(str(KG.supplies)), N(b), art), ox.Quad(N(a), N(str(KG.locatedIn)), N(park), art),
...               ox.Quad(N(b), N(str(KG.locatedIn)), N(park), art)])
>>> write_derived(store)
1
>>> store.remove(ox.Quad(N(b), N(str(KG.locatedIn)), N(park), art))
>>> change = update_derived(store, {b, park})
>>> change.removed, change.written, sorted(change.graphs) == [derived_graph(min(a, b)), chain_index_graph(park, "park")]
(11, 0, True)
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Iterator

import networkx as nx
import pyoxigraph as ox

from kg.build.chain_index import chain_index_change, write_chain_index
from kg.build.store import add_quads
from kg.graph.neighbor_chain import derived_statements
from kg.graph.read import statement_quads, to_networkx
from kg.graph.records import PRED_BY_IRI, in_derived_graph
from kg.vocab import GRAPH_ENTITIES, KG, RDF, derived_graph

__all__ = ["write_derived", "update_derived", "clear_derived", "graph_quads", "touched_entities", "DerivedChange"]

_N = ox.NamedNode
_FIELDS = ("assertion", "confidence")
_LINK = _N(str(KG.neighborChainWith))
_SUBJECT, _OBJECT = _N(str(RDF.subject)), _N(str(RDF.object))
_ASSERTION_KEYS = (_SUBJECT, _N(str(RDF.predicate)), _OBJECT)
_BELONGS, _LOCATED, _PLACE = _N(str(KG.belongsTo)), _N(str(KG.locatedIn)), _N(str(KG.place))
_TYPE, _ENTERPRISE, _ENTITIES = _N(str(RDF.type)), _N(str(KG.Enterprise)), _N(str(GRAPH_ENTITIES))
# Enterprises whose neighbourhoods are read together by write_derived.
SLICE = 2000


def write_derived(store: ox.Store, G: nx.MultiDiGraph | None = None, slice_size: int = SLICE) -> int:
    """Replace the derived graph of a writable ``store`` by the neighbor-chain links; return their number.

    With ``G`` (the store's graph, already read), derive from it; otherwise read
    the store ``slice_size`` enterprises at a time.  The store is compacted afterwards: the links and
    their index would otherwise sit in files of their own that every lookup also seeks in (the
    ``neighbor-chain`` query ran 1.5× slower at 1M quads).
    """
    clear_derived(store)
    count = 0
    for statements in _derived_slices(store, G, slice_size):
        add_quads(store, statement_quads(statements))
        count += len(statements)
    write_chain_index(store)
    store.optimize()
    return count


def _derived_slices(store: ox.Store, G: nx.MultiDiGraph | None, slice_size: int) -> Iterator[list]:
    """The derived statements, all at once from ``G`` or a slice of ``slice_size`` enterprises at a time."""
    if G is not None:
        yield list(derived_statements(G))
        return
    enterprises = sorted(q.subject.value for q in store.quads_for_pattern(None, _TYPE, _ENTERPRISE, _ENTITIES))
    for i in range(0, len(enterprises), slice_size):
        part = set(enterprises[i:i + slice_size])
        # a link belongs to the slice of its subject (the smaller IRI): each is written once
        yield [st for st in derived_statements(to_networkx(store, _FIELDS, around=part), among=part)
               if st.subject in part]


@dataclass(frozen=True)
class DerivedChange:
    """What :func:`update_derived` did: quads removed and written, and the parts of the derived graph changed."""

    removed: int
    written: int
    graphs: frozenset[str]


def update_derived(store: ox.Store, touched: Iterable[str], moved: Iterable[str] = ()) -> DerivedChange:
    """Derive again the links of the entities ``touched`` (IRIs) in a writable ``store``.

    ``touched``: every entity at an end of a triple that was added or removed;
    ``moved``: the places whose ``belongsTo`` changed (both from
    :func:`touched_entities`): what is placed under them is derived again too.
    """
    seeds = set(touched) | _placed_under(store, set(moved))
    old = set(_link_quads(store, seeds))
    enterprises = {n for n in seeds if _is_enterprise(store, n)}  # links join enterprises only
    statements = derived_statements(to_networkx(store, _FIELDS, around=enterprises), among=enterprises)
    new = set(statement_quads(statements))
    for q in old - new:
        store.remove(q)
    add_quads(store, new - old, bulk=False)
    # the index of every place these links are in, read again from the links now stored
    stored, wanted = chain_index_change(store, {q.object.value for q in old | new if q.predicate == _PLACE})
    for q in stored - wanted:
        store.remove(q)
    add_quads(store, wanted - stored, bulk=False)
    changed = (old ^ new) | (stored ^ wanted)
    return DerivedChange(len(old - new) + len(stored - wanted), len(new - old) + len(wanted - stored),
                         frozenset(q.graph_name.value for q in changed))


def clear_derived(store: ox.Store) -> None:
    """Remove every part of the derived graph."""
    for g in list(store.named_graphs()):
        if in_derived_graph(g):
            store.remove_graph(g)


def graph_quads(store: ox.Store, graphs: Iterable[str]) -> set[ox.Quad]:
    """Every quad of the named graphs ``graphs`` (a few article graphs: what a rebuild drops or writes)."""
    return {q for g in graphs for q in store.quads_for_pattern(None, None, None, _N(g))}


def touched_entities(before: set[ox.Quad], after: set[ox.Quad]) -> tuple[set[str], set[str]]:
    """``(ends, moved)`` of what changed between two versions of some article graphs.

    ``ends``: the IRIs at either end of a relation triple that was added or removed,
    or whose assertions changed; ``moved``: the subjects of such ``belongsTo`` triples.
    A changed article whose relations stayed the same touches nothing.
    """
    stated: dict = {}  # assertion -> {rdf:subject, rdf:predicate, rdf:object}
    for q in before | after:
        if q.predicate in _ASSERTION_KEYS:
            stated.setdefault(q.subject, {})[q.predicate] = q.object
    ends: set[str] = set()
    moved: set[str] = set()
    for q in before ^ after:
        if q.predicate.value in PRED_BY_IRI and isinstance(q.object, ox.NamedNode):
            s, p, o = q.subject, q.predicate, q.object
        elif q.subject in stated and len(stated[q.subject]) == 3:
            s, p, o = (stated[q.subject][k] for k in _ASSERTION_KEYS)
        else:
            continue
        ends.update(t.value for t in (s, o) if isinstance(t, ox.NamedNode))
        if p == _BELONGS:
            moved.add(s.value)
    return ends, moved


def _placed_under(store: ox.Store, places: set[str]) -> set[str]:
    """Everything placed (``locatedIn``) in ``places`` or in a place belonging to one of them."""
    todo = list(places)
    seen, out = set(todo), set()
    while todo:
        place = _N(todo.pop())
        out.update(q.subject.value for q in store.quads_for_pattern(None, _LOCATED, place, None)
                   if not in_derived_graph(q.graph_name))
        for q in store.quads_for_pattern(None, _BELONGS, place, None):
            if q.subject.value not in seen and not in_derived_graph(q.graph_name):
                seen.add(q.subject.value)
                todo.append(q.subject.value)
    return out


def _is_enterprise(store: ox.Store, node: str) -> bool:
    return next(iter(store.quads_for_pattern(_N(node), _TYPE, _ENTERPRISE, _ENTITIES)), None) is not None


def _link_quads(store: ox.Store, nodes: set[str]) -> list[ox.Quad]:
    """The quads of the derived statements with an end in ``nodes`` (the triple and its assertion)."""
    pairs = set()
    for n in nodes:
        node = _N(n)
        pairs.update((q.subject, q.object) for q in store.quads_for_pattern(node, _LINK, None, None) if in_derived_graph(q.graph_name))
        pairs.update((q.subject, q.object) for q in store.quads_for_pattern(None, _LINK, node, None) if in_derived_graph(q.graph_name))
    found = []
    for s, o in pairs:
        g = _N(derived_graph(s.value))
        found.append(ox.Quad(s, _LINK, o, g))
        for q in store.quads_for_pattern(None, _SUBJECT, s, g):
            if next(iter(store.quads_for_pattern(q.subject, _OBJECT, o, g)), None) is not None:
                found.extend(store.quads_for_pattern(q.subject, None, None, g))
    return found
