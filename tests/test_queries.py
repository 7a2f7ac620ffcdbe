"""The named-query library: headers, parameters, exact rows on a tiny graph and on the corpus."""
from __future__ import annotations

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from kg.build.derive import write_derived
from kg.build.rdf import article_quads, entity_quads, relation_quads
from kg.cli import app
from kg.errors import InputError, NameResolutionError
from kg.model import Article, Entity, Relation
from kg.sparql.queries import (NamedQuery, Param, bind_parameters, list_queries, load_query, named_query, parse_param,
                               parse_query_file, run_named)
from kg.sparql.run import inject_values, materialize, run_query
from kg.vocab import entity_iri

ENTITIES = {e.name: e for e in [
    Entity("潍坊高新区", "Zone"), Entity("长沙高新区", "Zone"),
    Entity("光电产业园", "Park", frozenset({"光电园"})), Entity("孵化器", "Park"),
    Entity("甲科技有限公司", "Enterprise", frozenset({"甲科技"})),
    Entity("乙机械有限公司", "Enterprise"), Entity("丙动力股份有限公司", "Enterprise", frozenset({"丙动力"})),
    Entity("丁材料有限公司", "Enterprise"), Entity("光电", "Industry"), Entity("张三", "Person"),
    Entity("激光器", "Product"),
]}
FACTS = [  # subject, predicate, object, the sentence that states it
    ("光电产业园", "belongsTo", "潍坊高新区", "光电产业园是潍坊高新区的园区。"),
    ("孵化器", "belongsTo", "光电产业园", "孵化器在光电产业园内。"),
    ("甲科技有限公司", "locatedIn", "孵化器", "甲科技有限公司入驻孵化器。"),
    ("乙机械有限公司", "locatedIn", "光电产业园", "乙机械有限公司位于光电产业园。"),
    ("丙动力股份有限公司", "locatedIn", "潍坊高新区", "丙动力股份有限公司落户潍坊高新区。"),
    ("丁材料有限公司", "locatedIn", "长沙高新区", "丁材料有限公司落户长沙高新区。"),
    ("甲科技有限公司", "supplies", "乙机械有限公司", "甲科技有限公司为乙机械有限公司配套。"),
    ("乙机械有限公司", "supplies", "丙动力股份有限公司", "乙机械有限公司为丙动力股份有限公司供货。"),
    ("丁材料有限公司", "supplies", "丙动力股份有限公司", "丁材料有限公司为丙动力股份有限公司供货。"),
    ("乙机械有限公司", "cooperatesWith", "甲科技有限公司", "乙机械有限公司与甲科技有限公司合作。"),
    ("光电产业园", "hasIndustry", "光电", "光电产业园主攻光电产业。"),
    ("丁材料有限公司", "hasIndustry", "光电", "丁材料有限公司从事光电产业。"),
    ("张三", "worksFor", "甲科技有限公司", "甲科技有限公司总经理张三说。"),
    ("甲科技有限公司", "produces", "激光器", "甲科技有限公司生产激光器。"),
]


def tiny_store() -> ox.Store:
    """A graph in the build's layout (entities graph, one article graph with assertions, derived links)."""
    text = "".join(f[3] for f in FACTS)
    article = Article.from_text("a1", text, title="测试")
    store = ox.Store()
    store.bulk_extend(entity_quads(ENTITIES.values()))
    store.bulk_extend(article_quads(article))
    start = 0
    for s, p, o, sentence in FACTS:
        rel = Relation(s, p, o, "a1", start, start + len(sentence), "test", 0.9,
                       ENTITIES[s].type, ENTITIES[o].type)
        store.bulk_extend(relation_quads(rel, article, ENTITIES[s], ENTITIES[o]))
        start += len(sentence)
    write_derived(store)
    return store


@pytest.fixture(scope="module")
def store() -> ox.Store:
    return tiny_store()


def values(result) -> list[tuple]:
    return [tuple(t.value if t is not None else None for t in row) for row in result.rows]


