"""Run SPARQL queries on the embedded store or on a SPARQL 1.1 endpoint, and format the answers.

Both sources answer through the same interface, ``source.query(text,
use_default_graph_as_union=..., substitutions=...)``: a :class:`pyoxigraph.Store`
runs it in process; an :class:`Endpoint` sends it with the SPARQL 1.1 Protocol.
Parameters are bound with a ``VALUES`` clause of escaped RDF terms at the start
of the WHERE group and of the subqueries joined with it (:mod:`kg.sparql.values`), or
with pyoxigraph's substitution on request: a value is a term, never query text.

>>> import pyoxigraph as ox
>>> s = ox.Store()
>>> s.add(ox.Quad(ox.NamedNode("http://x/a"), ox.NamedNode("http://x/p"), ox.Literal("甲")))
>>> r = run_query(s, "SELECT ?o ?s WHERE { ?s <http://x/p> ?o }", {"s": ox.NamedNode("http://x/a")})
>>> r.variables, [t.value for t in r.rows[0]]
(('o', 's'), ['甲', 'http://x/a'])
>>> format_result(r.drop(["s"]), "csv").splitlines()
['o', '甲']
>>> inject_values("SELECT ?s { ?s ?p ?o }", {"o": ox.Literal('x" } #')})
'SELECT ?s { VALUES ?o { "x\\\\" } #" } ?s ?p ?o }'
"""
from __future__ import annotations

import json
import re
import socket
import threading
import urllib.error
import urllib.request
from dataclasses import dataclass, replace
from typing import Iterable, Mapping
from urllib.parse import urlencode

import pyoxigraph as ox

from kg.build.export import PREFIXES
from kg.errors import KgError, QueryError
from kg.graph.store import open_store
from kg.sparql.values import inject_values, term_text  # noqa: F401 - part of this module's interface
from kg.vocab import ID_NS

TABLE, FORMATS = "table", ("table", "csv", "tsv", "json", "ttl", "nt")
_RESULT_FORMATS = {"csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
                   "json": ox.QueryResultsFormat.JSON}
_GRAPH_FORMATS = {"table": ox.RdfFormat.TURTLE, "ttl": ox.RdfFormat.TURTLE,
                  "nt": ox.RdfFormat.N_TRIPLES}
_ACCEPT = ("application/sparql-results+json, application/sparql-results+xml;q=0.8, "
           "application/n-triples;q=0.9, text/turtle;q=0.7")
_SYNTAX = re.compile(r"error at (\d+):(\d+):\s*(.*)", re.S)
_PROLOGUE = re.compile(r"(?:\s+|#[^\n]*|PREFIX\s*[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>)*", re.I)
_UPDATE = re.compile(r"(?:INSERT|DELETE|LOAD|CLEAR|DROP|CREATE|ADD|MOVE|COPY|WITH)\b", re.I)


class EndpointError(KgError):
    """A SPARQL endpoint cannot be reached or refused the request."""


class UpdateRefusedError(QueryError):
    """An update (INSERT, DELETE, …) was given where only queries are run."""


class QueryTimeoutError(KgError):
    """A query ran longer than its ``--timeout``."""

    exit_code = 124


@dataclass(frozen=True)
class Result:
    """The materialised answer of a query: solutions, a boolean (ASK) or triples."""

    kind: str  # "select" | "ask" | "graph"
    variables: tuple[str, ...] = ()
    rows: tuple[tuple, ...] = ()
    boolean: bool | None = None
    triples: tuple = ()

    def drop(self, names: Iterable[str]) -> "Result":
        """The same answer without the columns ``names`` (e.g. echoed parameters)."""
        names = set(names)
        keep = [i for i, v in enumerate(self.variables) if v not in names]
        return replace(self, variables=tuple(self.variables[i] for i in keep),
                       rows=tuple(tuple(row[i] for i in keep) for row in self.rows))

    def records(self) -> list[dict[str, object]]:
        """Rows as dicts of plain values (``None`` when unbound), for notebooks."""
        return [{v: (t.value if t is not None else None) for v, t in zip(self.variables, row)}
                for row in self.rows]


def materialize(answer) -> Result:
    """Read a pyoxigraph answer (solutions, boolean or triples) to the end; unbound cells are None.

    >>> s = ox.Store()
    >>> s.add(ox.Quad(ox.NamedNode("http://x/a"), ox.NamedNode("http://x/p"), ox.Literal("1")))
    >>> r = materialize(s.query("SELECT ?o ?none ?s { ?s ?p ?o }"))
    >>> r.variables, [None if t is None else t.value for t in r.rows[0]]
    (('o', 'none', 's'), ['1', None, 'http://x/a'])
    """
    if isinstance(answer, ox.QuerySolutions):
        names = tuple(v.value for v in answer.variables)  # a solution iterates its cells in this order
        return Result("select", names, tuple(tuple(sol) for sol in answer))
    if isinstance(answer, (ox.QueryBoolean, bool)):
        return Result("ask", boolean=bool(answer))
    return Result("graph", triples=tuple(t.triple if isinstance(t, ox.Quad) else t for t in answer))


