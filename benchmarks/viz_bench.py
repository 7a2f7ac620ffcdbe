#!/usr/bin/env python3
"""Time graph views: render in Python, then open in headless Chromium; print a Markdown table.

    python benchmarks/viz_bench.py [--sizes 200,5000] [--seed 3] [--no-browser]

For each size, a synthetic graph shaped like the corpus graph (zones → parks →
enterprises, supplies chains inside a zone, products, persons; one evidence
sentence per relation) is rendered by :func:`kg.viz.view.render_html`:

* layout s: :func:`kg.viz.layout.layout` alone;
* render s: the whole page (layout, neighbour-chain links, HTML), and its size;
* open s: Chromium opening the file (network blocked) until the view is drawn and
  interactive (after stabilisation for small views; physics is off above
  ``PHYSICS_LIMIT`` nodes);
* click ms / search ms: a click (evidence panel + neighbour highlight) and a search, in the page;
* redraw ms: one full redraw of the canvas (what panning and zooming cost; software rendering
  here, since Chromium runs with ``--disable-gpu``).
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

from kg.graph.read import graph_from_triples
from kg.viz.layout import layout
from kg.viz.view import PHYSICS_LIMIT, render_html

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-dev-shm-usage"]


def synthetic(n: int, seed: int = 3):
    """A graph of exactly ``n`` entities: zones, parks, enterprises, products, persons."""
    rng = random.Random(seed)
    zones = max(1, n // 500)
    parks = [(z, k) for z in range(zones) for k in range(10)]
    rest = n - zones - len(parks)
    n_ent = int(rest * 0.7)
    n_prod = int(rest * 0.15)
    n_pers = rest - n_ent - n_prod
    ents = [(f"z{z}", "Zone", f"高新区{z:02d}") for z in range(zones)]
    ents += [(f"p{z}-{k}", "Park", f"高新区{z:02d}产业园{k}") for z, k in parks]
    ents += [(f"e{i}", "Enterprise", f"企业{i:05d}科技有限公司", [f"企业{i:05d}"]) for i in range(n_ent)]
    ents += [(f"m{i}", "Product", f"产品{i:05d}") for i in range(n_prod)]
    ents += [(f"h{i}", "Person", f"人物{i:05d}") for i in range(n_pers)]
    triples = [(f"p{z}-{k}", "belongsTo", f"z{z}", f"产业园{k}属于高新区{z:02d}。") for z, k in parks]
    park_of = {}
    for i in range(n_ent):
        z, k = parks[rng.randrange(len(parks))]
        park_of[i] = (z, k)
        triples.append((f"e{i}", "locatedIn", f"p{z}-{k}", f"企业{i:05d}入驻产业园{k}。"))
    by_zone: dict[int, list[int]] = {}
    for i, (z, _) in park_of.items():
        by_zone.setdefault(z, []).append(i)
    for i in range(n_ent):
        peers = by_zone[park_of[i][0]]
        for j in rng.sample(peers, min(len(peers), rng.randint(0, 2))):
            if j != i:
                triples.append((f"e{i}", "supplies", f"e{j}", f"企业{i:05d}为企业{j:05d}配套。"))
    for i in range(n_prod):
        triples.append((f"e{rng.randrange(n_ent)}", "produces", f"m{i}", f"研发产品{i:05d}。"))
    for i in range(n_pers):
        triples.append((f"h{i}", "worksFor", f"e{rng.randrange(n_ent)}", f"人物{i:05d}任总经理。"))
    return graph_from_triples(ents, sorted(set(triples)), article="bench")


def browser_times(path: Path) -> tuple[float, float, float]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
        start = time.perf_counter()
        page.goto(path.as_uri())
        page.wait_for_selector("body[data-ready='1']", state="attached", timeout=300_000)
        opened = time.perf_counter() - start
        click = page.evaluate("() => { const t = performance.now(); kg.selectNode('e1'); return performance.now() - t; }")
        search = page.evaluate("() => { const t = performance.now(); kg.find('企业00002'); return performance.now() - t; }")
        redraw = page.evaluate("() => { const t = performance.now(); network.redraw(); return performance.now() - t; }")
        browser.close()
    return opened, click, search, redraw


def measure(n: int, seed: int, browser: bool, work: Path) -> dict:
    G = synthetic(n, seed)
    t = time.perf_counter()
    layout(G)
    lay = time.perf_counter() - t
    t = time.perf_counter()
    page = render_html(G, title=f"bench {n}")
    render = time.perf_counter() - t
    path = work / f"view-{n}.html"
    path.write_text(page, encoding="utf-8")
    row = {"nodes": n, "edges": G.number_of_edges(), "physics": "on" if n <= PHYSICS_LIMIT else "off",
           "layout s": f"{lay:.2f}", "render s": f"{render:.2f}", "HTML MB": f"{len(page.encode()) / 1e6:.1f}"}
    if browser:
        opened, click, search, redraw = browser_times(path)
        row.update({"open s": f"{opened:.2f}", "click ms": f"{click:.0f}", "search ms": f"{search:.0f}",
                    "redraw ms": f"{redraw:.0f}"})
    return row


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="200,5000")
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--no-browser", action="store_true")
    args = ap.parse_args(argv)
    browser = not args.no_browser and Path(CHROMIUM).exists()
    with tempfile.TemporaryDirectory() as tmp:
        rows = [measure(int(s), args.seed, browser, Path(tmp)) for s in args.sizes.split(",")]
    cols = list(rows[0])
    print("| " + " | ".join(cols) + " |")
    print("|" + "|".join("---:" for _ in cols) + "|")
    for row in rows:
        print("| " + " | ".join(str(row[c]) for c in cols) + " |")
    if not browser:
        print("\n(browser timings skipped: no /usr/bin/chromium or --no-browser)", file=sys.stderr)


if __name__ == "__main__":
    main()
