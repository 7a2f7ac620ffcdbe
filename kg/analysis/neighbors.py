"""Neighbor-chain (邻链) links: enterprises placed together that supply or cooperate with each other.

A pair of enterprises joined by ``supplies`` (either way) or ``cooperatesWith``
is a neighbor-chain link when they are placed together, at one of three levels:

* ``building`` — an explicit ``neighborOf`` between them (same building or floor);
* ``park`` — both are in one park: ``locatedIn`` it, directly or through
  ``belongsTo`` (an enterprise in a sub-park is in the park it belongs to);
* ``zone`` — both are only in one zone (counted when ``level="zone"``).

:func:`park_shares` then gives, for each park and zone, how many of its
enterprises have at least one such neighbour partner there.

>>> from kg.graph.read import graph_from_triples
>>> G = graph_from_triples([("p", "Park", "园")] + [(n, "Enterprise", n.upper()) for n in "abc"],
...                        [(n, "locatedIn", "p") for n in "abc"] + [("a", "supplies", "b")])
>>> [(l.a_label, l.b_label, l.level) for l in neighbor_chain_links(G)]
[('A', 'B', 'park')]
>>> [(s.label, s.enterprises, s.with_partner, s.share) for s in park_shares(G, neighbor_chain_links(G))]
[('园', 3, 2, 0.667)]
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

import networkx as nx

from kg.analysis.common import AnalysisInputError, label, node_type, placement, scope
from kg.graph.access import ENTERPRISE
from kg.graph.neighbor_chain import DEFAULT_LEVEL, LEVELS, NeighborLink, chain_links
from kg.graph.placement import places_above

__all__ = ["LEVELS", "NeighborLink", "PlaceShare", "NeighborReport", "neighbor_chain_links",
           "park_shares", "neighbor_report"]



@dataclass
class PlaceShare:
    """How many enterprises of a place have a neighbor-chain partner there."""

    place: str
    label: str
    type: str
    enterprises: int
    with_partner: int
    share: float


@dataclass
class NeighborReport:
    links: list[NeighborLink] = field(default_factory=list)
    places: list[PlaceShare] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


def neighbor_chain_links(G: nx.MultiDiGraph, park: str | None = None, zone: str | None = None,
                         level: str = DEFAULT_LEVEL) -> list[NeighborLink]:
    """Neighbor-chain links of the whole graph, or of one park or zone (IRIs, checked): the rule of
    :func:`kg.graph.neighbor_chain.chain_links`, the one every surface asks.

    ``level`` is the widest placement that counts: ``"building"``, ``"park"`` or ``"zone"`` (default).
    """
    if level not in LEVELS:
        raise AnalysisInputError(f"level must be one of {', '.join(LEVELS)}, not {level!r}")
    return chain_links(G, scope(G, park, zone), level)


def _partner_places(link: NeighborLink, where: dict) -> set[str]:
    shared = {p["iri"] for p in link.places}
    return shared | set(where) if link.level == "building" else shared


def park_shares(G: nx.MultiDiGraph, links: list[NeighborLink], park: str | None = None,
                zone: str | None = None) -> list[PlaceShare]:
    """Per park and zone: enterprises placed there, and how many have a neighbour partner there.

    Only places with at least one enterprise are listed (restricted to ``park``,
    or to ``zone`` and its parks); most enterprises first.
    """
    place = scope(G, park, zone)
    placed: dict[str, set[str]] = {}
    ups: dict[str, dict] = {}
    for e in (n for n, data in G._node.items() if data.get("type") == ENTERPRISE):
        for p in placement(G, e, ups):
            placed.setdefault(p, set()).add(e)
    partnered: dict[str, set[str]] = {}
    for link in links:
        for e in (link.a, link.b):
            for p in _partner_places(link, placement(G, e, ups)):
                if e in placed.get(p, ()):
                    partnered.setdefault(p, set()).add(e)
    wanted = [p for p in placed if node_type(G, p) in ("Park", "Zone")
              and (place is None or p == place or place in places_above(G, p))]
    shares = [PlaceShare(p, label(G, p), node_type(G, p), len(placed[p]), len(partnered.get(p, ())),
                         round(len(partnered.get(p, ())) / len(placed[p]), 3)) for p in wanted]
    shares.sort(key=lambda s: (-s.enterprises, s.label, s.place))
    return shares


def neighbor_report(G: nx.MultiDiGraph, park: str | None = None, zone: str | None = None,
                    level: str = DEFAULT_LEVEL) -> NeighborReport:
    """Links and per-place shares together (what ``kg neighbors`` prints)."""
    links = neighbor_chain_links(G, park, zone, level)
    return NeighborReport(links, park_shares(G, links, park, zone))
