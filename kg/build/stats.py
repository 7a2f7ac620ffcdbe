"""Counts over a built store (entities by type, relations by predicate)."""
from __future__ import annotations

import pyoxigraph as ox

from kg.model import ENTITY_TYPES, PREDICATES
from kg.vocab import KG_NS

_TYPES = f"""SELECT ?t (COUNT(DISTINCT ?e) AS ?n) WHERE {{ ?e a ?t }} GROUP BY ?t"""
_PREDS = f"""SELECT ?p (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {{ ?s ?p ?o .
  FILTER(STRSTARTS(STR(?p), "{KG_NS}")) FILTER(isIRI(?o)) }} }} GROUP BY ?p"""


def graph_stats(store: ox.Store) -> dict:
    """``{"articles", "triples", "entities": {type: n}, "relations": {predicate: n}}``.

    >>> graph_stats(ox.Store())["triples"]
    0
    """
    types = {r["t"].value.rsplit("#", 1)[-1]: int(r["n"].value)
             for r in store.query(_TYPES, use_default_graph_as_union=True)}
    preds = {r["p"].value.rsplit("#", 1)[-1]: int(r["n"].value)
             for r in store.query(_PREDS, use_default_graph_as_union=True)}
    return {
        "articles": types.get("Article", 0),
        "triples": len(store),
        "entities": {t: types[t] for t in ENTITY_TYPES if t in types},
        "relations": {p: preds[p] for p in PREDICATES if p in preds},
    }
