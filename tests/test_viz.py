"""kg.viz.view, kg.viz.select, kg.viz.layout, kg.viz.page and `kg viz` (no browser: see test_viz_browser.py)."""
from __future__ import annotations

import html
import json
import re

import networkx as nx
import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from kg.cli import app
from kg.errors import InputError, NameResolutionError, StoreError
from kg.graph.read import graph_from_triples, to_networkx
from kg.viz.layout import layout
from kg.viz.page import FONT_STACK
from kg.viz.select import SelectionError, area_members, drop_isolated, relevance_order, select_area, select_entity, trim
from kg.viz.view import PHYSICS_LIMIT, View, neighbor_chain_levels, render_html, view, vis_edges, vis_nodes, vis_options
from kg.vocab import GRAPH_ENTITIES, KG, PROV, RDF, RDFS, SKOS, article_graph, article_iri, entity_iri

EVIL = "<script>alert(1)</script>"
ENTITIES = [
    ("Zone", "潍坊高新区", ()),
    ("Park", "潍坊高新区光电产业园", ()),
    ("Park", "潍坊高新区生物医药产业园", ("潍坊生物医药产业园",)),
    ("Enterprise", "山东环科环保科技有限公司", ("山东环科环保",)),
    ("Enterprise", "山东天维膜技术有限公司", ("山东天维膜",)),
    ("Enterprise", "潍柴动力股份有限公司", ("潍柴动力",)),
    ("Enterprise", EVIL, ()),
    ("Person", "康美丽", ()),
    ("Enterprise", "孤立公司", ()),
]
TRIPLES = [
    ("潍坊高新区光电产业园", "belongsTo", "潍坊高新区", "光电产业园是潍坊高新区的园区。"),
    ("潍坊高新区生物医药产业园", "belongsTo", "潍坊高新区", "生物医药产业园在潍坊高新区。"),
    ("山东环科环保科技有限公司", "locatedIn", "潍坊高新区生物医药产业园", "环科环保入驻生物医药产业园。"),
    ("山东天维膜技术有限公司", "locatedIn", "潍坊高新区生物医药产业园", "天维膜位于生物医药产业园。"),
    ("山东天维膜技术有限公司", "neighborOf", "山东环科环保科技有限公司", "两家“邻居”一拍即合。"),
    ("山东环科环保科技有限公司", "cooperatesWith", "山东天维膜技术有限公司", "两家“邻居”一拍即合，合作研发。"),
    (EVIL, "supplies", "潍柴动力股份有限公司", "<b>x</b> & " + EVIL + "为潍柴配套。"),
    ("潍柴动力股份有限公司", "locatedIn", "潍坊高新区光电产业园", "潍柴位于光电产业园。"),
    ("康美丽", "worksFor", "山东环科环保科技有限公司", "康美丽是环科环保总经理。"),
]
TYPES = {name: type_ for type_, name, _ in ENTITIES}


def iri(name: str) -> str:
    return entity_iri(TYPES[name], name)


def make_store(entities=ENTITIES, triples=TRIPLES, article="a1", title="标题 <i>t</i>") -> ox.Store:
    """A store laid out as docs/architecture.md says: entities graph + one article graph."""
    N, g = ox.NamedNode, ox.NamedNode(str(GRAPH_ENTITIES))
    store = ox.Store()
    art = N(article_iri(article))
    store.add(ox.Quad(art, N(str(RDF.type)), N(str(KG.Article)), g))
    store.add(ox.Quad(art, N(str(KG.articleId)), ox.Literal(article), g))
    store.add(ox.Quad(art, N(str(RDFS.label)), ox.Literal(title), g))
    for type_, name, aliases in entities:
        e = N(entity_iri(type_, name))
        store.add(ox.Quad(e, N(str(RDF.type)), N(str(KG[type_])), g))
        store.add(ox.Quad(e, N(str(RDFS.label)), ox.Literal(name), g))
        for alias in aliases:
            store.add(ox.Quad(e, N(str(SKOS.altLabel)), ox.Literal(alias), g))
    ag = N(article_graph(article))
    for i, (s, p, o, sentence) in enumerate(triples):
        s_, p_, o_ = N(iri(s)), N(str(KG[p])), N(iri(o))
        a = N(f"https://w3id.org/kg/id/assertion/t{i}")
        store.add(ox.Quad(s_, p_, o_, ag))
        for pred, obj in ((RDF.type, N(str(KG.Assertion))), (RDF.subject, s_), (RDF.predicate, p_),
                          (RDF.object, o_), (PROV.wasDerivedFrom, art), (KG.sentence, ox.Literal(sentence)),
                          (KG.sourceStart, ox.Literal(str(i * 10), datatype=N(str(KG_XSD_INT)))),
                          (KG.sourceEnd, ox.Literal(str(i * 10 + 9), datatype=N(str(KG_XSD_INT)))),
                          (KG.rule, ox.Literal("test")),
                          (KG.confidence, ox.Literal("0.9", datatype=N(str(KG_XSD_DEC))))):
            store.add(ox.Quad(a, N(str(pred)), obj, ag))
    return store


