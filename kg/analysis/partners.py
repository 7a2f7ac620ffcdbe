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

>>> from kg.graph.read import graph_from_triples
>>> G = graph_from_triples([("p", "Park", "园")] + [(n, "Enterprise", n.upper()) for n in "abc"],
...                        [(n, "locatedIn", "p") for n in "abc"] + [("a", "supplies", "b")])
>>> [(c.label, c.score, [r.rule for r in c.reasons]) for c in recommend_partners(G, "a")]
[('B', 6.0, ['existing_partner', 'same_park']), ('C', 2.0, ['same_park'])]
"""
from __future__ import annotations

import heapq
from dataclasses import asdict, dataclass

import networkx as nx

from kg.analysis.common import (COOPERATION, ENTERPRISE, NEIGHBOR, SUPPLY, AnalysisInputError, customers, edge_between,
                                either_way, facts, label, node_type, placement, require_node, successors, suppliers)
from kg.graph.placement import placed_in

# The search reads only the neighbourhoods the rules name (the entity's partners,
# their partners, its places, products and industries), through the raw adjacency
# dicts, and keeps rule → candidate → item → edges; only the candidates that can
# reach the top get their reasons built.  The biggest hub of a power-law supply
# graph (8,000 suppliers at 100k enterprises) is the worst case.

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
    """rule → candidate → item → what shows it (first found), for the entity ``e``.

    What shows it is the edges themselves, or for the rules of the big loops a
    witness they are rebuilt from (:meth:`edges`), so that only the candidates
    shown pay for them.  Candidates of any type are kept; :meth:`scores` keeps
    those of ``types``.
    """

    def __init__(self, G: nx.MultiDiGraph, e: str):
        self.G, self.e, self.by = G, e, {rule: {} for rule in RULES}
        self.suppliers, self.customers = suppliers(G, e), customers(G, e)
        self.chain = _chain_edges(G, e)

    def add(self, rule: str, cand: str, item: str, edges: Edges) -> None:
        if cand != self.e:
            _put(self.by[rule], cand, item, edges)

    def scores(self, types: tuple[str, ...], include_existing: bool) -> dict[str, float]:
        """Score of every candidate of ``types`` (only the strongest place rule counts)."""
        nodes, score, placed = self.G._node, {}, set()
        for rule, (weight, cap, _) in RULES.items():
            hits, place = self.by[rule], rule in _PLACE_RULES
            if place:
                hits = {c: items for c, items in hits.items() if c not in placed}
                placed.update(hits)
            for cand, items in hits.items():
                n = len(items)
                score[cand] = score.get(cand, 0.0) + (cap if weight * n >= cap else weight * n)
        existing = () if include_existing else self.by["existing_partner"]
        return {c: v for c, v in score.items()
                if c != self.e and c not in existing and nodes[c].get("type") in types}

    def rules_of(self, cand: str) -> dict[str, dict[str, Edges]]:
        """Rule → item → edges, of one candidate."""
        return {rule: {item: self.edges(rule, cand, item, seen) for item, seen in hits[cand].items()}
                for rule, hits in self.by.items() if cand in hits}

    def edges(self, rule: str, cand: str, item: str, seen) -> Edges:
        e = self.e
        if rule == "makes_chain_input":  # seen: the supplier making the product
            return (cand, "produces", item), (seen, "produces", item), (seen, SUPPLY, e)
        if rule == "short_supply_path":  # seen: is the item a customer of e (else a supplier)
            return ((e, SUPPLY, item), (item, SUPPLY, cand)) if seen else ((cand, SUPPLY, item), (item, SUPPLY, e))
        if rule == "shared_partner":     # seen: the edge joining the item and the candidate
            return self.chain[item], seen
        return seen


def _put(hits: dict, cand: str, item: str, seen) -> None:
    items = hits.get(cand)
    if items is None:
        hits[cand] = {item: seen}
    elif item not in items:
        items[item] = seen


def _chain_edges(G, n: str) -> dict[str, tuple[str, str, str]]:
    """Each supply/cooperation neighbour of ``n`` → one edge joining them.

    Supplies before cooperation, and ``n``'s own statement first:
    ``n supplies v`` > ``v supplies n`` > ``n cooperatesWith v`` > ``v cooperatesWith n``.
    """
    out: dict[str, tuple[str, str, str]] = {}
    coop: dict[str, tuple[str, str, str]] = {}
    for v, keys in G._succ[n].items():
        if SUPPLY in keys:
            out[v] = (n, SUPPLY, v)
        elif COOPERATION in keys:
            coop[v] = (n, COOPERATION, v)
    for u, keys in G._pred[n].items():
        if SUPPLY in keys:
            if u not in out:
                out[u] = (u, SUPPLY, n)
        elif COOPERATION in keys and u not in coop:
            coop[u] = (u, COOPERATION, n)
    for v, edge in coop.items():
        out.setdefault(v, edge)
    out.pop(n, None)
    return out


def _existing(G, found: _Found) -> None:
    for x, edge in found.chain.items():
        found.add("existing_partner", x, x, (edge,))


def _places(G, found: _Found) -> None:
    e = found.e
    for x in either_way(G, e, NEIGHBOR):
        u, v = edge_between(G, e, x, NEIGHBOR)
        found.add("same_building", x, x, ((u, NEIGHBOR, v),))
    for place, path in placement(G, e).items():
        rule = {"Park": "same_park", "Zone": "same_zone"}.get(node_type(G, place))
        if rule:
            for m, m_path in placed_in(G, place).items():
                found.add(rule, m, place, path + m_path)


def _complements(G, found: _Found) -> None:
    e, hits, succ, pred = found.e, found.by["makes_chain_input"], G._succ, G._pred
    for s in found.suppliers:
        for prod, keys in succ[s].items():
            if "produces" not in keys:
                continue
            for cand, ckeys in pred[prod].items():
                if "produces" in ckeys and cand != s and cand != e:
                    _put(hits, cand, prod, s)


def _serves(G, found: _Found, cand: str, wanted: dict[str, str], industries: dict[str, list[str]]) -> None:
    """Add to ``cand`` (already found): it supplies an enterprise of a customer's industry.

    ``wanted``: :func:`_wanted_industries`; ``industries``: customer → its wanted
    industries, filled as it goes (shared between candidates).
    """
    e = found.e
    for d in sorted(customers(G, cand)):
        if d not in industries:
            industries[d] = [i for i in successors(G, d, "hasIndustry") if i in wanted]
        for ind in industries[d]:
            c = wanted[ind]
            found.add("serves_customer_industry", cand, ind,
                      ((e, SUPPLY, c), (c, "hasIndustry", ind), (cand, SUPPLY, d), (d, "hasIndustry", ind)))


def _wanted_industries(G, found: _Found) -> dict[str, str]:
    """Industry of one of the entity's customers → the first such customer (by IRI)."""
    wanted: dict[str, str] = {}
    for c in sorted(found.customers):
        for ind in successors(G, c, "hasIndustry"):
            wanted.setdefault(ind, c)
    return wanted


