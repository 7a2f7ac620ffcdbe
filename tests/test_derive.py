"""kg.build.derive: the derived graph written whole (a slice of enterprises at a time) or around changes."""
from __future__ import annotations

import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from test_graph import A2, JIA, PARK, YI, J, P, Y, make_store, rel

from kg.build.derive import clear_derived, graph_quads, touched_entities, update_derived, write_derived
from kg.build.pipeline import BuildSettings, build
from kg.build.rdf import entity_quads, relation_quads
from kg.graph.neighbor_chain import derived_quads, derived_statements
from kg.graph.read import to_networkx
from kg.graph.store import open_store
from kg.model import Entity
from kg.vocab import GRAPH_DERIVED, KG, PROV, RDF, article_graph, derived_graph, entity_iri, is_derived_graph

N = ox.NamedNode
ROOT = Path(__file__).resolve().parent.parent


def derived(store: ox.Store) -> set[str]:
    return {str(q) for q in store if isinstance(q.graph_name, N) and is_derived_graph(q.graph_name.value)}


def links(store: ox.Store) -> set[str]:
    """The derived graph less its neighbor-chain index: the links with their assertions."""
    return {q for q in derived(store) if "/graph/derived/chain/" not in q}


def index(store: ox.Store) -> set[str]:
    return derived(store) - links(store)


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory) -> ox.Store:
    """A writable in-memory copy of a build of 150 synthetic articles (benchmarks/corpus.py), no derived graph."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from corpus import write_corpus
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    folder = tmp_path_factory.mktemp("synthetic")
    articles, _ = write_corpus(150, folder, seed=3)
    build(BuildSettings(corpus=articles, out=folder / "out", derived=False, incremental=False))
    store = ox.Store()
    store.bulk_extend(open_store(folder / "out"))
    assert not derived(store)
    return store


def test_write_derived_stores_neighbor_chain_links_with_provenance():
    store = make_store(rel(JIA, "supplies", YI), rel(JIA, "locatedIn", PARK, start=15, end=28),
                       rel(YI, "locatedIn", PARK, start=15, end=28))
    assert write_derived(store) == 1
    assert write_derived(store) == 1  # replaces, does not duplicate
    u, v = sorted((J, Y))
    g = derived_graph(u)
    assert store.query(f"ASK {{ GRAPH <{g}> {{ <{u}> <{KG.neighborChainWith}> <{v}> }} }}")
    rows = list(store.query(f"""SELECT ?src ?rule WHERE {{ GRAPH <{g}> {{
        ?a <{RDF.predicate}> <{KG.neighborChainWith}> ; <{KG.rule}> ?rule ; <{PROV.wasDerivedFrom}> ?src }} }}"""))
    assert {r["rule"].value for r in rows} == {"neighbor-chain/park"}
    sources = {r["src"].value for r in rows}
    assertions = {q.subject.value for q in store.quads_for_pattern(None, N(str(RDF.type)), N(str(KG.Assertion)))
                  if not is_derived_graph(q.graph_name.value)}
    assert sources == assertions and len(sources) == 3
    assert len(links(store)) == 11  # the triple, the assertion's 6 fields and place, 3 sources
    assert len(index(store)) == 5  # the park's index: its place and level, the pair, the two names


def test_slices_give_the_links_of_the_whole_graph(corpus_store):
    reference = ox.Store()  # the links of the whole graph at once, as stored (literals in canonical form)
    reference.bulk_extend(derived_quads(to_networkx(corpus_store)))
    whole = derived(reference)
    assert len(whole) > 1000
    indexed = None
    for size in (1, 7, 10_000):
        assert write_derived(corpus_store, slice_size=size) > 10
        assert links(corpus_store) == whole
        indexed = indexed or index(corpus_store)
        assert index(corpus_store) == indexed and len(indexed) > 100
    clear_derived(corpus_store)
    assert derived(corpus_store) == set()


def test_the_neighbourhood_of_an_enterprise_gives_its_links(corpus_store):
    G = to_networkx(corpus_store)
    whole = list(derived_statements(G))
    ends = sorted({n for st in whole for n in (st.subject, st.object)})
    for e in ends[:40]:
        local = list(derived_statements(to_networkx(corpus_store, around={e}), among={e}))
        assert local == [st for st in whole if e in (st.subject, st.object)]


def test_update_after_removing_and_restoring_an_article_graph(corpus_store):
    write_derived(corpus_store)
    full = derived(corpus_store)
    graph = max((g.value for g in corpus_store.named_graphs() if "/graph/article/" in g.value),
                key=lambda g: sum(1 for _ in corpus_store.quads_for_pattern(None, N(str(KG.locatedIn)), None, N(g))))
    saved = graph_quads(corpus_store, [graph])
    ends, moved = touched_entities(saved, set())
    assert ends and all(q.subject.value in ends or q.object.value in ends
                        for q in saved if q.predicate.value == str(KG.locatedIn))
    corpus_store.remove_graph(N(graph))
    change = update_derived(corpus_store, ends, moved)
    assert change.removed > 0
    without = derived(corpus_store)
    write_derived(corpus_store)
    assert derived(corpus_store) == without != full
    corpus_store.extend(saved)
    update_derived(corpus_store, ends, moved)
    assert derived(corpus_store) == full


def test_moving_a_park_redoes_the_links_placed_under_it():
    zone = Entity("西湖高新区", "Zone")
    store = make_store(rel(JIA, "supplies", YI), rel(JIA, "locatedIn", PARK))
    store.bulk_extend(entity_quads([zone]))
    store.bulk_extend(relation_quads(rel(YI, "locatedIn", zone, "a2"), A2, YI, zone))
    assert write_derived(store) == 0  # 甲 in the park, 乙 in the zone: not together yet
    before = graph_quads(store, [article_graph("a2")])
    moving = rel(PARK, "belongsTo", zone, "a2", start=15, end=28)
    store.bulk_extend(relation_quads(moving, A2, PARK, zone))
    ends, moved = touched_entities(before, graph_quads(store, [article_graph("a2")]))
    assert moved == {P} and ends == {P, entity_iri("Zone", "西湖高新区")}  # 乙's placement did not change
    change = update_derived(store, set(), moved)  # 甲, placed under the park, is found from it
    # the link: 8 quads and 4 premises (supplies, 2 steps for 甲, 1 for 乙); the zone's index: 5 quads
    assert (change.removed, change.written) == (0, 8 + 4 + 5)
    updated = derived(store)
    assert write_derived(store) == 1 and derived(store) == updated


def test_touched_entities_of_no_graph_is_empty():
    assert touched_entities(set(), set()) == (set(), set())


def test_a_changed_assertion_touches_its_ends_and_an_unchanged_one_nothing():
    store = make_store(rel(JIA, "supplies", YI, confidence=0.9))
    before = graph_quads(store, [article_graph("a1")])
    assert touched_entities(before, set(before)) == (set(), set())
    other = make_store(rel(JIA, "supplies", YI, confidence=0.6))  # the same sentence, another confidence
    assert touched_entities(before, graph_quads(other, [article_graph("a1")])) == ({J, Y}, set())


def test_derived_parts_share_the_prefix():
    assert derived_graph(J).startswith(str(GRAPH_DERIVED) + "/") and is_derived_graph(derived_graph(Y))
    assert not is_derived_graph(str(GRAPH_DERIVED)) and not is_derived_graph(article_graph("a"))
