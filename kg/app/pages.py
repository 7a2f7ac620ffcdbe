"""Route handlers of the web app: each asks one view model and renders its Jinja2 template.

Templates autoescape every value, so a name or sentence with markup is shown as text; every page is
sent with a Content-Security-Policy that allows scripts, styles and frames from the app only.  A
library error becomes a page: a name that matches nothing is a 404 that suggests near names, an
ambiguous one lists its candidates (300), any other failure a short page without a traceback.
"""
from __future__ import annotations

import sys
from functools import wraps
from pathlib import Path

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.templating import Jinja2Templates

from kg.app.article_data import ArticleNotFoundError, article_view
from kg.app.data import TYPE_ZH, entity_view, home_view, near_names, node_ref, search_view
from kg.app.graph_page import graph_html
from kg.app.place_data import TABLES, NotAPlaceError, place_csv, place_view
from kg.app.site import url_of
from kg.errors import InputError, KgError, NameResolutionError
from kg.sparql.queries import list_queries

TEMPLATES = Path(__file__).parent / "templates"
templates = Jinja2Templates(directory=str(TEMPLATES))
templates.env.filters["pct"] = lambda x: f"{x * 100:.0f}%"
templates.env.filters["num"] = lambda x: f"{x:g}"
templates.env.globals["place_url"] = lambda node: url_of("place", node)

PAGE_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-src 'self'; "
            "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'self'")
GRAPH_CSP = ("default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; "
             "base-uri 'none'; form-action 'none'; frame-ancestors 'self'")
HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}


def render(request: Request, name: str, context: dict, status: int = 200) -> Response:
    """The template ``name`` with the context every page shares."""
    state = request.app.state
    shared = {"q": request.query_params.get("q", ""), "sparql": state.sparql, "store": state.store_name,
              "types_zh": TYPE_ZH}
    return templates.TemplateResponse(request, name, {**shared, **context}, status_code=status,
                                      headers={**HEADERS, "Content-Security-Policy": PAGE_CSP})


def error_page(request: Request, status: int, title: str, message: str, **context) -> Response:
    """An error page with its status, title and message (and suggestions)."""
    return render(request, "error.html", {"title": title, "message": message, **context}, status)


def page(handler):
    """Turn the errors of a handler into pages (see the module doc)."""
    @wraps(handler)
    def wrapper(request: Request) -> Response:
        site = request.app.state.site
        try:
            return handler(request, site)
        except NameResolutionError as exc:
            ref = _ref(request)
            if exc.candidates:
                refs = [node_ref(site, n) for n in site.names.candidates(ref)]
                return render(request, "choose.html", {"name": ref, "candidates": refs}, 300)
            return error_page(request, 404, "找不到这个名称", f"图谱中没有名为“{ref}”的实体。",
                              suggestions=near_names(site, ref))
        except NotAPlaceError as exc:
            return error_page(request, 404, "不是园区或高新区", str(exc), suggestions=[node_ref(site, exc.node)])
        except ArticleNotFoundError as exc:
            return error_page(request, 404, "找不到这篇文章", str(exc), articles=exc.suggestions)
        except InputError as exc:
            return error_page(request, 400, "请求有误", str(exc))
        except KgError as exc:
            return error_page(request, 500, "出错了", str(exc))
        except Exception as exc:  # noqa: BLE001 — a page, not a traceback
            print(f"kg app: {request.url.path}: {type(exc).__name__}: {exc}", file=sys.stderr)
            return error_page(request, 500, "服务器内部错误", "处理这个请求时出错了，请稍后再试或换一个页面。")
    return wrapper


def _ref(request: Request) -> str:
    """The name or id in the path."""
    return request.path_params.get("ref", "")


def _hops(request: Request, name: str, default: int = 2) -> int:
    """A hop count from the query string, 0 to 4 (``default`` when absent or not a number)."""
    value = request.query_params.get(name, "")
    return min(4, max(0, int(value))) if value.isdigit() else default