KG_XSD_INT = "http://www.w3.org/2001/XMLSchema#integer"
KG_XSD_DEC = "http://www.w3.org/2001/XMLSchema#decimal"


@pytest.fixture(scope="module")
def store() -> ox.Store:
    return make_store()


@pytest.fixture(scope="module")
def G(store) -> nx.MultiDiGraph:
    return to_networkx(store)


# --- selection ------------------------------------------------------------------------------

def test_select_entity_follows_links_both_ways(G):
    labels = lambda sub: sorted(G.nodes[n]["label"] for n in sub)
    assert labels(select_entity(G, iri("潍柴动力股份有限公司"), 0)) == ["潍柴动力股份有限公司"]
    assert labels(select_entity(G, iri("潍柴动力股份有限公司"), 1)) == [
        EVIL, "潍坊高新区光电产业园", "潍柴动力股份有限公司"]
    assert len(select_entity(G, iri("潍柴动力股份有限公司"), 2)) == 4


def test_select_entity_rejects_unknown_node_and_negative_hops(G):
    with pytest.raises(SelectionError, match="not in the graph"):
        select_entity(G, "https://w3id.org/kg/id/enterprise/nobody")
    with pytest.raises(SelectionError, match="--hops"):
        select_entity(G, iri("康美丽"), -1)
    with pytest.raises(SelectionError, match="--hops"):
        select_area(G, iri("潍坊高新区"), -1)


def test_area_members_of_zone_and_park(G):
    zone = {G.nodes[n]["label"] for n in area_members(G, iri("潍坊高新区"))}
    assert zone == {"潍坊高新区", "潍坊高新区光电产业园", "潍坊高新区生物医药产业园", "潍柴动力股份有限公司",
                    "山东环科环保科技有限公司", "山东天维膜技术有限公司"}
    park = {G.nodes[n]["label"] for n in select_area(G, iri("潍坊高新区生物医药产业园"), hops=0)}
    assert park == {"潍坊高新区生物医药产业园", "山东环科环保科技有限公司", "山东天维膜技术有限公司"}
    park1 = {G.nodes[n]["label"] for n in select_area(G, iri("潍坊高新区生物医药产业园"), hops=1)}
    assert park1 == park | {"潍坊高新区", "康美丽"}


def test_drop_isolated_keeps_seeds(G):
    sub, note = drop_isolated(G)
    assert iri("孤立公司") not in sub and note == "left out 1 entity with no relation"
    sub, note = drop_isolated(G, keep=[iri("孤立公司")])
    assert iri("孤立公司") in sub and note == ""


def test_relevance_order_and_trim_note():
    G = graph_from_triples([(n, "Enterprise", n.upper()) for n in "abcde"] + [("p", "Park", "P")],
                           [("a", "supplies", "b"), ("c", "supplies", "b"), ("b", "locatedIn", "p"),
                            ("d", "supplies", "e")])
    assert relevance_order(G) == ["b", "a", "c", "p", "d", "e"]  # largest component first
    assert relevance_order(G, seeds=["d"])[:2] == ["d", "e"]
    sub, note = trim(G, 3)
    assert sorted(sub) == ["a", "b", "c"]
    assert note == ("showing 3 of 6 nodes (most relevant first); "
                    "left out 3 nodes (Enterprise 2, Park 1) and 2 edges")
    assert trim(G, 6) == (G, "") and trim(G, None) == (G, "")
    with pytest.raises(SelectionError, match="at least 1"):
        trim(G, 0)


# --- layout ---------------------------------------------------------------------------------

def test_layout_is_deterministic_centred_and_separates_components():
    G = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("x", "y")])
    pos = layout(G)
    assert pos == layout(G) and set(pos) == set(G)
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    assert abs(min(xs) + max(xs)) < 1 and abs(min(ys) + max(ys)) < 1
    gap = min(((pos[u][0] - pos[v][0]) ** 2 + (pos[u][1] - pos[v][1]) ** 2) ** 0.5
              for u in "abc" for v in "xy")
    assert gap > 50


def test_layout_of_a_large_component_uses_the_radial_tree():
    G = nx.MultiDiGraph([(0, i) for i in range(1, 200)])
    pos = layout(G)
    assert len(pos) == 200 and len(set(pos.values())) == 200
    centre = pos[0]
    radii = {round(((x - centre[0]) ** 2 + (y - centre[1]) ** 2) ** 0.5) for n, (x, y) in pos.items() if n}
    assert len(radii) == 1  # every leaf on one ring around the hub


