"""What the analyses share: the graph's reading helpers (:mod:`kg.graph.access`), placement
(:mod:`kg.graph.placement`, the one home of that rule) and the checks of the nodes a user names.

>>> from kg.graph.read import graph_from_triples
>>> G = graph_from_triples([("e", "Enterprise", "甲"), ("p", "Park", "某园")], [("e", "locatedIn", "p")])
>>> scope(G, park="p"), sorted(members(G, "p"))
('p', ['e'])
"""
from __future__ import annotations

from typing import Iterable

import networkx as nx

from kg.errors import InputError
from kg.graph.access import (COOPERATION, ENTERPRISE, NEIGHBOR, PLACE_TYPES, SUPPLY, chain_partners, customers,
                             edge_between, either_way, fact, facts, label, node_info, node_type, nodes_of_type,
                             predecessors, successors, suppliers)
from kg.graph.placement import members, placement, sub_places, uplinks

__all__ = ["COOPERATION", "ENTERPRISE", "NEIGHBOR", "PLACE_TYPES", "SUPPLY", "AnalysisInputError", "chain_partners",
           "customers", "edge_between", "either_way", "fact", "facts", "label", "members", "node_info", "node_type",
           "nodes_of_type", "placement", "predecessors", "require_node", "scope", "sub_places", "successors",
           "suppliers", "uplinks"]


class AnalysisInputError(InputError):
    """An analysis was asked about a node that is not in the graph or has the wrong type."""


def require_node(G: nx.MultiDiGraph, n: str, types: Iterable[str] | None = None) -> str:
    """``n`` itself if it is a node of one of ``types``; AnalysisInputError otherwise."""
    if n not in G:
        raise AnalysisInputError(f"{n} is not in the graph")
    types = tuple(types or ())
    if types and node_type(G, n) not in types:
        raise AnalysisInputError(
            f"{label(G, n)} is a {node_type(G, n) or 'node without type'}, not a {' or '.join(types)}")
    return n


def scope(G: nx.MultiDiGraph, park: str | None = None, zone: str | None = None) -> str | None:
    """The one place an analysis is restricted to (checked), or None for the whole graph."""
    if park and zone:
        raise AnalysisInputError("give a park or a zone, not both")
    if park:
        return require_node(G, park, ("Park",))
    if zone:
        return require_node(G, zone, ("Zone",))
    return None