def iri(name: str) -> str:
    return entity_iri(ENTITIES[name].type, name)


def run(store, name, **params):
    return run_named(store, named_query(name), params)


# ---------------------------------------------------------------- the library itself

def test_every_query_has_a_title_description_and_example():
    names = [q.name for q in list_queries()]
    assert names == sorted(names) and len(names) >= 10
    for q in list_queries():
        assert q.title and q.description and q.examples, q.name
        assert all(e.startswith(f"kg query {q.name}") for e in q.examples)


def test_parameters_are_projected_so_substitution_can_bind_them():
    for q in list_queries():
        select = q.text[q.text.index("SELECT"):q.text.index("WHERE")]
        for p in q.params:
            assert f"?{p.name}" in select, (q.name, p.name)


def test_header_parsing_keeps_continuation_lines_and_the_text():
    text = "# title: T\n# description: one\n#   two\n# param: x Zone|Park?  where\nSELECT ?x { ?x ?p ?o }"
    q = parse_query_file("t", text)
    assert (q.title, q.description, q.text) == ("T", "one two", text)
    assert q.params == (Param("x", "Zone|Park", True, "where"),)
    assert q.params[0].types == ("Zone", "Park") and q.param("y") is None


@pytest.mark.parametrize("spec", ["x Factory  a bad type", "= nothing"])
def test_bad_parameter_declarations_are_refused(spec):
    with pytest.raises(InputError):
        parse_param(spec)


def test_unknown_named_query_lists_the_known_ones():
    with pytest.raises(InputError, match="neighbor-chain"):
        named_query("no-such-query")


def test_load_query_tells_names_files_and_text_apart(tmp_path):
    f = tmp_path / "mine.rq"
    f.write_text("# param: e any  an entity\nSELECT ?e { ?e ?p ?o }", encoding="utf-8")
    assert load_query(str(f)).params[0].name == "e"
    assert load_query("summary").name == "summary"
    assert load_query("SELECT * { ?s ?p ?o }").name == "query"
    with pytest.raises(InputError, match="cannot read"):
        load_query(str(tmp_path / "missing.rq"))


# ---------------------------------------------------------------- parameters

def test_names_resolve_through_labels_and_aliases(store):
    bound = bind_parameters(store, named_query("suppliers-of"), {"entity": "丙动力"})
    assert bound == {"entity": ox.NamedNode(iri("丙动力股份有限公司"))}


def test_ambiguous_and_unknown_names_raise(store):
    with pytest.raises(NameResolutionError, match="ambiguous") as err:
        bind_parameters(store, named_query("relations-of"), {"entity": "有限公司"})
    assert "甲科技有限公司 (Enterprise)" in err.value.candidates
    with pytest.raises(NameResolutionError, match="no entity"):
        bind_parameters(store, named_query("relations-of"), {"entity": "不存在的公司"})


def test_parameter_types_restrict_resolution(store):
    # "光电" is both an industry and part of a park's name; a park parameter finds the park
    assert bind_parameters(store, named_query("parks-of"), {"zone": "光电"}) == {
        "zone": ox.NamedNode(iri("光电产业园"))}
    assert bind_parameters(store, named_query("by-industry"), {"industry": "光电"}) == {
        "industry": ox.NamedNode(iri("光电"))}


def test_missing_unknown_and_bad_parameters_raise(store):
    with pytest.raises(InputError, match="needs --param entity"):
        bind_parameters(store, named_query("suppliers-of"), {})
    with pytest.raises(InputError, match="no parameter 'x'"):
        bind_parameters(store, named_query("suppliers-of"), {"entity": "丙动力", "x": "1"})
    with pytest.raises(InputError, match="unknown predicate"):
        bind_parameters(store, named_query("evidence"), {"entity": "丙动力", "predicate": "likes"})
    with pytest.raises(InputError, match="not a valid IRI"):
        bind_parameters(store, named_query("relations-of"), {"entity": "http://x/a b"})


