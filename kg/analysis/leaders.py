"""Chain leaders (链主) by centrality, and industrial clusters by community detection.

Both work on the *chain graph*: ``supplies`` edges from supplier to customer
and ``cooperatesWith`` edges both ways, weighted by the number of relations.
Restricted to a park or zone, it holds the enterprises placed there and their
direct suppliers, customers and partners (edges with at least one local end).

A leader's ``score`` is its PageRank in the chain graph (damping 0.85, rank
flowing from supplier to customer; see :func:`pagerank`), so the enterprise
many chains lead to — the core buyer the zone's suppliers serve — comes first.  Clusters are the
Louvain communities (seeded, so runs repeat) of the undirected chain graph
with two or more members.

>>> import networkx as nx
>>> G = nx.MultiDiGraph()
>>> for n in "abc":
...     G.add_node(n, type="Enterprise", label=n.upper())
>>> _ = G.add_edge("a", "c", key="supplies", confidence=1.0, evidence=[])
>>> _ = G.add_edge("b", "c", key="supplies", confidence=1.0, evidence=[])
>>> [(l.label, l.suppliers, l.customers) for l in chain_leaders(G)][:1]
[('C', 2, 0)]
>>> [c.members for c in industrial_clusters(G)]
[['C', 'A', 'B']]
"""
from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field

import networkx as nx

from kg.analysis.common import (COOPERATION, SUPPLY, AnalysisInputError, facts, label, members, node_type, scope,
                                successors)

__all__ = ["Leader", "Cluster", "LeadersReport", "chain_graph", "pagerank", "chain_leaders",
           "industrial_clusters", "leaders_report"]

CHAIN_TYPES = ("Enterprise", "Institution")


@dataclass
class Leader:
    node: str
    label: str
    score: float
    local: bool
    suppliers: int
    customers: int
    partners: int
    facts: list[dict] = field(default_factory=list)


@dataclass
class Cluster:
    leader: str
    size: int
    members: list[str]
    nodes: list[str]
    industries: list[str]
    products: list[str]
    facts: list[dict]


@dataclass
class LeadersReport:
    leaders: list[Leader]
    clusters: list[Cluster]

    def to_dict(self) -> dict:
        return asdict(self)


def chain_graph(G: nx.MultiDiGraph, park: str | None = None, zone: str | None = None) -> nx.DiGraph:
    """A new weighted DiGraph of supply and cooperation edges (of one place, if given).

    Node attribute ``local`` tells whether the node is placed in the place;
    nodes without supply or cooperation edges are left out.
    """
    place = scope(G, park, zone)
    local = members(G, place, CHAIN_TYPES) if place else None
    D = nx.DiGraph()
    for u, v, key in G.edges(keys=True):
        if key not in (SUPPLY, COOPERATION) or u == v:
            continue
        if node_type(G, u) not in CHAIN_TYPES or node_type(G, v) not in CHAIN_TYPES:
            continue
        if local is not None and u not in local and v not in local:
            continue
        pairs = [(u, v)] if key == SUPPLY else [(u, v), (v, u)]
        for a, b in pairs:
            w = D[a][b]["weight"] + 1 if D.has_edge(a, b) else 1
            D.add_edge(a, b, weight=w)
    for n in D:
        D.nodes[n]["local"] = local is None or n in local
    return D


def pagerank(D: nx.DiGraph, damping: float = 0.85, tol: float = 1e-12, max_iter: int = 1000) -> dict:
    """PageRank by power iteration, weights ``weight``, rounded to 6 places.

    A node without out-edges (a final customer) hands its rank back to its own
    weakly connected component, so chains that end somewhere do not leak rank
    to unrelated cycles: each component keeps a share of the total equal to
    its share of the nodes, and scores compare across components.

    >>> pagerank(nx.DiGraph([("a", "b"), ("b", "a")]))
    {'a': 0.5, 'b': 0.5}
    """
    nodes = sorted(D)
    if not nodes:
        return {}
    n = len(nodes)
    parts = [sorted(c) for c in nx.weakly_connected_components(D)]
    out_w = {u: sum(w for _, _, w in D.out_edges(u, data="weight", default=1)) for u in nodes}
    rank = dict.fromkeys(nodes, 1.0 / n)
    for _ in range(max_iter):
        new = dict.fromkeys(nodes, (1.0 - damping) / n)
        for part in parts:
            spread = damping * sum(rank[u] for u in part if not out_w[u]) / len(part)
            for v in part:
                new[v] += spread
        for u in nodes:
            if out_w[u]:
                share = damping * rank[u] / out_w[u]
                for v, w in D.succ[u].items():
                    new[v] += share * w.get("weight", 1)
        done = sum(abs(new[v] - rank[v]) for v in nodes) < n * tol
        rank = new
        if done:
            break
    return {v: round(r, 6) for v, r in rank.items()}


