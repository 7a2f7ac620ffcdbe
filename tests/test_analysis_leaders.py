"""kg.analysis.leaders: PageRank leaders of the chain graph and Louvain clusters."""
from __future__ import annotations

import copy

import networkx as nx
import pytest

from kg.analysis.common import AnalysisInputError
from kg.analysis.leaders import chain_graph, chain_leaders, industrial_clusters, leaders_report, pagerank
from kg.graph.read import graph_from_triples

ENTITIES = [("P", "Park", "园"), ("I", "Industry", "汽车"), ("X", "Product", "发动机"),
            ("u", "Institution", "研究院")] + [(n, "Enterprise", n.upper()) for n in "abcdefg"]
TRIPLES = [
    # cluster 1: a and b supply c, which supplies d; c makes engines
    ("a", "supplies", "c", "A为C供货。"), ("b", "supplies", "c"), ("c", "supplies", "d"),
    ("c", "hasIndustry", "I"), ("a", "hasIndustry", "I"), ("c", "produces", "X"),
    # cluster 2: e, f, g cooperate in a triangle; the institute cooperates with g
    ("e", "cooperatesWith", "f"), ("f", "cooperatesWith", "g"), ("e", "cooperatesWith", "g"),
    ("u", "cooperatesWith", "g"),
    ("a", "locatedIn", "P"), ("c", "locatedIn", "P"),
]


@pytest.fixture
def G():
    return graph_from_triples(ENTITIES, TRIPLES)


def test_pagerank_exact_values():
    assert pagerank(nx.DiGraph([("a", "b"), ("b", "a")])) == {"a": 0.5, "b": 0.5}
    # two suppliers of one dangling customer: 10/47, 10/47, 27/47
    assert pagerank(nx.DiGraph([("a", "c"), ("b", "c")])) == {
        "a": round(10 / 47, 6), "b": round(10 / 47, 6), "c": round(27 / 47, 6)}
    assert pagerank(nx.DiGraph()) == {}


def test_chain_graph_directs_supply_and_doubles_cooperation(G):
    D = chain_graph(G)
    assert D.has_edge("a", "c") and not D.has_edge("c", "a")
    assert D.has_edge("e", "f") and D.has_edge("f", "e")
    assert D.has_edge("u", "g")  # institutions take part
    assert all(D.nodes[n]["local"] for n in D)


def test_leaders_rank_the_core_buyer_first_with_counts_and_facts(G):
    leaders = chain_leaders(G, top=3)
    assert [l.label for l in leaders] == ["D", "G", "C"]
    c = leaders[2]
    assert (c.suppliers, c.customers, c.partners, c.local) == (2, 1, 0, True)
    assert [(f["subject"], f["object"]) for f in c.facts] == [("a", "c"), ("b", "c"), ("c", "d")]
    assert c.facts[0]["evidence"][0]["sentence"] == "A为C供货。"
    g = leaders[1]
    assert (g.suppliers, g.customers, g.partners) == (0, 0, 3)


def test_leaders_of_a_park_are_its_enterprises_ranked_with_their_outside_links(G):
    D = chain_graph(G, park="P")
    assert sorted(D) == ["a", "b", "c", "d"]
    assert {n for n in D if D.nodes[n]["local"]} == {"a", "c"}
    assert [l.label for l in chain_leaders(G, park="P")] == ["C", "A"]


def test_clusters_by_community_detection(G):
    clusters = industrial_clusters(G)
    assert [(c.leader, c.size, sorted(c.members)) for c in clusters] == [
        ("D", 4, ["A", "B", "C", "D"]), ("G", 4, ["E", "F", "G", "研究院"])]
    assert clusters[0].industries == ["汽车"] and clusters[0].products == ["发动机"]
    assert [(f["subject"], f["predicate"], f["object"]) for f in clusters[1].facts] == [
        ("e", "cooperatesWith", "f"), ("e", "cooperatesWith", "g"), ("f", "cooperatesWith", "g"),
        ("g", "cooperatesWith", "u")]


def test_report_serialises(G):
    data = leaders_report(G, top=1).to_dict()
    assert [l["label"] for l in data["leaders"]] == ["D"]
    assert len(data["clusters"]) == 2


def test_empty_scope_gives_empty_report():
    G = graph_from_triples([("P", "Park", "园"), ("a", "Enterprise", "A")], [("a", "locatedIn", "P")])
    report = leaders_report(G, park="P")
    assert report.leaders == [] and report.clusters == []


@pytest.mark.parametrize("kwargs,message", [({"top": 0}, "top must"), ({"park": "P", "zone": "P"}, "not both"),
                                            ({"zone": "P"}, "not a Zone")])
def test_bad_arguments_are_refused(G, kwargs, message):
    with pytest.raises(AnalysisInputError, match=message):
        chain_leaders(G, **kwargs)


def test_the_graph_is_not_changed(G):
    before = copy.deepcopy(G)
    leaders_report(G)
    assert nx.utils.graphs_equal(before, G)
