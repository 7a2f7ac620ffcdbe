"""Incremental rebuilds (kg.build.cache): only new or changed articles are re-extracted,
and the store equals a fresh full build of the same corpus."""
from __future__ import annotations

import json
import os
import pickle
from pathlib import Path

import pytest

from kg.build.cache import CACHE_DIR, ExtractionCache, cache_key, extractor_fingerprint
from kg.build.parallel import make_runner
from kg.build.pipeline import BuildSettings, build, extract_corpus
from kg.graph.store import open_store
from kg.model import Article, ArticleExtraction

TEXTS = {
    "a.txt": "常州高新区青枫智谷园区隶属于常州高新区。江苏恒瑞新材料科技有限公司位于常州高新区青枫智谷园区。",
    "b.txt": "江苏恒瑞新材料科技有限公司为常州天合光电股份有限公司配套生产光伏背板。",
    "c.txt": "常州天合光电股份有限公司与南京大学合作研发新型光伏电池。",
}
NEW = "山东华科机械有限公司是潍柴动力股份有限公司的子公司。"


def quads(out: Path) -> list[str]:
    return sorted(str(q) for q in open_store(out))


def labels(out: Path) -> set[str]:
    return {q.object.value for q in open_store(out) if q.predicate.value.endswith("#label")}


