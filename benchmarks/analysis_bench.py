"""Time graph loading, neighbor-chain detection and partner ranking on synthetic chain graphs.

    python benchmarks/analysis_bench.py                 # 10k and 100k enterprises
    python benchmarks/analysis_bench.py 1000000 --direct  # 1M, graph built without the store

For each size: generate (``chain_synth.synth``), write an on-disk Oxigraph
store in the layout of ``docs/architecture.md``, read it back with
``kg.graph.read.to_networkx`` (*load*), find every neighbor-chain link of the graph
(*neighbors*) and the per-place shares (*shares*), rank partners of 20 random
enterprises and of the biggest customer (*partners*: median / max), and build
the supply tree of the biggest customer two hops each way (*chain*).
``--direct`` skips the store and builds the networkx graph straight from the
triples and the same sentences (``kg.graph.read.graph_from_triples``), for sizes
whose store would take too long to write.
After loading, ``gc.freeze()`` moves the graph out of the cyclic garbage
collector's way, as a notebook or service holding the graph should do:
without it, the partner ranking of the biggest hub takes about twice as long.
Memory: *graph MB* is the deep size of the loaded graph (every distinct object
it holds, ``sys.getsizeof``), *peak MB* the peak resident size of the process
for that size (generation, store and analyses included; Linux).
Prints a Markdown table.
"""
from __future__ import annotations

import argparse
import gc
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent))
from chain_synth import quads, synth, with_sentences  # noqa: E402

from kg.analysis import neighbor_chain_links, park_shares, recommend_partners, supply_chain  # noqa: E402
from kg.graph.read import graph_from_triples, to_networkx  # noqa: E402


def graph_bytes(G) -> int:
    """Deep size of a graph made by ``kg.graph.read``: nodes, adjacency, edge data, evidence."""
    seen: set[int] = set()
    total = 0

    def add(*objs) -> None:
        nonlocal total
        for o in objs:
            if id(o) not in seen:
                seen.add(id(o))
                total += sys.getsizeof(o)
    add(G._node, G._succ, G._pred)
    for n, data in G._node.items():
        add(n, data, *data.values(), *data.get("aliases", ()))
    for adj in (G._succ, G._pred):
        for u, nbrs in adj.items():
            add(nbrs)
            for v, keydict in nbrs.items():
                add(v, keydict)
                for key, data in keydict.items():
                    add(key, data, *data.values())
                    for ev in data.get("evidence", ()):
                        add(ev, *ev.values())
    return total


def reset_peak() -> None:
    """Start measuring the peak resident size anew (Linux ``clear_refs``)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


def peak_mb() -> int:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) // 1024
    except OSError:
        pass
    return -1


def timed(fn, *args, **kwargs):
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - start


def write_store(path: Path, entities, triples) -> tuple[ox.Store, int]:
    store = ox.Store(str(path))
    batch, count = [], 0
    for q in quads(entities, triples):
        batch.append(q)
        if len(batch) >= 200_000:
            store.bulk_extend(batch)
            count += len(batch)
            batch.clear()
    store.bulk_extend(batch)
    store.flush()
    return store, count + len(batch)


def run(n: int, direct: bool, samples: int = 20) -> dict:
    row = {"enterprises": n}
    gc.collect()
    reset_peak()
    (entities, triples), row["generate"] = timed(synth, n)
    row["edges"] = len(triples)
    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        if direct:
            triples = with_sentences(entities, triples)
            G, row["load"] = timed(graph_from_triples, entities, triples)
            row["quads"], row["write"] = "-", "-"
        else:
            (store, row["quads"]), row["write"] = timed(write_store, Path(tmp) / "store", entities, triples)
            G, row["load"] = timed(to_networkx, store)
            del store
        del entities, triples
        gc.collect()
        gc.freeze()  # the loaded graph is long-lived: keep the cyclic GC from rescanning it
        links, row["neighbors"] = timed(neighbor_chain_links, G)
        row["links"] = len(links)
        _, row["shares"] = timed(park_shares, G, links)
        del links
        enterprises = [v for v, t in G.nodes(data="type") if t == "Enterprise"]
        hub = Counter({v: G.in_degree(v) for v in enterprises}).most_common(1)[0][0]
        picks = random.Random(1).sample(enterprises, samples) + [hub]
        times = [timed(recommend_partners, G, e, 10)[1] for e in picks]
        row["partners_median"], row["partners_max"] = statistics.median(times), max(times)
        _, row["chain"] = timed(supply_chain, G, hub, 2, 2)
        row["graph_mb"] = graph_bytes(G) // 2**20
        row["peak_mb"] = peak_mb()
        gc.unfreeze()
    return row


COLUMNS = [("enterprises", "enterprises"), ("edges", "edges"), ("quads", "quads"), ("write", "write store s"),
           ("load", "load s"), ("neighbors", "neighbors s"), ("links", "links"), ("shares", "shares s"),
           ("partners_median", "partners median s"), ("partners_max", "partners max s"), ("chain", "chain (hub) s"),
           ("graph_mb", "graph MB"), ("peak_mb", "peak MB")]


def fmt(value) -> str:
    if isinstance(value, float):
        return f"{value:.3f}" if value < 10 else f"{value:.1f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[10_000, 100_000])
    parser.add_argument("--direct", action="store_true", help="build the graph without the store")
    args = parser.parse_args(argv)
    print("| " + " | ".join(title for _, title in COLUMNS) + " |")
    print("|" + "---|" * len(COLUMNS))
    for n in args.sizes:
        row = run(n, args.direct)
        print("| " + " | ".join(fmt(row[key]) for key, _ in COLUMNS) + " |", flush=True)


if __name__ == "__main__":
    main()
