"""kg.graph.read: the RDF store read into networkx, and derived links written back."""
from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.build.rdf import article_quads, entity_quads, relation_quads
from kg.errors import StoreError
from kg.graph.read import graph_from_triples, load_graph, statement_quads, to_networkx
from kg.model import Article, Entity, Relation
from kg.vocab import GRAPH_DERIVED, KG, PROV, RDF, derived_graph, entity_iri

TEXT = "甲公司为乙公司配套生产离合器。甲公司与乙公司同在光电园。"
A1 = Article.from_text("a1", TEXT, title="第一篇")
A2 = Article.from_text("a2", TEXT, title="第二篇")
JIA = Entity("甲公司", "Enterprise", frozenset({"甲", "甲司"}))
YI = Entity("乙公司", "Enterprise")
PARK = Entity("光电园", "Park")
J, Y, P = (entity_iri(e.type, e.name) for e in (JIA, YI, PARK))


def rel(s, p, o, article="a1", start=0, end=15, confidence=0.9, rule="r1"):
    return Relation(s.name, p, o.name, article, start, end, rule, confidence, s.type, o.type)


def make_store(*relations):
    store = ox.Store()
    store.bulk_extend(list(entity_quads([JIA, YI, PARK])) + list(article_quads(A1)) + list(article_quads(A2)))
    ents = {e.name: e for e in (JIA, YI, PARK)}
    for r in relations:
        article = A1 if r.article_id == "a1" else A2
        store.bulk_extend(list(relation_quads(r, article, ents[r.subject], ents[r.object])))
    return store


def test_nodes_carry_type_label_and_sorted_aliases():
    G = to_networkx(make_store())
    assert G.nodes[J] == {"type": "Enterprise", "label": "甲公司", "aliases": ["甲", "甲司"]}
    assert G.nodes[P] == {"type": "Park", "label": "光电园", "aliases": []}
    assert G.number_of_nodes() == 3  # articles and assertions are not nodes
    assert G.graph["articles"] == {"a1": "第一篇", "a2": "第二篇"}


def test_edge_is_keyed_by_predicate_with_evidence():
    G = to_networkx(make_store(rel(JIA, "supplies", YI)))
    assert list(G.edges(keys=True)) == [(J, Y, "supplies")]
    data = G[J][Y]["supplies"]
    assert data["confidence"] == 0.9
    (ev,) = data["evidence"]
    assert ev["assertion"].startswith("https://w3id.org/kg/id/assertion/")
    assert {k: v for k, v in ev.items() if k != "assertion"} == {
        "article": "a1", "sentence": "甲公司为乙公司配套生产离合器。", "start": 0, "end": 15,
        "rule": "r1", "confidence": 0.9}


def test_one_edge_per_triple_with_all_its_evidence_and_best_confidence():
    G = to_networkx(make_store(rel(JIA, "supplies", YI, "a2", confidence=0.6, rule="r2"),
                               rel(JIA, "supplies", YI, "a1", confidence=0.8)))
    assert G.number_of_edges() == 1
    data = G[J][Y]["supplies"]
    assert [(e["article"], e["rule"], e["confidence"]) for e in data["evidence"]] == [
        ("a1", "r1", 0.8), ("a2", "r2", 0.6)]
    assert data["confidence"] == 0.8


def test_only_the_fields_asked_for_are_read():
    store = make_store(rel(JIA, "supplies", YI))
    full, light = to_networkx(store), to_networkx(store, fields=("confidence",))
    assert list(light.edges(keys=True)) == list(full.edges(keys=True))
    (ev,) = light[J][Y]["supplies"]["evidence"]
    assert ev["assertion"] == full[J][Y]["supplies"]["evidence"][0]["assertion"]
    assert {k: v for k, v in ev.items() if k != "assertion"} == {
        "article": None, "sentence": None, "start": None, "end": None, "rule": None, "confidence": 0.9}