def _chain_facts(G, node: str, D: nx.DiGraph, limit: int) -> list[dict]:
    edges = []
    for u, v, key in list(G.in_edges(node, keys=True)) + list(G.out_edges(node, keys=True)):
        if key in (SUPPLY, COOPERATION) and D.has_edge(u, v):
            edges.append((u, key, v))
    return facts(G, sorted(edges)[:limit])


def _leaders(G, D: nx.DiGraph, ranks: dict, top: int, evidence_limit: int) -> list[Leader]:
    order = sorted((n for n in D if D.nodes[n]["local"]), key=lambda n: (-ranks.get(n, 0), label(G, n), n))
    out = []
    for n in order[:top]:
        sup = {u for u, _, k in G.in_edges(n, keys=True) if k == SUPPLY and D.has_edge(u, n)}
        cus = {v for _, v, k in G.out_edges(n, keys=True) if k == SUPPLY and D.has_edge(n, v)}
        coop = {x for x in set(D.succ[n]) | set(D.pred[n])
                if (COOPERATION in G.succ[n].get(x, {}) or COOPERATION in G.succ[x].get(n, {}))}
        out.append(Leader(n, label(G, n), ranks.get(n, 0.0), D.nodes[n]["local"], len(sup), len(cus),
                          len(coop), _chain_facts(G, n, D, evidence_limit)))
    return out


def chain_leaders(G: nx.MultiDiGraph, park: str | None = None, zone: str | None = None,
                  top: int = 10, evidence_limit: int = 10) -> list[Leader]:
    """The ``top`` local nodes of the chain graph by PageRank, with their chain facts."""
    if top < 1:
        raise AnalysisInputError(f"top must be 1 or more, not {top}")
    D = chain_graph(G, park, zone)
    return _leaders(G, D, pagerank(D), top, evidence_limit)


def _cluster(G, D: nx.DiGraph, community: set, ranks: dict, evidence_limit: int) -> Cluster:
    nodes = sorted(community, key=lambda n: (-ranks.get(n, 0), label(G, n), n))
    tally = {key: Counter(x for n in nodes for x in successors(G, n, key)) for key in ("hasIndustry", "produces")}
    edges = sorted((u, k, v) for u in nodes for v, keys in G.succ[u].items() if v in community
                   for k in keys if k in (SUPPLY, COOPERATION))
    return Cluster(label(G, nodes[0]), len(nodes), [label(G, n) for n in nodes], nodes,
                   [label(G, x) for x, _ in sorted(tally["hasIndustry"].items(), key=lambda t: (-t[1], t[0]))],
                   [label(G, x) for x, _ in sorted(tally["produces"].items(), key=lambda t: (-t[1], t[0]))],
                   facts(G, edges[:evidence_limit]))


def industrial_clusters(G: nx.MultiDiGraph, park: str | None = None, zone: str | None = None,
                        seed: int = 0, evidence_limit: int = 10) -> list[Cluster]:
    """Communities of two or more nodes in the chain graph, largest first."""
    D = chain_graph(G, park, zone)
    return _clusters(G, D, pagerank(D), seed, evidence_limit)


def _clusters(G, D: nx.DiGraph, ranks: dict, seed: int, evidence_limit: int) -> list[Cluster]:
    U = nx.Graph()
    U.add_nodes_from(D)
    for u, v, w in D.edges(data="weight"):
        U.add_edge(u, v, weight=U[u][v]["weight"] + w if U.has_edge(u, v) else w)
    found = nx.community.louvain_communities(U, weight="weight", seed=seed) if U.number_of_edges() else []
    clusters = [_cluster(G, D, c, ranks, evidence_limit) for c in found if len(c) > 1]
    clusters.sort(key=lambda c: (-c.size, c.leader))
    return clusters


def leaders_report(G: nx.MultiDiGraph, park: str | None = None, zone: str | None = None,
                   top: int = 10) -> LeadersReport:
    """Leaders and clusters together (what ``kg leaders`` prints)."""
    if top < 1:
        raise AnalysisInputError(f"top must be 1 or more, not {top}")
    D = chain_graph(G, park, zone)
    ranks = pagerank(D)
    return LeadersReport(_leaders(G, D, ranks, top, 10), _clusters(G, D, ranks, 0, 10))

