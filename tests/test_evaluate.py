"""kg.eval.score: the numbers and lists of score.py's matching, on a hand-made gold folder and graph.

The expected numbers were counted by hand (see the comments in GRAPH); they
agree with ``../shared/eval/score.py`` on the same files.
"""
from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from kg.build.rdf import article_quads, entity_quads, relation_quads
from kg.build.store import commit_build, dump, write_new_store
from kg.errors import InputError, StoreError
from kg.eval.gold import load_gold
from kg.eval.score import (EntityItem, EntityScore, QuotedEvidence, Score, evaluate, read_files, read_source, select,
                           summary_lines)
from kg.graph.store import open_store
from kg.model import Article, Entity, Relation

ZONE, PARK = "青石高新区", "青石高新区光谷产业园"
HUALAN, TAIHE, NINGYUAN = "华澜精密机械有限公司", "泰禾动力股份有限公司", "宁远新材料有限公司"
PRODUCT, INDUSTRY, PERSON = "离合器总成", "低空经济", "周明远"
BOTH = f"{HUALAN}|{TAIHE}"

GOLD = {
    "a1.json": {"doc": "a1.txt", "entities": [
        {"name": ZONE, "type": "Zone", "aliases": []},
        {"name": PARK, "type": "Park", "aliases": ["光谷产业园"]},
        {"name": HUALAN, "type": "Enterprise", "aliases": ["华澜精密", "华澜"]},
        {"name": TAIHE, "type": "Enterprise", "aliases": ["泰禾动力"]},
        {"name": NINGYUAN, "type": "Enterprise", "aliases": ["宁远新材"]},
        {"name": PRODUCT, "type": "Product"},
        {"name": INDUSTRY, "type": "Industry"},
        {"name": PERSON, "type": "Person"},
    ], "triples": [
        {"s": PARK, "p": "belongsTo", "o": ZONE, "evidence": "光谷产业园是青石高新区的园区"},
        {"s": HUALAN, "p": "locatedIn", "o": PARK},
        {"s": HUALAN, "p": "supplies", "o": TAIHE, "evidence": "华澜精密为泰禾动力配套生产离合器总成"},
        {"s": HUALAN, "p": "cooperatesWith", "o": NINGYUAN},
        {"s": HUALAN, "p": "produces", "o": PRODUCT},
        {"s": ZONE, "p": "hasIndustry", "o": INDUSTRY},
        {"s": PERSON, "p": "worksFor", "o": HUALAN, "evidence": "华澜精密总经理周明远说"},
    ]},
    "a2.json": {"entities": [
        {"name": TAIHE, "type": "Enterprise", "aliases": ["泰禾"]},
        {"name": NINGYUAN, "type": "Enterprise"},
        {"name": HUALAN, "type": "Enterprise"},
    ], "triples": [
        {"s": NINGYUAN, "p": "neighborOf", "o": TAIHE},
        {"s": NINGYUAN, "p": "cooperatesWith", "o": HUALAN},   # the same gold triple as in a1
    ]},
}

