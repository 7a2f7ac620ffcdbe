#!/usr/bin/env python3
"""Time the named queries on the embedded store (pyoxigraph) and on rdflib's in-memory graph.

    python benchmarks/sparql_bench.py [--enterprises 20000] [--runs 20] [--rdflib-runs 3] [--work DIR]
                                      [--rdflib-cap 120] [--skip-rdflib]

Generates a synthetic graph with ``benchmarks/synth_graph.py`` (≥1M quads with
the default size), writes it into an on-disk Oxigraph store the way ``kg build``
does (``kg.build.store.write_new_store``, then the derived neighbor-chain links with
``kg.build.derive.write_derived``), opens it read-only as ``kg query`` does, loads
it into an rdflib ``Dataset`` (union default graph) after the Oxigraph runs, runs each named query with
parameters bound as RDF terms the way ``kg query`` does (VALUES clauses) and prints one Markdown
table: load times, rows, p50/p95 per engine (wall clock), Oxigraph's CPU time per
query (the cost without the other jobs of a shared machine) and the rdflib/Oxigraph
ratio of the wall-clock p50s.  Targets: transitive suppliers ≥20× faster than rdflib and under
100 ms p50 on the embedded store; neighbor-chain for one zone ≤ 50 ms p50 (it reads the stored links).
"""
from __future__ import annotations

import argparse
import multiprocessing
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth_graph import enterprise_name, park_name, relations, write_graph, zone_name  # noqa: E402

from kg.build.derive import write_derived  # noqa: E402
from kg.build.store import write_new_store  # noqa: E402
from kg.sparql.queries import named_query  # noqa: E402
from kg.sparql.run import inject_values, materialize  # noqa: E402
from kg.vocab import entity_iri  # noqa: E402

Z = 3  # the zone the parameters point into


