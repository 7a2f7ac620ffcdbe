"""The web app in a real browser: `kg app` as its own process on a free loopback port, on the bundled
corpus build, driven by Debian's headless Chromium through Playwright, with every request whose host
is not 127.0.0.1 blocked and recorded (none may be attempted).

Skipped (with the reason) only when /usr/bin/chromium or Playwright is missing;
``scripts/test-deps.sh`` installs Chromium and a CJK font in CI.

Set ``KG_UPDATE_SCREENSHOT=1`` to also write the README's screenshots ``docs/img/app-entity.png`` and
``docs/img/app-place.png`` (otherwise they go to the test's temporary directory).
"""
from __future__ import annotations

import base64
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote, urlsplit

import pytest

from helpers import CATCH_ALERTS, free_port, headless_chromium, require_browser, running
from test_app import EVIL, build_tiny

sync_api = require_browser()

DOCS = Path(__file__).resolve().parent.parent / "docs"
COLOURS = """async (b64) => {
  const img = new Image(); img.src = "data:image/png;base64," + b64; await img.decode();
  const c = document.createElement("canvas"); c.width = img.width; c.height = img.height;
  const g = c.getContext("2d"); g.drawImage(img, 0, 0);
  const d = g.getImageData(0, 0, c.width, c.height).data; const seen = new Set(); let ink = 0;
  for (let i = 0; i < d.length; i += 4) {
    seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
    if (d[i] < 200 || d[i + 1] < 200 || d[i + 2] < 200) { ink++; }
  }
  return [seen.size, ink / (c.width * c.height)];
}"""
ENTITY, PARK, ZONE = "山东天普阳光集团", "潍坊高新区光电产业园", "潍坊高新区"
ARTICLE = "000_343f651354c9e888"


def children_of(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(c) for c in path.read_text().split()] if path.exists() else []


class App:
    """``kg app`` in its own process, on a free loopback port; its printed lines."""

    def __init__(self, store: Path):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "app", "--store", str(store),
                                      "--port", str(self.port)],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.lines = [self.proc.stdout.readline() for _ in range(4)]
        if self.lines[1:] != [f"web app (read-only): {self.base}/\n",
                              f"SPARQL endpoint: {self.base}/sparql/query  query page: {self.base}/sparql/\n",
                              "(Ctrl-C to stop)\n"]:
            self.stop()
            pytest.fail(f"kg app printed {self.lines!r}, exit code {self.proc.returncode}: {self.proc.stderr.read()}")
        self.children = children_of(self.proc.pid)

    def get(self, path: str) -> bytes:
        with urllib.request.urlopen(self.base + path, timeout=30) as response:
            return response.read()

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)  # stops it like Ctrl-C (which a background job may ignore)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode


@pytest.fixture(scope="module")
def app(corpus_build):
    running_app = App(corpus_build)
    yield running_app
    children = running_app.children
    assert running_app.stop() == 0
    deadline = time.monotonic() + 5
    while any(running(c) for c in children) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert children and not any(running(c) for c in children)  # the Oxigraph child is gone too


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    running_app = App(build_tiny(tmp_path_factory.mktemp("hostile")))
    yield running_app
    running_app.stop()


@pytest.fixture(scope="module")
def browser():
    with headless_chromium(sync_api) as b:
        yield b


class Page:
    """A browser page on the app with every request not for 127.0.0.1 blocked and recorded."""

    def __init__(self, browser, base: str, width: int = 1440, height: int = 1000):
        self.base = base
        self.errors: list[str] = []
        self.blocked: list[str] = []
        self.dialogs: list[str] = []
        self.page = browser.new_page(viewport={"width": width, "height": height}, accept_downloads=True)
        self.page.add_init_script(CATCH_ALERTS)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.route("**/*", self._route)

    def _route(self, route):
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def open(self, path: str, status: int = 200):
        response = self.page.goto(self.base + path)
        assert response.status == status, (path, response.status)
        self.ready()
        return response

    def ready(self) -> None:
        self.page.wait_for_selector("body[data-ready='1']", state="attached", timeout=60_000)

    def graph_ready(self) -> dict:
        """Wait for the graph frame to be drawn; return what it drew."""
        frame = self.page.frame_locator("iframe.graph")
        frame.locator("body[data-ready='1']").wait_for(state="attached", timeout=60_000)
        return self.page.frames[1].evaluate("window.kgView")

    def colours(self, png: bytes) -> tuple[int, float]:
        """(distinct colours, share of non-white pixels) of a screenshot."""
        return tuple(self.page.evaluate(COLOURS, base64.b64encode(png).decode()))

    def clean(self) -> None:
        found = (self.blocked, self.dialogs, self.errors)
        assert found == ([], [], []), found

    def close(self) -> None:
        self.page.close()


@pytest.fixture
def page(browser, app):
    p = Page(browser, app.base)
    yield p
    p.close()


def test_every_page_opens_offline_with_the_package_assets(page):
    for path in ("/", "/search?q=" + quote("潍柴"), "/entity/" + quote(ENTITY), "/place/" + quote(ZONE),
                 f"/article/{ARTICLE}", "/sparql/"):
        page.open(path)
        assert page.page.evaluate("document.documentElement.lang") == "zh-CN"
        background = page.page.evaluate("getComputedStyle(document.querySelector('header.top')).backgroundColor")
        assert background == "rgb(15, 47, 87)", path  # /static/app.css, served from the package
    page.open("/entity/" + quote("不存在的企业"), 404)
    assert "找不到这个名称" in page.page.locator("h1").text_content()
    page.errors = [e for e in page.errors if "404" not in e]  # the 404 page's own status
    page.clean()


