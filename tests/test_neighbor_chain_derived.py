"""kg.graph.neighbor_chain: neighbor-chain links as statements and quads for the derived graph."""
from __future__ import annotations

from kg.graph.neighbor_chain import derived_quads, derived_statements
from kg.graph.read import Evidence, graph_from_triples
from kg.vocab import KG, derived_graph

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
    assert {q.graph_name.value for q in quads} == {derived_graph("urn:a")}
    assert len(quads) == 8 + 3  # the triple, the assertion's 6 fields and its place, 3 sources
    assert (quads[0].subject.value, quads[0].predicate.value, quads[0].object.value) == (
        "urn:a", str(KG.neighborChainWith), "urn:b")


def test_each_premise_cites_the_assertion_that_gives_its_confidence():
    two = graph_from_triples([("urn:P", "Park", "园"), ("urn:a", "Enterprise", "a"), ("urn:b", "Enterprise", "b")],
                             [("urn:a", "locatedIn", "urn:P"), ("urn:b", "locatedIn", "urn:P"),
                              ("urn:a", "supplies", "urn:b", "s", 0.7)], article="t")
    for node, scores in (("urn:a", (0.6, 0.9)), ("urn:b", (0.8, 0.8))):
        two[node]["urn:P"]["locatedIn"]["evidence"] = [
            Evidence(f"urn:{node[-1]}{i}", "t", "s", 0, 1, "r", c) for i, c in enumerate(scores)]
    (st,) = derived_statements(two)
    assert st.derived_from == ("urn:a1", "urn:b0", "urn:given:t:2")  # 0.9 over 0.6; of a tie the smaller IRI
    assert st.confidence == 0.7


def test_among_keeps_the_links_with_an_end_there():
    assert [(s.subject, s.object) for s in derived_statements(G, among={"urn:c"})] == [("urn:b", "urn:c")]
    assert list(derived_statements(G, among=set())) == []