def cases(n: int) -> list[tuple[str, str, dict]]:
    """(label, named query, {variable: (kind, value)}) on a graph of ``n`` enterprises."""
    zones = max(1, n // 1000)
    late, early = enterprise_name(n - zones + Z), enterprise_name(Z)
    employer = next(o for s, _, pred, o, _ in relations(n)[1] if pred == "worksFor" and o >= enterprise_name(n // 2))
    ent = lambda name: ("iri", entity_iri("Enterprise", name))  # noqa: E731
    return [
        ("enterprises-in (zone)", "enterprises-in", {"place": ("iri", entity_iri("Zone", zone_name(Z)))}),
        ("parks-of", "parks-of", {"zone": ("iri", entity_iri("Zone", zone_name(Z)))}),
        ("suppliers-of (transitive)", "suppliers-of", {"entity": ent(late)}),
        ("customers-of (transitive)", "customers-of", {"entity": ent(early)}),
        ("neighbor-chain (one zone)", "neighbor-chain", {"within": ("iri", entity_iri("Zone", zone_name(Z)))}),
        ("neighbor-chain (one park)", "neighbor-chain", {"within": ("iri", entity_iri("Park", park_name(Z, 0)))}),
        ("evidence", "evidence", {"entity": ent(enterprise_name(n // 2))}),
        ("by-industry", "by-industry", {"industry": ("iri", entity_iri("Industry", "产业07"))}),
        ("people-of", "people-of", {"entity": ent(employer)}),
        ("relations-of", "relations-of", {"entity": ent(enterprise_name(n // 2))}),
        ("search", "search", {"text": ("text", f"企业{n // 2:06d}")}),
    ]


def timed(fn, runs: int, cap: float = 60.0, cpu: list[float] | None = None) -> tuple[list[float], int]:
    """Wall times of ``runs`` calls (fewer past ``cap`` s) and the last row count; CPU times into ``cpu``."""
    times, rows = [], 0
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        rows = fn()
        times.append(time.perf_counter() - t)
        if cpu is not None:
            cpu.append(time.process_time() - c)
        if sum(times) > cap:
            break
    return times, rows


def timed_in_child(fn, runs: int, cap: float) -> tuple[list[float], int | None]:
    """``timed`` in a forked process (which shares the loaded graph), killed after ``cap`` s."""
    ctx = multiprocessing.get_context("fork")
    recv, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=lambda: send.send(timed(fn, runs, cap)), daemon=True)
    child.start()
    ready = recv.poll(cap * 1.05)
    result = recv.recv() if ready else ([cap], None)
    if child.is_alive():
        child.kill()
    child.join()
    return result


def p(times: list[float], q: float) -> float:
    if len(times) == 1:
        return times[0]
    return statistics.quantiles(times, n=100, method="inclusive")[int(q * 100) - 1]


def ms(x: float | None) -> str:
    return "–" if x is None else (f"{x * 1000:.1f}" if x < 10 else f"{x * 1000:.0f}")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--enterprises", type=int, default=20000)
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--rdflib-runs", type=int, default=3)
    ap.add_argument("--work", type=Path, default=None)
    ap.add_argument("--rdflib-cap", type=float, default=120.0,
                    help="give up an rdflib query after this many seconds (shown as >)")
    ap.add_argument("--skip-rdflib", action="store_true")
    ap.add_argument("--only", default="", help="run only the queries whose label contains this")
    args = ap.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="kg-sparql-bench-"))
    t = time.perf_counter()
    nq, count = write_graph(work, args.enterprises)
    print(f"generated {count:,} quads in {time.perf_counter() - t:.1f} s", file=sys.stderr)

    t = time.perf_counter()  # the store as `kg build` writes it (with its derived links), opened as `kg query` does
    location = write_new_store(work, ox.parse(path=str(nq), format=ox.RdfFormat.N_QUADS))
    writable = ox.Store(str(location))
    links = write_derived(writable)
    writable.flush()
    if not args.skip_rdflib:  # rdflib reads the same dataset, derived links included
        writable.dump(str(nq), format=ox.RdfFormat.N_QUADS)
    del writable
    store = ox.Store.read_only(str(location))
    ox_load = time.perf_counter() - t
    print(f"stored {links:,} neighbor-chain links", file=sys.stderr)
    selected = []
    for label, name, params in cases(args.enterprises):
        if args.only in label:
            terms = {k: (ox.NamedNode(v) if kind == "iri" else ox.Literal(v)) for k, (kind, v) in params.items()}
            selected.append((label, inject_values(named_query(name).text, terms)))  # as kg query binds them
    ox_results = {label: time_oxigraph(store, text, args.runs) for label, text in selected}
    rdf_load, rd_results = None, {}
    if not args.skip_rdflib:  # loaded after the Oxigraph runs: a 1M-quad rdflib graph in the same process
        import rdflib  # slows them down (~18 % for suppliers-of), which `kg query` never has
        t = time.perf_counter()
        ds = rdflib.Dataset(default_union=True)
        ds.parse(str(nq), format="nquads")
        rdf_load = time.perf_counter() - t
        for label, text in selected:
            rd_results[label] = timed_in_child(lambda: len(list(ds.query(text))), args.rdflib_runs, args.rdflib_cap)
            print(f"{label}: rdflib {ms(p(rd_results[label][0], .5))} ms", file=sys.stderr)
    print(f"loaded: oxigraph {ox_load:.1f} s, rdflib {rdf_load or 0:.1f} s", file=sys.stderr)

    lines = [f"Graph: {count:,} quads ({args.enterprises:,} enterprises). Load: embedded Oxigraph "
             f"{ox_load:.1f} s, rdflib in-memory {'–' if rdf_load is None else f'{rdf_load:.1f} s'}.", "",
             "| query | rows | oxigraph p50 ms | oxigraph p95 ms | oxigraph CPU p50 ms | rdflib p50 ms | "
             "rdflib p95 ms | ratio (p50) |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for label, _ in selected:
        lines.append(table_line(label, *ox_results[label], rd_results.get(label)))
    print("\n".join(lines))


def time_oxigraph(store, text: str, runs: int) -> tuple[list[float], list[float], int]:
    """Wall times, CPU times (the process's: what the query costs without other jobs) and rows."""
    cpu: list[float] = []
    times, rows = timed(lambda: len(materialize(store.query(text, use_default_graph_as_union=True)).rows),
                        runs, cpu=cpu)
    return times, cpu, rows


def table_line(label: str, ox_times, ox_cpu, ox_rows: int, rdflib_result) -> str:
    """One row of the table; ``rdflib_result`` is None without rdflib, its rows None past the cap."""
    rd = [None, None, None]
    if rdflib_result is not None:
        rd = [p(rdflib_result[0], .5), p(rdflib_result[0], .95), rdflib_result[1]]
    over = ">" if rdflib_result is not None and rd[2] is None else ""  # rdflib did not finish within the cap
    flag = "" if rd[2] in (None, ox_rows) else f" (rdflib: {rd[2]} rows)"
    ratio = f"{over}{rd[0] / p(ox_times, .5):.0f}×" if rd[0] else "–"
    return (f"| {label} | {ox_rows}{flag} | {ms(p(ox_times, .5))} | {ms(p(ox_times, .95))} | "
            f"{ms(p(ox_cpu, .5))} | {over}{ms(rd[0])} | {over}{ms(rd[1])} | {ratio} |")


if __name__ == "__main__":
    main()
