"""Rank candidate partners of an entity; every point of a score has a reason and its evidence.

A candidate's score is the sum of its reasons' points.  Each rule gives
``weight`` points per distinct item (place, product, industry, intermediary),
capped at ``cap``:

====================== ====== ==== ===========================================================
rule                   weight cap  fires when (item)
====================== ====== ==== ===========================================================
existing_partner       4      4    it already supplies, buys from or cooperates with the entity
same_building          3      3    explicit ``neighborOf`` (same building or floor)
same_park              2      2    both in one park (``locatedIn``, through ``belongsTo``)
same_zone              1      1    both in one zone, no shared park
makes_chain_input      1.5    3    it produces a product that a supplier of the entity
                                   (another one) produces (item: product)
serves_customer_ind…   1      2    it supplies an enterprise of an industry that a customer of
                                   the entity has (item: industry); only adds to candidates
                                   found by another rule
short_supply_path      1      2    customer of the entity's customer, or supplier of its
                                   supplier (item: the enterprise in between)
shared_partner         0.5    2    both supply / buy from / cooperate with the same third
                                   party, not as a two-step path (item: the third party)
same_cluster           1      2    both have the same industry (``hasIndustry``) or produce
                                   the same product (item: industry or product)
====================== ====== ==== ===========================================================

Only the strongest of the three place rules counts.  Candidates are the
nodes of ``types`` (enterprises by default) reached by at least one rule
(``serves_customer_industry`` only adds to those: alone, an industry of tens
of thousands of enterprises would nominate most of the graph); ties are
broken by label.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> G.add_node("p", type="Park", label="园")
>>> for n in "abc":
...     G.add_node(n, type="Enterprise", label=n.upper())
...     _ = G.add_edge(n, "p", key="locatedIn", confidence=0.9, evidence=[])
>>> _ = G.add_edge("a", "b", key="supplies", confidence=0.9, evidence=[])
>>> [(c.label, c.score, [r.rule for r in c.reasons]) for c in recommend_partners(G, "a")]
[('B', 6.0, ['existing_partner', 'same_park']), ('C', 2.0, ['same_park'])]
"""
from __future__ import annotations

import heapq
from collections import deque
from dataclasses import asdict, dataclass

import networkx as nx

from .common import (COOPERATION, ENTERPRISE, NEIGHBOR, SUPPLY, AnalysisInputError,
                     customers, edge_between, either_way, facts, label, node_type, placement,
                     predecessors, require_node, successors, suppliers)

__all__ = ["RULES", "Reason", "Candidate", "recommend_partners"]

#: rule → (points per item, cap, description)
RULES = {
    "existing_partner": (4.0, 4.0, "already a supplier, customer or cooperation partner"),
    "same_building": (3.0, 3.0, "same building (neighbours)"),
    "same_park": (2.0, 2.0, "same park"),
    "same_zone": (1.0, 1.0, "same zone"),
    "makes_chain_input": (1.5, 3.0, "makes what your suppliers provide"),
    "serves_customer_industry": (1.0, 2.0, "supplies your customers' industry"),
    "short_supply_path": (1.0, 2.0, "two supply steps away, through"),
    "shared_partner": (0.5, 2.0, "shares partners"),
    "same_cluster": (1.0, 2.0, "same industry or product"),
}
_PLACE_RULES = ("same_building", "same_park", "same_zone")

Edges = tuple[tuple[str, str, str], ...]


@dataclass
class Reason:
    """One rule that fired: its points, the items it counted and the facts behind them."""

    rule: str
    points: float
    detail: str
    items: list[str]
    facts: list[dict]


@dataclass
class Candidate:
    node: str
    label: str
    type: str
    score: float
    reasons: list[Reason]

    def to_dict(self) -> dict:
        return asdict(self)


class _Found:
    """candidate → rule → item → the edges showing it (first found)."""

    def __init__(self, entity: str, G: nx.MultiDiGraph, types: tuple[str, ...]):
        self.entity, self.nodes, self.types, self.by = entity, G._node, types, {}

    def add(self, cand: str, rule: str, item: str, edges: Edges) -> None:
        if cand != self.entity and self.nodes[cand].get("type") in self.types:
            self.by.setdefault(cand, {}).setdefault(rule, {}).setdefault(item, edges)


def _chain_edges(G, n: str) -> dict[str, tuple[str, str, str]]:
    """Each supply/cooperation neighbour of ``n`` → one edge joining them (supplies first)."""
    out: dict[str, tuple[str, str, str]] = {}
    for key in (SUPPLY, COOPERATION):
        for v, keys in G._succ[n].items():
            if key in keys:
                out.setdefault(v, (n, key, v))
        for u, keys in G._pred[n].items():
            if key in keys:
                out.setdefault(u, (u, key, n))
    out.pop(n, None)
    return out


def _placed_in(G, place: str) -> dict[str, Edges]:
    """Members of ``place`` (through sub-places) → the edges placing them there."""
    out, paths = {}, {place: ()}
    todo = deque([place])
    while todo:
        p = todo.popleft()
        for m in sorted(predecessors(G, p, "locatedIn")):
            out.setdefault(m, ((m, "locatedIn", p),) + paths[p])
        for sub in sorted(predecessors(G, p, "belongsTo")):
            if sub not in paths:
                paths[sub] = ((sub, "belongsTo", p),) + paths[p]
                todo.append(sub)
    return out


