"""kg.analysis.derived: neighbor-chain links as statements and quads for the derived graph."""
from __future__ import annotations

from kg.analysis.derived import derived_quads, derived_statements
from kg.graph import graph_from_triples
from kg.vocab import GRAPH_DERIVED, KG

G = graph_from_triples(
    [("urn:Z", "Zone", "区"), ("urn:P", "Park", "园")] + [(f"urn:{n}", "Enterprise", n) for n in "abc"],
    [("urn:P", "belongsTo", "urn:Z", "s1", 0.9), ("urn:a", "locatedIn", "urn:P", "s2", 0.8), ("urn:b", "locatedIn", "urn:P", "s3", 0.7),
     ("urn:c", "locatedIn", "urn:Z", "s4", 0.9), ("urn:a", "supplies", "urn:b", "s5", 0.9), ("urn:b", "cooperatesWith", "urn:c", "s6", 0.6)],
    article="t")


def test_statements_up_to_zone_level_with_rule_confidence_and_sources():
    got = [(s.subject, s.predicate, s.object, s.rule, s.confidence, s.derived_from) for s in derived_statements(G)]
    assert got == [
        ("urn:a", "neighborChainWith", "urn:b", "neighbor-chain/park", 0.7,
         ("urn:given:t:1", "urn:given:t:2", "urn:given:t:4")),
        ("urn:b", "neighborChainWith", "urn:c", "neighbor-chain/zone", 0.6,
         ("urn:given:t:0", "urn:given:t:2", "urn:given:t:3", "urn:given:t:5")),
    ]


def test_level_park_leaves_zone_links_out():
    assert [s.rule for s in derived_statements(G, level="park")] == ["neighbor-chain/park"]


def test_quads_in_the_derived_graph():
    quads = list(derived_quads(G, level="park"))
    assert {q.graph_name.value for q in quads} == {str(GRAPH_DERIVED)}
    assert len(quads) == 7 + 3  # the triple, the assertion's 6 fields, 3 sources
    assert (quads[0].subject.value, quads[0].predicate.value, quads[0].object.value) == (
        "urn:a", str(KG.neighborChainWith), "urn:b")
