"""The analyses on the graph built from corpus/ (the issue's concrete answers).

These depend on the extraction.  The facts they rely on, all stated in article
000_343f651354c9e888 (see ../shared/eval/gold/000_343f651354c9e888.json):

* 山东环科环保科技有限公司 cooperatesWith / neighborOf 山东天维膜技术有限公司,
  both locatedIn 潍坊高新区光电产业园;
* 山东吉隆达生物科技有限公司 cooperatesWith (or supplies) / neighborOf 山东天普阳光集团,
  both locatedIn 潍坊高新区生物医药产业园;
* 龙口中宇机械有限公司 supplies 潍柴动力股份有限公司.
"""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from kg.analysis import neighbor_chain_links, recommend_partners, supply_chain
from kg.cli import app
from kg.graph.read import to_networkx
from kg.graph.resolve import resolve_name
from kg.graph.store import open_store

HUANKE, TIANWEI = "山东环科环保科技有限公司", "山东天维膜技术有限公司"
JILONGDA, TIANPU = "山东吉隆达生物科技有限公司", "山东天普阳光集团"
OPTO_PARK, BIO_PARK = "潍坊高新区光电产业园", "潍坊高新区生物医药产业园"


@pytest.fixture(scope="module")
def built(corpus_build):
    store = open_store(corpus_build)
    return store, to_networkx(store)


def labelled_pairs(links):
    return {frozenset((l.a_label, l.b_label)) for l in links}


@pytest.mark.parametrize("a,b", [(HUANKE, TIANWEI), (JILONGDA, TIANPU)])
def test_neighbor_chain_pairs(built, a, b):
    _, G = built
    assert frozenset((a, b)) in labelled_pairs(neighbor_chain_links(G))


@pytest.mark.parametrize("a,b,park", [(HUANKE, TIANWEI, OPTO_PARK), (JILONGDA, TIANPU, BIO_PARK)])
def test_neighbor_chain_pairs_in_their_parks(built, a, b, park):
    store, G = built
    links = neighbor_chain_links(G, park=resolve_name(store, park, ("Park",)))
    assert frozenset((a, b)) in labelled_pairs(links)


def test_longkou_zhongyu_supplies_weichai(built):
    store, G = built
    chain = supply_chain(G, resolve_name(store, "潍柴动力", ("Enterprise",)), up=2, down=0)
    step = next(s for s in chain.upstream if s.label == "龙口中宇机械有限公司")
    assert any("潍柴动力" in e["sentence"] and "龙口中宇" in e["sentence"] for e in step.fact["evidence"])


def test_jilongda_is_a_partner_of_tianpu_with_its_sentence(built):
    store, G = built
    cands = recommend_partners(G, resolve_name(store, "山东天普阳光", ("Enterprise",)), top=10)
    jilongda = next(c for c in cands if c.label == JILONGDA)
    sentences = [e["sentence"] for r in jilongda.reasons for f in r.facts for e in f["evidence"]]
    assert any("山东吉隆达" in s or "双方" in s for s in sentences)
    assert jilongda.score >= 4.0  # at least: already partners


def test_cli_on_the_corpus_build(corpus_build):
    result = CliRunner().invoke(app, ["partners", "山东天普阳光", "--json", "--store", str(corpus_build)])
    assert result.exit_code == 0, result.output
    assert JILONGDA in [c["label"] for c in json.loads(result.stdout)]
    result = CliRunner().invoke(app, ["chain", "潍柴动力", "--store", str(corpus_build)])
    assert result.exit_code == 0 and "龙口中宇机械有限公司" in result.stdout