@pytest.fixture
def corpus(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, text in TEXTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def rebuild(corpus: Path, out: Path, **kw):
    return build(BuildSettings(corpus=corpus, out=out, **kw))


def fresh(corpus: Path, tmp_path: Path) -> list[str]:
    out = tmp_path / f"fresh-{len(list(tmp_path.iterdir()))}"
    build(BuildSettings(corpus=corpus, out=out, incremental=False))
    return quads(out)


def cache_stats(corpus: Path, out: Path) -> tuple[int, int]:
    """(hits, misses) of extracting ``corpus`` against the cache of ``out``."""
    cache = ExtractionCache(out)
    with make_runner() as runner:
        list(extract_corpus(corpus, runner=runner, cache=cache))
    return cache.hits, cache.misses


def test_first_build_caches_every_article(corpus, tmp_path):
    out = tmp_path / "out"
    rebuild(corpus, out)
    assert len(ExtractionCache(out)) == 3
    assert cache_stats(corpus, out) == (3, 0)


def test_unchanged_rebuild_reuses_everything_and_writes_the_same_store(corpus, tmp_path):
    out = tmp_path / "out"
    rebuild(corpus, out)
    before = quads(out)
    mtimes = {p.name: p.stat().st_mtime_ns for p in (out / CACHE_DIR).iterdir()}
    rebuild(corpus, out)
    assert quads(out) == before
    assert {p.name: p.stat().st_mtime_ns for p in (out / CACHE_DIR).iterdir()} == mtimes


def test_added_article_is_the_only_one_extracted(corpus, tmp_path):
    out = tmp_path / "out"
    rebuild(corpus, out)
    (corpus / "d.txt").write_text(NEW, encoding="utf-8")
    assert cache_stats(corpus, out) == (3, 1)
    report = rebuild(corpus, out)
    assert report.articles == 4
    assert "山东华科机械有限公司" in labels(out)
    assert quads(out) == fresh(corpus, tmp_path)
    assert len(ExtractionCache(out)) == 4


def test_changed_article_replaces_its_triples(corpus, tmp_path):
    out = tmp_path / "out"
    rebuild(corpus, out)
    assert "南京大学" in labels(out)
    (corpus / "c.txt").write_text(NEW, encoding="utf-8")
    assert cache_stats(corpus, out) == (2, 1)
    rebuild(corpus, out)
    assert "南京大学" not in labels(out)
    assert "潍柴动力股份有限公司" in labels(out)
    assert quads(out) == fresh(corpus, tmp_path)
    assert len(ExtractionCache(out)) == 3  # the old extraction of c.txt was dropped


def test_deleted_article_leaves_no_triples(corpus, tmp_path):
    out = tmp_path / "out"
    rebuild(corpus, out)
    (corpus / "c.txt").unlink()
    report = rebuild(corpus, out)
    assert report.articles == 2
    assert "南京大学" not in labels(out)
    assert not any("/article/c>" in q for q in quads(out))
    assert quads(out) == fresh(corpus, tmp_path)
    assert len(ExtractionCache(out)) == 2


def test_renamed_article_gets_its_new_id(corpus, tmp_path):
    out = tmp_path / "out"
    rebuild(corpus, out)
    os.replace(corpus / "c.txt", corpus / "z.txt")
    assert cache_stats(corpus, out) == (2, 1)
    rebuild(corpus, out)
    assert any("/article/z>" in q for q in quads(out))
    assert quads(out) == fresh(corpus, tmp_path)


def test_incremental_build_with_workers_matches_fresh(corpus, tmp_path):
    out = tmp_path / "out"
    rebuild(corpus, out, workers=2)
    (corpus / "d.txt").write_text(NEW, encoding="utf-8")
    (corpus / "a.txt").unlink()
    rebuild(corpus, out, workers=2)
    assert quads(out) == fresh(corpus, tmp_path)


@pytest.mark.parametrize("damage", [b"", b"not a pickle", pickle.dumps({"not": "an extraction"})])
def test_damaged_cache_file_is_re_extracted(corpus, tmp_path, damage):
    out = tmp_path / "out"
    rebuild(corpus, out)
    before = quads(out)
    for path in (out / CACHE_DIR).iterdir():
        path.write_bytes(damage)
    assert cache_stats(corpus, out) == (0, 3)
    rebuild(corpus, out)
    assert quads(out) == before
    assert cache_stats(corpus, out) == (3, 0)


def test_failed_build_keeps_previous_store_and_cache(corpus, tmp_path):
    out = tmp_path / "out"
    rebuild(corpus, out)
    before = quads(out)
    for path in corpus.iterdir():
        path.write_text("", encoding="utf-8")
    with pytest.raises(Exception, match="no readable articles"):
        rebuild(corpus, out)
    assert quads(out) == before
    assert len(ExtractionCache(out)) == 3


def test_no_incremental_writes_no_cache(corpus, tmp_path):
    rebuild(corpus, tmp_path / "out", incremental=False)
    assert not (tmp_path / "out" / CACHE_DIR).exists()


def test_cache_key_depends_on_content_identity_and_extractor():
    a = Article.from_text("a", "潍坊高新区。", digest="d1", path="x/a.txt")
    assert cache_key(a) == cache_key(Article.from_text("a", "潍坊高新区。", digest="d1", path="x/a.txt"))
    assert cache_key(a) != cache_key(Article.from_text("b", "潍坊高新区。", digest="d1", path="x/a.txt"))
    assert cache_key(a) != cache_key(Article.from_text("a", "潍坊高新区。", digest="d1", path="y/a.txt"))
    assert cache_key(a) != cache_key(Article.from_text("a", "潍坊高新区。", digest="d1", path="x/a.txt",
                                                       title="t"))
    assert len(extractor_fingerprint()) == 16


def test_cache_ignores_an_entry_for_another_article(tmp_path):
    cache = ExtractionCache(tmp_path)
    a = Article.from_text("a", "潍坊高新区。", digest="d1")
    other = Article.from_text("a", "宁波高新区。", digest="d1")  # same key, different text
    cache.put(ArticleExtraction(other, (), (), (), ()))
    assert cache.get(a) is None
    assert cache.prune() == 0
    assert ExtractionCache(tmp_path).prune() == 1


# ---- patching the previous store (kg.build.update, kg.build.index) -------------------------------

OTHERS = {
    "o1.txt": "潍坊高新区重点发展生物医药、新材料等主导产业。",
    "o2.txt": "山东华科机械有限公司是潍柴动力股份有限公司的子公司。",
    "o3.txt": "宁波高新区重点发展新能源产业。",
    "o4.txt": "江苏恒瑞新材料科技有限公司为常州天合光电股份有限公司配套生产光伏背板。",
}
SHORT_PARK = "青枫智谷园区位于常州高新区。"
FULL_PARK = "常州高新区青枫智谷园区隶属于常州高新区。"
SHORT_IRI = "<https://w3id.org/kg/id/park/青枫智谷园区>"


def info(out: Path) -> dict:
    return json.loads((out / "build.json").read_text(encoding="utf-8"))["incremental"]


def same_as_fresh(corpus: Path, out: Path, tmp_path: Path) -> None:
    """The store and graph.ttl of ``out`` are those of a fresh build of ``corpus``."""
    ref = tmp_path / f"fresh-{len(list(tmp_path.iterdir()))}"
    build(BuildSettings(corpus=corpus, out=ref, incremental=False))
    assert quads(out) == quads(ref)
    assert (out / "graph.ttl").read_bytes() == (ref / "graph.ttl").read_bytes()
    reported = json.loads((out / "build.json").read_text(encoding="utf-8"))
    assert reported["triples"] == len(open_store(out))
    fresh_report = json.loads((ref / "build.json").read_text(encoding="utf-8"))
    for key in ("articles", "entities", "relations", "triples"):
        assert reported[key] == fresh_report[key]


@pytest.fixture
def many(tmp_path) -> Path:
    folder = tmp_path / "many"
    folder.mkdir()
    for name, text in {**OTHERS, "p.txt": SHORT_PARK}.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_one_change_patches_the_previous_store_and_reports_it(many, tmp_path):
    out = tmp_path / "out"
    first = rebuild(many, out)
    assert (first.store, first.extracted, first.reused, first.graphs_written) == ("new", 5, 0, 5)
    (many / "o3.txt").write_text("宁波高新区重点发展集成电路产业。", encoding="utf-8")
    rebuild(many, out)
    assert info(out) == {"reused": 4, "extracted": 1, "removed": 1, "graphs_written": 1, "store": "patched"}
    same_as_fresh(many, out, tmp_path)
    rebuild(many, out)
    assert info(out) == {"reused": 5, "extracted": 0, "removed": 0, "graphs_written": 0, "store": "patched"}
    same_as_fresh(many, out, tmp_path)


def test_new_article_relinks_an_unchanged_articles_graph(many, tmp_path):
    out = tmp_path / "out"
    rebuild(many, out)
    assert any(SHORT_IRI in q for q in quads(out))
    (many / "q.txt").write_text(FULL_PARK, encoding="utf-8")   # 青枫智谷园区 now stands for the full name
    rebuild(many, out)
    assert info(out)["graphs_written"] == 2                      # q, and p whose subject relinked
    assert info(out)["store"] == "patched"
    assert not any(SHORT_IRI in q for q in quads(out))
    same_as_fresh(many, out, tmp_path)
    (many / "q.txt").unlink()                                    # and back
    rebuild(many, out)
    assert info(out) == {"reused": 5, "extracted": 0, "removed": 1, "graphs_written": 1, "store": "patched"}
    assert any(SHORT_IRI in q for q in quads(out))
    same_as_fresh(many, out, tmp_path)


def test_changed_min_confidence_rewrites_like_a_fresh_build(many, tmp_path):
    out = tmp_path / "out"
    rebuild(many, out)
    rebuild(many, out, min_confidence=0.95)
    ref = tmp_path / "ref"
    build(BuildSettings(corpus=many, out=ref, incremental=False, min_confidence=0.95))
    assert quads(out) == quads(ref)
    assert (out / "graph.ttl").read_bytes() == (ref / "graph.ttl").read_bytes()


@pytest.mark.parametrize("damage", ["index", "graph.ttl"])
def test_damaged_index_or_export_is_rebuilt_not_trusted(many, tmp_path, damage):
    out = tmp_path / "out"
    rebuild(many, out)
    if damage == "index":
        (out / "store" / "kg-index.pkl").write_bytes(b"not an index")
    else:
        with open(out / "graph.ttl", "ab") as fh:       # edited by hand: its ranges are stale
            fh.write(b"# a note\n")
    (many / "o1.txt").write_text("潍坊高新区重点发展高端装备产业。", encoding="utf-8")
    rebuild(many, out)
    same_as_fresh(many, out, tmp_path)


def test_graph_ttl_holds_exactly_the_stores_triples(many, tmp_path):
    from rdflib import Graph
    from rdflib.compare import isomorphic
    out = tmp_path / "out"
    rebuild(many, out)
    (many / "q.txt").write_text(FULL_PARK, encoding="utf-8")
    rebuild(many, out)
    union = Graph()
    for q in open_store(out):
        union.parse(data=f"{q.subject} {q.predicate} {q.object} .", format="nt")
    assert isomorphic(Graph().parse(out / "graph.ttl", format="turtle"), union)


def test_no_derived_builds_patch_and_match_a_fresh_build_without_derived(many, tmp_path):
    out = tmp_path / "out"
    rebuild(many, out, derived=False)
    (many / "q.txt").write_text(FULL_PARK, encoding="utf-8")
    rebuild(many, out, derived=False)
    assert info(out)["store"] == "patched"
    assert not any("/graph/derived/" in q for q in quads(out))
    ref = tmp_path / "ref"
    build(BuildSettings(corpus=many, out=ref, incremental=False, derived=False))
    assert quads(out) == quads(ref)
    assert (out / "graph.ttl").read_bytes() == (ref / "graph.ttl").read_bytes()


@pytest.fixture
def synthetic(tmp_path) -> Path:
    """120 articles of benchmarks/corpus.py: enterprises recur, so neighbor-chain links span articles."""
    import sys
    bench = str(Path(__file__).resolve().parent.parent / "benchmarks")
    sys.path.insert(0, bench)
    try:
        from corpus import write_corpus
    finally:
        sys.path.remove(bench)
    articles, _ = write_corpus(120, tmp_path / "synthetic", seed=5)
    return articles


def derived_count(out: Path) -> int:
    return sum(1 for q in open_store(out) if "/graph/derived/" in str(q.graph_name))


def test_changes_update_the_derived_graph_like_a_fresh_build(synthetic, tmp_path):
    out = tmp_path / "out"
    rebuild(synthetic, out)
    before = derived_count(out)
    assert before > 500
    files = sorted(synthetic.iterdir())
    files[3].write_text(files[3].read_text(encoding="utf-8") + files[40].read_text(encoding="utf-8"),
                        encoding="utf-8")  # a changed article: another article's relations added to it
    files[7].unlink()                      # a deleted one
    rebuild(synthetic, out)
    assert info(out)["store"] == "patched" and info(out)["removed"] == 2
    assert derived_count(out) != before
    same_as_fresh(synthetic, out, tmp_path)
    (synthetic / "new.txt").write_text(files[12].read_text(encoding="utf-8"), encoding="utf-8")  # an added one
    rebuild(synthetic, out)
    assert info(out)["store"] == "patched"
    same_as_fresh(synthetic, out, tmp_path)


def test_derived_graph_comes_back_after_a_no_derived_build(synthetic, tmp_path):
    out = tmp_path / "out"
    rebuild(synthetic, out, derived=False)
    assert derived_count(out) == 0
    (synthetic / sorted(os.listdir(synthetic))[0]).write_text("无锡高新区重点发展物联网产业。", encoding="utf-8")
    rebuild(synthetic, out)
    assert info(out)["store"] == "patched" and derived_count(out) > 500
    same_as_fresh(synthetic, out, tmp_path)
