"""The SPARQL endpoint in front of the Oxigraph server: an ASGI proxy that refuses ``SERVICE``.

``kg serve`` runs the Oxigraph server on a loopback port only and serves
:func:`sparql_proxy_app` on the user's address.  The proxy forwards every
request (``/query``, ``/update``, ``/store``, the query page ``/``; method,
headers, query string and body) and streams the answer back, status and
headers included.  It first reads the SPARQL text of the request (:func:`sparql_texts`)
and, unless federated queries are allowed, answers 400 to any query or update
with a ``SERVICE`` clause: the Oxigraph server follows them, so an endpoint
reachable from other machines could be made to send requests anywhere.

:func:`uses_service` finds the ``SERVICE`` keyword outside strings, IRIs,
comments, variables and prefixed names:

>>> uses_service("SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
True
>>> uses_service("select * { service silent ?endpoint { ?s ?p ?o } }")
True
>>> uses_service('SELECT ?service { ?service ex:service "SERVICE" ; <http://x/SERVICE> ?o } # SERVICE')
False

Oxigraph's parser needs no space around keywords (``1SERVICE<…>{}`` and
``SERVICESILENT`` are SERVICE clauses), so a keyword glued to other letters
counts too; only a ``SERVICE`` after the colon of a prefixed name (``ex:service``,
``_:b.SERVICE``) does not.  A prefix named ``service:`` counts, as ``SERVICE:x``
is a SERVICE clause when the empty prefix is declared:

>>> uses_service("SELECT * { ?s ?p 1SERVICE<http://x/>{} }"), uses_service("PREFIX service: <x:> ASK {}")
(True, True)

``<`` is the start of an IRI or the less-than operator depending on where it
is; when reading it as an operator would change where a string or comment
starts, both readings are checked:

>>> uses_service("SELECT * { ?a ?b ?c FILTER(?a<?c&&'x>y') SERVICE<http://x/>{} 'z' ?p ?o }")
True
"""
from __future__ import annotations

import re
from bisect import bisect_left
from urllib.parse import parse_qsl, quote, quote_from_bytes

import httpx
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route

REFUSAL = ("kg: SERVICE clauses are refused by this endpoint; "
           "start kg serve with --allow-service to allow federated queries\n")
UNREACHABLE = "kg: the SPARQL server behind this endpoint does not answer\n"

_IRI = re.compile(r'<(?:[^<>"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>')
_SHORT_STRING = re.compile(r"'(?:[^'\\\n\r]|\\[^\n\r])*'" '|' r'"(?:[^"\\\n\r]|\\[^\n\r])*"')
_LONG_QUOTES = {"'": re.compile("(?=''')"), '"': re.compile('(?=""")')}
_LINE_END = re.compile(r"[\r\n]")
_VARIABLE = re.compile(r"[?$][\w\u00b7\u0300-\u036f\u203f\u2040]*")
_NAME_RUN = re.compile(r"(?:[\w.:%\u00b7\u0300-\u036f\u203f\u2040-]|\\.)+", re.S)  # keywords, numbers, names
_SERVICE = re.compile("service", re.I)
_SHIFTS = re.compile("['#]")  # inside <…>, these start a string or comment if < is an operator

SPARQL_QUERY, SPARQL_UPDATE, FORM = ("application/sparql-query", "application/sparql-update",
                                     "application/x-www-form-urlencoded")
HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer",
              "trailers", "transfer-encoding", "upgrade", "host", "content-length", "expect"}


def uses_service(query: str) -> bool:
    """Whether the SPARQL query or update ``query`` has a ``SERVICE`` clause (see the module doc).

    >>> uses_service("ASK { ?service <http://x/SERVICE> ex:service }")
    False
    >>> uses_service("ASK { ?s ?p ?o .SERVICE <http://x/> {} }")
    True
    """
    return _Reader(query).finds_service()


