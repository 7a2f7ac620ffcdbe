"""kg.vocab against ontology/kg.ttl: every term declared, nothing declared and unused."""
from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from kg.model import ENTITY_TYPES, PREDICATES, SYMMETRIC
from kg.vocab import (CLASSES, DATA_PROPERTIES, ID_NS, KG, KG_NS, OBJECT_PROPERTIES, article_graph, article_iri,
                      assertion_iri, entity_iri)

ONTOLOGY = Path(__file__).resolve().parent.parent / "ontology" / "kg.ttl"


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


def _declared(onto: Graph, kind) -> set[str]:
    return {str(s)[len(KG_NS):] for s in onto.subjects(RDF.type, kind) if str(s).startswith(KG_NS)}


def test_ontology_parses_and_names_itself(onto):
    assert (URIRef("https://w3id.org/kg/ontology"), RDF.type, OWL.Ontology) in onto


def test_classes_match_the_ontology(onto):
    assert _declared(onto, OWL.Class) == set(CLASSES)


def test_object_properties_match_the_ontology(onto):
    assert _declared(onto, OWL.ObjectProperty) == set(OBJECT_PROPERTIES)


def test_data_properties_match_the_ontology(onto):
    assert _declared(onto, OWL.DatatypeProperty) == set(DATA_PROPERTIES)


def test_every_kg_term_used_in_the_ontology_is_in_vocab(onto):
    used = {str(t)[len(KG_NS):] for triple in onto for t in triple
            if isinstance(t, URIRef) and str(t).startswith(KG_NS)}
    assert used <= set(CLASSES) | set(OBJECT_PROPERTIES) | set(DATA_PROPERTIES)


def test_model_types_and_predicates_are_ontology_terms():
    assert set(ENTITY_TYPES) <= set(CLASSES)
    assert set(PREDICATES) <= set(OBJECT_PROPERTIES)


def test_symmetric_predicates_are_declared_symmetric(onto):
    assert _declared(onto, OWL.SymmetricProperty) >= set(SYMMETRIC)


@pytest.mark.parametrize("term", CLASSES + OBJECT_PROPERTIES + DATA_PROPERTIES)
def test_every_term_has_chinese_and_english_labels(onto, term):
    langs = {lit.language for lit in onto.objects(KG[term], RDFS.label)}
    assert {"zh", "en"} <= langs


@pytest.mark.parametrize("prop", PREDICATES)
def test_relations_have_domain_and_range(onto, prop):
    assert onto.value(KG[prop], RDFS.domain) is not None
    assert onto.value(KG[prop], RDFS.range) is not None


def test_inverses_point_both_ways(onto):
    pairs = set(onto.subject_objects(OWL.inverseOf))
    assert pairs
    for a, b in pairs:
        assert (b, OWL.inverseOf, a) in onto


def test_entity_iris_are_deterministic_readable_and_typed():
    iri = entity_iri("Enterprise", "潍柴动力股份有限公司")
    assert iri == ID_NS + "enterprise/潍柴动力股份有限公司"
    assert entity_iri("Park", "潍柴动力股份有限公司") != iri


def test_unsafe_characters_are_percent_encoded():
    assert entity_iri("Person", "a b/c") == ID_NS + "person/a%20b%2Fc"
    assert entity_iri("Enterprise", "中宇(龙口)") == ID_NS + "enterprise/中宇%28龙口%29"


def test_article_and_graph_iris():
    assert article_iri("000_x") == ID_NS + "article/000_x"
    assert article_graph("000_x") == ID_NS + "graph/article/000_x"


def test_assertion_iri_depends_on_every_part():
    base = ("s", "supplies", "o", "a", 3)
    iris = {assertion_iri(*base)} | {assertion_iri(*(base[:i] + ("z",) + base[i + 1:])) for i in range(4)}
    iris.add(assertion_iri(*base[:4], 4))
    assert len(iris) == 6
    assert assertion_iri(*base) == assertion_iri(*base)
