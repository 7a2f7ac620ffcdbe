"""kg.analysis.gaps: chain positions held locally, links crossing the border, targets."""
from __future__ import annotations

import copy

import networkx as nx
import pytest

from kg.analysis.common import AnalysisInputError
from kg.analysis.gaps import find_gaps
from kg.graph.read import graph_from_triples

ENTITIES = [("Z", "Zone", "区"), ("P", "Park", "园"), ("X", "Product", "部件"), ("Y", "Product", "整机"),
            ("I1", "Industry", "动力装备"), ("I2", "Industry", "新材料")] + [
    (n, "Enterprise", n) for n in ("a", "b", "o1", "o2", "c1")]
TRIPLES = [
    ("P", "belongsTo", "Z"), ("a", "locatedIn", "P"), ("b", "locatedIn", "Z"),
    ("o1", "supplies", "a", "o1为a供货。"), ("o1", "produces", "X", "o1生产部件。"),
    ("o2", "supplies", "a"), ("o2", "supplies", "b"), ("o2", "produces", "Y"),
    ("a", "supplies", "c1", "a为c1配套。"),
    ("b", "produces", "Y"),
    ("Z", "hasIndustry", "I1", "区的主导产业是动力装备。"), ("P", "hasIndustry", "I2"), ("a", "hasIndustry", "I1"),
]


@pytest.fixture
def G():
    return graph_from_triples(ENTITIES, TRIPLES)


def test_zone_report_sections(G):
    r = find_gaps(G, "Z")
    assert (r.label, r.type, [e["label"] for e in r.enterprises]) == ("区", "Zone", ["a", "b"])
    assert [(i["label"], i["local"]) for i in r.industries] == [("动力装备", ["a"]), ("新材料", [])]
    assert [(p["label"], p["makers"]) for p in r.products_made] == [("整机", ["b"])]
    assert [(s["label"], s["local"]) for s in r.outside_suppliers] == [("o2", ["a", "b"]), ("o1", ["a"])]
    assert [(s["label"], s["local"]) for s in r.outside_customers] == [("c1", ["a"])]
    # 整机 is bought from o2 but also made by b: not missing
    assert [(p["label"], p["used_by"], p["made_by"]) for p in r.products_missing] == [("部件", ["a"], ["o1"])]


def test_targets_are_ranked_suppliers_and_products_then_customers_and_industries(G):
    assert [(t["kind"], t["label"], t["local"]) for t in find_gaps(G, "Z").targets] == [
        ("supplier", "o2", 2), ("supplier", "o1", 1), ("product", "部件", 1),
        ("customer", "c1", 1), ("industry", "新材料", 0)]


def test_every_finding_carries_its_facts(G):
    r = find_gaps(G, "Z")
    assert [(f["subject"], f["predicate"], f["object"]) for f in r.products_missing[0]["facts"]] == [
        ("o1", "produces", "X"), ("o1", "supplies", "a")]
    assert r.industries[0]["facts"][0]["evidence"][0]["sentence"] == "区的主导产业是动力装备。"
    assert [f["object"] for f in r.industries[0]["facts"]] == ["I1", "I1"]
    assert r.targets[3]["why"] == "buys from a: a customer to bring closer"


def test_park_report_treats_the_rest_of_the_zone_as_outside(G):
    r = find_gaps(G, "P")
    assert [e["label"] for e in r.enterprises] == ["a"]
    assert [(i["label"], i["local"]) for i in r.industries] == [("新材料", [])]
    assert [s["label"] for s in r.outside_suppliers] == ["o1", "o2"]
    assert [p["label"] for p in r.products_missing] == ["整机", "部件"]
    assert r.to_dict()["place"] == "P"


@pytest.mark.parametrize("place,message", [("a", "not a Park or Zone"), ("nowhere", "not in the graph")])
def test_only_places_have_gaps(G, place, message):
    with pytest.raises(AnalysisInputError, match=message):
        find_gaps(G, place)


def test_the_graph_is_not_changed(G):
    before = copy.deepcopy(G)
    find_gaps(G, "Z")
    assert nx.utils.graphs_equal(before, G)
