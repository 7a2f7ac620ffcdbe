"""The RDF store as a networkx graph: the one bridge between Oxigraph and analysis.

:func:`to_networkx` reads a built store (see ``docs/architecture.md``) into a
:class:`networkx.MultiDiGraph`:

* one node per entity, keyed by its IRI, with ``type`` (``"Enterprise"``…),
  ``label`` (canonical name) and ``aliases`` (sorted list);
* one edge per distinct triple ``s kg:p o``, keyed by the predicate's local name
  (``G[s][o]["supplies"]``), with ``confidence`` (the best of its evidence) and
  ``evidence``: one :class:`Evidence` per supporting ``kg:Assertion``, sorted by
  article and position — a read-only mapping ``{assertion, article, sentence,
  start, end, rule, confidence}`` (``start``/``end`` are offsets in the source
  file; ``e.copy()`` gives a plain dict).

Memory limits the size of graph one session can hold (about 1 kB per edge),
so evidence records use slots instead of dicts, equal values (rules,
sentences, articles, offsets, confidences) are shared, and every edge refers
to its nodes' own IRI strings.

Symmetric predicates (``cooperatesWith``, ``neighborOf``) get one edge per pair,
from the smaller IRI to the larger, whichever way the articles stated it.
Facts of the derived graph are not read back (analysis recomputes them).

The graph also carries ``G.graph["articles"]``: article id → title.

Only this module (and :mod:`kg.graph.neighborhood`, which reads the neighbourhood of a
few nodes for ``to_networkx(store, around=…)``) touches pyoxigraph on behalf of the
analysis; going the other way, :func:`statement_quads` turns derived statements
into quads and :mod:`kg.build.derive` stores them in the parts of ``<id/graph/derived>``.

>>> import pyoxigraph as ox
>>> from kg.vocab import GRAPH_ENTITIES, KG, RDF, RDFS, entity_iri
>>> a, b = entity_iri("Enterprise", "甲公司"), entity_iri("Enterprise", "乙公司")
>>> g, N = ox.NamedNode(str(GRAPH_ENTITIES)), ox.NamedNode
>>> store = ox.Store()
>>> for e, name in ((a, "甲公司"), (b, "乙公司")):
...     store.add(ox.Quad(N(e), N(str(RDF.type)), N(str(KG.Enterprise)), g))
...     store.add(ox.Quad(N(e), N(str(RDFS.label)), ox.Literal(name), g))
>>> store.add(ox.Quad(N(a), N(str(KG.supplies)), N(b), N("https://w3id.org/kg/id/graph/article/x")))
>>> G = to_networkx(store)
>>> G.nodes[a]["label"], list(G.edges(keys=True)) == [(a, b, "supplies")]
('甲公司', True)
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

import networkx as nx
import pyoxigraph as ox

from kg.graph.neighborhood import read_around
from kg.graph.records import (ALT, ASSERTION_FIELDS, LABEL, NUMBERS, PRED_BY_IRI, TYPE, Evidence, add_edge, canonical,
                              evidence_order, in_derived_graph, local_name)
from kg.graph.store import open_store
from kg.vocab import GRAPH_ENTITIES, KG, KG_NS, PROV, RDF, XSD, assertion_iri, derived_graph

__all__ = ["to_networkx", "load_graph", "graph_from_triples", "Evidence", "Statement", "statement_quads"]

_N = ox.NamedNode

def load_graph(out_dir: str | Path) -> nx.MultiDiGraph:
    """The graph of a build directory (``kg build … --out OUT``) as networkx."""
    return to_networkx(open_store(Path(out_dir)))


def to_networkx(store: ox.Store, fields: Iterable[str] = Evidence.FIELDS,
                around: Iterable[str] | None = None) -> nx.MultiDiGraph:
    """Read entities, relation triples and their evidence from ``store``.

    ``fields``: the evidence fields to read (the others are None; ``assertion``
    is always there); the neighbor-chain links of a build need only
    ``("assertion", "confidence")``, which reads the store about twice as fast.
    ``around``: read only the neighbourhood of these node IRIs (their triples and
    the placement of every node those reach: see :mod:`kg.graph.neighborhood`).
    """
    if around is not None:
        return read_around(store, around, fields)
    G = nx.MultiDiGraph()
    ids, titles = _articles(store)
    G.graph["articles"] = titles
    _add_entities(G, store)
    evidence = _evidence(store, ids, frozenset(fields))
    triples = set(_direct_triples(store))
    triples.update(evidence)
    keys = {n: n for n in G._node}
    for s, p, o in sorted(triples):
        add_edge(G, keys, s, p, o, evidence.pop((s, p, o), []))
    return G


def _add_entities(G: nx.MultiDiGraph, store: ox.Store) -> None:
    graph = _N(str(GRAPH_ENTITIES))
    types: dict[str, str] = {}
    for q in store.quads_for_pattern(None, TYPE, None, graph):
        if q.object.value.startswith(KG_NS) and q.object.value not in (str(KG.Article), str(KG.Assertion)):
            type_ = q.object.value[len(KG_NS):]
            G.add_node(q.subject.value, type=types.setdefault(type_, type_), label=None, aliases=[])
    nodes = G._node
    for q in store.quads_for_pattern(None, LABEL, None, graph):
        data = nodes.get(q.subject.value)
        if data is not None:
            data["label"] = q.object.value
    for q in store.quads_for_pattern(None, ALT, None, graph):
        data = nodes.get(q.subject.value)
        if data is not None:
            data["aliases"].append(q.object.value)
    for n, data in nodes.items():
        data["aliases"].sort()
        if data["label"] is None:
            data["label"] = local_name(n)


def _articles(store: ox.Store) -> tuple[dict[str, str], dict[str, str]]:
    """(article IRI → id, id → title)."""
    graph = _N(str(GRAPH_ENTITIES))
    ids = {q.subject.value: q.object.value
           for q in store.quads_for_pattern(None, _N(str(KG.articleId)), None, graph)}
    titles = {q.subject.value: q.object.value
              for q in store.quads_for_pattern(None, LABEL, None, graph) if q.subject.value in ids}
    return ids, {ids[a]: titles.get(a, "") for a in sorted(ids, key=ids.get)}


def _direct_triples(store: ox.Store) -> Iterator[tuple[str, str, str]]:
    for iri, p in PRED_BY_IRI.items():
        for q in store.quads_for_pattern(None, _N(iri), None, None):
            if isinstance(q.object, ox.NamedNode) and not in_derived_graph(q.graph_name):
                yield canonical(q.subject.value, p, q.object.value)


def _evidence(store: ox.Store, ids: dict[str, str],
              fields: frozenset[str]) -> dict[tuple[str, str, str], list[Evidence]]:
    """(s, p, o) → the evidence of every assertion of a known predicate, sorted.

    One record per assertion, filled field by field (one index scan each);
    equal values are shared through per-field pools.
    """
    records: dict[str, list] = {}
    for q in store.quads_for_pattern(None, _N(str(RDF.predicate)), None, None):
        p = PRED_BY_IRI.get(q.object.value)
        if p is not None:
            records[q.subject.value] = [p] + [None] * len(ASSERTION_FIELDS)
    for index, (name, iri) in enumerate(ASSERTION_FIELDS.items(), 1):
        if name not in fields and name not in ("s", "o"):
            continue
        pool, convert = {}, NUMBERS.get(name)
        for q in store.quads_for_pattern(None, _N(str(iri)), None, None):
            record = records.get(q.subject.value)
            if record is not None:
                value = convert(q.object.value) if convert else q.object.value
                record[index] = pool.setdefault(value, value)
    out: dict[tuple[str, str, str], list[Evidence]] = defaultdict(list)
    articles: dict[str, str] = {}
    for a, (p, s, o, article, sentence, start, end, rule, confidence) in records.items():
        if s is not None and o is not None:
            if article is not None and article not in articles:
                articles[article] = ids.get(article, local_name(article))
            ev = Evidence(a, articles.get(article), sentence, start, end, rule, confidence)
            out[canonical(s, p, o)].append(ev)
    records.clear()
    for evs in out.values():
        evs.sort(key=evidence_order)
    return out


def graph_from_triples(entities: Iterable[tuple], triples: Iterable[tuple],
                       article: str = "-") -> nx.MultiDiGraph:
    """A graph shaped like :func:`to_networkx`'s, from plain tuples (tests, notebooks, benchmarks).

    ``entities``: ``(id, type, label)`` or ``(id, type, label, aliases)``;
    ``triples``: ``(s, p, o)``, ``(s, p, o, sentence)`` or ``(s, p, o, sentence, confidence)``;
    each triple gets one evidence entry from ``article``, assertion ``urn:given:<article>:<index>``.

    >>> G = graph_from_triples([("a", "Enterprise", "甲"), ("b", "Enterprise", "乙")],
    ...                        [("a", "supplies", "b", "甲为乙供货。", 0.9)])
    >>> G["a"]["b"]["supplies"]["evidence"][0]["sentence"], G["a"]["b"]["supplies"]["confidence"]
    ('甲为乙供货。', 0.9)
    """
    G = nx.MultiDiGraph()
    G.graph["articles"] = {article: ""}
    for id_, type_, name, *aliases in entities:
        G.add_node(id_, type=type_, label=name, aliases=sorted(aliases[0]) if aliases else [])
    keys = {n: n for n in G._node}
    for i, (s, p, o, *rest) in enumerate(triples):
        sentence = rest[0] if rest else f"{s} {p} {o}"
        confidence = rest[1] if len(rest) > 1 else 1.0
        s, p, o = canonical(s, p, o)
        ev = Evidence(f"urn:given:{article}:{i}", article, sentence, 0, len(sentence), "given", confidence)
        add_edge(G, keys, s, p, o, [ev])
    return G


@dataclass(frozen=True)
class Statement:
    """A derived triple ``subject kg:predicate object`` and the assertions behind it.

    Written as the direct triple plus a ``kg:Assertion`` node carrying
    ``prov:wasDerivedFrom`` each supporting assertion, ``kg:rule``,
    ``kg:confidence`` and (for a link placed somewhere) ``kg:place``.
    """

    subject: str
    predicate: str
    object: str
    rule: str
    confidence: float
    derived_from: tuple[str, ...] = field(default=())
    place: str | None = None

    def node(self) -> str:
        """The IRI of the derived assertion (deterministic)."""
        return assertion_iri(self.subject, self.predicate, self.object, f"derived:{self.rule}", 0)


def statement_quads(statements: Iterable[Statement], graph: str | None = None) -> Iterator[ox.Quad]:
    """Quads of derived statements, in ``graph`` or else in the derived graph's part of each subject.

    >>> st = Statement("https://x/a", "neighborChainWith", "https://x/b", "r", 0.9, ("https://x/as1",))
    >>> quads = list(statement_quads([st]))
    >>> len(quads), quads[0].graph_name.value == derived_graph("https://x/a")
    (8, True)
    """
    decimal = _N(str(XSD.decimal))
    for st in statements:
        g = _N(graph or derived_graph(st.subject))
        s, p, o, a = _N(st.subject), _N(str(KG[st.predicate])), _N(st.object), _N(st.node())
        yield ox.Quad(s, p, o, g)
        yield ox.Quad(a, TYPE, _N(str(KG.Assertion)), g)
        yield ox.Quad(a, _N(str(RDF.subject)), s, g)
        yield ox.Quad(a, _N(str(RDF.predicate)), p, g)
        yield ox.Quad(a, _N(str(RDF.object)), o, g)
        yield ox.Quad(a, _N(str(KG.rule)), ox.Literal(st.rule), g)
        yield ox.Quad(a, _N(str(KG.confidence)), ox.Literal(f"{st.confidence:.2f}", datatype=decimal), g)
        for source in st.derived_from:
            yield ox.Quad(a, _N(str(PROV.wasDerivedFrom)), _N(source), g)
        if st.place:
            yield ox.Quad(a, _N(str(KG.place)), _N(st.place), g)