def test_text_and_predicate_parameters_are_literals_and_iris(store):
    bound = bind_parameters(store, named_query("evidence"), {"entity": "丁材料有限公司", "predicate": "supplies"})
    assert bound["predicate"] == ox.NamedNode("https://w3id.org/kg/ontology#supplies")
    assert bind_parameters(store, named_query("search"), {"text": 'a"b'}) == {"text": ox.Literal('a"b')}


# ---------------------------------------------------------------- exact rows on the tiny graph

def test_enterprises_in_a_zone_go_through_nested_parks(store):
    assert values(run(store, "enterprises-in", place="潍坊高新区")) == [
        (iri("丙动力股份有限公司"), "丙动力股份有限公司", iri("潍坊高新区"), "潍坊高新区"),
        (iri("乙机械有限公司"), "乙机械有限公司", iri("光电产业园"), "光电产业园"),
        (iri("甲科技有限公司"), "甲科技有限公司", iri("孵化器"), "孵化器"),
    ]
    assert [r[1] for r in values(run(store, "enterprises-in", place="光电园"))] == ["乙机械有限公司", "甲科技有限公司"]


def test_parks_of_a_zone(store):
    assert [(r[1], r[3]) for r in values(run(store, "parks-of", zone="潍坊高新区"))] == [
        ("光电产业园", "潍坊高新区"), ("孵化器", "光电产业园")]


def test_suppliers_direct_and_transitive(store):
    rows = values(run(store, "suppliers-of", entity="丙动力"))
    assert [(r[1], r[2], r[4]) for r in rows] == [
        ("丁材料有限公司", "true", "丙动力股份有限公司"),
        ("乙机械有限公司", "true", "丙动力股份有限公司"),
        ("甲科技有限公司", "false", "乙机械有限公司"),
    ]


def test_customers_direct_and_transitive(store):
    rows = values(run(store, "customers-of", entity="甲科技"))
    assert [(r[1], r[2], r[4]) for r in rows] == [
        ("乙机械有限公司", "true", "甲科技有限公司"),
        ("丙动力股份有限公司", "false", "乙机械有限公司"),
    ]


def test_neighbor_chain_pairs_with_their_most_specific_shared_place(store):
    rows = [(r[1], r[2], r[4], r[6], r[7]) for r in values(run(store, "neighbor-chain"))]
    assert rows == [
        ("乙机械有限公司", "cooperatesWith", "甲科技有限公司", "光电产业园", "park"),
        ("甲科技有限公司", "supplies", "乙机械有限公司", "光电产业园", "park"),
        ("乙机械有限公司", "supplies", "丙动力股份有限公司", "潍坊高新区", "zone"),
    ]  # 丁 (长沙) → 丙 (潍坊) is a supply link but not a neighbour one
    inside = [(r[1], r[4]) for r in values(run(store, "neighbor-chain", within="光电产业园"))]
    assert inside == [("乙机械有限公司", "甲科技有限公司"), ("甲科技有限公司", "乙机械有限公司")]


def test_evidence_sentences_of_a_relation(store):
    result = run(store, "evidence", entity="丙动力", other="乙机械有限公司")
    assert result.variables[:4] == ("subjectName", "relation", "objectName", "sentence")
    assert [r[:5] + r[7:] for r in values(result)] == [
        ("乙机械有限公司", "supplies", "丙动力股份有限公司", "乙机械有限公司为丙动力股份有限公司供货。",
         "a1", "test", "0.9")]
    only = values(run(store, "evidence", entity="乙机械有限公司", predicate="cooperatesWith"))
    assert [r[3] for r in only] == ["乙机械有限公司与甲科技有限公司合作。"]


def test_enterprises_by_industry_direct_and_through_their_park(store):
    assert [(r[1], r[3]) for r in values(run(store, "by-industry", industry="光电"))] == [
        ("丁材料有限公司", None), ("乙机械有限公司", "光电产业园"), ("甲科技有限公司", "光电产业园")]


