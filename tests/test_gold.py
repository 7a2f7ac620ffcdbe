"""kg.eval.gold: reading a folder of gold annotations, its warnings and its errors."""
from __future__ import annotations

import json

import pytest

from kg.errors import InputError
from kg.eval.gold import GoldError, GoldEvidence, load_gold, norm, triple_key

HUALAN, TAIHE, NINGYUAN = "华澜精密机械有限公司", "泰禾动力股份有限公司", "宁远新材料有限公司"


def write(folder, name, doc):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def ent(name, type_="Enterprise", *aliases):
    return {"name": name, "type": type_, "aliases": list(aliases)}


def test_norm_removes_white_space_and_quotes():
    assert norm(" 华澜\u3000“精密” \n") == "华澜精密"
    assert norm("《低空经济》「a」『b』'c'\"d\"") == "低空经济abcd"


def test_triple_key_orders_only_symmetric_predicates():
    assert triple_key(NINGYUAN, "cooperatesWith", HUALAN) == (HUALAN, "cooperatesWith", NINGYUAN)
    assert triple_key(TAIHE, "neighborOf", NINGYUAN) == (NINGYUAN, "neighborOf", TAIHE)
    assert triple_key(TAIHE, "supplies", HUALAN) == (TAIHE, "supplies", HUALAN)


def test_union_of_files_with_aliases_symmetric_duplicates_and_evidence(tmp_path):
    write(tmp_path, "a1.json", {"doc": "a1.txt", "entities": [ent(HUALAN, "Enterprise", "华澜 精密"), ent(NINGYUAN)],
                                "triples": [{"s": HUALAN, "p": "cooperatesWith", "o": NINGYUAN, "evidence": "两家合作"}]})
    write(tmp_path, "a2.json", {"entities": [ent(HUALAN), ent(NINGYUAN, "Enterprise", "宁远新材")],
                                "triples": [{"s": NINGYUAN, "p": "cooperatesWith", "o": HUALAN}]})
    write(tmp_path, "notes.txt", "not gold")
    gold = load_gold(tmp_path)
    assert gold.files == ("a1.json", "a2.json")
    assert gold.names == {HUALAN: HUALAN, "华澜精密": HUALAN, NINGYUAN: NINGYUAN, "宁远新材": NINGYUAN}
    assert gold.types == {HUALAN: "Enterprise", NINGYUAN: "Enterprise"}
    assert gold.triples == {(HUALAN, "cooperatesWith", NINGYUAN)}
    assert gold.evidence[(HUALAN, "cooperatesWith", NINGYUAN)] == (
        GoldEvidence("a1.json", "两家合作"), GoldEvidence("a2.json", ""))
    assert gold.warnings == ()


def test_first_file_keeps_a_shared_form_and_later_type_wins_with_warnings(tmp_path):
    write(tmp_path, "a1.json", {"entities": [ent(HUALAN, "Enterprise", "华澜")], "triples": []})
    write(tmp_path, "b2.json", {"entities": [ent("华澜集团", "Enterprise", "华澜"), ent(HUALAN, "Institution")],
                                "triples": []})
    gold = load_gold(tmp_path)
    assert gold.names["华澜"] == HUALAN
    assert gold.types[HUALAN] == "Institution"
    assert gold.warnings == (
        "b2.json: '华澜' names both '华澜精密机械有限公司' and '华澜集团'",
        "b2.json: '华澜精密机械有限公司' is Institution, an earlier file says Enterprise",
    )


def test_unscored_predicates_unknown_types_and_unlisted_names_are_warnings(tmp_path):
    write(tmp_path, "a1.json", {"entities": [ent(HUALAN), ent("低空经济", "Sector")], "triples": [
        {"s": HUALAN, "p": "ownedBy", "o": TAIHE},
        {"s": "华澜", "p": "hasIndustry", "o": "低空经济"},
    ]})
    gold = load_gold(tmp_path)
    assert gold.triples == {("华澜", "hasIndustry", "低空经济")}
    assert gold.types["低空经济"] == "Sector"
    assert gold.warnings == (
        "a1.json: '低空经济' has type 'Sector', not one of Zone, Park, Enterprise, Institution, Person, Product, Industry",
        f"a1.json: predicate 'ownedBy' is not scored ({HUALAN} ownedBy {TAIHE})",
        "a1.json: '华澜' in (华澜 hasIndustry 低空经济) is not a name listed in its entities",
    )


@pytest.mark.parametrize("content, message", [
    ("{", "a1.json: not valid JSON: Expecting property name enclosed in double quotes (line 1, column 2)"),
    ("[]", 'a1.json: a gold file is an object with "entities" and "triples" lists'),
    ({"entities": []}, 'a1.json: a gold file is an object with "entities" and "triples" lists'),
    ({"entities": [{"name": HUALAN}], "triples": []}, 'a1.json: entity 1 needs a "name" and a "type" (strings)'),
    ({"entities": [{"name": HUALAN, "type": "Enterprise", "aliases": "华澜"}], "triples": []},
     f'a1.json: entity 1 ({HUALAN}): "aliases" must be a list of strings'),
    ({"entities": [], "triples": [{"s": HUALAN, "p": "supplies"}]}, 'a1.json: triple 1 needs "s", "p" and "o" (strings)'),
    ({"entities": [], "triples": [{"s": "a", "p": "supplies", "o": "b", "evidence": 3}]},
     'a1.json: triple 1: "evidence" must be a string'),
])
def test_malformed_files_raise_gold_error_naming_the_file(tmp_path, content, message):
    path = write(tmp_path, "a1.json", content)
    with pytest.raises(GoldError) as err:
        load_gold(tmp_path)
    assert str(err.value) == f"{tmp_path}/{message}" and str(path).endswith("a1.json")
    assert isinstance(err.value, InputError) and err.value.exit_code == 2


def test_non_utf8_file_is_an_error(tmp_path):
    (tmp_path / "a1.json").write_bytes('{"entities": [], "triples": [], "doc": "华澜"}'.encode("gb18030"))
    with pytest.raises(GoldError, match="a1.json: not UTF-8 text"):
        load_gold(tmp_path)


def test_missing_or_empty_folder_is_an_error(tmp_path):
    with pytest.raises(GoldError, match="gold folder not found: .*nowhere"):
        load_gold(tmp_path / "nowhere")
    write(tmp_path, "readme.txt", "no json here")
    with pytest.raises(GoldError, match=r"no gold files \(\*\.json\) in "):
        load_gold(tmp_path)
    with pytest.raises(GoldError, match="gold folder not found"):
        load_gold(tmp_path / "readme.txt")
