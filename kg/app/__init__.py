"""The web app for the people who run zones and parks (``kg app``): a Starlette app over a built graph.

Pages, in 简体中文 (:mod:`kg.app.pages`, templates in ``templates/``, styles and script in
``static/``, nothing fetched from elsewhere):

* ``/`` — the zones and parks as a tree with their counts, and a search box;
* ``/search?q=…`` — names and aliases, ranked; ``/entity/{name or id}`` — relations with their
  sentences, suppliers and customers, ranked partners, a small interactive graph (``/graph/…``);
* ``/place/{name or id}`` — a zone or park: parks, enterprises, industries, neighbor chains,
  chain leaders and gaps; ``/place/{id}.csv`` (or ``?format=csv&table=…``) downloads a table;
* ``/article/{id}`` — the article with every fact and known name marked at its span;
* ``/sparql/query`` — the SPARQL endpoint of ``kg serve`` (the proxy of :mod:`kg.sparql.endpoint`
  in front of an Oxigraph server), when an upstream server is given, and ``/sparql/`` a query page
  for it (Oxigraph's own page fetches prefixes from the internet, so it is not used).

The graph is loaded once (:func:`kg.app.site.load_site`); :mod:`kg.app.server` runs the app with
its Oxigraph child for ``kg app``.

A build directory without a store gives an app whose every page says why (503):

>>> create_app("/nonexistent").state.error
'no built graph in /nonexistent (run `kg build` first, or pass --store DIR)'
"""
from __future__ import annotations

from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from kg.app import pages
from kg.app.site import Site, load_site
from kg.errors import KgError
from kg.sparql.endpoint import sparql_proxy_app

__all__ = ["create_app", "load_site", "Site"]

STATIC = Path(__file__).parent / "static"


def _page_routes() -> list:
    """The routes of the pages."""
    return [Route("/", pages.home), Route("/search", pages.search), Route("/entity/{ref:path}", pages.entity),
            Route("/graph/{ref:path}", pages.graph), Route("/place/{ref:path}", pages.place),
            Route("/article/{ref:path}", pages.article)]


def _sparql_routes(upstream: str | None, allow_service: bool) -> list:
    """``/sparql``: the query page and the proxy to the Oxigraph server, or a page saying it is off."""
    if not upstream:
        return [Route("/sparql", pages.sparql_off), Route("/sparql/{path:path}", pages.sparql_off)]
    return [Route("/sparql", pages.sparql_slash), Route("/sparql/", pages.sparql_page),
            Mount("/sparql", app=sparql_proxy_app(upstream, allow_service))]


def create_app(source: Site | str | Path, *, sparql_upstream: str | None = None, allow_service: bool = False,
               sparql_note: str = "") -> Starlette:
    """The web app over a loaded :class:`Site`, or over the build directory ``source``.

    A build directory whose store cannot be opened gives an app whose every page says so (503).
    ``sparql_upstream``: the base URL of an Oxigraph server of the same store, served at
    ``/sparql/`` (SERVICE refused unless ``allow_service``); without it ``/sparql/`` says it is
    off (``sparql_note`` says why).
    """
    site, error = source, ""
    if not isinstance(source, Site):
        try:
            site = load_site(Path(source))
        except KgError as exc:
            site, error = None, str(exc)
    routes = [Mount("/static", app=StaticFiles(directory=str(STATIC)), name="static")]
    routes += _page_routes() + _sparql_routes(sparql_upstream, allow_service) if site else \
        [Route("/{path:path}", pages.broken)]
    app = Starlette(routes=routes, exception_handlers={HTTPException: pages.http_error})
    app.state.site, app.state.error = site, error
    app.state.sparql, app.state.sparql_note = bool(sparql_upstream), sparql_note
    app.state.allow_service = allow_service
    app.state.store_name = str(site.out) if site else str(source)
    return app