def test_people_and_posts(store):
    assert [r[1:] for r in values(run(store, "people-of", entity="甲科技"))] == [
        ("张三", "总经理", "甲科技有限公司总经理张三说。")]


def test_relations_of_an_entity(store):
    rows = [r[:2] + r[3:] for r in values(run(store, "relations-of", entity="乙机械有限公司"))]
    assert rows == [
        ("→", "cooperatesWith", "甲科技有限公司", "Enterprise"),
        ("→", "locatedIn", "光电产业园", "Park"),
        ("←", "supplies", "甲科技有限公司", "Enterprise"),
        ("→", "supplies", "丙动力股份有限公司", "Enterprise"),
    ]


def test_search_and_summary(store):
    assert [r[1:3] for r in values(run(store, "search", text="动力"))] == [("丙动力股份有限公司", "Enterprise")]
    summary = {(r[0], r[1]): int(r[2]) for r in values(run(store, "summary"))}
    assert summary[("entities", "Enterprise")] == 4 and summary[("entities", "Article")] == 1
    assert summary[("relations", "supplies")] == 3 and summary[("relations", "belongsTo")] == 2


# ---------------------------------------------------------------- binding as terms

def test_substitution_and_values_clause_give_the_same_rows(store):
    """The embedded store binds by substitution, endpoints by VALUES: same answers."""
    args = {"enterprises-in": {"place": "潍坊高新区"}, "parks-of": {"zone": "潍坊高新区"},
            "suppliers-of": {"entity": "丙动力"}, "customers-of": {"entity": "甲科技"},
            "neighbor-chain": {"within": "潍坊高新区"}, "evidence": {"entity": "乙机械有限公司"},
            "by-industry": {"industry": "光电"}, "people-of": {"entity": "甲科技"},
            "relations-of": {"entity": "甲科技"}, "search": {"text": "有限"}, "summary": {}}
    assert set(args) == {q.name for q in list_queries()}
    for name, given in args.items():
        q = named_query(name)
        bound = bind_parameters(store, q, given)
        by_subs = run_query(store, q.text, bound, binding="substitution")
        by_values = materialize(store.query(inject_values(q.text, bound), use_default_graph_as_union=True))
        assert by_subs.rows == by_values.rows and by_subs.rows, name


INJECTIONS = ['x" } ; DROP ALL ; #', "x' } } DELETE WHERE { ?s ?p ?o } #", 'x\\" } #', "x\\u0022 } #", "}{"]


@pytest.mark.parametrize("value", INJECTIONS)
def test_a_hostile_text_value_is_one_literal(store, value):
    before = len(store)
    q = named_query("search")
    assert run_named(store, q, {"text": value}).rows == ()
    text = inject_values(q.text, bind_parameters(store, q, {"text": value}))
    assert materialize(store.query(text, use_default_graph_as_union=True)).rows == ()
    assert len(store) == before


def test_a_hostile_name_resolves_to_nothing(store):
    with pytest.raises(NameResolutionError, match="no entity"):
        run(store, "relations-of", entity='x" } ; DROP ALL ; #')


def test_ad_hoc_queries_take_parameters_too(store):
    q = NamedQuery("q", "q", "", (), (), "SELECT ?n ?e WHERE { ?e rdfs:label ?n }")
    assert values(run_named(store, q, {"e": "丙动力"})) == [("丙动力股份有限公司", iri("丙动力股份有限公司"))]


# ---------------------------------------------------------------- on the corpus graph

@pytest.fixture(scope="module")
def corpus_store(corpus_build):
    from kg.graph.store import open_store
    return open_store(corpus_build)


