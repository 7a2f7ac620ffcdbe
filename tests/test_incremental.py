"""Incremental rebuilds (kg.cache): only new or changed articles are re-extracted,
and the store equals a fresh full build of the same corpus."""
from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from kg.cache import CACHE_DIR, ExtractionCache, cache_key, extractor_fingerprint
from kg.model import Article, ArticleExtraction
from kg.parallel import make_runner
from kg.pipeline import BuildSettings, build, extract_corpus
from kg.store import open_store

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