def _paths(G, found: _Found) -> None:
    two_step: dict[str, set[str]] = {}  # intermediary → the candidates it is a two-step path to
    _two_step(G._succ, found.customers, found, two_step, True)   # customers of my customers
    _two_step(G._pred, found.suppliers, found, two_step, False)  # suppliers of my suppliers
    _shared(G, found, two_step)


def _two_step(adjacency, middles, found: _Found, two_step: dict[str, set[str]], downstream: bool) -> None:
    hits = found.by["short_supply_path"]
    for m in middles:
        ends = two_step.setdefault(m, set())
        for end, keys in adjacency[m].items():
            if SUPPLY in keys:
                ends.add(end)
                if end != found.e:
                    _put(hits, end, m, downstream)


def _shared(G, found: _Found, two_step: dict[str, set[str]]) -> None:
    e, hits, empty = found.e, found.by["shared_partner"], set()
    for x in found.chain:
        skip = two_step.get(x, empty)
        for cand, xc in _chain_edges(G, x).items():
            if cand != e and cand not in skip:
                items = hits.get(cand)  # _put, inlined: the hottest loop
                if items is None:
                    hits[cand] = {x: xc}
                elif x not in items:
                    items[x] = xc


def _clusters(G, found: _Found) -> None:
    e, hits = found.e, found.by["same_cluster"]
    for key in ("hasIndustry", "produces"):
        for item in successors(G, e, key):
            mine = (e, key, item)
            for cand, keys in G._pred[item].items():
                if key in keys and cand != e:
                    _put(hits, cand, item, (mine, (cand, key, item)))


