"""Push the built graph to any SPARQL 1.1 store, replacing it in one UPDATE request.

Without ``--graph`` every named graph of the build is pushed as it is, and the
graphs of kg's namespace (``…/id/graph/…``) already on the server are emptied
first, so graphs of articles gone from the corpus disappear too.  With
``--graph IRI`` all triples of the build go into that one named graph, which
is dropped first.  Either way the request is a single SPARQL UPDATE (one
transaction on Oxigraph), and pushing the same build twice changes nothing.

>>> import pyoxigraph as ox
>>> s = ox.Store()
>>> s.add(ox.Quad(ox.NamedNode("http://x/a"), ox.NamedNode("http://x/p"), ox.Literal("甲"), ox.NamedNode("http://x/g")))
>>> text, n, graphs = replace_update(s, "http://x/all")
>>> print(text)
DROP SILENT GRAPH <http://x/all> ;
INSERT DATA { GRAPH <http://x/all> {
<http://x/a> <http://x/p> "甲" .
} }
>>> update_url("http://127.0.0.1:7878/query"), update_url("http://127.0.0.1:7878")
('http://127.0.0.1:7878/update', 'http://127.0.0.1:7878/update')
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import pyoxigraph as ox

from kg.errors import InputError
from kg.sparql.run import Endpoint
from kg.vocab import ID_NS

GRAPH_NS = ID_NS + "graph/"


@dataclass(frozen=True)
class PushReport:
    endpoint: str
    triples: int
    graphs: int


def update_url(url: str) -> str:
    """The update endpoint for ``url``: ``…/query`` becomes ``…/update``; a bare server gets ``/update``."""
    parts = urlsplit(url)
    path = parts.path
    if path in ("", "/"):
        path = "/update"
    elif path.endswith("/query"):
        path = path[: -len("query")] + "update"
    return urlunsplit(parts._replace(path=path))


def _ntriples(store: ox.Store, graph) -> str:
    return store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=graph).decode("utf-8")


def replace_update(store: ox.Store, graph: str | None = None) -> tuple[str, int, int]:
    """The UPDATE that replaces the build's graphs (or ``graph``); also the triple and graph counts."""
    if graph is not None:
        try:
            target = ox.NamedNode(graph)
        except ValueError as exc:
            raise InputError(f"--graph must be an absolute IRI: {exc}") from None
        union = ox.Store()
        union.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, target) for q in store)
        body = _ntriples(union, target)
        text = f"DROP SILENT GRAPH {target} ;\nINSERT DATA {{ GRAPH {target} {{\n{body}}} }}"
        return text, len(union), 1
    graphs = sorted(store.named_graphs(), key=str)
    blocks = [f"GRAPH {g} {{\n{_ntriples(store, g)}}}" for g in graphs]
    default = _ntriples(store, ox.DefaultGraph())
    clear = ("DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o } "
             f'FILTER(STRSTARTS(STR(?g), "{GRAPH_NS}")) }} ;\n')
    text = clear + "INSERT DATA {\n" + default + "\n".join(blocks) + "\n}"
    return text, len(store), len(graphs)


def push(store: ox.Store, endpoint: str, graph: str | None = None,
         timeout: float | None = None) -> PushReport:
    """Send the replacing UPDATE to ``endpoint`` (its update URL); raise a KgError on failure."""
    url = update_url(endpoint)
    text, triples, graphs = replace_update(store, graph)
    Endpoint(url, timeout).post(text.encode("utf-8"), "application/sparql-update")
    return PushReport(url, triples, graphs)