class _Reader:
    """The readings of one query text, in time about linear in its length.

    A reading goes token by token from a position outside any token; the
    positions where reading ``<`` as an operator changes the tokens start other
    readings, and a reading stops where another one has been (``seen``).  The
    ends of comments and long strings are looked up, not searched for.
    """

    def __init__(self, text: str):
        self.text, self.starts, self.seen = text, [0], set()
        self.line_ends = [m.start() for m in _LINE_END.finditer(text)]
        self.closings = {quote: _closings(text, quote) for quote in _LONG_QUOTES}

    def finds_service(self) -> bool:
        while self.starts:
            if self.read(self.starts.pop()):
                return True
        return False

    def read(self, pos: int) -> bool:
        """Read from ``pos`` to the end (or to a position read before); True at a SERVICE keyword."""
        text = self.text
        while pos < len(text) and pos not in self.seen:
            self.seen.add(pos)
            char = text[pos]
            if char == "<" and (iri := _IRI.match(text, pos)):
                if shift := _SHIFTS.search(text, pos, iri.end()):
                    self.starts.append(shift.start())
                pos = iri.end()
            elif char in "'\"" and (end := self.string_end(pos)):
                pos = end
            elif char == "#":
                pos = _after(self.line_ends, pos, len(text))
            elif char in "?$":
                pos = _VARIABLE.match(text, pos).end()
            elif run := _NAME_RUN.match(text, pos):
                if _keyword_in_run(run.group()):
                    return True
                pos = run.end()
            else:
                pos += 1
        return False

    def string_end(self, pos: int) -> int | None:
        """Where the string literal at ``pos`` ends; None if it does not."""
        quote = self.text[pos]
        if self.text.startswith(quote * 3, pos):
            closing = _after(self.closings[quote], pos + 3, None)
            if closing is not None:
                return closing + 3
        string = _SHORT_STRING.match(self.text, pos)
        return string.end() if string else None


def _after(positions: list[int], pos: int, default):
    """The first of the sorted ``positions`` at or after ``pos``, else ``default``."""
    i = bisect_left(positions, pos)
    return positions[i] if i < len(positions) else default


def _closings(text: str, quote: str) -> list[int]:
    """Positions of three ``quote`` not escaped by a backslash: where a long string can end."""
    found = []
    for match in _LONG_QUOTES[quote].finditer(text):
        backslashes, k = 0, match.start() - 1
        while k >= 0 and text[k] == "\\":
            backslashes, k = backslashes + 1, k - 1
        if backslashes % 2 == 0:
            found.append(match.start())
    return found


def _keyword_in_run(run: str) -> bool:
    """Whether ``service`` occurs in ``run`` before any colon (after one, it is in a prefixed name)."""
    found = _SERVICE.search(run)
    return found is not None and ":" not in run[:found.start()]


def _form_values(encoded: str, names: tuple[str, ...]) -> list[str]:
    return [value for name, value in parse_qsl(encoded, keep_blank_values=True) if name in names]


def sparql_texts(query_string: str, content_type: str | None, body: bytes) -> list[str]:
    """The SPARQL queries and updates of a request: ``query``/``update`` in the URL or a form, or the body.

    >>> sparql_texts("query=ASK%7B%7D", None, b"")
    ['ASK{}']
    >>> sparql_texts("", "application/x-www-form-urlencoded; charset=UTF-8", b"update=CLEAR+ALL&x=1")
    ['CLEAR ALL']
    >>> sparql_texts("default-graph-uri=x", "Application/SPARQL-Query", "ASK {}".encode())
    ['ASK {}']
    """
    names = ("query", "update")
    texts = _form_values(query_string, names)
    media = (content_type or "").split(";", 1)[0].strip().lower()
    if media == FORM:
        texts += _form_values(body.decode("utf-8", "replace"), names)
    elif body:  # application/sparql-query, -update, or anything else the server might read
        texts.append(body.decode("utf-8", "replace"))
    return texts


