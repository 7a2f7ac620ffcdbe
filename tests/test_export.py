"""kg.build.export and the entities graph's Turtle (kg.build.rdf.item_turtle): streamed, reusable, and exactly the store's triples."""
from __future__ import annotations

import io

import pyoxigraph as ox
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.build.export import write_graph_file, write_union
from kg.build.rdf import article_item, item_quads, item_turtle, items_turtle
from kg.build.store import dump

KG = "https://w3id.org/kg/ontology#"
G1, G2, G3 = (ox.NamedNode(f"https://w3id.org/kg/id/graph/article/{n}") for n in ("a", "b", "c"))
S = ox.NamedNode("https://w3id.org/kg/id/enterprise/甲公司")
O = ox.NamedNode("https://w3id.org/kg/id/enterprise/乙公司")


def _store(extra: str = "") -> ox.Store:
    store = ox.Store()
    for g in (G1, G2, G3):
        store.add(ox.Quad(S, ox.NamedNode(KG + "supplies"), O, g))  # the same triple in three graphs
        store.add(ox.Quad(S, ox.NamedNode(KG + "rule"), ox.Literal(f"{g.value[-1]}{extra}"), g))
    return store


def _union(store: ox.Store) -> Graph:
    nt = "".join(f"{q.subject} {q.predicate} {q.object} .\n" for q in store)
    return Graph().parse(data=nt, format="nt")


def test_union_turtle_and_ntriples_hold_each_triple_once_as_a_graph():
    store = _store()
    for fmt, parse_as in (("ttl", "turtle"), ("nt", "nt")):
        buf = io.BytesIO()
        dump(store, fmt, buf)
        graph = Graph().parse(data=buf.getvalue().decode(), format=parse_as)
        assert len(graph) == 4       # supplies once, three rules
        assert isomorphic(graph, _union(store))


def test_graph_file_reusing_unchanged_ranges_equals_a_fresh_write(tmp_path):
    before, after = _store(), _store()
    after.remove_graph(G2)
    after.add(ox.Quad(S, ox.NamedNode(KG + "rule"), ox.Literal("新的\"规则\"\n"), G2))
    old = tmp_path / "old.ttl"
    ranges = write_graph_file(before, old)
    assert sorted(ranges) == [G1.value, G2.value, G3.value]
    reused = tmp_path / "reused.ttl"
    write_graph_file(after, reused, old, {g: r for g, r in ranges.items() if g != G2.value})
    fresh = tmp_path / "fresh.ttl"
    write_graph_file(after, fresh)
    assert reused.read_bytes() == fresh.read_bytes()
    assert isomorphic(Graph().parse(fresh, format="turtle"), _union(after))


def test_graph_file_takes_a_graphs_turtle_from_the_caller(tmp_path):
    store = _store()
    text = b'<https://w3id.org/kg/id/enterprise/\xe7\x94\xb2\xe5\x85\xac\xe5\x8f\xb8> kg:rule "x" .\n'
    write_graph_file(store, tmp_path / "g.ttl", written={G1.value: text})
    graph = Graph().parse(tmp_path / "g.ttl", format="turtle")
    assert {str(o) for o in graph.objects()} == {str(O.value), "b", "c", "x"}


def test_write_union_of_an_empty_store_is_just_the_prefixes():
    buf = io.BytesIO()
    write_union(ox.Store(), "ttl", buf)
    assert len(Graph().parse(data=buf.getvalue().decode(), format="turtle")) == 0


TRICKY = ['引号"与\\反斜杠', "换行\n回车\r制表\t", "控制\x01字符", "普通"]


def _item_graph(items) -> Graph:
    store = ox.Store()
    store.extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for i in items for q in item_quads(i))
    return _union(store)


def test_item_turtle_states_exactly_the_items_quads():
    items = [
        ("entity", "Enterprise", "甲\"公司", tuple(sorted(TRICKY))),
        ("entity", "Zone", "乙高新区", ()),
        article_item("a1", [("a1", TRICKY[0], "c/a1.txt", "2025-01-02", "科技日报", "abc")]),
        article_item("a2", [("a2", "", "", "", "", ""), ("a2", "标题", "x/a2.txt", "", "", "d")]),
    ]
    prefixes = ("@prefix kg: <https://w3id.org/kg/ontology#> .\n"
                "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
                "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n")
    for item in items:
        parsed = Graph().parse(data=prefixes + item_turtle(item), format="turtle")
        assert isomorphic(parsed, _item_graph([item])), item
    assert items_turtle(items) == items_turtle(reversed(items))
