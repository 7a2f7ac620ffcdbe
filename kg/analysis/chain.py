"""Upstream suppliers and downstream customers of an entity, as trees of ``supplies`` steps.

Each step names the neighbour, the relation (``supplies``), its direction and
the fact (with evidence sentences) behind it.  A node appears once in a tree,
at its shortest distance, so cycles and diamonds do not repeat branches.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> for n in "abc":
...     G.add_node(n, type="Enterprise", label=n.upper())
>>> _ = G.add_edge("a", "b", key="supplies", confidence=0.9, evidence=[])
>>> _ = G.add_edge("b", "c", key="supplies", confidence=0.8, evidence=[])
>>> [(s.label, [c.label for c in s.children]) for s in upstream(G, "c", 2)]
[('B', ['A'])]
>>> [s.label for s in downstream(G, "c", 2)]
[]
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

import networkx as nx

from kg.analysis.common import AnalysisInputError, customers, fact, label, node_info, require_node, suppliers

__all__ = ["ChainStep", "SupplyChain", "upstream", "downstream", "supply_chain"]


@dataclass
class ChainStep:
    """One hop of a chain: ``node`` supplies its parent (up) or is supplied by it (down)."""

    node: str
    label: str
    type: str
    relation: str
    direction: str
    depth: int
    fact: dict
    children: list["ChainStep"] = field(default_factory=list)


@dataclass
class SupplyChain:
    """The chain around one entity: suppliers (``upstream``) and customers (``downstream``)."""

    node: str
    label: str
    type: str
    upstream: list[ChainStep]
    downstream: list[ChainStep]

    def to_dict(self) -> dict:
        return asdict(self)


def _tree(G: nx.MultiDiGraph, root: str, depth: int, direction: str) -> list[ChainStep]:
    if depth < 0:
        raise AnalysisInputError(f"depth must be 0 or more, not {depth}")
    require_node(G, root)
    nexts = suppliers if direction == "up" else customers
    seen, top = {root}, []
    frontier = [(root, top)]
    for level in range(1, depth + 1):
        new_frontier = []
        for parent, siblings in frontier:
            for n in sorted(nexts(G, parent), key=lambda x: (label(G, x), x)):
                if n in seen:
                    continue
                seen.add(n)
                u, v = (n, parent) if direction == "up" else (parent, n)
                step = ChainStep(n, label(G, n), node_info(G, n)["type"], "supplies", direction,
                                 level, fact(G, u, v, "supplies"))
                siblings.append(step)
                new_frontier.append((n, step.children))
        frontier = new_frontier
    return top


def upstream(G: nx.MultiDiGraph, node: str, depth: int = 1) -> list[ChainStep]:
    """Suppliers of ``node``, their suppliers, … up to ``depth`` hops."""
    return _tree(G, node, depth, "up")


def downstream(G: nx.MultiDiGraph, node: str, depth: int = 1) -> list[ChainStep]:
    """Customers of ``node``, their customers, … up to ``depth`` hops."""
    return _tree(G, node, depth, "down")


def supply_chain(G: nx.MultiDiGraph, node: str, up: int = 1, down: int = 1) -> SupplyChain:
    """Both trees around ``node``: ``up`` hops of suppliers and ``down`` hops of customers."""
    info = node_info(G, require_node(G, node))
    return SupplyChain(node, info["label"], info["type"], upstream(G, node, up), downstream(G, node, down))
