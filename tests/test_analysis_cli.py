"""kg chain / neighbors / partners / gaps / leaders on a tiny built store: text, JSON, errors."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from kg.build.rdf import article_quads, entity_quads, relation_quads
from kg.build.store import commit_build, write_new_store
from kg.cli import app
from kg.model import Article, Entity, Relation

ENTITIES = {e.name: e for e in [
    Entity("示范高新区", "Zone"), Entity("示范产业园", "Park", frozenset({"示范园"})),
    Entity("甲机械有限公司", "Enterprise", frozenset({"甲机械"})),
    Entity("乙动力股份有限公司", "Enterprise", frozenset({"乙动力"})),
    Entity("丙材料有限公司", "Enterprise"), Entity("离合器", "Product"), Entity("动力装备", "Industry"),
]}
FACTS = [
    ("示范产业园", "belongsTo", "示范高新区", "示范产业园是示范高新区的园区。"),
    ("甲机械有限公司", "locatedIn", "示范产业园", "甲机械有限公司位于示范产业园。"),
    ("乙动力股份有限公司", "locatedIn", "示范产业园", "乙动力股份有限公司入驻示范产业园。"),
    ("丙材料有限公司", "locatedIn", "示范高新区", "丙材料有限公司落户示范高新区。"),
    ("甲机械有限公司", "supplies", "乙动力股份有限公司", "甲机械有限公司为乙动力股份有限公司配套生产离合器。"),
    ("丙材料有限公司", "supplies", "甲机械有限公司", "丙材料有限公司为甲机械有限公司供货。"),
    ("甲机械有限公司", "produces", "离合器", "甲机械有限公司为乙动力股份有限公司配套生产离合器。"),
    ("示范高新区", "hasIndustry", "动力装备", "示范高新区的主导产业是动力装备。"),
]
TEXT = "".join(dict.fromkeys(f[3] for f in FACTS))
JIA_SUPPLIES_YI = FACTS[4][3]


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    """A build directory holding FACTS, written the way `kg build` writes one."""
    article = Article.from_text("t1", TEXT, title="示范")
    quads = list(entity_quads(ENTITIES.values())) + list(article_quads(article))
    for s, p, o, sentence in FACTS:
        start = TEXT.index(sentence)
        rel = Relation(s, p, o, "t1", start, start + len(sentence), "test", 0.9,
                       ENTITIES[s].type, ENTITIES[o].type)
        quads += relation_quads(rel, article, ENTITIES[s], ENTITIES[o])
    path = tmp_path_factory.mktemp("tiny") / "out"
    commit_build(path, write_new_store(path, quads), {"build.json": "{}"})
    return path


def run(out, *args):
    return CliRunner().invoke(app, [*args, "--store", str(out)])


def run_json(out, *args):
    result = run(out, *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_chain_tree_text_shows_steps_and_sentences(out):
    result = run(out, "chain", "乙动力")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.index("乙动力股份有限公司 (Enterprise)") < text.index("甲机械有限公司") < text.index("丙材料有限公司")
    assert "丙材料有限公司为甲机械有限公司供货。" in text and "(none known)" in text


def test_chain_json_and_hop_limits(out):
    data = run_json(out, "chain", "乙动力", "--up", "1")
    assert [(s["label"], s["children"]) for s in data["upstream"]] == [("甲机械有限公司", [])]
    assert data["upstream"][0]["fact"]["evidence"][0]["sentence"] == JIA_SUPPLIES_YI
    assert run_json(out, "chain", "丙材料", "--down", "2")["downstream"][0]["children"][0]["label"] == "乙动力股份有限公司"


def test_neighbors_text_lists_links_and_shares(out):
    result = run(out, "neighbors")
    assert result.exit_code == 0, result.output
    assert "2 neighbor-chain links" in result.stdout  # every level by default
    assert "丙材料有限公司 ↔ 甲机械有限公司   [zone: 示范高新区]" in result.stdout
    assert "乙动力股份有限公司 ↔ 甲机械有限公司   [park: 示范产业园, 示范高新区]" in result.stdout
    assert JIA_SUPPLIES_YI in result.stdout and "100%" in result.stdout


def test_neighbors_park_level_leaves_zone_links_out(out):
    result = run(out, "neighbors", "--level", "park")
    assert result.exit_code == 0, result.output
    assert "1 neighbor-chain link" in result.stdout and "67%" in result.stdout


def test_neighbors_json_zone_level(out):
    data = run_json(out, "neighbors", "--zone", "示范高新区", "--level", "zone")
    assert [(l["a_label"], l["b_label"], l["level"]) for l in data["links"]] == [
        ("丙材料有限公司", "甲机械有限公司", "zone"), ("乙动力股份有限公司", "甲机械有限公司", "park")]
    assert [(p["label"], p["enterprises"], p["with_partner"]) for p in data["places"]] == [
        ("示范高新区", 3, 3), ("示范产业园", 2, 2)]


def test_neighbors_park_alias_resolves(out):
    assert len(run_json(out, "neighbors", "--park", "示范园")["links"]) == 1


def test_partners_scores_and_reasons(out):
    data = run_json(out, "partners", "甲机械", "--top", "5")
    assert [(c["label"], c["score"], [r["rule"] for r in c["reasons"]]) for c in data] == [
        ("乙动力股份有限公司", 6.0, ["existing_partner", "same_park"]),
        ("丙材料有限公司", 5.0, ["existing_partner", "same_zone"])]
    assert data[0]["reasons"][0]["facts"][0]["evidence"][0]["sentence"] == JIA_SUPPLIES_YI
    text = run(out, "partners", "甲机械").stdout
    assert " 1. 乙动力股份有限公司  score 6" in text and "+2 same_park: same park: 示范产业园" in text


def test_partners_new_only_can_be_empty(out):
    result = run(out, "partners", "甲机械", "--new-only")
    assert result.exit_code == 0 and "(no candidates found)" in result.stdout


def test_gaps_text_and_json(out):
    result = run(out, "gaps", "示范园")
    assert result.exit_code == 0, result.output
    assert "示范产业园 (Park): 2 enterprises placed here" in result.stdout
    assert "[supplier] 丙材料有限公司: supplies 甲机械有限公司 from outside" in result.stdout
    data = run_json(out, "gaps", "示范高新区")
    assert [(t["kind"], t["label"]) for t in data["targets"]] == [("industry", "动力装备")]
    assert [p["label"] for p in data["products_made"]] == ["离合器"]


def test_leaders_text_and_json(out):
    result = run(out, "leaders")
    assert result.exit_code == 0, result.output
    assert "1 industrial cluster" in result.stdout
    data = run_json(out, "leaders", "--park", "示范产业园", "--top", "2")
    assert [l["label"] for l in data["leaders"]] == ["乙动力股份有限公司", "甲机械有限公司"]
    assert [c["members"] for c in data["clusters"]] == [["乙动力股份有限公司", "甲机械有限公司", "丙材料有限公司"]]


@pytest.mark.parametrize("args,code,message", [
    (["chain", "丁公司"], 3, "kg: error: no entity is called '丁公司'"),
    (["partners", "有限公司"], 3, "kg: error: '有限公司' is ambiguous"),
    (["gaps", "甲机械"], 3, "kg: error: no entity is called '甲机械'"),
    (["neighbors", "--park", "示范园", "--zone", "示范高新区"], 2, "kg: error: give --park or --zone, not both"),
    (["leaders", "--zone", "示范产业园"], 3, "kg: error: no entity is called '示范产业园'"),
    (["neighbors", "--level", "floor"], 2, "kg: error: level must be one of building, park, zone"),
])
def test_errors_are_one_line_with_exit_code(out, args, code, message):
    result = run(out, *args)
    assert result.exit_code == code
    assert result.stderr.startswith(message) and len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_missing_store_is_an_error(tmp_path):
    result = CliRunner().invoke(app, ["leaders", "--store", str(tmp_path / "nothing")])
    assert result.exit_code == 1 and result.stderr.startswith("kg: error: no built graph")


def test_negative_hops_are_refused_by_the_option(out):
    result = run(out, "chain", "乙动力", "--up", "-1")
    assert result.exit_code == 2


@pytest.mark.parametrize("command", ["chain", "neighbors", "partners", "gaps", "leaders"])
def test_help_has_examples_and_store_and_json(command):
    result = CliRunner().invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert f"Example: kg {command}" in result.stdout
    assert "--store" in result.stdout and "--json" in result.stdout
