"""What the web app reads, loaded once at start-up: the store, its graph and the indexes over it.

:func:`load_site` opens the store of a build directory read-only, reads it into networkx
(:func:`kg.graph.read.to_networkx`), and computes what every page shares: the name index
(:class:`kg.graph.names.NameIndex`), the neighbor-chain report of the whole graph
(:func:`kg.analysis.neighbor_report`), the zone/park tree with its counts
(:func:`kg.analysis.places.place_tree`) and the article records.  The per-place analyses are
computed on the place's area (:func:`kg.analysis.places.place_area`) when first asked and kept.

Entities are addressed in URLs by their IRI below ``https://w3id.org/kg/id/`` (:func:`key_of`),
or by a name or alias, which is resolved.
"""
from __future__ import annotations

import threading
import time
from functools import lru_cache
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import networkx as nx
import pyoxigraph as ox

from kg.analysis import find_gaps, leaders_report, neighbor_report
from kg.analysis.gaps import GapReport
from kg.analysis.leaders import LeadersReport
from kg.analysis.neighbors import NeighborReport
from kg.analysis.places import PlaceNode, place_area, place_tree
from kg.graph.articles import ArticleRecord, article_records
from kg.graph.names import NameIndex
from kg.graph.placement import sub_places
from kg.graph.read import to_networkx
from kg.errors import StoreError
from kg.graph.store import open_store, store_path
from kg.vocab import ID_NS, id_of

__all__ = ["Site", "PlaceReport", "load_site", "key_of", "url_of"]

PLACE_CACHE = 32  # full place reports kept (the pages keep what they show of every place: Site.views)


@dataclass
class PlaceReport:
    """The analyses of one place, computed on its area; ``inside``: the place and its sub-places."""

    inside: set[str]
    gaps: GapReport
    leaders: LeadersReport
    neighbors: NeighborReport


@dataclass
class Site:
    """A loaded build: the store, the graph, and what the pages share (see the module doc)."""

    out: Path
    location: Path
    store: ox.Store
    G: nx.MultiDiGraph
    names: NameIndex
    report: NeighborReport
    tree: list[PlaceNode]
    articles: dict[str, ArticleRecord]
    seconds: float
    levels: dict[frozenset, str] = field(default_factory=dict)
    uplinks: dict = field(default_factory=dict)  # place → its places above (kg.graph.placement cache)
    tree_nodes: dict[str, PlaceNode] = field(default_factory=dict)  # place → its node in the tree
    views: dict = field(default_factory=dict)  # (page, node) → what a page shows of it, kept (kg.app.place_data)
    _places: OrderedDict = field(default_factory=OrderedDict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self):
        """The neighbor-chain level of each linked pair (for the graph views) and the tree's nodes by place."""
        self.levels = {frozenset((link.a, link.b)): link.level for link in self.report.links}
        todo = list(self.tree)
        while todo:
            node = todo.pop()
            self.tree_nodes.setdefault(node.place, node)
            todo.extend(node.children)

    @property
    def source_folders(self) -> list[Path]:
        """Where relative article paths are looked for besides the working folder."""
        return [self.out.resolve().parent, self.out.resolve()]

    def lookup(self, ref: str, types: tuple[str, ...] | None = None) -> str:
        """The node ``ref`` names: a key (:func:`key_of`), an IRI, or a name or alias (resolved;
        NameResolutionError when it names none or several)."""
        for iri in (ID_NS + ref, id_of(ref), ref):  # the server may hand the path over decoded once more
            data = self.G._node.get(iri)
            if data is not None and data.get("type"):
                return iri
        return self.names.resolve(ref, types)

    def place_report(self, place: str) -> PlaceReport:
        """The gaps, leaders and neighbor chains of ``place`` (kept for the next request)."""
        with self._lock:
            found = self._places.get(place)
            if found is not None:
                self._places.move_to_end(place)
                return found
        area = place_area(self.G, place)
        scope = {"park": place} if self.G._node[place].get("type") == "Park" else {"zone": place}
        report = PlaceReport(sub_places(area, place), find_gaps(area, place), leaders_report(area, **scope),
                             neighbor_report(area, **scope))
        with self._lock:
            self._places[place] = report
            while len(self._places) > PLACE_CACHE:
                self._places.popitem(last=False)
        return report


def key_of(node: str) -> str:
    """The short form of an IRI used in URLs: its part below the id namespace.

    >>> key_of("https://w3id.org/kg/id/enterprise/甲公司"), key_of("http://example.org/x")
    ('enterprise/甲公司', 'http://example.org/x')
    """
    return node[len(ID_NS):] if node.startswith(ID_NS) else node


@lru_cache(maxsize=1 << 18)
def url_of(page: str, node: str, suffix: str = "") -> str:
    """The URL of a node's page (``entity``, ``place``, ``graph``).

    >>> url_of("entity", "https://w3id.org/kg/id/enterprise/%3Cb%3E公司")
    '/entity/enterprise/%253Cb%253E%E5%85%AC%E5%8F%B8'
    """
    return f"/{page}/" + quote(key_of(node) + suffix, safe="/")


def load_site(out: Path, location: Path | None = None) -> Site:
    """Open the build directory ``out`` (its store at ``location`` when given) and load everything.

    Raises :class:`~kg.errors.StoreError` when there is no store or it cannot be opened.
    """
    started = time.perf_counter()
    location = Path(location) if location else store_path(Path(out))
    try:
        store = open_store(location)
        G = to_networkx(store)
        articles = article_records(store)
    except (OSError, RuntimeError, ValueError, StoreError) as exc:
        raise StoreError(f"cannot read the store {location}: {exc}") from None
    report = neighbor_report(G)
    return Site(Path(out), location, store, G, NameIndex(G), report, place_tree(G, report), articles,
                time.perf_counter() - started)
