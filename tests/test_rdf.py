"""kg.build.rdf: quads of a tiny hand-made article, entities and relation, against expected Turtle."""
from __future__ import annotations

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from kg.build.rdf import article_quads, entity_quads, relation_quads
from kg.extract.normalize import normalize_text
from kg.model import Article, Entity, Relation
from kg.vocab import GRAPH_ENTITIES, article_graph, assertion_iri, entity_iri

PREFIXES = """
@prefix kg: <https://w3id.org/kg/ontology#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
"""

RAW = "标题\n\n甲公司6月 4日为乙公司配套。"            # the space is a PDF artefact
TEXT, OFFSETS = normalize_text(RAW)
ARTICLE = Article(id="a1", text=TEXT, source=RAW, offsets=OFFSETS, path="corpus/a1.txt",
                  title="标题", date="2025-06-04", paper="科技日报", digest="abc")
SUPPLIER = Entity("甲公司", "Enterprise", frozenset({"甲"}))
CUSTOMER = Entity("乙公司", "Enterprise")
START = TEXT.index("甲")
RELATION = Relation("甲公司", "supplies", "乙公司", "a1", START, len(TEXT), "supply-pattern", 0.9,
                    "Enterprise", "Enterprise")
S, O = entity_iri("Enterprise", "甲公司"), entity_iri("Enterprise", "乙公司")
ASSERTION = assertion_iri(S, "supplies", O, "a1", START)


def _graph(quads) -> Graph:
    store = ox.Store()
    store.extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in quads)
    return Graph().parse(data=store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()).decode(),
                         format="nt")


def _expected(turtle: str) -> Graph:
    return Graph().parse(data=PREFIXES + turtle, format="turtle")


def test_normalised_fixture_maps_back_to_the_source():
    assert TEXT == "标题\n甲公司6月4日为乙公司配套。"
    assert ARTICLE.source_span(START, len(TEXT)) == (4, len(RAW))


def test_entity_quads():
    quads = list(entity_quads([SUPPLIER, CUSTOMER]))
    assert {q.graph_name.value for q in quads} == {str(GRAPH_ENTITIES)}
    assert isomorphic(_graph(quads), _expected(f"""
        <{S}> a kg:Enterprise ; rdfs:label "甲公司" ; skos:altLabel "甲" .
        <{O}> a kg:Enterprise ; rdfs:label "乙公司" .
    """))


def test_article_quads():
    quads = list(article_quads(ARTICLE))
    assert {q.graph_name.value for q in quads} == {str(GRAPH_ENTITIES)}
    assert isomorphic(_graph(quads), _expected("""
        <https://w3id.org/kg/id/article/a1> a kg:Article ; kg:articleId "a1" ; kg:contentHash "abc" ;
            rdfs:label "标题" ; kg:sourceFile "corpus/a1.txt" ; dcterms:date "2025-06-04" ;
            kg:paper "科技日报" .
    """))


def test_article_without_metadata_still_has_id_and_hash():
    quads = list(article_quads(Article.from_text("b", "园")))
    assert isomorphic(_graph(quads), _expected("""
        <https://w3id.org/kg/id/article/b> a kg:Article ; kg:articleId "b" ; kg:contentHash "-" .
    """))


def test_relation_quads_direct_triple_and_reified_evidence():
    quads = list(relation_quads(RELATION, ARTICLE, SUPPLIER, CUSTOMER))
    assert {q.graph_name.value for q in quads} == {article_graph("a1")}
    assert isomorphic(_graph(quads), _expected(f"""
        <{S}> kg:supplies <{O}> .
        <{ASSERTION}> a kg:Assertion ;
            rdf:subject <{S}> ; rdf:predicate kg:supplies ; rdf:object <{O}> ;
            prov:wasDerivedFrom <https://w3id.org/kg/id/article/a1> ;
            kg:sentence "甲公司6月4日为乙公司配套。" ;
            kg:sourceStart 4 ; kg:sourceEnd {len(RAW)} ; kg:textStart 3 ; kg:textEnd {len(TEXT)} ;
            kg:rule "supply-pattern" ; kg:confidence 0.9 .
    """))


def test_evidence_offsets_point_into_the_source():
    quads = list(relation_quads(RELATION, ARTICLE, SUPPLIER, CUSTOMER))
    value = {q.predicate.value.rsplit("#", 1)[-1]: q.object.value for q in quads}
    assert RAW[int(value["sourceStart"]):int(value["sourceEnd"])] == "甲公司6月 4日为乙公司配套。"


def test_all_quads_as_a_dataset_keep_their_graphs():
    quads = [*entity_quads([SUPPLIER, CUSTOMER]), *article_quads(ARTICLE),
             *relation_quads(RELATION, ARTICLE, SUPPLIER, CUSTOMER)]
    store = ox.Store()
    store.extend(quads)
    ds = Dataset().parse(data=store.dump(format=ox.RdfFormat.N_QUADS).decode(), format="nquads")
    graphs = {str(g.identifier) for g in ds.graphs() if len(g)}
    assert graphs == {str(GRAPH_ENTITIES), article_graph("a1")}
    assert len(ds.graph(URIRef(article_graph("a1")))) == 13