_PATH_SAFE = "/:@!$&'()*+,;=-._~"  # not ? # %: a decoded path must not grow a query string
_QUERY_SAFE = _PATH_SAFE + "?%[]"  # the query string is passed on as it is, non-ASCII bytes escaped


def _upstream_url(base: httpx.URL, request: Request) -> httpx.URL:
    """The URL of ``request`` on the server at ``base``: its path below the mount point, its query string."""
    target = "/" + quote(request.path_params.get("path", "").lstrip("/"), safe=_PATH_SAFE)
    query = request.scope.get("query_string", b"")
    if query:
        target += "?" + quote_from_bytes(query, safe=_QUERY_SAFE)
    return base.copy_with(raw_path=base.raw_path.rstrip(b"/") + target.encode("ascii"))


def _request_headers(request: Request) -> dict[str, str]:
    """The headers to send on: one value a name (repeated ones joined, as HTTP reads them), no hop-by-hop ones.

    The request is checked with these same values, so a second Content-Type
    cannot make the server read a body the check read otherwise.
    """
    headers: dict[str, str] = {}
    for name, value in request.headers.items():
        if name not in HOP_BY_HOP:
            headers[name] = f"{headers[name]}, {value}" if name in headers else value
    headers.setdefault("accept-encoding", "identity")  # the body is passed on as it comes
    return headers


async def _forward(url: httpx.URL, request: Request, headers: dict[str, str], body: bytes) -> Response:
    """Send ``request`` to ``url`` and stream the answer back; 502 if the server does not answer.

    Each request has its own client (a loopback connection costs little), so the
    app needs no lifespan and works mounted in another app.
    """
    client = httpx.AsyncClient(timeout=httpx.Timeout(None, connect=5.0))
    try:
        upstream = await client.send(client.build_request(
            request.method, url, headers=headers, content=body), stream=True)
    except httpx.HTTPError:
        await client.aclose()
        return PlainTextResponse(UNREACHABLE, status_code=502)

    async def chunks():
        try:
            async for chunk in upstream.aiter_raw():
                yield chunk
        finally:
            await upstream.aclose()
            await client.aclose()

    headers = {k: v for k, v in upstream.headers.items() if k.lower() not in HOP_BY_HOP - {"content-length"}}
    return StreamingResponse(chunks(), status_code=upstream.status_code, headers=headers)


def graph_store_path(path: str) -> bool:
    """Whether ``path`` (below the app, decoded) is one of the Graph Store Protocol, whose bodies are RDF.

    >>> graph_store_path("store"), graph_store_path("store/1f"), graph_store_path("store/../query")
    (True, True, False)
    """
    head, *segments = path.lstrip("/").split("/")
    return head == "store" and not any(segment in (".", "..") for segment in segments)


def _refuses(request: Request, headers: dict[str, str], body: bytes, allow_service: bool) -> bool:
    if allow_service:
        return False
    if graph_store_path(request.path_params.get("path", "")):
        body = b""  # RDF data, where a SERVICE word is no query
    texts = sparql_texts(request.scope.get("query_string", b"").decode("utf-8", "replace"),
                         headers.get("content-type"), body)
    return any(uses_service(text) for text in texts)


def sparql_proxy_app(upstream_base_url: str, allow_service: bool = False) -> Starlette:
    """An ASGI app forwarding every request to the SPARQL server at ``upstream_base_url``.

    Queries and updates with a SERVICE clause get a 400 answer naming the reason,
    unless ``allow_service``.  The app can be mounted under a prefix: the path
    below the mount point is forwarded.
    """
    base = httpx.URL(upstream_base_url.rstrip("/") + "/")

    async def proxy(request: Request) -> Response:
        body, headers = await request.body(), _request_headers(request)
        if await run_in_threadpool(_refuses, request, headers, body, allow_service):  # a long query blocks no one
            return PlainTextResponse(REFUSAL, status_code=400)
        return await _forward(_upstream_url(base, request), request, headers, body)

    methods = ["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]
    return Starlette(routes=[Route("/{path:path}", proxy, methods=methods)])
