"""Resolve a user's name for an entity (label or alias) to its IRI.

Exact label or alias matches win; otherwise a unique entity whose label or
alias contains the name.  Several candidates raise
:class:`~kg.errors.NameResolutionError` listing them, rather than guessing.

>>> import pyoxigraph as ox
>>> s = ox.Store()
>>> n = ox.NamedNode("https://w3id.org/kg/id/enterprise/x")
>>> s.add(ox.Quad(n, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"), ox.Literal("常州某某动力股份有限公司")))
>>> s.add(ox.Quad(n, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), ox.NamedNode("https://w3id.org/kg/ontology#Enterprise")))
>>> resolve_name(s, "某某动力")
'https://w3id.org/kg/id/enterprise/x'
"""
from __future__ import annotations

import re

import pyoxigraph as ox

from kg.errors import NameResolutionError
from kg.vocab import KG_NS

IGNORED = re.compile(r"[\s\u3000“”‘’\"'「」『』《》]")

_CANDIDATES = f"""
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?e ?label ?type ?form ?q WHERE {{
  ?e a ?type ; rdfs:label ?label .
  FILTER(STRSTARTS(STR(?type), "{KG_NS}") && ?type != <{KG_NS}Article> && ?type != <{KG_NS}Assertion>)
  {{ ?e rdfs:label ?form }} UNION {{ ?e skos:altLabel ?form }}
  FILTER(CONTAINS(?form, ?q) || CONTAINS(?q, ?form))
}}"""


def _norm(text: str) -> str:
    return IGNORED.sub("", text)


def find_candidates(store: ox.Store, name: str) -> list[tuple[str, str, str, str]]:
    """(iri, label, type local name, matched form) of entities whose names overlap ``name``."""
    q = _norm(name)
    if not q:
        return []
    rows = store.query(_CANDIDATES, use_default_graph_as_union=True,
                       substitutions={ox.Variable("q"): ox.Literal(q)})
    return [(r["e"].value, r["label"].value, r["type"].value.rsplit("#", 1)[-1], r["form"].value)
            for r in rows]


def resolve_name(store: ox.Store, name: str, types: tuple[str, ...] | None = None) -> str:
    """The IRI of the one entity called ``name``; raise NameResolutionError otherwise."""
    if name.startswith(("http://", "https://")):
        return name
    q = _norm(name)
    rows = [r for r in find_candidates(store, name) if types is None or r[2] in types]
    exact = {r[0]: f"{r[1]} ({r[2]})" for r in rows if _norm(r[3]) == q}
    return one_entity(name, exact or {r[0]: f"{r[1]} ({r[2]})" for r in rows if q in _norm(r[3])})


def one_entity(name: str, pool: dict[str, str]) -> str:
    """The one IRI of ``pool`` (IRI → "label (type)") that ``name`` stands for; NameResolutionError
    naming the candidates when there are none or several (the rule of every name lookup).

    >>> one_entity("甲", {"urn:a": "甲公司 (Enterprise)"})
    'urn:a'
    """
    if len(pool) == 1:
        return next(iter(pool))
    if not pool:
        raise NameResolutionError(f"no entity is called {name!r}")
    labels = tuple(sorted(pool.values()))
    raise NameResolutionError(
        f"{name!r} is ambiguous: {len(labels)} candidates: {'; '.join(labels[:10])}", labels)
