"""kg.analysis.neighbors: neighbor-chain links at building, park and zone level, and shares."""
from __future__ import annotations

import copy

import networkx as nx
import pytest

from kg.analysis.common import AnalysisInputError
from kg.analysis.neighbors import neighbor_chain_links, neighbor_report, park_shares
from kg.graph.read import graph_from_triples

ENTITIES = [("Z", "Zone", "区"), ("P1", "Park", "一园"), ("P2", "Park", "二园"), ("P3", "Park", "一园分园"),
            ("i", "Institution", "研究院")] + [(n, "Enterprise", n.upper()) for n in "abcdefgh"]
TRIPLES = [
    ("P1", "belongsTo", "Z", "一园属于区。", 0.9),
    ("P2", "belongsTo", "Z", "二园属于区。", 0.9),
    ("P3", "belongsTo", "P1", "分园属于一园。", 0.7),
    ("a", "locatedIn", "P1", "A在一园。", 0.8),
    ("b", "locatedIn", "P1", "B在一园。", 0.9),
    ("c", "locatedIn", "P3", "C在分园。", 0.9),
    ("d", "locatedIn", "P2", "D在二园。", 0.9),
    ("e", "locatedIn", "Z", "E在区。", 0.9),
    ("i", "locatedIn", "P1", "研究院在一园。", 0.9),
    ("a", "supplies", "b", "A为B供货。", 0.95),
    ("c", "cooperatesWith", "a", "C与A合作。", 0.9),
    ("a", "supplies", "d", "A为D供货。", 0.9),
    ("d", "supplies", "e", "D为E供货。", 0.9),
    ("g", "supplies", "h", "G为H供货。", 0.9),
    ("g", "neighborOf", "h", "G与H是邻居。", 0.6),
    ("f", "supplies", "a", "F为A供货。", 0.9),  # f is placed nowhere
    ("i", "cooperatesWith", "b", "研究院与B合作。", 0.9),  # not two enterprises
]


@pytest.fixture
def G():
    return graph_from_triples(ENTITIES, TRIPLES)


def pairs(links):
    return [(l.a_label, l.b_label, l.level) for l in links]


def test_park_level_links_include_buildings_and_sub_parks(G):
    assert pairs(neighbor_chain_links(G, level="park")) == [("A", "B", "park"), ("A", "C", "park"), ("G", "H", "building")]


def test_by_default_every_link_is_listed_with_its_narrowest_level(G):
    assert pairs(neighbor_chain_links(G)) == pairs(neighbor_chain_links(G, level="zone"))


def test_building_level_keeps_only_explicit_neighbours(G):
    assert pairs(neighbor_chain_links(G, level="building")) == [("G", "H", "building")]


def test_zone_level_adds_pairs_sharing_only_a_zone(G):
    assert pairs(neighbor_chain_links(G, level="zone")) == [
        ("A", "B", "park"), ("A", "C", "park"), ("A", "D", "zone"), ("D", "E", "zone"), ("G", "H", "building")]


def test_link_shows_places_relations_colocation_and_confidence(G):
    link = next(l for l in neighbor_chain_links(G) if l.b == "c")
    assert [p["label"] for p in link.places] == ["一园", "区"]
    assert [(f["subject"], f["predicate"], f["object"]) for f in link.relations] == [("a", "cooperatesWith", "c")]
    assert [(f["subject"], f["predicate"], f["object"]) for f in link.colocation] == [
        ("a", "locatedIn", "P1"), ("c", "locatedIn", "P3"), ("P3", "belongsTo", "P1")]
    assert link.colocation[2]["evidence"][0]["sentence"] == "分园属于一园。"
    assert link.confidence == 0.7  # the weakest step: 分园属于一园


def test_building_link_confidence_includes_the_neighbour_fact(G):
    (link,) = neighbor_chain_links(G, level="building")
    assert link.places == [] and link.confidence == 0.6
    assert [f["predicate"] for f in link.colocation] == ["neighborOf"]


def test_scope_to_a_park_or_a_zone(G):
    assert pairs(neighbor_chain_links(G, park="P1", level="park")) == [("A", "B", "park"), ("A", "C", "park")]
    assert pairs(neighbor_chain_links(G, park="P2", level="zone")) == []
    assert pairs(neighbor_chain_links(G, zone="Z", level="zone")) == [
        ("A", "B", "park"), ("A", "C", "park"), ("A", "D", "zone"), ("D", "E", "zone")]


def test_shares_per_park_and_zone(G):
    rows = [(s.label, s.type, s.enterprises, s.with_partner, s.share)
            for s in park_shares(G, neighbor_chain_links(G, level="park"))]
    assert rows == [("区", "Zone", 5, 3, 0.6), ("一园", "Park", 3, 3, 1.0),
                    ("一园分园", "Park", 1, 0, 0.0), ("二园", "Park", 1, 0, 0.0)]


def test_shares_scoped_to_a_park_list_it_and_its_sub_parks(G):
    report = neighbor_report(G, park="P1")
    assert [(s.label, s.with_partner) for s in report.places] == [("一园", 3), ("一园分园", 0)]
    assert report.to_dict()["links"][0]["relations"][0]["evidence"][0]["sentence"] == "A为B供货。"


def test_building_partners_count_in_their_own_places():
    G = graph_from_triples([("P", "Park", "园"), ("a", "Enterprise", "A"), ("b", "Enterprise", "B")],
                           [("a", "locatedIn", "P"), ("a", "cooperatesWith", "b"), ("a", "neighborOf", "b")])
    assert [(s.enterprises, s.with_partner) for s in park_shares(G, neighbor_chain_links(G))] == [(1, 1)]
    assert pairs(neighbor_chain_links(G, park="P")) == [("A", "B", "building")]


@pytest.mark.parametrize("kwargs,message", [
    ({"park": "P1", "zone": "Z"}, "not both"),
    ({"park": "Z"}, "not a Park"),
    ({"zone": "P1"}, "not a Zone"),
    ({"park": "nowhere"}, "not in the graph"),
    ({"level": "floor"}, "level must be"),
])
def test_bad_scopes_are_refused(G, kwargs, message):
    with pytest.raises(AnalysisInputError, match=message):
        neighbor_chain_links(G, **kwargs)


def test_the_graph_is_not_changed(G):
    before = copy.deepcopy(G)
    neighbor_report(G, zone="Z", level="zone")
    assert nx.utils.graphs_equal(before, G)