def test_symmetric_predicate_gives_one_edge_from_the_smaller_iri():
    G = to_networkx(make_store(rel(YI, "cooperatesWith", JIA, "a1", 15, 28),
                               rel(JIA, "cooperatesWith", YI, "a2", 15, 28)))
    u, v = sorted((J, Y))
    assert list(G.edges(keys=True)) == [(u, v, "cooperatesWith")]
    assert len(G[u][v]["cooperatesWith"]["evidence"]) == 2


def test_triple_without_assertion_has_no_evidence_and_full_confidence():
    store = make_store()
    store.add(ox.Quad(ox.NamedNode(J), ox.NamedNode(str(KG.locatedIn)), ox.NamedNode(P),
                      ox.NamedNode("https://w3id.org/kg/id/graph/article/a1")))
    G = to_networkx(store)
    assert G[J][P]["locatedIn"] == {"confidence": 1.0, "evidence": []}


def test_node_without_entity_record_gets_its_iri_tail_as_label():
    store = ox.Store()
    other = entity_iri("Enterprise", "丙公司")
    store.add(ox.Quad(ox.NamedNode(J), ox.NamedNode(str(KG.supplies)), ox.NamedNode(other),
                      ox.NamedNode("https://w3id.org/kg/id/graph/article/a1")))
    G = to_networkx(store)
    assert G.nodes[other] == {"type": "", "label": "丙公司", "aliases": []}


def test_derived_graph_is_not_read_back():
    store = make_store(rel(JIA, "supplies", YI))
    for graph in (derived_graph(J), derived_graph(Y)):
        store.add(ox.Quad(ox.NamedNode(Y), ox.NamedNode(str(KG.supplies)), ox.NamedNode(J), ox.NamedNode(graph)))
    assert list(to_networkx(store).edges(keys=True)) == [(J, Y, "supplies")]
    assert list(to_networkx(store, around=[J]).edges(keys=True)) == [(J, Y, "supplies")]


def test_statement_quads_go_to_the_derived_graph():
    from kg.graph.read import Statement
    quads = list(statement_quads([Statement(J, "neighborChainWith", Y, "rule", 0.5, ())]))
    assert {q.graph_name.value for q in quads} == {derived_graph(J)}
    assert derived_graph(J).startswith(str(GRAPH_DERIVED) + "/")
    assert quads[0].predicate.value == str(KG.neighborChainWith)


def test_load_graph_without_a_build_raises_store_error(tmp_path):
    with pytest.raises(StoreError, match="no built graph"):
        load_graph(tmp_path)


def test_graph_from_triples_matches_the_shape_of_to_networkx():
    G = graph_from_triples([("b", "Enterprise", "乙"), ("a", "Enterprise", "甲", {"甲司"})],
                           [("b", "cooperatesWith", "a"), ("a", "supplies", "b", "句。", 0.7)])
    assert G.nodes["a"] == {"type": "Enterprise", "label": "甲", "aliases": ["甲司"]}
    assert sorted(G.edges(keys=True)) == [("a", "b", "cooperatesWith"), ("a", "b", "supplies")]
    assert G["a"]["b"]["cooperatesWith"]["evidence"][0]["sentence"] == "b cooperatesWith a"


def test_load_graph_reads_the_corpus_build(corpus_build):
    """Relies on: 龙口中宇机械有限公司 supplies 潍柴动力股份有限公司 (article 000)."""
    G = load_graph(corpus_build)
    s, o = entity_iri("Enterprise", "龙口中宇机械有限公司"), entity_iri("Enterprise", "潍柴动力股份有限公司")
    (ev, *_) = G[s][o]["supplies"]["evidence"]
    assert ev["article"] == "000_343f651354c9e888"
    assert "龙口中宇机械有限公司" in ev["sentence"] and "潍柴动力股份有限公司" in ev["sentence"]
    assert G.nodes[s]["type"] == "Enterprise"
