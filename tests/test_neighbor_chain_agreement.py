"""One neighbor-chain rule: `kg neighbors --json`, `kg query neighbor-chain`, the links the build stored
and the view give the same pairs with the same levels — on the bundled corpus and on a synthetic corpus
with links at every level."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.build.pipeline import BuildSettings, build
from kg.cli import app
from kg.graph.read import to_networkx
from kg.graph.store import open_store
from kg.viz.view import view

runner = CliRunner()
SYNTHETIC = {
    # building: explicit neighbours in one park; park: two companies of one park; zone: only the zone shared
    "a.txt": "宜兴高新区环保产业园属于宜兴高新区。宜兴恒通环保科技有限公司位于宜兴高新区环保产业园。"
             "宜兴瑞丰膜材料有限公司位于宜兴高新区环保产业园。宜兴瑞丰膜材料有限公司为宜兴恒通环保科技有限公司配套生产滤膜。\n",
    "b.txt": "宜兴高新区电子产业园属于宜兴高新区。宜兴华宇电子有限公司位于宜兴高新区电子产业园。"
             "宜兴启明光电有限公司位于宜兴高新区电子产业园。宜兴华宇电子有限公司发现,同在一栋楼办公的“邻居”——宜兴启明光电有限公司,手握一项绝活。"
             "宜兴华宇电子有限公司与宜兴启明光电有限公司联合研发了传感器模组。\n",
    "c.txt": "宜兴远大机械有限公司位于宜兴高新区。宜兴远大机械有限公司为宜兴华宇电子有限公司供应精密结构件。\n",
}


def _pair(a: str, b: str) -> frozenset[str]:
    return frozenset((a, b))


def from_neighbors(out: Path) -> dict:
    result = runner.invoke(app, ["neighbors", "--store", str(out), "--json"])
    assert result.exit_code == 0, result.output
    return {_pair(l["a"], l["b"]): l["level"] for l in json.loads(result.stdout)["links"]}


def from_query(out: Path) -> dict:
    result = runner.invoke(app, ["query", "neighbor-chain", "--store", str(out), "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["results"]["bindings"]
    return {_pair(r["a"]["value"], r["b"]["value"]): r["level"]["value"] for r in rows}


def from_store(out: Path) -> dict:
    rows = open_store(out).query("""SELECT ?a ?b ?rule WHERE { GRAPH ?g {
        ?s <http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate> <https://w3id.org/kg/ontology#neighborChainWith> ;
           <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> ?a ;
           <http://www.w3.org/1999/02/22-rdf-syntax-ns#object> ?b ; <https://w3id.org/kg/ontology#rule> ?rule } }""")
    return {_pair(r["a"].value, r["b"].value): r["rule"].value.split("/")[-1] for r in rows}


def from_view(out: Path) -> dict:
    store = open_store(out)
    page = view(to_networkx(store), store, max_nodes=None).html
    edges = json.loads(re.search(r"var edges = new vis\.DataSet\((.*?)\);\n", page).group(1))
    return {_pair(e["from"], e["to"]): e["chainLevel"] for e in edges if "chainLevel" in e}


def assert_all_agree(out: Path) -> dict:
    stored = from_store(out)
    assert from_neighbors(out) == stored
    assert from_query(out) == stored
    assert from_view(out) == stored
    return stored


def test_the_bundled_corpus_gives_one_answer(corpus_build):
    links = assert_all_agree(corpus_build)
    assert sorted(links.values()) == ["building", "building", "zone", "zone"]


@pytest.fixture(scope="module")
def synthetic_build(tmp_path_factory) -> Path:
    corpus = tmp_path_factory.mktemp("synthetic-chain")
    for name, text in SYNTHETIC.items():
        (corpus / name).write_text(text, encoding="utf-8")
    out = corpus.parent / (corpus.name + "-out")
    build(BuildSettings(corpus=corpus, out=out))
    return out


def test_a_synthetic_corpus_with_every_level_gives_one_answer(synthetic_build):
    links = assert_all_agree(synthetic_build)
    assert sorted(links.values()) == ["building", "park", "zone"]
