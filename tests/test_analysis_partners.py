"""kg.analysis.partners: every scoring rule on small graphs, with exact scores."""
from __future__ import annotations

import copy

import networkx as nx
import pytest

from kg.analysis.common import AnalysisInputError
from kg.analysis.partners import RULES, recommend_partners
from kg.graph.read import graph_from_triples

# E is the entity; each other enterprise is there for one rule.
ENTITIES = [("Z", "Zone", "区"), ("P", "Park", "园"), ("P2", "Park", "二园"),
            ("X", "Product", "部件"), ("Y", "Product", "整机"), ("I", "Industry", "汽车"),
            ("J", "Industry", "动力装备")] + [
    (n, "Enterprise", n) for n in ("E", "S1", "K", "N", "M", "Q", "C1", "C2", "D", "C3", "T", "C4",
                                   "C5", "C6")]
TRIPLES = [
    ("P", "belongsTo", "Z"), ("P2", "belongsTo", "Z"), ("E", "locatedIn", "P"),
    ("S1", "supplies", "E", "S1为E供货。"),                        # existing_partner (supplier)
    ("E", "supplies", "K", "E为K配套。"),                          # existing_partner (customer)
    ("N", "neighborOf", "E", "N与E同楼。"),                        # same_building
    ("M", "locatedIn", "P"),                                      # same_park
    ("Q", "locatedIn", "P2"),                                     # same_zone
    ("S1", "produces", "X"), ("C1", "produces", "X", "C1生产部件。"),  # makes_chain_input
    ("K", "hasIndustry", "I"), ("C2", "supplies", "D"), ("D", "hasIndustry", "I"),  # serves_customer_industry
    ("C2", "locatedIn", "P2"),  # (found through its zone, then boosted)
    ("K", "supplies", "C3"),                                      # short_supply_path (customer's customer)
    ("T", "supplies", "S1"),                                      # short_supply_path (supplier's supplier)
    ("C4", "cooperatesWith", "S1", "C4与S1合作。"),                 # shared_partner
    ("E", "hasIndustry", "J"), ("C5", "hasIndustry", "J"),        # same_cluster: industry
    ("E", "produces", "Y"), ("C5", "produces", "Y"), ("C6", "produces", "Y"),  # same_cluster: product
]


@pytest.fixture
def G():
    return graph_from_triples(ENTITIES, TRIPLES)


def scores(cands):
    return [(c.label, c.score, {r.rule: r.points for r in c.reasons}) for c in cands]


def test_each_rule_gives_its_exact_points(G):
    assert scores(recommend_partners(G, "E", top=20)) == [
        ("K", 4.0, {"existing_partner": 4.0}),
        ("S1", 4.0, {"existing_partner": 4.0}),
        ("N", 3.0, {"same_building": 3.0}),
        ("C2", 2.0, {"same_zone": 1.0, "serves_customer_industry": 1.0}),
        ("C5", 2.0, {"same_cluster": 2.0}),
        ("M", 2.0, {"same_park": 2.0}),
        ("C1", 1.5, {"makes_chain_input": 1.5}),
        ("C3", 1.0, {"short_supply_path": 1.0}),
        ("C6", 1.0, {"same_cluster": 1.0}),
        ("Q", 1.0, {"same_zone": 1.0}),
        ("T", 1.0, {"short_supply_path": 1.0}),
        ("C4", 0.5, {"shared_partner": 0.5}),
    ]


def test_reasons_list_items_facts_and_sentences(G):
    c1 = next(c for c in recommend_partners(G, "E", top=20) if c.node == "C1")
    (reason,) = c1.reasons
    assert reason.items == ["部件"]
    assert reason.detail == "makes what your suppliers provide: 部件"
    assert [(f["subject"], f["predicate"], f["object"]) for f in reason.facts] == [
        ("C1", "produces", "X"), ("S1", "produces", "X"), ("S1", "supplies", "E")]
    assert [e["sentence"] for f in reason.facts for e in f["evidence"]][::2] == ["C1生产部件。", "S1为E供货。"]


def test_serves_customer_industry_shows_the_whole_path(G):
    c2 = next(c for c in recommend_partners(G, "E", top=20) if c.node == "C2")
    assert [r.rule for r in c2.reasons] == ["same_zone", "serves_customer_industry"]
    assert [(f["subject"], f["predicate"], f["object"]) for f in c2.reasons[1].facts] == [
        ("E", "supplies", "K"), ("K", "hasIndustry", "I"), ("C2", "supplies", "D"), ("D", "hasIndustry", "I")]


def test_serving_the_customers_industry_alone_does_not_nominate():
    G = graph_from_triples([(n, "Enterprise", n) for n in ("E", "K", "C", "D")] + [("I", "Industry", "汽车")],
                           [("E", "supplies", "K"), ("K", "hasIndustry", "I"), ("C", "supplies", "D"),
                            ("D", "hasIndustry", "I")])
    assert [c.label for c in recommend_partners(G, "E")] == ["K"]


