"""Find entities by name in memory: ranked search over labels and aliases, resolution, near names,
and the names that occur in a text.

:class:`NameIndex` indexes the label and aliases of every typed node of a graph made by
:func:`kg.graph.read.to_networkx`, once; a service that answers many look-ups keeps it beside the
graph.  Names are compared after :func:`normalize_name` (white space and quotes removed, Latin
letters folded to lower case).

* :meth:`NameIndex.search` ranks matches: exact label, exact alias, prefix, contains; within a
  rank, shorter names first, then by label.
* :meth:`NameIndex.resolve` follows the rules of :func:`kg.graph.resolve.resolve_name` (an exact
  label or alias wins; otherwise a unique entity whose name contains the given one; several raise
  :class:`~kg.errors.NameResolutionError` naming the candidates) without a query per look-up.
* :meth:`NameIndex.near` suggests names that share the most character pairs with a name that
  matched nothing.
* :meth:`NameIndex.find_in` finds the known names in a text (longest first, no overlaps).

>>> from kg.graph.read import graph_from_triples
>>> G = graph_from_triples([("w", "Enterprise", "恒驰动力股份有限公司", ["恒驰动力", "恒驰"]),
...                         ("g", "Enterprise", "晟歌股份有限公司", ["晟歌"]), ("h", "Enterprise", "晟歌集团"),
...                         ("z", "Zone", "潍坊高新区")], [])
>>> index = NameIndex(G)
>>> [(h.label, h.match) for h in index.search("恒驰")]
[('恒驰动力股份有限公司', 'alias')]
>>> [(h.label, h.match) for h in index.search("晟歌")]
[('晟歌股份有限公司', 'alias'), ('晟歌集团', 'prefix')]
>>> index.resolve("恒驰动力"), index.resolve("高新")
('w', 'z')
>>> index.candidates("股份有限公司")
['g', 'w']
>>> [h.label for h in index.near("恒驰动力集团")]
['恒驰动力股份有限公司', '晟歌集团']
>>> [(text, sorted(nodes)) for _, _, text, nodes in index.find_in("恒驰动力为晟歌供货")]
[('恒驰动力', ['w']), ('晟歌', ['g'])]
"""
from __future__ import annotations

import heapq
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher

import networkx as nx

from kg.graph.resolve import IGNORED, one_entity

__all__ = ["MATCHES", "NameHit", "NameIndex", "normalize_name"]

#: the ranks of a match, best first: exact label, exact alias, prefix, contains
MATCHES = ("label", "alias", "prefix", "contains")
_SEP = "\x00"
_MIN_TEXT_NAME = 2      # names shorter than this are not looked for in texts
_NEAR_POSTINGS = 200_000  # near(): pair lists read at most (the rarest pairs first)


def normalize_name(text: str) -> str:
    """The form names are compared in: no white space or quotes, Latin letters in lower case.

    >>> normalize_name(" “ABB” 中国\u3000有限公司 ")
    'abb中国有限公司'
    """
    return IGNORED.sub("", text).casefold()


@dataclass(frozen=True)
class NameHit:
    """One entity found by a name: the ``form`` (label or alias) that matched, and how (:data:`MATCHES`)."""

    node: str
    label: str
    type: str
    form: str
    match: str


