"""Choose what a graph view shows: an entity's neighbourhood, a park, a zone, or all.

Every function takes the :class:`networkx.MultiDiGraph` of
:func:`kg.graph.read.to_networkx` (nodes keyed by IRI with ``type``/``label``,
edges keyed by predicate local name) and returns a subgraph view of it.
:func:`trim` keeps the ``max_nodes`` most relevant nodes and says what it
left out.

>>> from kg.graph.read import graph_from_triples
>>> G = graph_from_triples([("z", "Zone", "常州高新区"), ("p", "Park", "常州光电产业园"),
...                         ("e", "Enterprise", "华宇汽车"), ("s", "Enterprise", "供应商")],
...                        [("p", "belongsTo", "z"), ("e", "locatedIn", "p"), ("s", "supplies", "e")])
>>> sorted(select_entity(G, "e", hops=1))
['e', 'p', 's']
>>> sorted(select_area(G, "z", hops=0))
['e', 'p', 'z']
>>> sub, note = trim(G, 2, seeds=["e"])
>>> sorted(sub), note
(['e', 'p'], 'showing 2 of 4 nodes (most relevant first); left out 2 nodes (Enterprise 1, Zone 1) and 2 edges')
"""
from __future__ import annotations

from collections import Counter
from typing import Iterable

import networkx as nx

from kg.errors import InputError
from kg.graph.placement import placed_in, sub_places


class SelectionError(InputError):
    """A view selection that cannot be made (unknown node, bad size)."""


def _check_node(G: nx.MultiDiGraph, node: str) -> None:
    if node not in G:
        label = node.rsplit("/", 1)[-1]
        raise SelectionError(f"{label!r} is not in the graph")


def _hop_distances(G: nx.MultiDiGraph, seeds: Iterable[str], hops: int | None) -> dict[str, int]:
    """Distance (ignoring edge direction) from the nearest seed, up to ``hops``."""
    undirected = G.to_undirected(as_view=True)
    dist = {s: 0 for s in seeds}
    frontier = list(dist)
    depth = 0
    while frontier and (hops is None or depth < hops):
        depth += 1
        nxt = []
        for node in frontier:
            for nb in undirected.neighbors(node):
                if nb not in dist:
                    dist[nb] = depth
                    nxt.append(nb)
        frontier = nxt
    return dist


def select_entity(G: nx.MultiDiGraph, node: str, hops: int = 1) -> nx.MultiDiGraph:
    """The entity and everything within ``hops`` links of it, in either direction."""
    _check_node(G, node)
    if hops < 0:
        raise SelectionError(f"--hops must be 0 or more, not {hops}")
    return G.subgraph(_hop_distances(G, [node], hops))


def area_members(G: nx.MultiDiGraph, area: str) -> set[str]:
    """A park or zone, the parks that belong to it (transitively) and what is located in them
    (:mod:`kg.graph.placement`).

    >>> G = nx.MultiDiGraph([("p", "z", "belongsTo"), ("q", "p", "belongsTo"), ("e", "q", "locatedIn")])
    >>> sorted(area_members(G, "z"))
    ['e', 'p', 'q', 'z']
    """
    _check_node(G, area)
    return sub_places(G, area) | set(placed_in(G, area))


def select_area(G: nx.MultiDiGraph, area: str, hops: int = 1) -> nx.MultiDiGraph:
    """A park or zone with its members and everything within ``hops`` links of a member."""
    members = area_members(G, area)
    if hops < 0:
        raise SelectionError(f"--hops must be 0 or more, not {hops}")
    return G.subgraph(_hop_distances(G, sorted(members), hops))


def drop_isolated(G: nx.MultiDiGraph, keep: Iterable[str] = ()) -> tuple[nx.MultiDiGraph, str]:
    """Leave out entities with no relation (except ``keep``); return the subgraph and a note.

    >>> G = nx.MultiDiGraph([("a", "b", "supplies")]); G.add_node("c")
    >>> sub, note = drop_isolated(G)
    >>> sorted(sub), note
    (['a', 'b'], 'left out 1 entity with no relation')
    """
    keep = set(keep)
    alone = [n for n in G if G.degree(n) == 0 and n not in keep]
    if not alone:
        return G, ""
    plural = "entity" if len(alone) == 1 else "entities"
    alone_set = set(alone)
    return G.subgraph(n for n in G if n not in alone_set), f"left out {len(alone)} {plural} with no relation"


def relevance_order(G: nx.MultiDiGraph, seeds: Iterable[str] = ()) -> list[str]:
    """Nodes, most relevant first: nearest a seed, then most links, then most evidence.

    Without seeds, components come largest first, each from its best-connected node outwards,
    so that a trimmed view stays connected.

    >>> G = nx.MultiDiGraph([("a", "b", "supplies"), ("c", "b", "supplies"), ("d", "e", "supplies")])
    >>> relevance_order(G), relevance_order(G, seeds=["e"])
    (['b', 'a', 'c', 'd', 'e'], ['e', 'd', 'b', 'a', 'c'])
    """
    evidence: Counter = Counter()
    for u, v, data in G.edges(data=True):
        n = len(data.get("evidence") or ()) or 1
        evidence[u] += n
        evidence[v] += n

    def rank(node):
        return (-G.degree(node), -evidence[node], str(G.nodes[node].get("label", node)), str(node))
    seeds = [s for s in seeds if s in G]
    if seeds:
        groups = [(seeds, set(G))]
    else:
        comps = sorted(nx.weakly_connected_components(G), key=lambda c: (-len(c), min(map(rank, c))))
        groups = [([min(c, key=rank)], c) for c in comps]
    order: list[str] = []
    for starts, members in groups:
        dist = _hop_distances(G.subgraph(members), starts, None)
        far = len(G) + 1
        order += sorted(members, key=lambda n: (dist.get(n, far),) + rank(n))
    return order


def trim(G: nx.MultiDiGraph, max_nodes: int | None,
         seeds: Iterable[str] = ()) -> tuple[nx.MultiDiGraph, str]:
    """Keep the ``max_nodes`` most relevant nodes; return the subgraph and a note of what was left out.

    The note is empty when nothing was left out.
    """
    if max_nodes is None or len(G) <= max_nodes:
        return G, ""
    if max_nodes < 1:
        raise SelectionError(f"--max-nodes must be at least 1, not {max_nodes}")
    keep = relevance_order(G, seeds)[:max_nodes]
    sub = G.subgraph(keep)
    dropped = Counter(G.nodes[n].get("type", "?") for n in G if n not in sub)
    by_type = ", ".join(f"{t} {c}" for t, c in sorted(dropped.items()))
    lost_edges = G.number_of_edges() - sub.number_of_edges()
    note = (f"showing {len(sub)} of {len(G)} nodes (most relevant first); "
            f"left out {len(G) - len(sub)} nodes ({by_type}) and {lost_edges} edges")
    return sub, note
