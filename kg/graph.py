"""The RDF store as a networkx graph: the one bridge between Oxigraph and analysis.

:func:`to_networkx` reads a built store (see ``docs/architecture.md``) into a
:class:`networkx.MultiDiGraph`:

* one node per entity, keyed by its IRI, with ``type`` (``"Enterprise"``…),
  ``label`` (canonical name) and ``aliases`` (sorted list);
* one edge per distinct triple ``s kg:p o``, keyed by the predicate's local name
  (``G[s][o]["supplies"]``), with ``confidence`` (the best of its evidence) and
  ``evidence``: one dict per supporting ``kg:Assertion``, sorted by article and
  position — ``{assertion, article, sentence, start, end, rule, confidence}``
  (``start``/``end`` are offsets in the source file).

Symmetric predicates (``cooperatesWith``, ``neighborOf``) get one edge per pair,
from the smaller IRI to the larger, whichever way the articles stated it.
Facts of the derived graph are not read back (analysis recomputes them).

The graph also carries ``G.graph["articles"]``: article id → title.

Only this module touches pyoxigraph on behalf of the analysis; going the other
way, :func:`statement_quads` turns derived statements into quads and
:func:`write_derived` stores them in ``<id/graph/derived>``.

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
from urllib.parse import unquote

import networkx as nx
import pyoxigraph as ox

from .model import PREDICATES, SYMMETRIC
from .store import open_store
from .vocab import (GRAPH_DERIVED, GRAPH_ENTITIES, KG, KG_NS, PROV, RDF, RDFS, SKOS, XSD,
                    assertion_iri)

__all__ = ["to_networkx", "load_graph", "graph_from_triples", "Statement", "statement_quads", "write_derived"]

_N = ox.NamedNode
_TYPE, _LABEL, _ALT = _N(str(RDF.type)), _N(str(RDFS.label)), _N(str(SKOS.altLabel))
_PRED_BY_IRI = {str(KG[p]): p for p in PREDICATES}
_ASSERTION_FIELDS = {
    "s": RDF.subject, "p": RDF.predicate, "o": RDF.object, "article": PROV.wasDerivedFrom,
    "sentence": KG.sentence, "start": KG.sourceStart, "end": KG.sourceEnd,
    "rule": KG.rule, "confidence": KG.confidence,
}
_NUMBERS = {"start": int, "end": int, "confidence": float}


def load_graph(out_dir: str | Path) -> nx.MultiDiGraph:
    """The graph of a build directory (``kg build … --out OUT``) as networkx."""
    return to_networkx(open_store(Path(out_dir)))


def to_networkx(store: ox.Store) -> nx.MultiDiGraph:
    """Read entities, relation triples and their evidence from ``store``."""
    G = nx.MultiDiGraph()
    ids, titles = _articles(store)
    G.graph["articles"] = titles
    _add_entities(G, store)
    evidence = _evidence(store, ids)
    triples = set(_direct_triples(store)) | set(evidence)
    for s, p, o in sorted(triples):
        _add_edge(G, s, p, o, evidence.get((s, p, o), []))
    return G


def _local(iri: str) -> str:
    return unquote(iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1])


def _ensure_node(G: nx.MultiDiGraph, iri: str) -> None:
    if iri not in G:
        G.add_node(iri, type="", label=_local(iri), aliases=[])


def _add_entities(G: nx.MultiDiGraph, store: ox.Store) -> None:
    graph = _N(str(GRAPH_ENTITIES))
    for q in store.quads_for_pattern(None, _TYPE, None, graph):
        if q.object.value.startswith(KG_NS) and q.object.value not in (str(KG.Article), str(KG.Assertion)):
            iri = q.subject.value
            G.add_node(iri, type=q.object.value[len(KG_NS):], label=_local(iri), aliases=[])
    for q in store.quads_for_pattern(None, _LABEL, None, graph):
        if q.subject.value in G:
            G.nodes[q.subject.value]["label"] = q.object.value
    for q in store.quads_for_pattern(None, _ALT, None, graph):
        if q.subject.value in G:
            G.nodes[q.subject.value]["aliases"].append(q.object.value)
    for _, aliases in G.nodes(data="aliases"):
        aliases.sort()


def _articles(store: ox.Store) -> tuple[dict[str, str], dict[str, str]]:
    """(article IRI → id, id → title)."""
    graph = _N(str(GRAPH_ENTITIES))
    ids = {q.subject.value: q.object.value
           for q in store.quads_for_pattern(None, _N(str(KG.articleId)), None, graph)}
    titles = {q.subject.value: q.object.value
              for q in store.quads_for_pattern(None, _LABEL, None, graph) if q.subject.value in ids}
    return ids, {ids[a]: titles.get(a, "") for a in sorted(ids, key=ids.get)}


def _canonical(s: str, p: str, o: str) -> tuple[str, str, str]:
    return (o, p, s) if p in SYMMETRIC and o < s else (s, p, o)


def _direct_triples(store: ox.Store) -> Iterator[tuple[str, str, str]]:
    derived = _N(str(GRAPH_DERIVED))
    for iri, p in _PRED_BY_IRI.items():
        for q in store.quads_for_pattern(None, _N(iri), None, None):
            if q.graph_name != derived and isinstance(q.object, ox.NamedNode):
                yield _canonical(q.subject.value, p, q.object.value)


def _evidence(store: ox.Store, ids: dict[str, str]) -> dict[tuple[str, str, str], list[dict]]:
    """(s, p, o) → evidence dicts of every assertion of a known predicate."""
    columns = {name: {q.subject.value: q.object.value
                      for q in store.quads_for_pattern(None, _N(str(iri)), None, None)}
               for name, iri in _ASSERTION_FIELDS.items()}
    out: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for a, p_iri in columns["p"].items():
        p = _PRED_BY_IRI.get(p_iri)
        if p is None or a not in columns["s"] or a not in columns["o"]:
            continue
        ev = {"assertion": a}
        for name in ("article", "sentence", "start", "end", "rule", "confidence"):
            value = columns[name].get(a)
            ev[name] = _NUMBERS[name](value) if name in _NUMBERS and value is not None else value
        ev["article"] = ids.get(ev["article"], ev["article"] and _local(ev["article"]))
        out[_canonical(columns["s"][a], p, columns["o"][a])].append(ev)
    for evs in out.values():
        evs.sort(key=lambda e: (e["article"] or "", e["start"] if e["start"] is not None else -1,
                                e["assertion"]))
    return out


def _add_edge(G: nx.MultiDiGraph, s: str, p: str, o: str, evidence: list[dict]) -> None:
    _ensure_node(G, s)
    _ensure_node(G, o)
    scores = [e["confidence"] for e in evidence if e["confidence"] is not None]
    G.add_edge(s, o, key=p, confidence=max(scores) if scores else 1.0, evidence=evidence)


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
    for i, (s, p, o, *rest) in enumerate(triples):
        sentence = rest[0] if rest else f"{s} {p} {o}"
        confidence = rest[1] if len(rest) > 1 else 1.0
        s, p, o = _canonical(s, p, o)
        ev = {"assertion": f"urn:given:{article}:{i}", "article": article, "sentence": sentence,
              "start": 0, "end": len(sentence), "rule": "given", "confidence": confidence}
        _add_edge(G, s, p, o, [ev])
    return G


@dataclass(frozen=True)
class Statement:
    """A derived triple ``subject kg:predicate object`` and the assertions behind it.

    Written as the direct triple plus a ``kg:Assertion`` node carrying
    ``prov:wasDerivedFrom`` each supporting assertion, ``kg:rule`` and
    ``kg:confidence``.
    """

    subject: str
    predicate: str
    object: str
    rule: str
    confidence: float
    derived_from: tuple[str, ...] = field(default=())

    def node(self) -> str:
        """The IRI of the derived assertion (deterministic)."""
        return assertion_iri(self.subject, self.predicate, self.object, f"derived:{self.rule}", 0)


def statement_quads(statements: Iterable[Statement], graph: str = str(GRAPH_DERIVED)) -> Iterator[ox.Quad]:
    """Quads of derived statements, in the derived graph by default.

    >>> st = Statement("https://x/a", "neighborChainWith", "https://x/b", "r", 0.9, ("https://x/as1",))
    >>> len(list(statement_quads([st])))
    8
    """
    g = _N(graph)
    decimal = _N(str(XSD.decimal))
    for st in statements:
        s, p, o, a = _N(st.subject), _N(str(KG[st.predicate])), _N(st.object), _N(st.node())
        yield ox.Quad(s, p, o, g)
        yield ox.Quad(a, _TYPE, _N(str(KG.Assertion)), g)
        yield ox.Quad(a, _N(str(RDF.subject)), s, g)
        yield ox.Quad(a, _N(str(RDF.predicate)), p, g)
        yield ox.Quad(a, _N(str(RDF.object)), o, g)
        yield ox.Quad(a, _N(str(KG.rule)), ox.Literal(st.rule), g)
        yield ox.Quad(a, _N(str(KG.confidence)), ox.Literal(f"{st.confidence:.2f}", datatype=decimal), g)
        for source in st.derived_from:
            yield ox.Quad(a, _N(str(PROV.wasDerivedFrom)), _N(source), g)


def write_derived(store: ox.Store, G: nx.MultiDiGraph | None = None) -> int:
    """Replace the derived graph of a writable ``store`` by the neighbor-chain links; return their number.

    A build calls it on its new store after writing the article graphs.
    """
    from .analysis.derived import derived_statements

    G = to_networkx(store) if G is None else G
    statements = list(derived_statements(G))
    graph = _N(str(GRAPH_DERIVED))
    store.clear_graph(graph)
    store.bulk_extend(statement_quads(statements))
    return len(statements)
