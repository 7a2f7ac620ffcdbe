"""Every built graph passes ontology/shapes.ttl; graphs that break the contract do not."""
from __future__ import annotations

from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import Graph

ROOT = Path(__file__).resolve().parent.parent
SHAPES = ROOT / "ontology" / "shapes.ttl"
ONTOLOGY = ROOT / "ontology" / "kg.ttl"

PREFIXES = """
@prefix kg: <https://w3id.org/kg/ontology#> .
@prefix id: <https://w3id.org/kg/id/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""

GOOD = PREFIXES + """
id:article\\/a a kg:Article ; kg:articleId "a" ; kg:contentHash "h" ; rdfs:label "标题" .
id:enterprise\\/甲公司 a kg:Enterprise ; rdfs:label "甲公司" ; skos:altLabel "甲" .
id:enterprise\\/乙公司 a kg:Enterprise ; rdfs:label "乙公司" .
id:enterprise\\/甲公司 kg:supplies id:enterprise\\/乙公司 .
id:assertion\\/1 a kg:Assertion ; rdf:subject id:enterprise\\/甲公司 ; rdf:predicate kg:supplies ;
    rdf:object id:enterprise\\/乙公司 ; prov:wasDerivedFrom id:article\\/a ; kg:sentence "甲公司为乙公司配套。" ;
    kg:sourceStart 0 ; kg:sourceEnd 10 ; kg:rule "supply" ; kg:confidence 0.9 .
"""

# A fact derived by analysis (the derived graph): its assertion is derived from other assertions.
DERIVED = GOOD + """
id:enterprise\\/甲公司 kg:neighborChainWith id:enterprise\\/乙公司 .
id:assertion\\/2 a kg:Assertion ; rdf:subject id:enterprise\\/甲公司 ; rdf:predicate kg:neighborChainWith ;
    rdf:object id:enterprise\\/乙公司 ; prov:wasDerivedFrom id:assertion\\/1 ; kg:rule "neighbor-chain/park" ;
    kg:confidence 0.9 .
"""


def _conforms(data: Graph, with_ontology: bool = False) -> tuple[bool, str]:
    ok, _, text = validate(data, shacl_graph=str(SHAPES),
                           ont_graph=str(ONTOLOGY) if with_ontology else None,
                           inference="none", advanced=True)
    return ok, text


@pytest.fixture(scope="module")
def corpus_graph(corpus_build) -> Graph:
    return Graph().parse(corpus_build / "graph.ttl", format="turtle")


def test_corpus_build_conforms(corpus_graph):
    ok, text = _conforms(corpus_graph)
    assert ok, text


def test_corpus_build_conforms_with_the_ontology_as_ont_graph(corpus_graph):
    ok, text = _conforms(corpus_graph, with_ontology=True)
    assert ok, text


def test_hand_made_graph_with_a_derived_fact_conforms():
    ok, text = _conforms(Graph().parse(data=DERIVED, format="turtle"))
    assert ok, text


@pytest.mark.parametrize("change,broken,expected", [
    ("prov:wasDerivedFrom id:assertion\\/1 ;", "prov:wasDerivedFrom id:article\\/a ;",  # no sentence, from an article
     "Source Shape: kgs:AssertionShape"),
    ("prov:wasDerivedFrom id:assertion\\/1 ;", "prov:wasDerivedFrom id:enterprise\\/乙公司 ;",
     "Result Path: prov:wasDerivedFrom"),
    ("prov:wasDerivedFrom id:assertion\\/1 ;", "", "Result Path: prov:wasDerivedFrom"),  # no source at all
    ("kg:rule \"neighbor-chain/park\" ;", "", "Result Path: kg:rule"),
    ("kg:neighborChainWith id:enterprise\\/乙公司 .", "kg:neighborChainWith id:article\\/a .",
     "Result Path: kg:neighborChainWith"),
])
def test_hand_made_bad_derived_fact_does_not_conform(change, broken, expected):
    assert DERIVED.count(change) == 1
    ok, text = _conforms(Graph().parse(data=DERIVED.replace(change, broken), format="turtle"))
    assert not ok
    assert expected in text, text


def test_hand_made_good_graph_conforms():
    ok, text = _conforms(Graph().parse(data=GOOD, format="turtle"))
    assert ok, text


def test_hand_made_good_graph_conforms_with_the_ontology_as_ont_graph():
    ok, text = _conforms(Graph().parse(data=GOOD, format="turtle"), with_ontology=True)
    assert ok, text


@pytest.mark.parametrize("change,broken,expected", [
    ("rdfs:label \"乙公司\" .", "rdfs:label \"乙公司\" , \"乙\" .", "Result Path: rdfs:label"),  # two canonical labels
    ("id:enterprise\\/乙公司 a kg:Enterprise", "id:enterprise\\/乙公司 a kg:Park", "Result Path: kg:supplies"),
    ("kg:confidence 0.9", "kg:confidence 1.5", "Result Path: kg:confidence"),
    ("kg:sourceStart 0 ;", "", "Result Path: kg:sourceStart"),                       # evidence without span
    ("kg:sentence \"甲公司为乙公司配套。\" ;", "", "Result Path: kg:sentence"),   # evidence without sentence
    ("kg:articleId \"a\" ;", "", "Result Path: kg:articleId"),
    ("a kg:Enterprise ; rdfs:label \"甲公司\"", "a kg:Enterprise , kg:Person ; rdfs:label \"甲公司\"", "Source Shape: kgs:OneTypeProperty"),
    ("prov:wasDerivedFrom id:article\\/a", "prov:wasDerivedFrom id:enterprise\\/乙公司", "Result Path: prov:wasDerivedFrom"),
])
def test_hand_made_bad_graph_does_not_conform(change, broken, expected):
    assert change in GOOD
    ok, text = _conforms(Graph().parse(data=GOOD.replace(change, broken, 1), format="turtle"))
    assert not ok
    assert expected in text, text