# --- vis data -------------------------------------------------------------------------------

def test_vis_nodes_style_by_type_and_size_by_degree(G):
    nodes = {n["name"]: n for n in vis_nodes(G, {iri("康美丽"): (1.0, 2.0)})}
    assert nodes["潍坊高新区"]["shape"] == "hexagon" and nodes["潍坊高新区"]["color"] == "#d62728"
    assert nodes["康美丽"]["shape"] == "diamond" and (nodes["康美丽"]["x"], nodes["康美丽"]["y"]) == (1.0, 2.0)
    assert nodes["山东环科环保科技有限公司"]["value"] == 5  # 4 links + 1
    assert nodes["山东天维膜技术有限公司"]["aliases"] == ["山东天维膜"]
    assert "x" not in nodes["潍坊高新区"]


def test_vis_edges_merge_symmetric_directions_and_mark_the_neighbor_chain():
    G = graph_from_triples(
        [("p", "Park", "园"), ("a", "Enterprise", "甲"), ("b", "Enterprise", "乙")],
        [("a", "locatedIn", "p", "甲在园里。"), ("b", "locatedIn", "p", "乙在园里。"),
         ("a", "cooperatesWith", "b", "甲乙合作。")], article="a1")
    G.add_edge("b", "a", key="cooperatesWith", evidence=[{"article": "a1", "sentence": "甲乙合作。", "start": 0},
                                                          {"article": "a1", "sentence": "又合作。", "start": 9}])
    G.graph["articles"] = {"a1": "某报道"}
    chain = neighbor_chain_levels(G)
    assert chain == {frozenset("ab"): "park"}
    edges = {e["predicate"]: e for e in vis_edges(G, chain=chain)}
    co = edges["cooperatesWith"]
    assert len([e for e in vis_edges(G, chain=chain) if e["predicate"] == "cooperatesWith"]) == 1
    assert co["arrows"] == "" and co["symmetric"] and co["width"] == 4 and co["chainLevel"] == "park"
    assert [ev["sentence"] for ev in co["evidence"]] == ["甲乙合作。", "又合作。"]
    assert co["evidence"][0]["title"] == "某报道" and co["label"] == "合作"
    assert edges["locatedIn"]["arrows"] == "to" and edges["locatedIn"]["width"] == 1.5
    assert "label" not in vis_edges(G, labels=False)[0]


def test_parallel_edges_are_bent_apart():
    G = graph_from_triples([("a", "Enterprise", "甲"), ("b", "Enterprise", "乙")],
                           [("a", "supplies", "b"), ("a", "cooperatesWith", "b")])
    first, second = vis_edges(G)
    assert "smooth" not in first and second["smooth"]["type"] in ("curvedCW", "curvedCCW")


def test_physics_only_for_small_views():
    assert vis_options(PHYSICS_LIMIT)["physics"]["enabled"] is True
    big = vis_options(PHYSICS_LIMIT + 1)
    assert big["physics"] == {"enabled": False} and big["edges"]["smooth"] is False
    assert big["layout"]["improvedLayout"] is False


# --- the page -------------------------------------------------------------------------------

RESOURCE = re.compile(r"""(?:\bsrc|\bhref)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?\s*(?:https?:)?//|@import""",
                      re.I)


def test_page_is_offline_escaped_and_names_a_cjk_font(G):
    page = render_html(G, title="标题 <b>x</b>", note="left out <i>3</i>")
    assert not RESOURCE.search(page), RESOURCE.search(page)
    assert "bootstrap" not in page.lower() and "cdnjs" not in page and "jsdelivr" not in page
    assert page.count("\n<script>") == 2 and "<script src" not in page  # vis-network and ours, nothing else
    assert EVIL not in page and "<b>x</b>" not in page and "<i>3</i>" not in page
    assert "标题 &lt;b&gt;x&lt;/b&gt;" in page and "left out &lt;i&gt;3&lt;/i&gt;" in page
    assert "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in page
    assert FONT_STACK.split(",")[0] in page and "WenQuanYi Zen Hei" in page
    assert 'data-type="Enterprise"' in page and 'data-predicate="neighborOf"' in page
    assert "6 nodes" not in page and f"{len(G)} nodes · 9 edges" in page


def test_page_carries_the_graph_as_json(G):
    page = render_html(G)
    data = json.loads(re.search(r"new vis\.DataSet\((\[.*?\])\);\nvar edges", page, re.S).group(1))
    assert {n["id"] for n in data} == set(G)
    assert "潍坊生物医药产业园" in page  # aliases are searchable (datalist)


