"""Extraction quality per gold set: build each set's articles and score the graph against its gold.

    python benchmarks/extraction_quality.py [--set NAME ...] [--predicates]

Sets (each skipped when its folder is absent):

* ``seeds``      — ``corpus/`` (the bundled articles) against ``../shared/eval/gold`` (else tests/data/seed_gold);
* ``shared-dev`` — ``../shared/eval/dev/articles`` against its gold: 44 real articles of other regions;
* ``kg-dev``     — ``tests/data/dev``: 66 real articles collected and annotated for kg (SOURCES.md there);
* ``kg-fresh``   — ``tests/data/fresh``: 18 more, collected later and scored once before any rule was
  written from them (SOURCES.md there).

Prints one line per set (triple P/R/F1, entity F1) and, with ``--predicates``, score.py's table per set.
The scores are those of ``../shared/eval/score.py`` (:mod:`kg.eval.score` matches its rules).
"""
from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from kg.build.pipeline import BuildSettings, build
from kg.eval.score import evaluate, summary_lines

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "eval"


def gold_sets() -> dict[str, tuple[Path, Path]]:
    seeds_gold = SHARED / "gold" if (SHARED / "gold").is_dir() else ROOT / "tests" / "data" / "seed_gold"
    sets = {"seeds": (ROOT / "corpus", seeds_gold),
            "shared-dev": (SHARED / "dev" / "articles", SHARED / "dev" / "gold"),
            "kg-dev": (ROOT / "tests" / "data" / "dev" / "articles", ROOT / "tests" / "data" / "dev" / "gold"),
            "kg-fresh": (ROOT / "tests" / "data" / "fresh" / "articles", ROOT / "tests" / "data" / "fresh" / "gold")}
    return {name: paths for name, paths in sets.items() if paths[0].is_dir() and paths[1].is_dir()}


def score_set(corpus: Path, gold: Path):
    with tempfile.TemporaryDirectory() as tmp:
        build(BuildSettings(corpus=corpus, out=Path(tmp) / "out", incremental=False, derived=False))
        return evaluate(Path(tmp) / "out" / "store", gold)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--set", action="append", help="only these sets (seeds, shared-dev, kg-dev, kg-fresh)")
    ap.add_argument("--predicates", action="store_true", help="print the per-predicate table of each set")
    args = ap.parse_args()
    rows, tables = [], []
    for name, (corpus, gold) in gold_sets().items():
        if args.set and name not in args.set:
            continue
        start = time.perf_counter()
        result = score_set(corpus, gold)
        articles = len(list(gold.glob("*.json")))
        o, e = result.overall, result.entities
        rows.append(f"| {name} | {articles} | {o.gold} | {o.f1:.2f} | {o.precision:.2f} | {o.recall:.2f} | "
                    f"{e.f1:.2f} | {time.perf_counter() - start:.1f} |")
        tables.append((name, summary_lines(result)))
    print("| set | articles | gold triples | triple F1 | P | R | entity F1 | seconds |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    print("\n".join(rows))
    if args.predicates:
        for name, lines in tables:
            print(f"\n{name}:")
            print("\n".join(lines))


if __name__ == "__main__":
    main()