@page
def home(request: Request, site) -> Response:
    """``/``: the zones and parks as a tree with their counts."""
    return render(request, "home.html", {"view": home_view(site)})


@page
def search(request: Request, site) -> Response:
    """``/search?q=…&type=…``: names and aliases, ranked."""
    view = search_view(site, request.query_params.get("q", ""), request.query_params.get("type", ""))
    return render(request, "search.html", {"view": view})


@page
def entity(request: Request, site) -> Response:
    """``/entity/{name or id}``: relations and evidence, supply chain, partners."""
    view = entity_view(site, _ref(request), _hops(request, "up"), _hops(request, "down"))
    return render(request, "entity.html", {"view": view})


@page
def graph(request: Request, site) -> Response:
    """``/graph/{name or id}``: the small interactive graph shown in a frame."""
    return HTMLResponse(graph_html(site, _ref(request)),
                        headers={**HEADERS, "Content-Security-Policy": GRAPH_CSP})


@page
def place(request: Request, site) -> Response:
    """``/place/{name or id}``: a zone or park; ``.csv`` or ``?format=csv&table=…`` downloads a table."""
    ref, params = _ref(request), request.query_params
    as_csv = params.get("format") == "csv"
    if ref.endswith(".csv") and ref not in site.G and "https://w3id.org/kg/id/" + ref not in site.G:
        ref, as_csv = ref[:-4], True
    industry = params.get("industry", "")
    if as_csv:
        name, text = place_csv(site, ref, params.get("table", "enterprises"), industry)
        return Response(text.encode("utf-8"), media_type="text/csv; charset=utf-8", headers={
            **HEADERS, "Content-Disposition": f"attachment; filename*=UTF-8''{_quote(name)}"})
    return render(request, "place.html", {"view": place_view(site, ref, industry), "tables": TABLES})


@page
def article(request: Request, site) -> Response:
    """``/article/{id}``: the text with the facts and names marked."""
    return render(request, "article.html", {"view": article_view(site, _ref(request))})


def _quote(name: str) -> str:
    """A file name for the Content-Disposition header (RFC 5987)."""
    from urllib.parse import quote
    return quote(name, safe="")


def sparql_off(request: Request) -> Response:
    """``/sparql/…`` when the app runs without an Oxigraph server."""
    return error_page(request, 503, "SPARQL 查询未启用",
                      request.app.state.sparql_note or "这个网页应用启动时没有启动 SPARQL 服务。")


DEFAULT_QUERY = """PREFIX kg: <https://w3id.org/kg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>

# 各高新区下属的园区
SELECT ?zone ?park WHERE {
  ?p kg:belongsTo ?z .
  ?z a kg:Zone ; rdfs:label ?zone .
  ?p rdfs:label ?park .
}
ORDER BY ?zone ?park
LIMIT 100
"""


def sparql_page(request: Request) -> Response:
    """The query page: a form that runs queries on ``/sparql/query``, examples from the named queries."""
    examples = [(q.name, q.title, q.description, q.text) for q in list_queries()
                if all(p.optional for p in q.params)]
    return render(request, "sparql.html", {"examples": examples, "default_query": DEFAULT_QUERY,
                                           "allow_service": request.app.state.allow_service})


def sparql_slash(request: Request) -> Response:
    """``/sparql`` → ``/sparql/`` (the query page)."""
    return RedirectResponse("/sparql/", status_code=308)


def broken(request: Request) -> Response:
    """Every page of an app whose store could not be opened."""
    return error_page(request, 503, "无法打开图谱", request.app.state.error)


async def http_error(request: Request, exc: HTTPException) -> Response:
    """Unknown paths and methods: a page in Chinese."""
    if exc.status_code == 404:
        return error_page(request, 404, "页面不存在", f"没有这个页面：{request.url.path}")
    if exc.status_code == 405:
        return error_page(request, 405, "不支持的请求方法", "这个网页应用只读，只接受 GET 请求。")
    return error_page(request, exc.status_code, "请求有误", str(exc.detail))
