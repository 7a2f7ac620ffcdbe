"""The records every reader of the store shares: the IRIs of the schema's terms, one piece of evidence
(:class:`Evidence`), and how an edge of the networkx graph is made from a triple and its evidence
(:func:`add_edge`, symmetric predicates one way only: :func:`canonical`).

>>> canonical("b", "cooperatesWith", "a"), canonical("b", "supplies", "a")
(('a', 'cooperatesWith', 'b'), ('b', 'supplies', 'a'))
"""
from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import unquote

import networkx as nx
import pyoxigraph as ox

from kg.model import PREDICATES, SYMMETRIC
from kg.vocab import KG, PROV, RDF, RDFS, SKOS, is_derived_graph

_N = ox.NamedNode
TYPE, LABEL, ALT = _N(str(RDF.type)), _N(str(RDFS.label)), _N(str(SKOS.altLabel))
PRED_BY_IRI = {str(KG[p]): p for p in PREDICATES}
ASSERTION_FIELDS = {
    "s": RDF.subject, "o": RDF.object, "article": PROV.wasDerivedFrom,
    "sentence": KG.sentence, "start": KG.sourceStart, "end": KG.sourceEnd,
    "rule": KG.rule, "confidence": KG.confidence,
}
NUMBERS = {"start": int, "end": int, "confidence": float}


class Evidence(Mapping):
    """One assertion supporting an edge: a read-only mapping with the keys of :attr:`FIELDS`.

    Slots take a third of the memory of a dict; it compares equal to a dict
    with the same items, and ``copy()`` gives one.

    >>> ev = Evidence("urn:a1", "a1", "甲为乙供货。", 0, 6, "r", 0.9)
    >>> ev["sentence"], ev.get("missing"), ev == ev.copy(), sorted(ev)[:2]
    ('甲为乙供货。', None, True, ['article', 'assertion'])
    """

    FIELDS = ("assertion", "article", "sentence", "start", "end", "rule", "confidence")
    __slots__ = FIELDS

    def __init__(self, assertion: str | None, article: str | None, sentence: str | None,
                 start: int | None, end: int | None, rule: str | None, confidence: float | None):
        self.assertion, self.article, self.sentence = assertion, article, sentence
        self.start, self.end, self.rule, self.confidence = start, end, rule, confidence

    def __getitem__(self, key: str):
        if key not in _EVIDENCE_KEYS:
            raise KeyError(key)
        return getattr(self, key)

    def __iter__(self):
        return iter(self.FIELDS)

    def __len__(self) -> int:
        return len(self.FIELDS)

    def copy(self) -> dict:
        return {k: getattr(self, k) for k in self.FIELDS}

    def __repr__(self) -> str:
        return f"Evidence({self.copy()!r})"

    def __reduce__(self):
        return Evidence, tuple(getattr(self, k) for k in self.FIELDS)


_EVIDENCE_KEYS = frozenset(Evidence.FIELDS)


def local_name(iri: str) -> str:
    return unquote(iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1])


def node_of(G: nx.MultiDiGraph, keys: dict[str, str], iri: str) -> str:
    """The node's own IRI string (the node is added if missing): edges share it."""
    key = keys.get(iri)
    if key is None:
        keys[iri] = key = iri
        if iri not in G._node:
            G.add_node(iri, type="", label=local_name(iri), aliases=[])
    return key


def canonical(s: str, p: str, o: str) -> tuple[str, str, str]:
    return (o, p, s) if p in SYMMETRIC and o < s else (s, p, o)


def in_derived_graph(graph) -> bool:
    """Whether a quad's graph name is a part of the derived graph (whose facts are not read back)."""
    return isinstance(graph, ox.NamedNode) and is_derived_graph(graph.value)


def evidence_order(e: Evidence) -> tuple:
    """Evidence sorted by article and position."""
    return (e.article or "", e.start if e.start is not None else -1, e.assertion)


def add_edge(G: nx.MultiDiGraph, keys: dict[str, str], s: str, p: str, o: str, evidence: list) -> None:
    s, o = node_of(G, keys, s), node_of(G, keys, o)
    scores = [e["confidence"] for e in evidence if e["confidence"] is not None]
    G.add_edge(s, o, key=p, confidence=max(scores) if scores else 1.0, evidence=evidence)


