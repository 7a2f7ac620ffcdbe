"""Extraction throughput on one core, text → triples, with the default settings (the name model included).

    python benchmarks/extract_speed.py [CORPUS ...] [--repeat N]

Prints characters per second end to end (``kg.extract.article.extract_article``), the share of the time spent in
the learned name recogniser, and, when jieba is installed, ``jieba.cut`` over the same text in the same run
as a yardstick (a word segmenter that finds no names and no relations).  Default corpora: ``corpus/`` and
``../shared/eval/dev/articles`` when present.
"""
from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

from kg.build.parallel import CHUNK  # noqa: E402
from kg.extract import ner  # noqa: E402
from kg.extract.article import extract_article, extract_articles  # noqa: E402
from kg.extract.reader import read_corpus  # noqa: E402
from kg.model import Article  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def _articles(corpora: list[str]) -> list[Article]:
    return [a for c in corpora for a in read_corpus(Path(c)) if isinstance(a, Article)]


def _timed_model():
    spent = [0.0]
    real = ner.tag_spans

    def timed(texts):
        t = time.perf_counter()
        try:
            return real(texts)
        finally:
            spent[0] += time.perf_counter() - t
    return timed, spent


def main() -> None:
    ap = argparse.ArgumentParser()
    defaults = [str(ROOT / "corpus")] + [str(p) for p in [ROOT.parent / "shared/eval/dev/articles"] if p.is_dir()]
    ap.add_argument("corpus", nargs="*", default=defaults)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    articles = _articles(args.corpus)
    chars = sum(len(a.text) for a in articles)
    extract_article(articles[0])  # load the model and lexicons, compile patterns once
    import kg.extract.article as pipeline
    timed, spent = _timed_model()
    pipeline.tag_spans = timed
    start = time.perf_counter()
    triples = 0
    for _ in range(args.repeat):
        for i in range(0, len(articles), CHUNK):  # as a build sends them to a worker
            triples += sum(len(ex.relations) for ex in extract_articles(articles[i:i + CHUNK]))
    seconds = time.perf_counter() - start
    pipeline.tag_spans = ner.tag_spans
    print(f"{'what':<28}{'articles':>9}{'chars':>10}{'seconds':>9}{'chars/s':>11}")
    print(f"{'kg extract_articles':<28}{len(articles):>9}{chars * args.repeat:>10}{seconds:>9.2f}"
          f"{chars * args.repeat / seconds:>11,.0f}")
    print(f"{'  of which the name model':<28}{'':>9}{'':>10}{spent[0]:>9.2f}{'':>11}  ({spent[0] / seconds:.0%})")
    try:
        import jieba
    except ImportError:
        print("jieba.cut: not installed (pip install jieba to compare)")
        return
    jieba.initialize()
    start = time.perf_counter()
    for _ in range(args.repeat):
        for a in articles:
            for _word in jieba.cut(a.text):
                pass
    seconds = time.perf_counter() - start
    print(f"{'jieba.cut (yardstick)':<28}{len(articles):>9}{chars * args.repeat:>10}{seconds:>9.2f}"
          f"{chars * args.repeat / seconds:>11,.0f}")


if __name__ == "__main__":
    main()