def test_view_selects_resolves_and_trims(G, store):
    whole = view(G, store)
    assert (whole.nodes, whole.edges, whole.note) == (len(G) - 1, 9, "left out 1 entity with no relation")
    park = view(G, store, park="潍坊生物医药产业园", hops=0)
    assert (park.nodes, park.edges) == (3, 4) and "kg · 潍坊高新区生物医药产业园" in park.html
    small = view(G, store, entity="潍柴动力", hops=2, max_nodes=2)
    assert small.nodes == 2 and small.note.startswith("showing 2 of 4 nodes")
    zone = view(G, store, zone="潍坊高新区", hops=0)
    assert zone.nodes == 6


def test_view_failures(G, store):
    with pytest.raises(InputError, match="choose one"):
        view(G, store, entity="康美丽", park="潍坊高新区光电产业园")
    with pytest.raises(InputError, match="store is needed"):
        view(G, None, entity="康美丽")
    with pytest.raises(NameResolutionError, match="no entity"):
        view(G, store, entity="不存在的公司")
    with pytest.raises(NameResolutionError):
        view(G, store, park="潍坊高新区")  # a zone, not a park


def test_notebook_repr_is_a_sandboxed_escaped_iframe():
    shown = View("<p title='x'>\"q\"</p>", 1, 0)._repr_html_()
    assert shown.startswith('<iframe srcdoc="&lt;p title=&#x27;x&#x27;&gt;&quot;q&quot;&lt;/p&gt;"')
    assert 'sandbox="allow-scripts"' in shown
    assert html.unescape(shown.split('"')[1]) == "<p title='x'>\"q\"</p>"


# --- the command ----------------------------------------------------------------------------

runner = CliRunner()


def test_cli_viz_all_on_the_corpus(corpus_build, tmp_path):
    out = tmp_path / "all.html"
    result = runner.invoke(app, ["viz", "--all", "--store", str(corpus_build), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert re.fullmatch(rf"wrote {re.escape(str(out))} \(\d+ nodes, \d+ edges\)\n", result.stdout)
    assert "entities with no relation" in result.stderr
    page = out.read_text(encoding="utf-8")
    assert "潍坊高新区光电产业园" in page and not RESOURCE.search(page)


def test_cli_viz_zone_entity_and_max_nodes(corpus_build, tmp_path):
    out = tmp_path / "zone.html"
    result = runner.invoke(app, ["viz", "--zone", "潍坊高新区", "--hops", "0", "--store", str(corpus_build),
                                 "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "潍坊高新区光电产业园" in out.read_text(encoding="utf-8")
    result = runner.invoke(app, ["viz", "--entity", "山东天维膜技术有限公司", "--store", str(corpus_build),
                                 "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "山东环科环保科技有限公司" in page and '"chainLevel": "building"' in page
    result = runner.invoke(app, ["viz", "--park", "潍坊高新区生物医药产业园", "--group", "--store", str(corpus_build),
                                 "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert '"grouped": true' in out.read_text(encoding="utf-8")
    result = runner.invoke(app, ["viz", "--all", "--max-nodes", "5", "--store", str(corpus_build),
                                 "-o", str(out)])
    assert result.exit_code == 0 and "(5 nodes," in result.stdout
    assert "kg: showing 5 of" in result.stderr


@pytest.mark.parametrize("args, code, message", [
    ([], 2, "choose exactly one of --entity, --park, --zone or --all"),
    (["--all", "--zone", "潍坊高新区"], 2, "choose exactly one"),
    (["--entity", "没有这家公司"], 3, "no entity is called '没有这家公司'"),
    (["--park", "潍坊高新区"], 3, "'潍坊高新区' is ambiguous: "),  # a zone: parks containing the name match
])
def test_cli_viz_errors_are_one_line(corpus_build, tmp_path, args, code, message):
    result = runner.invoke(app, ["viz", *args, "--store", str(corpus_build), "-o", str(tmp_path / "x.html")])
    assert result.exit_code == code
    assert result.stderr == f"kg: error: {message}\n" or result.stderr.startswith(f"kg: error: {message}")
    assert "Traceback" not in result.output and not (tmp_path / "x.html").exists()


def test_cli_viz_without_a_store(tmp_path):
    result = runner.invoke(app, ["viz", "--all", "--store", str(tmp_path / "none")])
    assert result.exit_code == StoreError.exit_code
    assert result.stderr.startswith("kg: error: no built graph in")


def test_cli_viz_help_has_examples():
    result = runner.invoke(app, ["viz", "--help"])
    assert result.exit_code == 0
    assert "kg viz --all -o graph.html" in result.stdout and "--max-nodes" in result.stdout