def test_search_entity_place_article_click_through(page):
    page.open("/")
    page.page.fill("header input[name=q]", "天普阳光")
    page.page.press("header input[name=q]", "Enter")
    page.ready()
    assert urlsplit(page.page.url).path == "/search"
    page.page.click(f"table.hits a:text-is('{ENTITY}')")
    page.ready()
    assert page.page.locator("h1").text_content().startswith(ENTITY)
    page.page.click("p.where a.t-Park")
    page.ready()
    assert urlsplit(page.page.url).path.startswith("/place/")
    assert page.page.locator("h1").text_content().startswith("潍坊高新区生物医药产业园")
    page.page.click(f"table.enterprises a:text-is('{ENTITY}')")
    page.ready()
    page.page.locator("#relations a.src").first.click()
    page.ready()
    assert urlsplit(page.page.url).path == f"/article/{ARTICLE}"
    anchor = urlsplit(page.page.url).fragment
    assert anchor.startswith("s") and page.page.locator(f"#{anchor} + mark.fact").count() == 1
    assert page.page.locator("article.text mark.fact").count() > 10
    assert page.page.locator("article.text a.name.in").count() > 10
    page.clean()


def test_partner_list_and_graph_are_shown(page):
    page.open("/entity/" + quote(ENTITY))
    first = page.page.locator("ol.partners > li").first
    assert first.locator(".row").text_content().split() == ["山东吉隆达生物科技有限公司", "得分", "8"]
    reasons = first.locator("ul.reasons > li")
    assert reasons.count() == 3 and reasons.first.text_content().strip().startswith("+4 已有供货或合作关系")
    first.locator("details summary").first.click()
    assert first.locator("details .fact q").first.is_visible()
    drawn = page.graph_ready()
    assert drawn["nodes"] >= 5 and drawn["edges"] >= 5
    page.clean()


def test_csv_download(page, app):
    page.open("/place/" + quote(PARK))
    with page.page.expect_download() as download:
        page.page.click("p.downloads a:text-is('企业')")
    data = Path(download.value.path()).read_bytes()
    assert data == app.get("/place/" + quote(PARK) + ".csv")
    lines = data.decode("utf-8").splitlines()
    assert lines[0] == "\ufeff企业,所在园区,产业,产品,供应商数,客户数,邻链伙伴"
    assert lines[1:] == [f"山东天维膜技术有限公司,{PARK},,双极膜设备、扩散渗析膜技术,0,0,山东环科环保科技有限公司",
                         f"山东环科环保科技有限公司,{PARK},,预处理设备,0,0,山东天维膜技术有限公司"]
    assert download.value.suggested_filename == f"{PARK}-enterprises.csv"
    page.clean()


def test_sparql_page_runs_queries_and_refuses_service(page):
    page.open("/sparql/")
    page.page.select_option("#examples", "summary")
    page.page.click("#sparql-form button[type=submit]")
    page.page.wait_for_selector("#results table tbody tr")
    assert page.page.locator("#results th").all_text_contents() == ["?kind", "?name", "?count"]
    assert "共 " in page.page.locator("#status").text_content()
    page.page.fill("#query", "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    page.page.click("#sparql-form button[type=submit]")
    page.page.wait_for_selector("#results pre.error")
    assert "SERVICE clauses are refused" in page.page.locator("#results pre.error").text_content()
    page.errors = [e for e in page.errors if "400" not in e]  # the refusal's own status
    page.clean()


def test_hostile_names_are_shown_as_text(browser, hostile):
    page = Page(browser, hostile.base)
    try:
        for path, where in (("/search?q=script", "table.hits"), ("/entity/" + quote(EVIL + "科技有限公司"), "h1"),
                            ("/article/a2", "article.text"), ("/place/" + quote(EVIL + "科技有限公司"), "main")):
            page.open(path, 404 if path.startswith("/place/") else 200)
            assert EVIL in page.page.locator(where).first.text_content(), path
            assert page.page.evaluate("document.querySelectorAll('main script').length") == 0
            assert page.page.evaluate("document.scripts.length") == 1  # /static/app.js only
        assert page.page.evaluate("window.__alerts") == [] and page.dialogs == [] and page.blocked == []
    finally:
        page.close()


@pytest.mark.parametrize("path, name", [("/entity/" + quote(ENTITY), "app-entity.png"),
                                        ("/place/" + quote(PARK), "app-place.png")])
def test_screenshots_are_not_blank(browser, app, tmp_path, path, name):
    page = Page(browser, app.base, width=1440, height=1300)
    try:
        page.open(path)
        drawn = page.graph_ready()
        assert drawn["nodes"] > 0
        page.page.wait_for_timeout(1500)  # the graph's short physics run settles
        target = DOCS / "img" / name if os.environ.get("KG_UPDATE_SCREENSHOT") else tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        colours, ink = page.colours(page.page.screenshot(path=str(target)))
        assert colours > 500 and ink > 0.05, (colours, ink)
        page.clean()
    finally:
        page.close()
