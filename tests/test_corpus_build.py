"""End to end: `corpus/` built into a store holds the facts the articles state,
each with evidence that points at its place in the source file."""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from kg.extract.reader import read_article
from kg.graph.store import open_store, read_build_info
from kg.vocab import KG, RDFS, entity_iri

CLEAR_FACTS = [
    ("Enterprise", "龙口中宇机械有限公司", "supplies", "Enterprise", "潍柴动力股份有限公司"),
    ("Park", "潍坊高新区光电产业园", "belongsTo", "Zone", "潍坊高新区"),
    ("Enterprise", "山东吉隆达生物科技有限公司", "subsidiaryOf", "Enterprise", "四川吉隆达集团"),
]

EVIDENCE = """
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?sentence ?sourceStart ?sourceEnd ?textStart ?textEnd ?file WHERE {
  ?a rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; prov:wasDerivedFrom ?article ;
     kg:sentence ?sentence ; kg:sourceStart ?sourceStart ; kg:sourceEnd ?sourceEnd ;
     kg:textStart ?textStart ; kg:textEnd ?textEnd .
  ?article kg:sourceFile ?file .
}"""


def _node(iri: str):
    import pyoxigraph as ox
    return ox.NamedNode(iri)


@pytest.fixture(scope="module")
def store(corpus_build):
    return open_store(corpus_build)


def _fold(text: str) -> str:
    """Width-folded text without whitespace: what normalisation keeps of a span."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def test_build_writes_store_export_and_summary(corpus_build):
    assert (corpus_build / "store").is_symlink()
    assert (corpus_build / "graph.ttl").stat().st_size > 0
    info = read_build_info(corpus_build)
    assert info["articles"] == 5
    assert info["skipped"] == []


@pytest.mark.parametrize("s_type,s_name,pred,o_type,o_name", CLEAR_FACTS)
def test_clear_fact_is_a_direct_triple(store, s_type, s_name, pred, o_type, o_name):
    s, o = _node(entity_iri(s_type, s_name)), _node(entity_iri(o_type, o_name))
    assert store.query(f"ASK {{ {s} <{KG[pred]}> {o} }}", use_default_graph_as_union=True)
    labels = {q.object.value for q in store.quads_for_pattern(s, _node(str(RDFS.label)), None)}
    assert labels == {s_name}


@pytest.mark.parametrize("s_type,s_name,pred,o_type,o_name", CLEAR_FACTS)
def test_clear_fact_evidence_points_into_the_source(store, s_type, s_name, pred, o_type, o_name):
    values = (f"VALUES (?s ?p ?o) {{ ({_node(entity_iri(s_type, s_name))} "
              f"{_node(str(KG[pred]))} {_node(entity_iri(o_type, o_name))}) }}")
    query = EVIDENCE.replace("WHERE {", "WHERE {\n  " + values)
    rows = list(store.query(query, use_default_graph_as_union=True, prefixes={"kg": str(KG)}))
    assert rows, "the triple has no kg:Assertion"
    for row in rows:
        sentence = row["sentence"].value
        start, end = int(row["sourceStart"].value), int(row["sourceEnd"].value)
        t_start, t_end = int(row["textStart"].value), int(row["textEnd"].value)
        article = read_article(Path(row["file"].value))
        assert article.text[t_start:t_end] == sentence
        assert article.source_span(t_start, t_end) == (start, end)
        assert _fold(article.source[start:end]) == _fold(sentence)
        assert s_name in sentence and o_name in sentence


def test_every_assertion_has_source_evidence(store):
    """Not only the pinned facts: every evidence sentence maps back to its file."""
    articles = {}
    rows = list(store.query(EVIDENCE.replace("?a rdf:subject", "?a a kg:Assertion ; rdf:subject"),
                            use_default_graph_as_union=True, prefixes={"kg": str(KG)}))
    assert len(rows) >= 3
    for row in rows:
        path = row["file"].value
        article = articles.setdefault(path, read_article(Path(path)))
        start, end = int(row["sourceStart"].value), int(row["sourceEnd"].value)
        assert _fold(article.source[start:end]) == _fold(row["sentence"].value)
