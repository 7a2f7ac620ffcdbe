"""The web app (`kg app`) page by page with Starlette's TestClient, on real builds: a tiny store built here
from three invented articles with `kg build`, and the bundled corpus (``corpus_build``).

Also the library functions the app added: ranked name search (kg.graph.names), the zone/park tree and
the area of a place (kg.analysis.places), the articles of a build (kg.graph.articles).
"""
from __future__ import annotations

import re
import socket
import warnings
from pathlib import Path
from urllib.parse import quote

import pytest
from typer.testing import CliRunner

warnings.filterwarnings("ignore", message=".*httpx.*starlette.testclient.*")  # Starlette 1.x asks for httpx2
from starlette.testclient import TestClient  # noqa: E402

from helpers import free_port
from kg.analysis import find_gaps, leaders_report, neighbor_report, park_shares  # noqa: E402
from kg.analysis.places import place_area, place_tree  # noqa: E402
from kg.app import create_app, load_site  # noqa: E402
from kg.build.pipeline import BuildSettings, build  # noqa: E402
from kg.app.place_data import prepare_places  # noqa: E402
from kg.app.site import url_of  # noqa: E402
from kg.cli import app as cli  # noqa: E402
from kg.errors import NameResolutionError  # noqa: E402
from kg.graph.names import NameIndex, normalize_name  # noqa: E402
from kg.graph.resolve import resolve_name  # noqa: E402
from kg.sparql.serve import ServerError, find_oxigraph, start_backend, stop_server  # noqa: E402

EVIL = "<script>alert(1)</script>"
ARTICLES = {
    "a1.txt": "# 星河高新区打造新能源汽车产业链\n\n星河高新区下设星河智能制造产业园。\n星河动力股份有限公司位于星河智能制造产业园。\n"
              "银河精密机械有限公司位于星河智能制造产业园。\n银河精密机械有限公司为星河动力股份有限公司配套生产电机控制器。\n"
              "星河高新区重点发展新能源汽车产业。\n",
    "a2.txt": "# 邻里合作的故事\n\n北辰材料科技有限公司位于星河高新区。\n北辰材料科技有限公司为星河动力股份有限公司供应电池隔膜。\n"
              f"{EVIL}科技有限公司位于星河智能制造产业园。\n",
    "a3.txt": "# 星河高新区新闻\n\n星河动力股份有限公司(以下简称“星河动力”)与北辰材料科技有限公司在电池领域开展合作。\n",
}
REGISTRY = f"name,type,aliases,park\n{EVIL}科技有限公司,Enterprise,<b>坏</b>,星河智能制造产业园\n"
PARK, ZONE = "星河智能制造产业园", "星河高新区"
runner = CliRunner()


def build_tiny(folder: Path) -> Path:
    """Write the invented articles and a register with a hostile name, and `kg build` them; return OUT."""
    corpus = folder / "corpus"
    corpus.mkdir(parents=True)
    for name, text in ARTICLES.items():
        (corpus / name).write_text(text, encoding="utf-8")
    (folder / "reg.csv").write_text(REGISTRY, encoding="utf-8")
    out = folder / "out"
    result = runner.invoke(cli, ["build", str(corpus), "--out", str(out), "--registry", str(folder / "reg.csv"), "-q"])
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> Path:
    return build_tiny(tmp_path_factory.mktemp("tiny"))


@pytest.fixture(scope="module")
def client(tiny) -> TestClient:
    return TestClient(create_app(tiny), follow_redirects=False)


@pytest.fixture(scope="module")
def corpus_site(corpus_build):
    return load_site(corpus_build)


@pytest.fixture(scope="module")
def corpus(corpus_site) -> TestClient:
    return TestClient(create_app(corpus_site), follow_redirects=False)


