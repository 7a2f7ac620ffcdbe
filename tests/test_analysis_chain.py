"""kg.analysis.chain: supplier and customer trees with the evidence of each step."""
from __future__ import annotations

import copy

import networkx as nx
import pytest

from kg.analysis.chain import downstream, supply_chain, upstream
from kg.analysis.common import AnalysisInputError
from kg.graph.read import graph_from_triples

ENTITIES = [(n, "Enterprise", n.upper()) for n in "abcdex"]
TRIPLES = [
    ("a", "supplies", "b", "A为B供货。", 0.9),
    ("b", "supplies", "c", "B为C配套。", 0.8),
    ("e", "supplies", "c", "E为C配套。", 0.7),
    ("c", "supplies", "d", "C为D供货。", 0.6),
    ("d", "supplies", "a", "D为A供货。", 0.5),  # a cycle back to a
    ("x", "cooperatesWith", "c", "X与C合作。", 0.9),  # not a supply step
]


@pytest.fixture
def G():
    return graph_from_triples(ENTITIES, TRIPLES)


def shape(steps):
    return [(s.label, shape(s.children)) for s in steps]


def test_upstream_tree_by_hops(G):
    assert shape(upstream(G, "c", 1)) == [("B", []), ("E", [])]
    assert shape(upstream(G, "c", 2)) == [("B", [("A", [])]), ("E", [])]
    # D supplies A, and C (the root) supplies D: the root is never repeated
    assert shape(upstream(G, "c", 5)) == [("B", [("A", [("D", [])])]), ("E", [])]


def test_downstream_tree_stops_at_nodes_already_shown(G):
    assert shape(downstream(G, "a", 4)) == [("B", [("C", [("D", [])])])]


def test_each_step_carries_relation_direction_depth_and_evidence(G):
    (b,) = upstream(G, "c", 2)[:1]
    assert (b.node, b.relation, b.direction, b.depth, b.type) == ("b", "supplies", "up", 1, "Enterprise")
    assert b.fact["subject"] == "b" and b.fact["object"] == "c"
    assert b.fact["confidence"] == 0.8
    assert [e["sentence"] for e in b.fact["evidence"]] == ["B为C配套。"]
    assert b.children[0].depth == 2 and b.children[0].fact["subject_label"] == "A"


def test_supply_chain_has_both_sides_and_serialises(G):
    chain = supply_chain(G, "c", up=1, down=1)
    assert (chain.label, shape(chain.upstream), shape(chain.downstream)) == (
        "C", [("B", []), ("E", [])], [("D", [])])
    data = chain.to_dict()
    assert data["downstream"][0]["fact"]["evidence"][0]["sentence"] == "C为D供货。"


def test_depth_zero_gives_no_steps(G):
    assert supply_chain(G, "c", 0, 0).upstream == []


def test_negative_depth_is_refused(G):
    with pytest.raises(AnalysisInputError, match="depth"):
        upstream(G, "c", -1)


def test_unknown_node_is_refused(G):
    with pytest.raises(AnalysisInputError, match="not in the graph"):
        supply_chain(G, "nobody")


def test_the_graph_is_not_changed(G):
    before = copy.deepcopy(G)
    supply_chain(G, "c", 3, 3)
    assert nx.utils.graphs_equal(before, G)
