#!/usr/bin/env python3
"""Time the web app (`kg app`) on a synthetic graph: start-up, then search, entity and place pages under load.

    python benchmarks/app_bench.py [--enterprises 100000] [--work DIR] [--seconds 30] [--clients 8]

Builds (or reuses, when ``DIR/out/store`` exists) a synthetic store the way ``sparql_bench.py`` does:
``benchmarks/synth_graph.py`` generates it (``--enterprises`` enterprises, one zone per 1,000 with 15
parks each, supply chains, cooperation, products, persons, every triple with its assertion) and
``kg.build.store.write_new_store`` writes it; ``DIR/out`` is then a build directory.  Then starts
``kg app --store DIR/out`` as its own process on a free loopback port and measures start-up (until it
prints its address and answers ``/``), and for ``--seconds`` seconds ``--clients`` threads, each
with its own keep-alive HTTP client on 127.0.0.1, request pages in random order: ``/search?q=…``
(a random enterprise name, alias or park name), ``/entity/…`` (a random enterprise name, resolved
by the app) and ``/place/…`` (a random park or zone name).  Names come from the generator, so each
is in the store.  Prints a Markdown table of latency per page type (p50, p95, max) and start-up.

Target: p95 ≤ 300 ms for search, entity and place pages at 100,000 enterprises.
"""
from __future__ import annotations

import argparse
import os
import platform
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

import httpx
import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth_graph import enterprise_name, park_name, write_graph, zone_name  # noqa: E402

from kg.build.store import write_new_store  # noqa: E402

PAGES = ("search", "entity", "place")


def build_store(work: Path, enterprises: int) -> Path:
    """``work/out``, a build directory holding the synthetic store (made once, then reused)."""
    out = work / "out"
    if (out / "store").exists():
        print(f"reusing {out}", file=sys.stderr)
        return out
    out.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    nq, count = write_graph(work, enterprises)
    print(f"generated {count:,} quads in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    t = time.perf_counter()
    location = write_new_store(out, ox.parse(path=str(nq), format=ox.RdfFormat.N_QUADS))
    (out / "store").symlink_to(location.name)
    nq.unlink()
    print(f"wrote the store in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    return out


def free_port() -> int:


    """A TCP port free on 127.0.0.1 now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(out: Path) -> tuple[subprocess.Popen, str, float, str]:
    """Start ``kg app``; return (process, base URL, seconds until it answers ``/``, its loaded line)."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    t = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "app", "--store", str(out), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    loaded = proc.stdout.readline().strip()
    ready = proc.stdout.readline()
    if not ready.startswith("web app"):
        proc.kill()
        sys.exit(f"kg app did not start: {loaded} {ready} {proc.stderr.read()}")
    httpx.get(base + "/", timeout=600).raise_for_status()
    return proc, base, time.perf_counter() - t, loaded


def paths(kind: str, rng: random.Random, enterprises: int) -> str:
    """A random page of ``kind`` whose name is in the synthetic store."""
    zones = max(1, enterprises // 1000)
    if kind == "search":
        i = rng.randrange(enterprises)
        park = park_name(rng.randrange(zones), rng.randrange(15))
        q = rng.choice((enterprise_name(i), enterprise_name(i)[:-4], park))
        return "/search?q=" + quote(q)
    if kind == "entity":
        return "/entity/" + quote(enterprise_name(rng.randrange(enterprises)))
    place = rng.randrange(zones * 16)
    name = zone_name(place // 16) if place % 16 == 15 else park_name(place // 16, place % 16)
    return "/place/" + quote(name)


def client(base: str, until: float, seed: int, enterprises: int, out: dict, errors: list) -> None:
    """One client: request random pages until ``until``; record each latency by page type."""
    rng = random.Random(seed)
    with httpx.Client(base_url=base, timeout=60) as http:
        while time.perf_counter() < until:
            kind = rng.choice(PAGES)
            path = paths(kind, rng, enterprises)
            t = time.perf_counter()
            response = http.get(path)
            out[kind].append(time.perf_counter() - t)
            if response.status_code != 200:
                errors.append(f"{response.status_code} {path}")


def percentile(values: list[float], q: float) -> float:


    """The ``q`` quantile of ``values`` (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def run_load(base: str, seconds: float, clients: int, enterprises: int) -> tuple[dict, list]:


    """Warm up once per page type, then run the clients; return latencies by page type and errors."""
    times: dict[str, list[float]] = {kind: [] for kind in PAGES}
    errors: list[str] = []
    warm = random.Random(0)
    for kind in PAGES:  # compile the templates and open the first pages once, not counted
        httpx.get(base + paths(kind, warm, enterprises), timeout=600)
    until = time.perf_counter() + seconds
    threads = [threading.Thread(target=client, args=(base, until, 100 + k, enterprises, times, errors))
               for k in range(clients)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return times, errors


def table(times: dict, errors: list, startup: float, loaded: str, args) -> str:


    """The results as a Markdown table with start-up."""
    lines = [f"`kg app` on {args.enterprises:,} synthetic enterprises, {args.clients} clients for {args.seconds:g} s "
             f"({platform.machine()}, {os.cpu_count()} cores)", "",
             "| page | requests | p50 ms | p95 ms | max ms | mean ms |", "|---|---:|---:|---:|---:|---:|"]
    for kind in PAGES:
        t = times[kind]
        lines.append(f"| {kind} | {len(t)} | {percentile(t, .5) * 1000:.0f} | {percentile(t, .95) * 1000:.0f} | "
                     f"{max(t) * 1000:.0f} | {statistics.mean(t) * 1000:.0f} |")
    lines += ["", f"start-up: {startup:.1f} s until the app answered `/` ({loaded})",
              f"errors: {len(errors)}" + (f" (first: {errors[0]})" if errors else "")]
    return "\n".join(lines)


def main(argv=None) -> None:


    """Build or reuse the store, start `kg app`, load it, print the table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--enterprises", type=int, default=100_000)
    ap.add_argument("--work", type=Path, default=None, help="folder of the synthetic store (reused if there)")
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--clients", type=int, default=8)
    args = ap.parse_args(argv)
    work = args.work or Path(tempfile.gettempdir()) / f"kg-app-bench-{args.enterprises}"
    out = build_store(work, args.enterprises)
    proc, base, startup, loaded = start_app(out)
    print(f"started in {startup:.1f} s: {loaded}", file=sys.stderr)
    try:
        times, errors = run_load(base, args.seconds, args.clients, args.enterprises)
    finally:
        proc.send_signal(signal.SIGTERM)  # like Ctrl-C (a background job may ignore SIGINT)
        proc.wait(120)
    print(table(times, errors, startup, loaded, args))


if __name__ == "__main__":
    main()
