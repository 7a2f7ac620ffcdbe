"""Extraction throughput: characters of article text per second on one core, text → triples.

    python benchmarks/extract_speed.py [CORPUS] [--repeat N]
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from kg.model import Article
from kg.pipeline import extract_article
from kg.reader import read_corpus


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", default=str(Path(__file__).resolve().parents[1] / "corpus"))
    ap.add_argument("--repeat", type=int, default=20)
    args = ap.parse_args()
    articles = [a for a in read_corpus(Path(args.corpus)) if isinstance(a, Article)]
    chars = sum(len(a.text) for a in articles)
    extract_article(articles[0])  # load lexicons and compile patterns once
    start = time.perf_counter()
    triples = 0
    for _ in range(args.repeat):
        for a in articles:
            triples += len(extract_article(a).relations)
    seconds = time.perf_counter() - start
    print(f"{'articles':<12}{'chars':>10}{'repeat':>8}{'seconds':>10}{'chars/s':>12}{'triples/s':>12}")
    print(f"{len(articles):<12}{chars:>10}{args.repeat:>8}{seconds:>10.2f}{chars * args.repeat / seconds:>12,.0f}"
          f"{triples / seconds:>12,.0f}")


if __name__ == "__main__":
    main()