class NameIndex:
    """The names of a graph's typed nodes, indexed for search, resolution and suggestions."""

    def __init__(self, G: nx.MultiDiGraph):
        """Index the label and aliases of every typed node of ``G``."""
        self.G = G
        owners: dict[str, list[tuple]] = {}  # name → (entity, form, is label, type, sort key without the rank)
        self._text_names: dict[str, set[str]] = {}
        for node, data in G._node.items():
            if not data.get("type"):
                continue
            label = str(data.get("label") or node)
            for form, is_label in [(label, True)] + [(str(a), False) for a in data.get("aliases") or ()]:
                key = normalize_name(form)
                if key:
                    rest = (len(form), label, node, form)
                    owners.setdefault(key, []).append((node, form, is_label, data["type"], rest))
                if len(form) >= _MIN_TEXT_NAME:
                    self._text_names.setdefault(form, set()).add(node)
        self._keys = sorted(owners)
        self._owners = [owners[k] for k in self._keys]
        self._blob = _SEP.join(self._keys) + _SEP
        self._starts, pos = [], 0
        for key in self._keys:
            self._starts.append(pos)
            pos += len(key) + 1
        self._lengths = sorted({len(f) for f in self._text_names}, reverse=True)
        self._pairs = _pair_index(self._keys)

    def __len__(self) -> int:
        return len(self._keys)

    def _containing(self, key: str) -> list[int]:
        """Indexes of the names that contain ``key`` (one scan of all names joined)."""
        found, at, starts = [], self._blob.find(key), self._starts
        while at >= 0:
            i = bisect_right(starts, at) - 1
            found.append(i)
            at = self._blob.find(key, starts[i] + len(self._keys[i]) + 1)  # on to the next name
        return found

    def _hit(self, node: str, form: str, match: str) -> NameHit:
        """A hit on ``node`` through ``form``."""
        data = self.G._node[node]
        return NameHit(node, str(data.get("label") or node), data.get("type", ""), form, match)

    def _ranked(self, name: str, types: tuple[str, ...] | None) -> dict[str, tuple]:
        """Entity → the sort key of its best match: (rank, length of the form, label, entity, form)."""
        key = normalize_name(name)
        best: dict[str, tuple] = {}
        if not key:
            return best
        for i in self._containing(key):
            k = self._keys[i]
            for node, _, is_label, type_, rest in self._owners[i]:
                if types and type_ not in types:
                    continue
                order = ((0 if is_label else 1) if k == key else 2 if k.startswith(key) else 3,) + rest
                found = best.get(node)
                if found is None or order < found:
                    best[node] = order
        return best

    def search(self, name: str, limit: int | None = 20,
               types: tuple[str, ...] | None = None) -> list[NameHit]:
        """Entities whose label or alias matches ``name``, best first, one hit per entity (its best).

        >>> from kg.graph.read import graph_from_triples
        >>> index = NameIndex(graph_from_triples([("a", "Park", "光电产业园"), ("b", "Park", "产业园")], []))
        >>> [(h.label, h.match) for h in index.search("产业园")]
        [('产业园', 'label'), ('光电产业园', 'contains')]
        """
        return self.search_counted(name, limit, types)[0]

    def search_counted(self, name: str, limit: int | None = 20,
                       types: tuple[str, ...] | None = None) -> tuple[list[NameHit], int, int]:
        """:meth:`search`'s hits, and how many entities match in all and by an exact label or alias.

        Only the ``limit`` best are sorted, so a name most entities contain costs one pass.
        """
        best = self._ranked(name, types)
        chosen = sorted(best.values()) if limit is None else heapq.nsmallest(limit, best.values())
        exact = sum(1 for order in best.values() if order[0] < 2)
        return [self._hit(node, form, MATCHES[rank]) for rank, _, _, node, form in chosen], len(best), exact

    def count(self, name: str, types: tuple[str, ...] | None = None) -> int:
        """How many entities :meth:`search` finds for ``name`` (no limit)."""
        return len(self._ranked(name, types))

    def candidates(self, name: str, types: tuple[str, ...] | None = None) -> list[str]:
        """The entities ``name`` may stand for, by :func:`~kg.graph.resolve.resolve_name`'s rules:
        those with ``name`` as label or alias, else those whose label or alias contains it."""
        best = self._ranked(name, types)
        exact = [node for node, order in best.items() if order[0] < 2]
        return sorted(exact or best)

    def resolve(self, name: str, types: tuple[str, ...] | None = None) -> str:
        """The one entity called ``name`` (or its IRI); NameResolutionError when none or several.

        >>> from kg.graph.read import graph_from_triples
        >>> NameIndex(graph_from_triples([("a", "Enterprise", "甲公司")], [])).resolve("乙")
        Traceback (most recent call last):
        kg.errors.NameResolutionError: no entity is called '乙'
        """
        if name in self.G._node and self.G._node[name].get("type"):
            return name
        nodes = self.G._node
        return one_entity(name, {n: f"{nodes[n].get('label') or n} ({nodes[n].get('type', '')})"
                                 for n in self.candidates(name, types)})

    def near(self, name: str, limit: int = 8) -> list[NameHit]:
        """Entities whose names are most like ``name`` (shared character pairs, then similarity).

        For a name that matched nothing: the rarest character pairs of ``name`` are looked up first.
        """
        key = normalize_name(name)
        pairs = sorted({key[i:i + 2] for i in range(len(key) - 1)}, key=lambda p: len(self._pairs.get(p, ())))
        shared: Counter = Counter()
        read = 0
        for pair in pairs:
            postings = self._pairs.get(pair, ())
            if read and read + len(postings) > _NEAR_POSTINGS:
                break
            shared.update(postings)
            read += len(postings)
        pool = [i for i, _ in shared.most_common(limit * 25)]
        score = {i: (shared[i], SequenceMatcher(None, key, self._keys[i]).ratio()) for i in pool}
        out, seen = [], set()
        for i in sorted(pool, key=lambda i: (-score[i][0], -score[i][1], self._keys[i])):
            for node, form, *_ in self._owners[i]:
                if node not in seen and len(out) < limit:
                    seen.add(node)
                    out.append(self._hit(node, form, "near"))
        return out

    def find_in(self, text: str) -> list[tuple[int, int, str, frozenset[str]]]:
        """``(start, end, name, nodes)`` of the known names in ``text``: leftmost, longest, no overlaps."""
        out, i, n, names = [], 0, len(text), self._text_names
        while i < n:
            for length in self._lengths:
                if i + length <= n and (nodes := names.get(text[i:i + length])) is not None:
                    out.append((i, i + length, text[i:i + length], frozenset(nodes)))
                    i += length
                    break
            else:
                i += 1
        return out


def _pair_index(keys: list[str]) -> dict[str, list[int]]:
    """Character pair → indexes of the names holding it (each name once per pair)."""
    index: dict[str, list[int]] = {}
    for i, key in enumerate(keys):
        for pair in {key[j:j + 2] for j in range(len(key) - 1)}:
            index.setdefault(pair, []).append(i)
    return index