def _points(rules: dict) -> dict[str, float]:
    points = {rule: min(RULES[rule][1], RULES[rule][0] * len(items)) for rule, items in rules.items()}
    place = next((r for r in _PLACE_RULES if r in points), None)
    return {r: p for r, p in points.items() if r not in _PLACE_RULES or r == place}


def _candidate(G, cand: str, rules: dict) -> Candidate:
    points = _points(rules)
    reasons = []
    for rule in RULES:
        if rule in points:
            items = sorted(rules[rule], key=lambda i: (label(G, i), i))
            detail = f"{RULES[rule][2]}: {', '.join(label(G, i) for i in items)}"
            edges = [edge for i in items for edge in rules[rule][i]]
            reasons.append(Reason(rule, points[rule], detail, [label(G, i) for i in items], facts(G, edges)))
    return Candidate(cand, label(G, cand), node_type(G, cand), sum(points.values()), reasons)


def _kth(score: dict[str, float], top: int) -> float:
    """The ``top``-th best score (-inf when there are fewer candidates)."""
    return heapq.nlargest(top, score.values())[-1] if len(score) >= top else float("-inf")


def _boost(G, found: _Found, score: dict[str, float], top: int) -> None:
    """Add ``serves_customer_industry`` to the candidates it could lift into the top.

    It adds at most ``most`` (its cap, or one point per industry of the entity's
    customers).  Candidates are boosted best first; once one is below the
    ``top``-th best boosted score by more than ``most``, neither it nor any
    after it can get in (scores only grow), so the rest keep their score.
    """
    weight, cap, _ = RULES["serves_customer_industry"]
    wanted = _wanted_industries(G, found)
    most = min(cap, weight * len(wanted))
    if not most:
        return
    kth, hits = _kth(score, top), found.by["serves_customer_industry"]
    best: list[float] = []  # the ``top`` best boosted scores (a min-heap)
    industries: dict[str, list[str]] = {}
    for c in sorted((c for c, v in score.items() if v + most >= kth), key=lambda c: (-score[c], c)):
        if len(best) == top and score[c] + most < best[0]:
            break
        _serves(G, found, c, wanted, industries)
        if c in hits:
            score[c] += min(cap, weight * len(hits[c]))
        (heapq.heappush if len(best) < top else heapq.heappushpop)(best, score[c])


def recommend_partners(G: nx.MultiDiGraph, node: str, top: int = 10,
                       types: tuple[str, ...] = (ENTERPRISE,),
                       include_existing: bool = True) -> list[Candidate]:
    """The ``top`` best candidate partners of ``node`` (an IRI), best first, with their reasons.

    ``include_existing=False`` leaves out current suppliers, customers and partners.
    """
    if top < 1:
        raise AnalysisInputError(f"top must be 1 or more, not {top}")
    require_node(G, node)
    found = _Found(G, node)
    for step in (_existing, _places, _complements, _paths, _clusters):
        step(G, found)
    score = found.scores(tuple(types), include_existing)
    _boost(G, found, score, top)
    kth = _kth(score, top)
    best = sorted((c for c, v in score.items() if v >= kth), key=lambda c: (-score[c], label(G, c), c))[:top]
    return [_candidate(G, c, found.rules_of(c)) for c in best]