def text_of(html: str) -> str:
    """The visible text of a page, tags removed and entities kept (to check what is shown as text)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def get(client: TestClient, path: str, status: int = 200):
    response = client.get(path)
    assert response.status_code == status, (path, response.status_code, response.text[:500])
    return response


# ---- pages ------------------------------------------------------------------------------------------

def test_home_shows_the_zone_park_tree_with_counts(client):
    page = get(client, "/").text
    assert '<html lang="zh-CN">' in page and "高新区与产业园总览" in page
    tree = page[page.index('<ul class="tree">'):]
    zone, park = tree.index(f">{ZONE}</a>"), tree.index(f">{PARK}</a>")
    assert zone < park and "<ul>" in tree[zone:park]  # the park is nested under its zone
    shown = text_of(tree[zone + 1:])
    assert shown.startswith(f"{ZONE} 3 家企业 2 条邻链 邻链占比 100%")
    assert f"{PARK} 2 家企业 1 条邻链 邻链占比 100%" in shown
    assert 'href="/static/app.css"' in page and 'action="/search"' in page


def test_search_ranks_exact_label_alias_prefix_contains(client):
    rows = re.findall(r'<tr>\s*<td><a class="ref t-(\w+)" href="([^"]+)"[^>]*>([^<]+)</a>.*?'
                      r'<td class="muted">([^<]+)</td>', get(client, "/search?q=" + quote("星河")).text, re.S)
    assert [(label, match) for _, _, label, match in rows] == [
        ("星河动力股份有限公司", "别名一致"), (ZONE, "开头一致"), (PARK, "开头一致")]
    assert rows[0][1] == url_of("entity", "https://w3id.org/kg/id/enterprise/星河动力股份有限公司")
    assert rows[1][1].startswith("/place/") and rows[0][0] == "Enterprise"
    exact = get(client, "/search?q=" + quote(ZONE)).text
    assert "名称一致" in exact and "共找到 1 个" in exact


def test_search_shows_type_and_place_and_filters_by_type(client):
    page = get(client, "/search?q=" + quote("有限公司") + "&type=Enterprise").text
    row = page[page.index(">银河精密机械有限公司<"):]
    row = row[:row.index("</tr>")]
    assert "企业" in row and f">{PARK}</a>" in row
    table = page[page.index("<table"):page.index("</table>")]
    assert "共找到 4 个" in page and table.count('class="badge t-Enterprise"') == 4 and "badge t-Zone" not in table


def test_ambiguous_short_name_lists_its_candidates(corpus):
    page = get(corpus, "/search?q=" + quote("歌尔")).text
    assert "“歌尔”是 2 个实体的名称或简称" in page
    choose = get(corpus, "/entity/" + quote("歌尔"), 300).text
    assert re.findall(r'<li><a class="ref t-Enterprise" href="[^"]+" title="企业">([^<]+)</a>', choose) == [
        "歌尔", "歌尔集团"]


def test_entity_page_relations_evidence_chain_partners_and_graph(corpus):
    page = get(corpus, "/entity/" + quote("潍柴动力")).text
    assert "<h1>潍柴动力股份有限公司 <span class=\"badge t-Enterprise\">企业</span></h1>" in page
    relations = page[page.index('id="relations"'):page.index('id="chain"')]
    assert "供应商（为其供货）" in relations and "supplies · 1 条" in relations
    assert "<q>龙口中宇机械有限公司就近为潍柴动力股份有限公司配套生产汽车温控电磁风扇离合器;</q>" in relations
    link = re.search(r'href="(/article/000_343f651354c9e888#s\d+)">《上下楼即上下游 产业园变产业链》', relations)
    assert link, relations[:2000]
    chain = page[page.index('id="chain"'):page.index('id="partners"')]
    up, down = chain.split("↓ 客户（下游）")
    assert ">龙口中宇机械有限公司</a>" in up and "图谱中没有已知客户" in down
    assert 'id="partners"' in page and '<ol class="partners">' in page
    frame = re.search(r'<iframe class="graph" src="([^"]+)"', page).group(1)
    graph = get(corpus, frame)
    assert "vis-network" in graph.text and "潍柴动力股份有限公司 · 关系图" in graph.text
    assert "script-src 'unsafe-inline'" in graph.headers["content-security-policy"]
    anchor = link.group(1).split("#")[1]
    assert f'id="{anchor}"' in get(corpus, link.group(1).split("#")[0]).text


def test_entity_page_lists_ranked_partners_with_reasons(corpus):
    page = get(corpus, "/entity/" + quote("山东天普阳光")).text
    partners = page[page.index('<ol class="partners">'):page.index("</ol>", page.index('<ol class="partners">'))]
    first = text_of(partners.split("</li>\n    <li>")[0])
    assert "山东吉隆达生物科技有限公司 得分 8" in first
    assert "+4 已有供货或合作关系：山东吉隆达生物科技有限公司 existing_partner" in first
    assert "+3 同楼（邻居）：山东吉隆达生物科技有限公司 same_building" in first
    assert "+1 同产业或同产品：“鸢都一号”有机微量元素 same_cluster" in first
    assert "<q>于是,双方联合研发了专属定制产品——“鸢都一号”有机微量元素。</q>" in partners


def test_entity_by_id_and_by_iri_give_the_same_page(corpus):
    iri = "https://w3id.org/kg/id/enterprise/潍柴动力股份有限公司"
    by_id = get(corpus, url_of("entity", iri)).text
    assert by_id == get(corpus, "/entity/" + quote("潍柴动力股份有限公司")).text
    assert "潍柴动力股份有限公司" in by_id


def test_place_page_parks_enterprises_links_leaders_and_gaps(corpus):
    page = get(corpus, "/place/" + quote("潍坊高新区")).text
    shown = text_of(page)
    assert "企业 32 家" in shown and "有邻链伙伴 8 家（25%）" in shown
    parks = page[page.index('id="parks"'):page.index('id="targets"')]
    assert ">潍坊高新区光电产业园</a>" in parks and ">潍柴国际配套产业园</a>" in parks
    links = text_of(page[page.index('id="links"'):page.index('id="enterprises"')])
    assert "山东天维膜技术有限公司 ↔ 山东环科环保科技有限公司 同楼" in links
    assert "潍柴动力股份有限公司 ↔ 龙口中宇机械有限公司 同高新区" in links
    leaders = text_of(page[page.index('id="leaders"'):page.index('id="industries"')])
    assert "潍柴动力股份有限公司 0.1298 供应商 1 · 客户 0 · 合作 0" in leaders
    assert '<table class="enterprises">' in page and "产业集群" in page


def test_place_page_gaps_with_reasons(corpus):
    page = get(corpus, "/place/" + quote("潍柴国际配套产业园")).text
    targets = text_of(page[page.index('id="targets"'):page.index('id="links"')])
    assert "园外客户 潍柴动力股份有限公司 1 向 龙口中宇机械有限公司 采购，位于本地以外：可就近引入的客户" in targets


def test_place_page_filters_enterprises_by_industry(client):
    every = get(client, "/place/" + quote(ZONE)).text
    assert "企业 <small>3 家</small>" in every
    only = get(client, "/place/" + quote(ZONE) + "?industry=" + quote("新能源汽车")).text
    assert "企业 <small>1 家（产业：新能源汽车）</small>" in only
    start = only.index('<table class="enterprises">')
    table = only[start:only.index("</table>", start)]
    assert ">星河动力股份有限公司</a>" in table and "北辰材料科技有限公司</a>" not in table


def test_place_csv_download_is_exact(client):
    expected = ("\ufeff企业,所在园区,产业,产品,供应商数,客户数,邻链伙伴\r\n"
                f"星河动力股份有限公司,{PARK},新能源汽车,,2,0,银河精密机械有限公司\r\n"
                f"银河精密机械有限公司,{PARK},,电机控制器,0,1,星河动力股份有限公司\r\n")
    response = get(client, "/place/" + quote(PARK) + ".csv")
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert "attachment; filename*=UTF-8''" in response.headers["content-disposition"]
    assert response.content.decode("utf-8") == expected
    same = get(client, url_of("place", "https://w3id.org/kg/id/park/" + PARK) + "?format=csv")
    assert same.content == response.content
    zone = get(client, "/place/" + quote(ZONE) + "?format=csv").content.decode("utf-8")
    assert zone == ("\ufeff企业,所在园区,产业,产品,供应商数,客户数,邻链伙伴\r\n"
                    f"北辰材料科技有限公司,{ZONE},,,0,1,星河动力股份有限公司\r\n"
                    f"星河动力股份有限公司,{PARK},新能源汽车,,2,0,北辰材料科技有限公司、银河精密机械有限公司\r\n"
                    f"银河精密机械有限公司,{PARK},,电机控制器,0,1,星河动力股份有限公司\r\n")
    links = get(client, "/place/" + quote(ZONE) + "?format=csv&table=links").content.decode("utf-8")
    assert links == ("\ufeff企业甲,企业乙,层级,共同所在,置信度\r\n"
                     f"北辰材料科技有限公司,星河动力股份有限公司,同高新区,{ZONE},0.60\r\n"
                     f"星河动力股份有限公司,银河精密机械有限公司,同园区,{PARK}、{ZONE},0.90\r\n")
    leaders = get(client, "/place/" + quote(ZONE) + "?format=csv&table=leaders").content.decode("utf-8")
    assert leaders == ("\ufeff排名,企业,得分,供应商数,客户数,合作伙伴数\r\n1,星河动力股份有限公司,0.5745,2,0,0\r\n"
                       "2,北辰材料科技有限公司,0.2128,0,1,0\r\n3,银河精密机械有限公司,0.2128,0,1,0\r\n")
    gaps = get(client, "/place/" + quote(PARK) + ".csv?table=gaps").content.decode("utf-8")
    assert gaps == ("\ufeff类型,目标,相关本地企业数,原因\r\n"
                    "园外供应商,北辰材料科技有限公司,1,从本地以外为 星河动力股份有限公司 供货\r\n")


def test_article_marks_every_fact_and_name_at_its_span(client):
    page = get(client, "/article/a1").text
    assert "<h1>星河高新区打造新能源汽车产业链</h1>" in page and 'id="notice"' not in page
    text = page[page.index('<article class="text" id="text">'):page.index("</article>")]
    marks = re.findall(r'<mark class="fact" data-facts="([\d ]+)">(.*?)</mark>', text, re.S)
    joined = {}
    for facts, inner in marks:
        joined[facts] = joined.get(facts, "") + re.sub(r"<[^>]+>", "", inner)
    assert "银河精密机械有限公司为星河动力股份有限公司配套生产电机控制器。" in joined.values()
    assert re.search(r'<a class="name t-Enterprise in" href="/entity/enterprise/[^"]+" title="银河精密机械有限公司（企业）">'
                     r'银河精密机械有限公司</a>', text)
    facts = page[page.index('id="facts"'):]
    assert facts.count('<li id="f') == len(re.findall(r'<sup class="fn">', text))


def test_article_shows_markup_as_text(client):
    page = get(client, "/article/a2").text
    assert EVIL not in page and "<b>坏</b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;科技有限公司位于星河智能制造产业园。" in text_of(page)
    assert page.count("<script") == page.count('<script src="/static/')  # no other script element


def test_hostile_entity_name_is_text_everywhere(client):
    for path in ("/search?q=" + quote("script"), "/search?q=" + quote("<b>坏</b>"),
                 "/entity/" + quote(EVIL + "科技有限公司"), "/entity/" + quote("<b>坏</b>"),
                 "/entity/" + quote(EVIL + "不存在"), "/place/" + quote(EVIL + "科技有限公司")):
        response = client.get(path)
        assert response.status_code in (200, 404), path
        assert EVIL not in response.text and "<b>坏</b>" not in response.text, path
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text, path


def test_unknown_name_is_a_404_that_suggests_near_names(client):
    page = get(client, "/entity/" + quote("星河动力集团"), 404).text
    assert "找不到这个名称" in page and "图谱中没有名为“星河动力集团”的实体。" in page
    suggestions = page[page.index('<ul class="suggestions">'):]
    assert ">星河动力股份有限公司</a>" in suggestions.split("</ul>")[0]
    assert "找不到这个名称" in get(client, "/place/" + quote("月亮产业园"), 404).text


def test_other_failures_are_pages_in_chinese(client):
    assert "不是园区或高新区" in get(client, "/place/" + quote("星河动力"), 404).text
    article = get(client, "/article/a9", 404).text
    assert "没有编号为 a9 的文章" in article and 'href="/article/a1"' in article
    assert "页面不存在" in get(client, "/nothing/here", 404).text
    response = client.post("/search", data={"q": "x"})
    assert response.status_code == 405 and "只读" in response.text
    assert "没有这张表" in get(client, "/place/" + quote(PARK) + ".csv?table=x", 400).text
    for page in ("/", "/search?q=x", "/entity/" + quote("星河动力")):
        csp = client.get(page).headers["content-security-policy"]
        assert "default-src 'none'" in csp and "script-src 'self'" in csp


def test_article_without_its_source_file_lists_the_stored_sentences(tmp_path):
    out = build_tiny(tmp_path)
    (tmp_path / "corpus" / "a1.txt").write_text("changed\n", encoding="utf-8")  # not the bytes that were read
    (tmp_path / "corpus" / "a2.txt").unlink()
    app = TestClient(create_app(out))
    for article in ("a1", "a2"):
        page = get(app, f"/article/{article}").text
        assert "找不到原文文件" in page and "以下是图谱中保存的句子" in page and "<article" not in page
    assert "<q>北辰材料科技有限公司为星河动力股份有限公司供应电池隔膜。</q>" in get(app, "/article/a2").text


def test_missing_or_broken_store_is_an_error_page(tmp_path):
    page = get(TestClient(create_app(tmp_path / "nothing")), "/entity/x", 503).text
    assert "无法打开图谱" in page and "no built graph in" in page and "Traceback" not in page
    broken = tmp_path / "broken"
    (broken / "store-1").mkdir(parents=True)
    (broken / "store").symlink_to("store-1")
    (broken / "store-1" / "CURRENT").write_text("garbage\n")
    page = get(TestClient(create_app(broken)), "/", 503).text
    assert "无法打开图谱" in page and "cannot read the store" in page
    assert get(TestClient(create_app(broken)), "/static/app.css").status_code == 200


def test_cli_start_up_errors_are_one_line(tmp_path):
    result = runner.invoke(cli, ["app", "--store", str(tmp_path / "none"), "--port", str(free_port())])
    assert result.exit_code == 1
    assert result.stderr == (f"kg: error: no built graph in {tmp_path / 'none'} "
                             "(run `kg build` first, or pass --store DIR)\n")
    result = runner.invoke(cli, ["app", "--store", str(tmp_path / "none"), "--host", "0.0.0.0",
                                 "--port", str(free_port())])
    lines = result.stderr.splitlines()
    assert lines[0] == "kg: warning: serving on 0.0.0.0, reachable from other machines"
    assert lines[1].startswith("kg: error: no built graph in") and len(lines) == 2
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = runner.invoke(cli, ["app", "--store", str(tmp_path), "--port", str(port)])
    assert (result.exit_code, result.stderr) == (2, f"kg: error: port {port} is in use\n")


def test_place_pages_prepared_by_workers_are_the_pages_computed_on_demand(corpus_build):
    on_demand, prepared = load_site(corpus_build), load_site(corpus_build)
    places = sorted(n for n, d in on_demand.G.nodes(data=True) if d.get("type") in ("Park", "Zone"))
    assert prepare_places(prepared, workers=2, parallel_from=0) == len(places) == len(prepared.views)
    a, b = TestClient(create_app(on_demand)), TestClient(create_app(prepared))
    for place in places:
        for suffix in ("", "?industry=" + quote("新能源汽车")):
            assert a.get(url_of("place", place) + suffix).text == b.get(url_of("place", place) + suffix).text


# ---- /sparql ----------------------------------------------------------------------------------------

def have_oxigraph() -> bool:
    try:
        return bool(find_oxigraph())
    except ServerError:
        return False


@pytest.mark.skipif(not have_oxigraph(), reason="needs the oxigraph server: pip install oxigraph")
def test_sparql_endpoint_and_query_page_in_the_same_server(tiny):
    site = load_site(tiny)
    proc, port = start_backend(site.location)
    try:
        for allow in (False, True):
            app = TestClient(create_app(site, sparql_upstream=f"http://127.0.0.1:{port}", allow_service=allow))
            page = get(app, "/sparql/").text
            assert "SPARQL 查询" in page and 'src="/static/sparql.js"' in page and "neighbor-chain" in page
            assert app.get("/sparql", follow_redirects=False).headers["location"] == "/sparql/"
            count = app.post("/sparql/query", content="SELECT (COUNT(*) AS ?n) WHERE { ?s a ?t }",
                             headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"})
            assert count.status_code == 200 and count.text.startswith("n\r\n")
            federated = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/query> {{ ?s a ?t }} }} LIMIT 1"
            answer = app.get("/sparql/query", params={"query": federated}, headers={"Accept": "text/csv"})
            refused = answer.status_code == 400 and "SERVICE clauses are refused" in answer.text
            assert refused is not allow and (allow is False or answer.status_code == 200)
            update = app.post("/sparql/update", content="DROP ALL",
                              headers={"Content-Type": "application/sparql-update"})
            assert update.status_code in (403, 404)
    finally:
        stop_server(proc)


def test_sparql_is_a_page_saying_so_when_off(client):
    assert "SPARQL 查询未启用" in get(client, "/sparql/", 503).text


# ---- the library functions the app added -----------------------------------------------------------

def test_name_index_resolves_every_name_as_resolve_name_does(corpus_site):
    """Same answers for every label and alias (and a few short names); names that normalising changes
    (quotes, Latin capitals) are left out: resolve_name strips quotes from the name asked but not from
    the stored names, so it cannot resolve “外部大脑”的技术, which the index can."""
    G, store = corpus_site.G, corpus_site.store
    index = NameIndex(G)
    names = {f for data in G._node.values() if data.get("type")
             for f in [data["label"], *data.get("aliases", ())]} | {"歌尔", "高新区", "潍柴", "没有这个名字"}
    assert index.resolve("“外部大脑”的技术") == index.resolve("外部大脑的技术")
    for name in sorted(n for n in names if normalize_name(n) == n):
        try:
            expected = resolve_name(store, name)
        except NameResolutionError as exc:
            expected = ("error", bool(exc.candidates))
        try:
            found = index.resolve(name)
        except NameResolutionError as exc:
            found = ("error", bool(exc.candidates))
        assert found == expected, name


def test_place_area_gives_the_answers_of_the_whole_graph(corpus_site):
    G = corpus_site.G
    for place in (n for n, d in G.nodes(data=True) if d.get("type") in ("Park", "Zone")):
        area = place_area(G, place)
        scope = {"park": place} if G.nodes[place]["type"] == "Park" else {"zone": place}
        assert find_gaps(area, place).to_dict() == find_gaps(G, place).to_dict()
        assert leaders_report(area, **scope).to_dict() == leaders_report(G, **scope).to_dict()
        assert neighbor_report(area, **scope).to_dict() == neighbor_report(G, **scope).to_dict()


def test_place_tree_counts_are_the_park_shares(corpus_site):
    G = corpus_site.G
    report = neighbor_report(G)
    shares = {s.place: s for s in park_shares(G, report.links)}
    nodes, todo = {}, list(place_tree(G, report))
    while todo:
        node = todo.pop()
        nodes[node.place] = node
        todo += node.children
    assert set(nodes) == {n for n, d in G.nodes(data=True) if d.get("type") in ("Park", "Zone")}
    for place, node in nodes.items():
        share = shares.get(place)
        assert (node.enterprises, node.with_partner) == ((share.enterprises, share.with_partner) if share else (0, 0))


def test_a_name_with_brackets_has_a_page_at_its_url(corpus, corpus_site):
    node = next(n for n in corpus_site.G if n.endswith("%28%E4%B8%AD%E5%9B%BD%29%E6%9C%89%E9%99%90%E5%85%AC%E5%8F%B8")
                or n.endswith("%28中国%29有限公司"))
    page = get(corpus, url_of("entity", node)).text
    assert "岩谷(中国)有限公司" in page


def test_every_page_linked_from_home_opens_on_the_development_articles_build(tmp_path_factory):
    """The app on a build of kg's 66 development articles (tests/data/dev): home, every place, entity and
    article page it links to, and the pages those link to, answer 200."""
    out = tmp_path_factory.mktemp("dev-app") / "out"
    build(BuildSettings(corpus=Path(__file__).parent / "data" / "dev" / "articles", out=out, incremental=False))
    client = TestClient(create_app(out), follow_redirects=False)
    home = get(client, "/").text
    links = sorted(set(re.findall(r'href="(/(?:place|entity|article)/[^"#]+)', home)))
    assert len(links) > 100
    failed = []
    for link in links:
        page = client.get(link)
        failed += [(link, page.status_code)] if page.status_code != 200 else []
        for inner in sorted(set(re.findall(r'href="(/(?:place|entity|article)/[^"#]+)', page.text)))[:8]:
            status = client.get(inner).status_code
            failed += [(inner, status)] if status != 200 else []
    assert failed == []
