"""kg.build.parallel and `kg build --workers N`: the same output for any number of workers."""
from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import kg.extract.article as article_stage
from kg.build.parallel import PoolRunner, Runner, extract_chunk, extract_stream, make_runner
from kg.build.pipeline import BuildSettings, build
from kg.cli import app
from kg.errors import ArticleError, InputError
from kg.extract.article import extract_article
from kg.graph.store import open_store
from kg.model import Article

ROOT = Path(__file__).resolve().parent.parent

TEXTS = [
    "常州高新区青枫智谷园区隶属于常州高新区。江苏恒瑞新材料科技有限公司位于常州高新区青枫智谷园区。",
    "江苏恒瑞新材料科技有限公司为常州天合光电股份有限公司配套生产光伏背板。"
    "江苏恒瑞新材料科技有限公司董事长王建国表示,今年订单增长三成。",
    "常州天合光电股份有限公司与南京大学合作研发新型光伏电池。今天天气很好。",
    "潍坊高新区重点发展生物医药、新材料等主导产业。山东华科机械有限公司是潍柴动力股份有限公司的子公司。",
]


def write_corpus(folder: Path, texts=TEXTS) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i, text in enumerate(texts):
        (folder / f"a{i:02d}.txt").write_text(text, encoding="utf-8")
    return folder


def quads(out: Path) -> list[str]:
    """Every quad of a built store, as sorted N-Quads lines."""
    return sorted(str(q) for q in open_store(out))


def test_extract_stream_keeps_order_and_values_with_a_pool():
    articles = [Article.from_text(f"a{i}", TEXTS[i % len(TEXTS)]) for i in range(21)]
    with PoolRunner(2) as runner:
        pooled = list(extract_stream(articles, runner, chunk=2))
    assert [ex.article.id for ex in pooled] == [f"a{i}" for i in range(21)]
    assert pooled == [extract_article(a) for a in articles]


def test_extract_stream_passes_unreadable_articles_through_in_place():
    bad = ArticleError("b.txt", "empty file")
    items = [Article.from_text("a", TEXTS[0]), bad, Article.from_text("c", TEXTS[1])]
    seen = []
    with make_runner(2) as runner:
        out = list(extract_stream(items, runner, chunk=1, on_result=seen.append))
    assert out[1] is bad
    assert [getattr(x, "article", x).id if not isinstance(x, ArticleError) else x.path for x in out] \
        == ["a", "b.txt", "c"]
    assert seen == out


def test_extract_chunk_returns_plain_results():
    a = Article.from_text("a", TEXTS[2])
    assert extract_chunk([a]) == [extract_article(a)]
    assert extract_chunk([]) == []


class _FailingRunner(Runner):
    """A runner whose worker reports every article as failed (as extract_chunk does on RecursionError)."""

    def submit(self, chunk):
        from kg.build.parallel import _Done
        return _Done([(a.path or a.id, "too deeply nested to extract") for a in chunk])


def test_worker_failures_become_article_errors():
    out = list(extract_stream([Article.from_text("x", TEXTS[0])], _FailingRunner()))
    assert len(out) == 1 and isinstance(out[0], ArticleError)
    assert (out[0].path, out[0].reason) == ("x", "too deeply nested to extract")


@pytest.mark.parametrize("kwargs, message", [
    ({"workers": 0}, "--workers must be at least 1 (got 0)"),
    ({"workers": -3}, "--workers must be at least 1 (got -3)"),
    ({"engine": "spark"}, "unknown engine 'spark'; choose one of local, dask"),
    ({"engine": "dask"}, "the dask engine needs --scheduler ADDRESS"),
    ({"scheduler": "tcp://127.0.0.1:1"}, "--scheduler is only used with --engine dask"),
])
def test_make_runner_rejects_impossible_settings(kwargs, message):
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        make_runner(**kwargs)


def test_make_runner_picks_in_process_or_pool():
    with make_runner(1) as one, make_runner(2) as two:
        assert type(one) is Runner and one.workers == 1
        assert isinstance(two, PoolRunner) and two.workers == 2


def test_build_with_two_workers_writes_the_same_store(tmp_path):
    corpus = write_corpus(tmp_path / "corpus", TEXTS * 3)
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    one = build(BuildSettings(corpus=corpus, out=tmp_path / "one", incremental=False))
    two = build(BuildSettings(corpus=corpus, out=tmp_path / "two", workers=2, incremental=False))
    assert quads(tmp_path / "one") == quads(tmp_path / "two")
    assert one.skipped == two.skipped == [(str(corpus / "empty.txt"), "empty file")]
    assert (one.articles, one.triples, one.relations, one.entities) == \
        (two.articles, two.triples, two.relations, two.entities)


def test_corpus_build_with_two_workers_matches_one(tmp_path, corpus_build):
    build(BuildSettings(corpus=ROOT / "corpus", out=tmp_path / "two", workers=2))
    assert quads(tmp_path / "two") == quads(corpus_build)


def test_cli_build_workers(tmp_path):
    corpus = write_corpus(tmp_path / "corpus")
    runner = CliRunner()
    r1 = runner.invoke(app, ["build", str(corpus), "--out", str(tmp_path / "one"), "-q"])
    r2 = runner.invoke(app, ["build", str(corpus), "--out", str(tmp_path / "two"), "-q", "--workers", "2"])
    assert r1.exit_code == 0 and r2.exit_code == 0, r1.output + r2.output
    assert quads(tmp_path / "one") == quads(tmp_path / "two")


@pytest.mark.parametrize("args, message", [
    (["--workers", "0"], "kg: error: --workers must be at least 1 (got 0)"),
    (["--engine", "spark"], "kg: error: unknown engine 'spark'; choose one of local, dask"),
    (["--engine", "dask"], "kg: error: the dask engine needs --scheduler ADDRESS"),
])
def test_cli_build_rejects_bad_parallel_options(tmp_path, args, message):
    corpus = write_corpus(tmp_path / "corpus")
    result = CliRunner().invoke(app, ["build", str(corpus), "--out", str(tmp_path / "o"), "-q", *args])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "o" / "store").exists()


def test_cli_build_help_shows_parallel_examples():
    result = CliRunner().invoke(app, ["build", "--help"])
    assert result.exit_code == 0
    for word in ("--workers", "--engine", "--scheduler", "kg build corpus --out out --workers 4"):
        assert word in result.output


def test_an_article_whose_extraction_fails_is_reported_and_the_others_go_on(monkeypatch):
    real = article_stage._extract

    def failing(article, sentences, spans):
        if article.id == "bad":
            raise ValueError("boom")
        return real(article, sentences, spans)
    monkeypatch.setattr(article_stage, "_extract", failing)
    arts = [Article.from_text(i, "常州高新区青枫智谷园区位于常州高新区。") for i in ("a", "bad", "c")]
    out = extract_chunk(arts)
    assert [o.article.id if hasattr(o, "article") else o for o in out] == \
        ["a", ("bad", "extraction failed (ValueError: boom)"), "c"]
