#!/usr/bin/env python3
"""Build time of one long article: is extraction linear in the article's length?

    python benchmarks/long_article.py [--sizes 0.5 2 8] [CORPUS ...]

Joins the development articles (``tests/data/dev/articles`` and ``../shared/eval/dev/articles`` when
present) into one file of each size in MB (UTF-8), runs ``kg build FILE --out DIR -q`` on it as a
separate process, and prints seconds, seconds per MB, peak memory (the child's maximum resident set)
and each size's time as a multiple of the smallest's.  Linear cost gives a ratio equal to the size
ratio (16× for 8 MB against 0.5 MB); a cost growing with the square of the length gives 256×.
"""
from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPORA = [ROOT / "tests/data/dev/articles", ROOT.parent / "shared/eval/dev/articles"]


def joined_text(corpora: list[Path]) -> str:
    """Every article of the corpora, in name order, separated by blank lines."""
    files = sorted(p for c in corpora if c.is_dir() for p in c.iterdir() if p.suffix in (".txt", ".md"))
    if not files:
        sys.exit("long_article: no development articles found")
    return "\n\n".join(p.read_text(encoding="utf-8") for p in files)


def article_of_size(text: str, megabytes: float) -> str:
    """``text`` repeated and cut (at a line end) to ``megabytes`` MB of UTF-8."""
    size = int(megabytes * 1_000_000)
    data = (text + "\n\n") * (size // len(text.encode("utf-8")) + 1)
    data = data.encode("utf-8")[:size].decode("utf-8", errors="ignore")
    return data[:data.rfind("\n") + 1] or data


def timed_build(path: Path, out: Path) -> tuple[float, float]:
    """Seconds and peak resident memory (MB) of ``kg build path --out out -q`` in a child process."""
    kg = Path(sys.executable).parent / "kg"
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    subprocess.run([str(kg), "build", str(path), "--out", str(out), "-q"], check=True,
                   env={**os.environ, "OMP_NUM_THREADS": "1"})
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before) / 1024


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="*", type=Path, default=DEFAULT_CORPORA)
    ap.add_argument("--sizes", nargs="+", type=float, default=[0.5, 2, 8])
    args = ap.parse_args()
    text = joined_text(args.corpus)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for mb in sorted(args.sizes):
            path = Path(tmp) / f"long-{mb:g}MB.txt"
            path.write_text(article_of_size(text, mb), encoding="utf-8")
            seconds, peak = timed_build(path, Path(tmp) / f"out-{mb:g}")
            rows.append((mb, seconds, peak))
            print(f"built {mb:g} MB in {seconds:.1f} s", file=sys.stderr)
    base_mb, base_s, _ = rows[0]
    print("| article | seconds | s/MB | peak RSS MB | time × smallest | size × smallest |")
    print("|---:|---:|---:|---:|---:|---:|")
    for mb, seconds, peak in rows:
        print(f"| {mb:g} MB | {seconds:.1f} | {seconds / mb:.1f} | {peak:.0f} | {seconds / base_s:.1f} | "
              f"{mb / base_mb:g} |")


if __name__ == "__main__":
    main()
