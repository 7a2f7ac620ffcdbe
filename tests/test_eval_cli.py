"""kg eval on a tiny build written the way `kg build` writes one: output, options, errors."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from kg.build.rdf import article_quads, entity_quads, relation_quads
from kg.build.store import commit_build, dump, write_new_store
from kg.cli import app
from kg.graph.store import open_store
from kg.model import Article, Entity, Relation

ZONE, PARK = "青石高新区", "青石高新区光谷产业园"
HUALAN, TAIHE, WUMING = "华澜精密机械有限公司", "泰禾动力股份有限公司", "无名物流有限公司"
ENTITIES = {e.name: e for e in [
    Entity(ZONE, "Zone"), Entity("光谷产业园", "Park"), Entity(HUALAN, "Enterprise", frozenset({"华澜精密"})),
    Entity(TAIHE, "Enterprise"), Entity(WUMING, "Enterprise"),
]}
FACTS = [
    (HUALAN, "locatedIn", "光谷产业园", "华澜精密位于光谷产业园。"),
    (TAIHE, "supplies", HUALAN, "泰禾动力股份有限公司为华澜精密供货。"),
    (WUMING, "locatedIn", ZONE, "无名物流有限公司落户青石高新区。"),
]
TEXT = "".join(f[3] for f in FACTS)
GOLD = {"doc": "n1.txt", "entities": [
    {"name": ZONE, "type": "Zone"}, {"name": PARK, "type": "Park", "aliases": ["光谷产业园"]},
    {"name": HUALAN, "type": "Enterprise", "aliases": ["华澜精密"]}, {"name": TAIHE, "type": "Enterprise"},
    {"name": "周明远", "type": "Person"},
], "triples": [
    {"s": PARK, "p": "belongsTo", "o": ZONE, "evidence": "光谷产业园隶属青石高新区"},
    {"s": HUALAN, "p": "locatedIn", "o": PARK},
    {"s": HUALAN, "p": "supplies", "o": TAIHE, "evidence": "华澜精密为泰禾动力供货"},
    {"s": "周明远", "p": "worksFor", "o": HUALAN, "evidence": "华澜精密董事长周明远"},
]}
SUMMARY = """\
predicate         gold  pred    tp      P      R     F1
belongsTo            1     0     0   0.00   0.00   0.00
cooperatesWith       0     0     0   0.00   0.00   0.00
hasIndustry          0     0     0   0.00   0.00   0.00
investsIn            0     0     0   0.00   0.00   0.00
locatedIn            1     2     1   0.50   1.00   0.67
neighborOf           0     0     0   0.00   0.00   0.00
produces             0     0     0   0.00   0.00   0.00
subsidiaryOf         0     0     0   0.00   0.00   0.00
supplies             1     1     0   0.00   0.00   0.00
worksFor             1     0     0   0.00   0.00   0.00
ALL                  4     3     1   0.33   0.25   0.29
entities: gold 5 typed-nodes 5 matched 4 P 0.80 R 0.80 F1 0.80 wrong-type 0
triple F1 0.286 (P 0.333 R 0.250)
"""
LISTS = """
missed triples (in the gold, not in the graph): 3
missed   华澜精密机械有限公司 supplies 泰禾动力股份有限公司
         “华澜精密为泰禾动力供货” [n1.json]
missed   周明远 worksFor 华澜精密机械有限公司
         (subject not in the graph)
         “华澜精密董事长周明远” [n1.json]
missed   青石高新区光谷产业园 belongsTo 青石高新区
         “光谷产业园隶属青石高新区” [n1.json]

spurious triples (in the graph, not in the gold; * = no gold entity has this name): 2
spurious 无名物流有限公司* locatedIn 青石高新区
         “无名物流有限公司落户青石高新区。” [n1 30–46 test 0.80]
spurious 泰禾动力股份有限公司 supplies 华澜精密机械有限公司
         “泰禾动力股份有限公司为华澜精密供货。” [n1 12–30 test 0.80]

entities missed: 1
entity missed Person 周明远