GRAPH = f"""
@prefix kg: <https://w3id.org/kg/ontology#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix t: <urn:t:> .

t:z a kg:Zone ; rdfs:label "{ZONE}" .
t:p a kg:Park ; rdfs:label "光谷 产业园" .                       # an alias, white space ignored
t:a a kg:Enterprise ; rdfs:label "华澜精密" .                    # two nodes for one gold entity
t:a2 a kg:Enterprise ; skos:prefLabel "{HUALAN}" .
t:b a kg:Enterprise ; rdfs:label "{TAIHE}" ; skos:altLabel "泰禾" .
t:c a kg:Park ; rdfs:label "“宁远新材”" .                        # gold says Enterprise: wrong type
t:x a kg:Enterprise ; rdfs:label "华澜" ; skos:altLabel "泰禾动力" .   # names two gold entities: neither
t:y a kg:Enterprise , kg:Other ; rdfs:label "无名物流有限公司" .  # not in the gold
t:prod a kg:Product ; rdfs:label "{PRODUCT}" .
t:ind rdfs:label "{INDUSTRY}" .                                   # untyped: no entity, but its triple counts

t:p kg:belongsTo t:z .                                            # tp belongsTo
t:a <http://example.org/other#belongsTo> t:z .                     # any namespace: spurious belongsTo
t:a kg:locatedIn t:p . t:a2 kg:locatedIn t:p .                    # one tp locatedIn
t:y kg:locatedIn t:z .                                            # spurious locatedIn
t:b kg:supplies t:a .                                             # wrong direction: spurious and missed
t:x kg:supplies t:b .                                             # spurious supplies
t:c kg:cooperatesWith t:a . t:a kg:cooperatesWith t:c .           # one tp cooperatesWith
t:b kg:neighborOf t:c .                                           # tp neighborOf (other order than gold)
t:a2 kg:produces t:prod , "{PRODUCT}" .                           # literal object: not a triple
t:z kg:hasIndustry t:ind .                                        # tp hasIndustry
t:a kg:hasPart t:z .                                              # not a scored predicate

t:as1 a kg:Assertion ; rdf:subject t:b ; rdf:predicate kg:supplies ; rdf:object t:a ;
    prov:wasDerivedFrom t:art1 ; kg:sentence "泰禾动力为华澜精密供货。" ; kg:sourceStart 10 ; kg:sourceEnd 22 ;
    kg:rule "supply/供货" ; kg:confidence 0.85 .
t:as2 a kg:Assertion ; rdf:subject t:b ; rdf:predicate kg:supplies ; rdf:object t:a ;
    prov:wasDerivedFrom t:art2 ; kg:sentence "泰禾采购华澜精密的设备。" .
t:as3 a kg:Assertion ; rdf:subject t:a ; rdf:predicate kg:locatedIn ; rdf:object t:p ;
    kg:sentence "华澜精密位于光谷产业园。" .
t:art1 a kg:Article ; kg:articleId "a1" .
"""

TABLE = """\
predicate         gold  pred    tp      P      R     F1
belongsTo            1     2     1   0.50   1.00   0.67
cooperatesWith       1     1     1   1.00   1.00   1.00
hasIndustry          1     1     1   1.00   1.00   1.00
investsIn            0     0     0   0.00   0.00   0.00
locatedIn            1     2     1   0.50   1.00   0.67
neighborOf           1     1     1   1.00   1.00   1.00
produces             1     1     1   1.00   1.00   1.00
subsidiaryOf         0     0     0   0.00   0.00   0.00
supplies             1     2     0   0.00   0.00   0.00
worksFor             1     0     0   0.00   0.00   0.00
ALL                  8    10     6   0.60   0.75   0.67
entities: gold 8 typed-nodes 8 matched 6 P 0.75 R 0.75 F1 0.75 wrong-type 1
triple F1 0.667 (P 0.600 R 0.750)"""


@pytest.fixture
def gold_dir(tmp_path):
    folder = tmp_path / "gold"
    folder.mkdir()
    for name, doc in GOLD.items():
        (folder / name).write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return folder


@pytest.fixture
def graph_file(tmp_path):
    path = tmp_path / "graph.ttl"
    path.write_text(GRAPH, encoding="utf-8")
    return path


def test_table_and_entity_line_of_the_hand_counted_example(gold_dir, graph_file):
    result = evaluate(graph_file, gold_dir)
    assert "\n".join(summary_lines(result)) == TABLE
    assert result.overall == Score("ALL", 8, 10, 6)
    assert result.entities == EntityScore("entities", 8, 8, 6, 1)
    assert result.overall.f1 == pytest.approx(2 / 3)
    assert [s.name for s in result.predicates] == sorted(s.name for s in result.predicates)