CORPUS_EXPECTED = [  # (query, params, column, a value that must be among the answers)
    ("suppliers-of", {"entity": "潍柴动力"}, "name", "龙口中宇机械有限公司"),
    ("customers-of", {"entity": "龙口中宇机械有限公司"}, "name", "潍柴动力股份有限公司"),
    ("parks-of", {"zone": "潍坊高新区"}, "name", "潍坊高新区光电产业园"),
    ("parks-of", {"zone": "潍坊高新区"}, "name", "潍柴国际配套产业园"),
    ("parks-of", {"zone": "长沙高新区"}, "name", "长沙高新区麓谷产业园"),
    ("enterprises-in", {"place": "潍柴国际配套产业园"}, "name", "龙口中宇机械有限公司"),
    ("enterprises-in", {"place": "潍坊高新区"}, "name", "龙口中宇机械有限公司"),
    ("evidence", {"entity": "龙口中宇", "other": "潍柴动力"}, "relation", "supplies"),
    ("by-industry", {"industry": "生物医药"}, "name", "神威药业"),
    ("people-of", {"entity": "山东环科环保"}, "post", "副总经理"),
    ("people-of", {"entity": "潍坊高新区"}, "name", "宋赤锋"),
    ("relations-of", {"entity": "山东天维膜"}, "otherName", "扩散渗析膜技术"),
    ("search", {"text": "潍柴"}, "name", "潍柴动力股份有限公司"),
    ("neighbor-chain", {}, "bName", "潍柴动力股份有限公司"),
    ("neighbor-chain", {"within": "潍坊高新区"}, "aName", "山东天维膜技术有限公司"),
]


@pytest.mark.parametrize("name,params,column,expected", CORPUS_EXPECTED,
                         ids=[f"{c[0]}-{c[3]}" for c in CORPUS_EXPECTED])
def test_named_queries_on_the_corpus(corpus_store, name, params, column, expected):
    result = run_named(corpus_store, named_query(name), params)
    answers = [rec[column] for rec in result.records()]
    assert expected in answers


def test_corpus_evidence_quotes_the_article(corpus_store):
    rec = run_named(corpus_store, named_query("evidence"),
                    {"entity": "龙口中宇机械有限公司", "predicate": "supplies"}).records()
    assert any("龙口中宇机械有限公司就近为潍柴动力股份有限公司配套" in r["sentence"] for r in rec)
    assert {r["article"] for r in rec} == {"000_343f651354c9e888"}


def test_corpus_summary_counts_the_articles(corpus_store):
    rec = run_named(corpus_store, named_query("summary"), {}).records()
    assert {"kind": "entities", "name": "Article", "count": "5"} in rec


# ---------------------------------------------------------------- the CLI

runner = CliRunner()


def test_cli_list_and_named_query(corpus_build):
    out = runner.invoke(app, ["query", "--list"])
    assert out.exit_code == 0 and "neighbor-chain" in out.stdout and "place=Zone|Park" in out.stdout
    out = runner.invoke(app, ["query", "suppliers-of", "--param", "entity=潍柴动力", "--store",
                              str(corpus_build), "--format", "csv"])
    assert out.exit_code == 0, out.output
    assert out.stdout.splitlines()[0] == "supplier,name,direct,via,viaName"
    assert "龙口中宇机械有限公司,true" in out.stdout


def test_cli_ambiguous_name_lists_candidates_and_exits_3(corpus_build):
    out = runner.invoke(app, ["query", "people-of", "-p", "entity=潍坊", "--store", str(corpus_build)])
    assert out.exit_code == 3
    assert out.stderr.startswith("kg: error: '潍坊' is ambiguous") and "潍坊高新区 (Zone)" in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("args,message", [
    (["suppliers-of"], "needs --param entity"),
    (["suppliers-of", "-p", "entity"], "NAME=VALUE"),
    (["no-such-query"], "no named query"),
    (["summary", "--format", "xml"], "unknown format"),
    ([], "give a query"),
])
def test_cli_usage_errors_exit_2(corpus_build, args, message):
    out = runner.invoke(app, ["query", *args, "--store", str(corpus_build)])
    assert out.exit_code == 2 and message in out.stderr and "Traceback" not in out.output
