"""Graph views in a real browser: Debian's headless Chromium driven by Playwright, network blocked.

Skipped (with the reason) only when /usr/bin/chromium or Playwright is missing;
``scripts/test-deps.sh`` installs Chromium and a CJK font in CI.

Set ``KG_UPDATE_SCREENSHOT=1`` to also write the seed-graph screenshot to
``docs/seed-graph.png`` (otherwise it goes to the test's temporary directory).
"""
from __future__ import annotations

import base64
import os
from pathlib import Path

import networkx as nx
import pytest

from helpers import CATCH_ALERTS, headless_chromium, require_browser
from kg.graph.read import graph_from_triples
from kg.viz.view import render_html, view_store

sync_api = require_browser()

DOCS = Path(__file__).resolve().parent.parent / "docs"
EVIL = "<script>alert(1)</script>"
NON_BLANK = """async (b64) => {
  const img = new Image(); img.src = "data:image/png;base64," + b64; await img.decode();
  const c = document.createElement("canvas"); c.width = img.width; c.height = img.height;
  const g = c.getContext("2d"); g.drawImage(img, 0, 0);
  const d = g.getImageData(0, 0, c.width, c.height).data; let ink = 0;
  for (let i = 0; i < d.length; i += 4) { if (d[i] < 200 || d[i + 1] < 200 || d[i + 2] < 200) { ink++; } }
  return ink / (c.width * c.height);
}"""


@pytest.fixture(scope="module")
def browser():
    with headless_chromium(sync_api) as b:
        yield b


class Page:
    """A page opened from a file:// URL with every other request blocked and recorded."""

    def __init__(self, browser, path: Path, width: int = 1400, height: int = 900):
        self.errors: list[str] = []
        self.blocked: list[str] = []
        self.dialogs: list[str] = []
        self.page = browser.new_page(viewport={"width": width, "height": height})
        self.page.add_init_script(CATCH_ALERTS)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.route("**/*", self._route)
        self.page.goto(path.as_uri())
        self.page.wait_for_selector("body[data-ready='1']", state="attached", timeout=120_000)

    def _route(self, route):
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def drawn(self) -> dict:
        return self.page.evaluate("window.kgView")

    def node_point(self, node_id: str) -> tuple[float, float]:
        box = self.page.locator("#mynetwork").bounding_box()
        p = self.page.evaluate("id => network.canvasToDOM(network.getPositions([id])[id])", node_id)
        return box["x"] + p["x"], box["y"] + p["y"]

    def ink(self, png: bytes) -> float:
        return self.page.evaluate(NON_BLANK, base64.b64encode(png).decode())


@pytest.fixture(scope="module")
def small() -> nx.MultiDiGraph:
    G = graph_from_triples(
        [("z", "Zone", "潍坊高新区"), ("p", "Park", "潍坊高新区生物医药产业园", ["潍坊生物医药产业园"]),
         ("a", "Enterprise", "山东环科环保科技有限公司", ["山东环科环保"]),
         ("b", "Enterprise", "山东天维膜技术有限公司", ["山东天维膜"]),
         ("x", "Enterprise", EVIL), ("w", "Enterprise", "潍柴动力股份有限公司"),
         ("k", "Person", "康美丽"), ("m", "Product", "扩散渗析膜技术")],
        [("p", "belongsTo", "z", "生物医药产业园在潍坊高新区。"),
         ("a", "locatedIn", "p", "环科环保入驻生物医药产业园。"),
         ("b", "locatedIn", "p", "天维膜位于生物医药产业园。"),
         ("b", "neighborOf", "a", "两家“邻居”一拍即合。"),
         ("a", "cooperatesWith", "b", "双方合作研发膜技术。"),
         ("x", "supplies", "w", EVIL + "为潍柴配套。"),
         ("w", "locatedIn", "z", "潍柴位于潍坊高新区。"),
         ("k", "worksFor", "a", "康美丽是环科环保总经理。"),
         ("b", "produces", "m", "天维膜研发扩散渗析膜技术。")], article="a1")
    G.graph["articles"] = {"a1": "上下楼即上下游"}
    return G


@pytest.fixture(scope="module")
def small_page(browser, small, tmp_path_factory) -> Page:
    path = tmp_path_factory.mktemp("viz") / "small.html"
    path.write_text(render_html(small, title="small"), encoding="utf-8")
    page = Page(browser, path)
    yield page
    page.page.close()


def test_draws_every_node_and_edge_offline_without_errors(small_page, small):
    assert small_page.drawn() == {"nodes": small.number_of_nodes(), "edges": small.number_of_edges()}
    assert small_page.errors == [] and small_page.blocked == [] and small_page.dialogs == []


def test_hover_shows_aliases_and_evidence_with_article(small_page):
    page = small_page.page
    page.mouse.move(*small_page.node_point("b"))
    tip = page.locator("#kg-tip")
    tip.wait_for(state="visible", timeout=5000)
    text = tip.text_content()
    assert text.startswith("山东天维膜技术有限公司  (Enterprise 企业)")
    assert "别名: 山东天维膜" in text and "天维膜位于生物医药产业园。 《上下楼即上下游》" in text