def test_missed_triples_carry_the_gold_evidence_and_what_the_graph_lacks(gold_dir, graph_file):
    missed = evaluate(graph_file, gold_dir).missed
    assert [(t.subject, t.predicate, t.object, t.note) for t in missed] == [
        (HUALAN, "supplies", TAIHE, ""),
        (PERSON, "worksFor", HUALAN, "subject not in the graph"),
    ]
    assert missed[0].evidence == (QuotedEvidence("a1.json", "华澜精密为泰禾动力配套生产离合器总成"),)
    assert missed[1].evidence == (QuotedEvidence("a1.json", "华澜精密总经理周明远说"),)


def test_spurious_triples_in_score_order_with_assertion_sentences(gold_dir, graph_file):
    spurious = evaluate(graph_file, gold_dir).spurious
    assert [(t.subject, t.predicate, t.object) for t in spurious] == [
        ("urn:t:y", "locatedIn", ZONE),
        (HUALAN, "belongsTo", ZONE),
        (BOTH, "supplies", TAIHE),
        (TAIHE, "supplies", HUALAN),
    ]
    assert [(t.subject_label, t.subject_in_gold, t.object_in_gold) for t in spurious] == [
        ("无名物流有限公司", False, True), (HUALAN, True, True), (BOTH, False, True), (TAIHE, True, True)]
    assert spurious[3].evidence == (
        QuotedEvidence("a1", "泰禾动力为华澜精密供货。", 10, 22, "supply/供货", 0.85),
        QuotedEvidence("art2", "泰禾采购华澜精密的设备。"),
    )
    assert spurious[0].evidence == ()


def test_entity_lists_missed_extra_and_wrong_type(gold_dir, graph_file):
    result = evaluate(graph_file, gold_dir)
    assert result.missed_entities == (EntityItem(INDUSTRY, "Industry", INDUSTRY), EntityItem(PERSON, "Person", PERSON))
    assert result.extra_entities == (
        EntityItem("urn:t:y", "Enterprise", "无名物流有限公司", ("Enterprise",)),
        EntityItem(BOTH, "Enterprise", BOTH, ("Enterprise",)),
    )
    assert result.wrong_type == (EntityItem(NINGYUAN, "Enterprise", NINGYUAN, ("Park",)),)


def test_symmetric_triple_stated_in_gold_order_only_once(gold_dir, tmp_path):
    path = tmp_path / "g.nt"
    path.write_text(
        f'<urn:t:a> <http://www.w3.org/2000/01/rdf-schema#label> "{NINGYUAN}" .\n'
        f'<urn:t:b> <http://www.w3.org/2000/01/rdf-schema#label> "{HUALAN}" .\n'
        '<urn:t:a> <https://w3id.org/kg/ontology#cooperatesWith> <urn:t:b> .\n'
        '<urn:t:b> <https://w3id.org/kg/ontology#supplies> <urn:t:a> .\n', encoding="utf-8")
    result = evaluate(path, gold_dir)
    coop = next(s for s in result.predicates if s.name == "cooperatesWith")
    assert (coop.gold, coop.predicted, coop.tp) == (1, 1, 1)
    assert [(t.subject, t.object) for t in result.spurious] == [(HUALAN, NINGYUAN)]
    assert result.entities == EntityScore("entities", 8, 0, 0, 0)


def _store_of(text: str) -> ox.Store:
    store = ox.Store()
    store.load(text, ox.RdfFormat.TURTLE, to_graph=ox.NamedNode("urn:t:graph"))
    return store


def test_store_build_dir_and_files_give_the_same_result(gold_dir, graph_file, tmp_path):
    out = tmp_path / "out"
    commit_build(out, write_new_store(out, _store_of(GRAPH)), {"build.json": "{}"})
    nq = tmp_path / "graph.nq"
    with nq.open("wb") as f:
        dump(open_store(out), "nq", f)
    gold = load_gold(gold_dir)
    results = [evaluate(src, gold_dir) for src in (graph_file, out, [nq], _store_of(GRAPH))]
    assert all(r == results[0] for r in results)
    assert read_source(out) == read_files([graph_file])
    assert gold.triples == {(t.subject, t.predicate, t.object) for t in results[0].missed} | {
        (PARK, "belongsTo", ZONE), (HUALAN, "locatedIn", PARK), (HUALAN, "cooperatesWith", NINGYUAN),
        (HUALAN, "produces", PRODUCT), (ZONE, "hasIndustry", INDUSTRY), (NINGYUAN, "neighborOf", TAIHE)}