entities not in the gold: 1
entity extra Enterprise 无名物流有限公司
"""


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    article = Article.from_text("n1", TEXT, title="青石")
    quads = list(entity_quads(ENTITIES.values())) + list(article_quads(article))
    for s, p, o, sentence in FACTS:
        start = TEXT.index(sentence)
        rel = Relation(s, p, o, "n1", start, start + len(sentence), "test", 0.8,
                       ENTITIES[s].type, ENTITIES[o].type)
        quads += relation_quads(rel, article, ENTITIES[s], ENTITIES[o])
    path = tmp_path_factory.mktemp("tiny") / "out"
    commit_build(path, write_new_store(path, quads), {"build.json": "{}"})
    return path


@pytest.fixture(scope="module")
def gold(tmp_path_factory):
    folder = tmp_path_factory.mktemp("gold")
    (folder / "n1.json").write_text(json.dumps(GOLD, ensure_ascii=False), encoding="utf-8")
    return folder


def run(*args):
    return CliRunner().invoke(app, ["eval", *map(str, args)])


def test_table_then_lists_with_sentences(out, gold):
    result = run(gold, "--store", out)
    assert result.exit_code == 0, result.output
    assert result.stdout == SUMMARY + LISTS
    assert result.stderr == ""


def test_show_none_is_the_table_alone_and_out_is_an_alias_of_store(out, gold):
    result = run(gold, "--out", out, "--show", "none")
    assert result.exit_code == 0, result.output
    assert result.stdout == SUMMARY


def test_default_build_is_out_in_the_working_directory(out, gold, monkeypatch):
    monkeypatch.chdir(out.parent)
    assert out.name == "out"
    assert run(gold, "--show", "none").stdout == SUMMARY


def test_show_spurious_of_one_predicate(out, gold):
    result = run(gold, "--store", out, "--show", "spurious", "--predicate", "supplies")
    assert result.exit_code == 0, result.output
    assert result.stdout.removeprefix(SUMMARY) == (
        "\nspurious triples (in the graph, not in the gold; * = no gold entity has this name): 1\n"
        "spurious 泰禾动力股份有限公司 supplies 华澜精密机械有限公司\n"
        "         “泰禾动力股份有限公司为华澜精密供货。” [n1 12–30 test 0.80]\n")


def test_graph_file_instead_of_the_build(out, gold, tmp_path):
    ttl = tmp_path / "export.ttl"
    with ttl.open("wb") as f:
        dump(open_store(out), "ttl", f)
    result = run(gold, "--graph", ttl, "--store", tmp_path / "no-build-here")
    assert result.exit_code == 0, result.output
    assert result.stdout == SUMMARY + LISTS


def test_json(out, gold):
    result = run(gold, "--store", out, "--json", "--show", "missed")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["overall"]["tp"] == 1 and data["entities"]["tp"] == 4
    assert [(t["subject"], t["predicate"], t["note"]) for t in data["missed"]] == [
        (HUALAN, "supplies", ""), ("周明远", "worksFor", "subject not in the graph"), (PARK, "belongsTo", "")]
    assert data["spurious"] == [] and data["missed_entities"][0]["name"] == "周明远"


def test_gold_warnings_go_to_stderr(out, tmp_path):
    doc = {**GOLD, "triples": [*GOLD["triples"], {"s": HUALAN, "p": "ownedBy", "o": TAIHE}]}
    (tmp_path / "n1.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    result = run(tmp_path, "--store", out, "--show", "none")
    assert result.exit_code == 0 and result.stdout == SUMMARY
    assert result.stderr == f"kg: warning: n1.json: predicate 'ownedBy' is not scored ({HUALAN} ownedBy {TAIHE})\n"


@pytest.mark.parametrize("args, code, message", [
    (["{tmp}/nowhere", "--store", "{out}"], 2, "kg: error: gold folder not found: {tmp}/nowhere"),
    (["{tmp}", "--store", "{out}"], 2, "kg: error: no gold files (*.json) in {tmp}"),
    (["{gold}", "--store", "{tmp}"], 1, "kg: error: no built graph in {tmp}"),
    (["{gold}", "--store", "{tmp}/gone"], 1, "kg: error: no built graph in {tmp}/gone"),
    (["{gold}", "--graph", "{tmp}/x.ttl"], 2, "kg: error: graph file not found: {tmp}/x.ttl"),
    (["{gold}", "--store", "{out}", "--show", "few"], 2, "kg: error: --show must be one of all, missed, spurious, none"),
    (["{gold}", "--store", "{out}", "--predicate", "owns"], 2, "kg: error: unknown predicate 'owns'"),
])
def test_errors_are_one_line_and_an_exit_code(out, gold, tmp_path, args, code, message):
    fill = {"tmp": tmp_path, "out": out, "gold": gold}
    result = run(*(a.format(**fill) for a in args))
    assert result.exit_code == code
    assert result.stderr.startswith(message.format(**fill)), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and result.stdout == ""


def test_bad_gold_file_is_one_line(out, tmp_path):
    (tmp_path / "n1.json").write_text('{"entities": [], "triples": [', encoding="utf-8")
    result = run(tmp_path, "--store", out)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"kg: error: {tmp_path}/n1.json: not valid JSON:")
    assert "Traceback" not in result.output + result.stderr
