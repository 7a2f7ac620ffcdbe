"""kg.build.chain_index: the neighbor-chain index of each place, as the `neighbor-chain` query reads it."""
from __future__ import annotations

import pyoxigraph as ox
from test_graph import JIA, PARK, YI, J, P, Y, make_store, rel

from kg.build.chain_index import chain_index_change, clear_chain_index, write_chain_index
from kg.build.derive import write_derived
from kg.vocab import KG, RDFS, chain_index_graph

N = ox.NamedNode


def index_rows(store: ox.Store) -> list[tuple[str, ...]]:
    return sorted(tuple(t.value for t in row) for row in store.query(
        "SELECT ?g ?place ?level ?p ?a ?b WHERE { GRAPH ?g { ?g kg:indexedPlace ?place ; kg:level ?level . ?a ?p ?b "
        "FILTER(?p IN (kg:neighborSupplies, kg:neighborCooperatesWith)) } }", prefixes={"kg": str(KG)}))


def test_a_supply_is_indexed_supplier_first_with_the_place_level_and_names():
    store = make_store(rel(YI, "supplies", JIA), rel(JIA, "locatedIn", PARK), rel(YI, "locatedIn", PARK))
    assert write_derived(store) == 1
    g = chain_index_graph(P, "park")
    assert index_rows(store) == [(g, P, "park", str(KG.neighborSupplies), Y, J)]
    names = {(q.subject.value, q.object.value) for q in store.quads_for_pattern(None, N(str(KG.indexedName)), None, N(g))}
    assert names == {(J, "甲公司"), (Y, "乙公司")}


def test_a_cooperation_is_indexed_once_smaller_iri_first():
    store = make_store(rel(YI, "cooperatesWith", JIA), rel(JIA, "locatedIn", PARK), rel(YI, "locatedIn", PARK))
    write_derived(store)
    assert [row[3:] for row in index_rows(store)] == [(str(KG.neighborCooperatesWith), min(J, Y), max(J, Y))]


def test_the_union_graph_sees_no_label_or_place_twice():
    store = make_store(rel(JIA, "supplies", YI), rel(JIA, "locatedIn", PARK), rel(YI, "locatedIn", PARK))
    write_derived(store)
    labels = store.query(f"SELECT ?n WHERE {{ <{J}> <{RDFS.label}> ?n }}", use_default_graph_as_union=True)
    assert len(list(labels)) == 1
    places = store.query(f"SELECT ?x WHERE {{ ?x <{KG.place}> <{P}> }}", use_default_graph_as_union=True)
    assert len(list(places)) == 1  # the link's assertion; the index graph has its own kg:indexedPlace


def test_the_index_of_a_place_is_a_function_of_the_stored_links():
    store = make_store(rel(JIA, "supplies", YI), rel(JIA, "locatedIn", PARK), rel(YI, "locatedIn", PARK))
    write_derived(store)
    stored, wanted = chain_index_change(store, {P})
    assert stored == wanted and len(stored) == 5  # place, level, the pair, two names
    clear_chain_index(store)
    assert chain_index_change(store, {P}) == (set(), wanted)
    assert write_chain_index(store) == 5 and index_rows(store)