def is_update(text: str) -> bool:
    """Whether ``text`` is a SPARQL update: its first keyword after PREFIX, BASE and comments is an update's.

    >>> is_update("PREFIX a: <http://x#> # note\\n insert data { <a:b> <a:c> <a:d> }"), is_update("SELECT * {}")
    (True, False)
    """
    return bool(_UPDATE.match(text, _PROLOGUE.match(text).end()))


def check_read_only(text: str) -> None:
    """Raise UpdateRefusedError when ``text`` is an update rather than a query."""
    if is_update(text):
        raise UpdateRefusedError("updates are not run by kg query (it only reads); "
                                 "use kg serve --allow-update and a SPARQL client")


def syntax_error(message: str) -> QueryError:
    """A QueryError saying where the parser stopped: ``line L, column C``."""
    m = _SYNTAX.search(message)
    if "Prefix not found" in message:
        message = message.split("expected")[0] + ("undeclared prefix (kg:, rdf:, rdfs:, skos:, prov: "
                                                  "and xsd: need no PREFIX; others do)")
        m = _SYNTAX.search(message)
    if m:
        line, col, rest = m.groups()
        return QueryError(f"SPARQL syntax error at line {line}, column {col}: {rest.strip()}")
    return QueryError(f"SPARQL syntax error: {message.strip()}")


def run_query(source, text: str, bindings: Mapping[str, object] | None = None,
              timeout: float | None = None, union: bool = True, binding: str = "values") -> Result:
    """Run ``text`` on a store or :class:`Endpoint` with variables bound to RDF terms.

    ``binding="values"`` (the default) puts a VALUES clause of escaped terms at the
    start of the WHERE group; ``"substitution"`` uses pyoxigraph's SPARQL
    substitution (embedded store only), which needs the variables projected and,
    in pyoxigraph 0.5, joins them after evaluating the pattern (1000× slower on
    path queries over 1M triples; see benchmarks/sparql_bench.py).
    ``timeout`` (seconds) bounds the whole query; on the embedded store the query
    runs in a worker thread that is abandoned when time is up.
    """
    original = text = text.rstrip()  # the parser reports errors at the end of input after blanks
    subs = {ox.Variable(k): v for k, v in (bindings or {}).items()}
    if subs and (binding == "values" or isinstance(source, Endpoint)):
        text, subs = inject_values(text, subs), {}

    def work() -> Result:
        try:
            return materialize(source.query(text, use_default_graph_as_union=union,
                                            substitutions=subs or None, prefixes=PREFIXES))
        except SyntaxError as exc:
            raise _located(original, str(exc)) from None
        except RuntimeError as exc:
            raise QueryError(f"query failed: {exc}") from None

    if timeout is None or isinstance(source, Endpoint):
        return work()
    return _with_timeout(work, timeout)


def _located(original: str, message: str) -> QueryError:
    """The syntax error of the query as the user wrote it (before any VALUES went in)."""
    try:
        ox.Store().query(original, prefixes=PREFIXES)
    except SyntaxError as exc:
        return syntax_error(str(exc))
    except Exception:  # noqa: BLE001 - parsed fine here: keep the message we had
        pass
    return syntax_error(message)