def _existing(G, e, found):
    for x, edge in _chain_edges(G, e).items():
        found.add(x, "existing_partner", x, (edge,))


def _places(G, e, found):
    for x in either_way(G, e, NEIGHBOR):
        u, v = edge_between(G, e, x, NEIGHBOR)
        found.add(x, "same_building", x, ((u, NEIGHBOR, v),))
    for place, path in placement(G, e).items():
        rule = {"Park": "same_park", "Zone": "same_zone"}.get(node_type(G, place))
        if rule:
            for m, m_path in _placed_in(G, place).items():
                found.add(m, rule, place, path + m_path)


def _complements(G, e, found):
    for s in suppliers(G, e):
        for prod in successors(G, s, "produces"):
            for cand in (c for c in predecessors(G, prod, "produces") if c != s):
                found.add(cand, "makes_chain_input", prod,
                          ((cand, "produces", prod), (s, "produces", prod), (s, SUPPLY, e)))


def _serves(G, e, found, cands):
    """Adds to ``cands`` (already found): they supply an enterprise of a customer's industry."""
    wanted = {}
    for c in sorted(customers(G, e)):
        for ind in successors(G, c, "hasIndustry"):
            wanted.setdefault(ind, c)
    if not wanted:
        return
    for cand in cands:
        for d in sorted(customers(G, cand)):
            for ind in successors(G, d, "hasIndustry"):
                if ind in wanted:
                    c = wanted[ind]
                    found.add(cand, "serves_customer_industry", ind,
                              ((e, SUPPLY, c), (c, "hasIndustry", ind), (cand, SUPPLY, d), (d, "hasIndustry", ind)))


def _paths(G, e, found):
    two_step = set()
    for c in customers(G, e):
        for d in customers(G, c):
            two_step.add((d, c))
            found.add(d, "short_supply_path", c, ((e, SUPPLY, c), (c, SUPPLY, d)))
    for s in suppliers(G, e):
        for t in suppliers(G, s):
            two_step.add((t, s))
            found.add(t, "short_supply_path", s, ((t, SUPPLY, s), (s, SUPPLY, e)))
    for x, ex in _chain_edges(G, e).items():
        for cand, xc in _chain_edges(G, x).items():
            if cand != e and (cand, x) not in two_step:
                found.add(cand, "shared_partner", x, (ex, xc))


def _clusters(G, e, found):
    for key in ("hasIndustry", "produces"):
        for item in successors(G, e, key):
            for cand in predecessors(G, item, key):
                found.add(cand, "same_cluster", item, ((e, key, item), (cand, key, item)))


def _points(rules: dict) -> dict[str, float]:
    points = {rule: min(RULES[rule][1], RULES[rule][0] * len(items)) for rule, items in rules.items()}
    place = next((r for r in _PLACE_RULES if r in points), None)
    return {r: p for r, p in points.items() if r not in _PLACE_RULES or r == place}


def _candidate(G, cand: str, rules: dict, points: dict) -> Candidate:
    reasons = []
    for rule in RULES:
        if rule in points:
            items = sorted(rules[rule], key=lambda i: (label(G, i), i))
            detail = f"{RULES[rule][2]}: {', '.join(label(G, i) for i in items)}"
            edges = [edge for i in items for edge in rules[rule][i]]
            reasons.append(Reason(rule, points[rule], detail, [label(G, i) for i in items], facts(G, edges)))
    return Candidate(cand, label(G, cand), node_type(G, cand), sum(points.values()), reasons)


def recommend_partners(G: nx.MultiDiGraph, node: str, top: int = 10,
                       types: tuple[str, ...] = (ENTERPRISE,),
                       include_existing: bool = True) -> list[Candidate]:
    """The ``top`` best candidate partners of ``node`` (an IRI), best first, with their reasons.

    ``include_existing=False`` leaves out current suppliers, customers and partners.
    """
    if top < 1:
        raise AnalysisInputError(f"top must be 1 or more, not {top}")
    require_node(G, node)
    found = _Found(node, G, tuple(types))
    for step in (_existing, _places, _complements, _paths, _clusters):
        step(G, node, found)
    pool = {c: rules for c, rules in found.by.items() if include_existing or "existing_partner" not in rules}
    # serves_customer_industry adds at most its cap: only candidates that could then
    # reach the top need the check (exact: the k-th best score cannot be beaten otherwise).
    points = {c: _points(rules) for c, rules in pool.items()}
    score = {c: sum(p.values()) for c, p in points.items()}
    kth = heapq.nlargest(top, score.values())[-1] if len(score) >= top else float("-inf")
    near_top = sorted(c for c, v in score.items() if v + RULES["serves_customer_industry"][1] >= kth)
    _serves(G, node, found, near_top)
    for c in near_top:
        points[c] = _points(pool[c])
        score[c] = sum(points[c].values())
    best = heapq.nsmallest(top, score, key=lambda c: (-score[c], label(G, c), c))
    return [_candidate(G, c, pool[c], points[c]) for c in best]