def test_a_build_written_by_kg_gives_article_ids_offsets_rule_and_confidence(gold_dir, tmp_path):
    text = "前言。泰禾动力为华澜精密供货。"
    article = Article.from_text("art-7", text, title="t")
    hualan, taihe = Entity(HUALAN, "Enterprise", frozenset({"华澜精密"})), Entity(TAIHE, "Enterprise")
    start = text.index("泰禾")
    rel = Relation(TAIHE, "supplies", HUALAN, "art-7", start, len(text), "supply/供货", 0.9,
                   "Enterprise", "Enterprise")
    out = tmp_path / "out"
    quads = [*entity_quads([hualan, taihe]), *article_quads(article), *relation_quads(rel, article, taihe, hualan)]
    commit_build(out, write_new_store(out, quads), {"build.json": "{}"})
    result = evaluate(out, gold_dir)
    assert result.overall == Score("ALL", 8, 1, 0)
    assert result.entities == EntityScore("entities", 8, 2, 2, 0)
    (item,) = result.spurious
    assert item.evidence == (QuotedEvidence("art-7", "泰禾动力为华澜精密供货。", 3, 15, "supply/供货", 0.9),)


def test_select_keeps_the_lists_asked_for(gold_dir, graph_file):
    result = evaluate(graph_file, gold_dir)
    none = select(result, "none")
    assert (none.missed, none.spurious, none.missed_entities, none.extra_entities, none.wrong_type) == ((),) * 5
    assert none.predicates == result.predicates and none.entities == result.entities
    missed = select(result, "missed")
    assert missed.missed == result.missed and missed.spurious == () and missed.extra_entities == ()
    assert missed.missed_entities == result.missed_entities and missed.wrong_type == result.wrong_type
    supplies = select(result, "all", "supplies")
    assert [(t.predicate, t.subject) for t in supplies.missed + supplies.spurious] == [
        ("supplies", HUALAN), ("supplies", BOTH), ("supplies", TAIHE)]
    assert supplies.missed_entities == () and supplies.wrong_type == ()
    with pytest.raises(InputError, match="--show must be one of all, missed, spurious, none"):
        select(result, "some")
    with pytest.raises(InputError, match="unknown predicate 'suplies'; choose one of belongsTo"):
        select(result, "all", "suplies")


def test_to_dict_is_json_with_scores_and_lists(gold_dir, graph_file):
    data = json.loads(json.dumps(evaluate(graph_file, gold_dir).to_dict(), ensure_ascii=False))
    assert data["overall"] == {"name": "ALL", "gold": 8, "predicted": 10, "tp": 6,
                               "precision": 0.6, "recall": 0.75, "f1": pytest.approx(2 / 3)}
    assert data["entities"]["wrong_type"] == 1 and data["warnings"] == []
    assert data["missed"][1]["evidence"] == [{"source": "a1.json", "sentence": "华澜精密总经理周明远说", "start": None,
                                              "end": None, "rule": "", "confidence": None}]


def test_unreadable_graphs_and_missing_builds_raise(gold_dir, tmp_path):
    with pytest.raises(StoreError, match="no built graph in"):
        evaluate(tmp_path, gold_dir)
    with pytest.raises(InputError, match="graph file not found: .*nothing.ttl"):
        evaluate(tmp_path / "nothing.ttl", gold_dir)
    bad = tmp_path / "bad.ttl"
    bad.write_text("<urn:a> <urn:b> .", encoding="utf-8")
    with pytest.raises(InputError, match="bad.ttl: cannot read as Turtle"):
        evaluate(bad, gold_dir)