def _with_timeout(work, timeout: float):
    box: dict[str, object] = {}

    def target():
        try:
            box["value"] = work()
        except BaseException as exc:  # handed to the caller's thread
            box["error"] = exc

    worker = threading.Thread(target=target, name="kg-query", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise QueryTimeoutError(f"the query did not finish within {timeout:g} s (--timeout)")
    if "error" in box:
        raise box["error"]
    return box["value"]


# ---------------------------------------------------------------- the endpoint

class Endpoint:
    """A SPARQL 1.1 Protocol endpoint, queried like a :class:`pyoxigraph.Store`.

    The default graph is whatever the server makes it (``kg serve`` uses the
    union of all graphs); ``use_default_graph_as_union`` is accepted and ignored.
    """

    def __init__(self, url: str, timeout: float | None = None):
        if not re.match(r"https?://", url):
            raise EndpointError(f"endpoint must be an http(s) URL, not {url!r}")
        self.url, self.timeout = url, timeout

    def __repr__(self) -> str:
        return f"Endpoint({self.url!r})"

    def query(self, query: str, use_default_graph_as_union: bool = True, substitutions=None,
              prefixes: Mapping[str, str] | None = None):
        query = inject_values(query, substitutions or {})
        if prefixes:  # on the first line, so that line numbers in errors stay right
            query = "".join(f"PREFIX {p}: <{ns}> " for p, ns in prefixes.items()) + query
        body = urlencode({"query": query}).encode()
        ctype, data = self.post(body, "application/x-www-form-urlencoded", _ACCEPT)
        if ctype in ("application/sparql-results+json", "application/json"):
            return ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
        if ctype == "application/sparql-results+xml":
            return ox.parse_query_results(data, format=ox.QueryResultsFormat.XML)
        rdf = {"application/n-triples": ox.RdfFormat.N_TRIPLES, "text/turtle": ox.RdfFormat.TURTLE}
        if ctype in rdf:
            return [q.triple for q in ox.parse(data, format=rdf[ctype])]
        raise EndpointError(f"{self.url} answered with unexpected content type {ctype!r}")

    def post(self, body: bytes, content_type: str, accept: str = "*/*") -> tuple[str, bytes]:
        """POST ``body``; return the response's media type and bytes, or raise a KgError."""
        req = urllib.request.Request(self.url, data=body, method="POST", headers={
            "Content-Type": content_type, "Accept": accept, "User-Agent": "kg"})
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                ctype = resp.headers.get_content_type()
                return ctype, resp.read()
        except urllib.error.HTTPError as exc:
            raise self._http_error(exc) from None
        except (TimeoutError, socket.timeout):
            raise QueryTimeoutError(f"{self.url} did not answer within {self.timeout:g} s "
                                    "(--timeout)") from None
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, (TimeoutError, socket.timeout)):
                raise QueryTimeoutError(f"{self.url} did not answer within {self.timeout:g} s "
                                        "(--timeout)") from None
            raise EndpointError(f"cannot reach endpoint {self.url}: {exc.reason}") from None
        except (ConnectionError, OSError) as exc:
            raise EndpointError(f"cannot reach endpoint {self.url}: {exc}") from None

    def _http_error(self, exc: urllib.error.HTTPError) -> KgError:
        detail = exc.read().decode("utf-8", "replace").strip().splitlines()
        text = detail[0][:300] if detail else exc.reason
        if exc.code == 400 and _SYNTAX.search(text):
            return syntax_error(text)
        if exc.code == 400:
            return QueryError(f"{self.url} rejected the query: {text}")
        return EndpointError(f"{self.url} answered HTTP {exc.code}: {text}")


def open_source(store_dir, endpoint: str | None, timeout: float | None = None):
    """The endpoint at ``endpoint`` if given, else the built store in ``store_dir``."""
    if endpoint:
        return Endpoint(endpoint, timeout)
    return open_store(store_dir)


# ---------------------------------------------------------------- formatting

def _json_term(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = term.datatype.value
    return out


def result_json(result: Result) -> str:
    """SPARQL 1.1 Query Results JSON of a SELECT or ASK answer."""
    if result.kind == "ask":
        return json.dumps({"head": {}, "boolean": result.boolean})
    bindings = [{v: _json_term(t) for v, t in zip(result.variables, row) if t is not None}
                for row in result.rows]
    return json.dumps({"head": {"vars": list(result.variables)}, "results": {"bindings": bindings}},
                      ensure_ascii=False)


def format_result(result: Result, fmt: str) -> str:
    """The answer as text: csv/tsv/json results formats, or Turtle/N-Triples for triples."""
    if fmt not in FORMATS:
        raise QueryError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if result.kind == "graph":
        if fmt not in _GRAPH_FORMATS:
            raise QueryError("CONSTRUCT and DESCRIBE give triples: use --format ttl or nt")
        prefixes = PREFIXES if _GRAPH_FORMATS[fmt] == ox.RdfFormat.TURTLE else None
        return ox.serialize(result.triples, format=_GRAPH_FORMATS[fmt],
                            prefixes=prefixes).decode("utf-8")
    if fmt in ("ttl", "nt"):
        raise QueryError(f"--format {fmt} is for CONSTRUCT and DESCRIBE; use table, csv, tsv or json")
    if fmt == TABLE:
        return "\n".join("\t".join(display(t) for t in row) for row in table_rows(result))
    parsed = ox.parse_query_results(result_json(result).encode("utf-8"),
                                     format=ox.QueryResultsFormat.JSON)
    return parsed.serialize(format=_RESULT_FORMATS[fmt]).decode("utf-8")


def display(term) -> str:
    """A short, readable form of a term for a terminal table."""
    if term is None:
        return ""
    if isinstance(term, str):
        return term
    if isinstance(term, ox.NamedNode):
        if term.value.startswith(ID_NS):
            return "id:" + term.value[len(ID_NS):]
        for prefix, ns in PREFIXES.items():
            if term.value.startswith(ns):
                return f"{prefix}:{term.value[len(ns):]}"
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


def table_rows(result: Result) -> list[tuple]:
    """Header and rows of a SELECT answer, or the one cell of an ASK answer."""
    if result.kind == "ask":
        return [("ask",), ("true" if result.boolean else "false",)]
    return [tuple(result.variables)] + [tuple(row) for row in result.rows]