def test_serving_the_customers_industry_can_lift_a_candidate_into_the_top():
    G = graph_from_triples(
        [("P", "Park", "园"), ("I", "Industry", "汽车"), ("J", "Industry", "电池")]
        + [(n, "Enterprise", n) for n in ("E", "K", "N", "C", "D1", "D2")],
        [("E", "locatedIn", "P"), ("C", "locatedIn", "P"), ("N", "neighborOf", "E"),
         ("E", "supplies", "K"), ("K", "hasIndustry", "I"), ("K", "hasIndustry", "J"),
         ("C", "supplies", "D1"), ("D1", "hasIndustry", "I"), ("C", "supplies", "D2"), ("D2", "hasIndustry", "J")])
    assert scores(recommend_partners(G, "E", top=1, include_existing=False)) == [
        ("C", 4.0, {"same_park": 2.0, "serves_customer_industry": 2.0})]
    assert [c.label for c in recommend_partners(G, "E", top=2, include_existing=False)] == ["C", "N"]


def test_same_park_through_belongs_to_shows_both_placements(G):
    m = next(c for c in recommend_partners(G, "E", top=20) if c.node == "M")
    assert [(f["subject"], f["object"]) for f in m.reasons[0].facts] == [("E", "P"), ("M", "P")]


def test_points_are_capped_per_rule():
    ents = [(n, "Enterprise", n) for n in ("E", "S1", "S2", "S3", "C", "H1", "H2", "H3", "H4", "H5", "R")]
    ents += [(p, "Product", p) for p in ("x1", "x2", "x3")]
    triples = [(s, "supplies", "E") for s in ("S1", "S2", "S3")]
    triples += [(s, "produces", x) for s, x in (("S1", "x1"), ("S2", "x2"), ("S3", "x3"))]
    triples += [("C", "produces", x) for x in ("x1", "x2", "x3")]         # 3 × 1.5 = 4.5 → 3
    triples += [("E", "cooperatesWith", h) for h in ("H1", "H2", "H3", "H4", "H5")]
    triples += [("R", "cooperatesWith", h) for h in ("H1", "H2", "H3", "H4", "H5")]  # 5 × 0.5 → 2
    G = graph_from_triples(ents, triples)
    cands = {c.node: c for c in recommend_partners(G, "E", 20)}
    assert scores([cands["C"], cands["R"]]) == [("C", 3.0, {"makes_chain_input": 3.0}),
                                                ("R", 2.0, {"shared_partner": 2.0})]
    assert cands["C"].reasons[0].items == ["x1", "x2", "x3"]  # every item is still shown


def test_only_the_strongest_place_rule_counts():
    G = graph_from_triples([("P", "Park", "园"), ("Z", "Zone", "区"), ("E", "Enterprise", "E"),
                            ("N", "Enterprise", "N")],
                           [("P", "belongsTo", "Z"), ("E", "locatedIn", "P"), ("N", "locatedIn", "P"),
                            ("E", "neighborOf", "N")])
    assert scores(recommend_partners(G, "E")) == [("N", 3.0, {"same_building": 3.0})]


def test_short_path_intermediary_is_not_also_a_shared_partner():
    G = graph_from_triples([(n, "Enterprise", n) for n in ("E", "K", "C")],
                           [("E", "supplies", "K"), ("K", "supplies", "C")])
    assert scores(recommend_partners(G, "E")) == [("K", 4.0, {"existing_partner": 4.0}),
                                                  ("C", 1.0, {"short_supply_path": 1.0})]


def test_co_suppliers_of_one_customer_share_a_partner():
    G = graph_from_triples([(n, "Enterprise", n) for n in ("E", "K", "R")],
                           [("E", "supplies", "K"), ("R", "supplies", "K")])
    assert scores(recommend_partners(G, "E"))[1] == ("R", 0.5, {"shared_partner": 0.5})


def test_new_only_drops_current_partners(G):
    assert [c.label for c in recommend_partners(G, "E", top=3, include_existing=False)] == ["N", "C2", "C5"]


def test_candidates_are_enterprises_unless_asked(G):
    assert all(c.type == "Enterprise" for c in recommend_partners(G, "E", top=50))
    H = graph_from_triples([("E", "Enterprise", "E"), ("U", "Institution", "大学")],
                           [("E", "cooperatesWith", "U")])
    assert recommend_partners(H, "E") == []
    assert [c.label for c in recommend_partners(H, "E", types=("Institution",))] == ["大学"]


def test_top_limits_and_serialises(G):
    (first,) = recommend_partners(G, "E", top=1)
    assert first.to_dict()["reasons"][0]["facts"][0]["evidence"][0]["sentence"] == "E为K配套。"


def test_rules_table_matches_the_documented_weights():
    assert {r: w[:2] for r, w in RULES.items()} == {
        "existing_partner": (4.0, 4.0), "same_building": (3.0, 3.0), "same_park": (2.0, 2.0),
        "same_zone": (1.0, 1.0), "makes_chain_input": (1.5, 3.0), "serves_customer_industry": (1.0, 2.0),
        "short_supply_path": (1.0, 2.0), "shared_partner": (0.5, 2.0), "same_cluster": (1.0, 2.0)}


@pytest.mark.parametrize("node,top,message", [("nobody", 5, "not in the graph"), ("E", 0, "top must")])
def test_bad_arguments_are_refused(G, node, top, message):
    with pytest.raises(AnalysisInputError, match=message):
        recommend_partners(G, node, top)


def test_the_graph_is_not_changed(G):
    before = copy.deepcopy(G)
    recommend_partners(G, "E", top=50)
    assert nx.utils.graphs_equal(before, G)