def test_click_shows_the_evidence_panel_and_highlights_neighbours(small_page):
    page = small_page.page
    page.mouse.click(*small_page.node_point("a"))
    info = page.locator("#kg-info")
    assert info.locator("h2").text_content() == "山东环科环保科技有限公司"
    text = info.text_content()
    assert "邻居 neighborOf ↔ 山东天维膜技术有限公司" in text and "两家“邻居”一拍即合。" in text
    assert "邻链 neighbour chain (building)" in text and "《上下楼即上下游》" in text
    assert "任职 worksFor ← 康美丽" in text
    dimmed = page.evaluate("nodes.get('w').color")
    assert dimmed.startswith("rgba(200") and page.evaluate("nodes.get('k').color") == "#2ca02c"
    page.mouse.click(5, page.viewport_size["height"] - 5)  # empty canvas: back to normal
    assert page.evaluate("nodes.get('w').color") == "#1f77b4"


def test_a_script_label_is_text_and_runs_nothing(small_page):
    page = small_page.page
    page.mouse.click(*small_page.node_point("x"))
    assert page.locator("#kg-info h2").text_content() == EVIL
    assert EVIL + "为潍柴配套。" in page.locator("#kg-info").text_content()
    assert page.evaluate("window.__alerts") == [] and small_page.dialogs == []
    assert page.evaluate("document.querySelectorAll('script').length") == 2
    assert page.evaluate("document.querySelectorAll('#kg-info script, #kg-tip script').length") == 0


def test_search_box_finds_a_node_by_alias(small_page):
    page = small_page.page
    page.fill("#kg-search", "山东天维膜")
    page.press("#kg-search", "Enter")
    assert page.locator("#kg-status").text_content() == "1 match"
    assert page.locator("#kg-info h2").text_content() == "山东天维膜技术有限公司"
    assert page.evaluate("network.getSelectedNodes()") == ["b"]


def test_legend_filters_types_and_predicates(small_page):
    page = small_page.page
    page.uncheck("input[data-type='Person']")
    assert page.evaluate("nodes.get('k').hidden") is True
    assert page.evaluate("edges.get({filter: e => e.predicate === 'worksFor'})[0].hidden") is True
    page.uncheck("input[data-predicate='supplies']")
    assert page.evaluate("edges.get({filter: e => e.predicate === 'supplies'})[0].hidden") is True
    page.check("input[data-type='Person']")
    page.check("input[data-predicate='supplies']")
    assert page.evaluate("edges.get({filter: e => e.hidden}).length") == 0


def test_parks_and_zones_as_groups(small_page, small):
    page = small_page.page
    page.click("#kg-group")
    clusters = page.evaluate("network.body.nodeIndices.filter(id => network.isCluster(id))")
    assert clusters == ["cluster:z"]  # the park's cluster went into its zone's
    assert page.evaluate("network.body.nodeIndices.length") < small.number_of_nodes()
    page.click("#kg-group")
    assert page.evaluate("network.body.nodeIndices.length") == small.number_of_nodes()
    assert small_page.errors == []


def test_screenshot_is_not_blank(small_page):
    png = small_page.page.locator("#mynetwork").screenshot()
    assert small_page.ink(png) > 0.005


def test_a_large_view_is_drawn_without_physics(browser, tmp_path):
    G = graph_from_triples([(f"e{i}", "Enterprise", f"企业{i}") for i in range(1500)],
                           [(f"e{i}", "supplies", f"e{(i * 7 + 1) % 1500}") for i in range(1500)])
    path = tmp_path / "large.html"
    path.write_text(render_html(G, title="large"), encoding="utf-8")
    page = Page(browser, path)
    assert page.drawn() == {"nodes": 1500, "edges": G.number_of_edges()}
    assert page.page.evaluate("network.physics.options.enabled") is False
    page.page.evaluate("kg.selectNode('e1')")  # large views select the neighbours, dim nothing
    assert sorted(page.page.evaluate("network.getSelectedNodes()")) == ["e0", "e1", "e8"]  # e0 → e1 → e8
    assert page.page.evaluate("nodes.get('e500').color") == "#1f77b4"
    assert page.page.locator("#kg-info h2").text_content() == "企业1"
    assert page.errors == [] and page.blocked == []
    page.page.close()


def test_seed_graph_screenshot(browser, corpus_build, tmp_path):
    result = view_store(corpus_build)
    path = tmp_path / "seed.html"
    path.write_text(result.html, encoding="utf-8")
    page = Page(browser, path, width=1920, height=1200)
    assert page.drawn() == {"nodes": result.nodes, "edges": result.edges}
    assert page.errors == [] and page.blocked == []
    target = DOCS / "seed-graph.png" if os.environ.get("KG_UPDATE_SCREENSHOT") else tmp_path / "seed-graph.png"
    png = page.page.screenshot(path=str(target))
    assert page.ink(png) > 0.01
    page.page.close()
