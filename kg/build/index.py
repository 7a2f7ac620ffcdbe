"""What a build keeps about each article, so the next build can patch its store instead of rewriting it.

An :class:`ArticleRecord` is the small part of an extraction that linking,
the entities graph and the build report need (names, types, aliases and
relation endpoints, no text); :class:`Facts` is the part the article's own
graph needs (each relation with its evidence sentence and source span).
A build keeps records in memory and streams facts through a spill file, so
memory does not hold the corpus's text.

A :class:`BuildIndex` is saved as ``kg-index.pkl`` inside the store
directory it describes: the records in corpus order, the signature of every
article graph (:func:`graph_signature`: the extraction's cache key and the
canonical names its relations link to), the items of the entities graph, and
where each graph's Turtle lies in ``graph.ttl``, and the shorter forms of
every name (for linking).  The next build reuses the
record of every article whose file is unchanged (:func:`source_key`), keeps
every article graph whose signature is unchanged, and rewrites the rest.

>>> from kg.model import Article, ArticleExtraction, Entity
>>> ex = ArticleExtraction(Article.from_text("a1", "甲。", path="c/a1.txt", digest="d"), (), (),
...                        (Entity("甲公司", "Enterprise", frozenset({"甲"}), 0.9),), ())
>>> rec = record_of(ex, "s1")
>>> rec.id, rec.entities, [e.name for e in rec.entity_objects()]
('a1', (('甲公司', 'Enterprise', ('甲',), 0.9),), ['甲公司'])
"""
from __future__ import annotations

import hashlib
import json
import os
import pickle
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

from kg.build.cache import cache_key, extractor_fingerprint
from kg.model import Article, ArticleExtraction, Entity, Relation
from kg.vocab import article_graph

INDEX_FILE = "kg-index.pkl"
VERSION = 1
# The code that turns records and facts into quads and Turtle (relative to the kg package).
_WRITER_FILES = ("build/index.py", "build/rdf.py", "vocab.py", "build/export.py", "build/pipeline.py", "build/update.py",
                 "build/linking.py", "build/derive.py", "graph/placement.py")

Meta = tuple[str, str, str, str, str, str]  # id, title, path, date, paper, digest


@lru_cache(maxsize=1)
def writer_fingerprint() -> str:
    """A hash of the code that writes graphs; a build made by other code is not patched but rewritten.

    >>> len(writer_fingerprint())
    16
    """
    root = Path(__file__).parents[1]
    h = hashlib.sha256(extractor_fingerprint().encode())
    for name in _WRITER_FILES:
        h.update(name.encode() + b"\0" + (root / name).read_bytes() + b"\0")
    return h.hexdigest()[:16]


def source_key(path: Path, article_id: str | None, meta: dict, data: bytes) -> str:
    """Identity of an article file before it is read: path, bytes, corpus metadata and extractor.

    >>> source_key(Path("a.txt"), None, {}, b"x") == source_key(Path("a.txt"), None, {}, b"y")
    False
    """
    parts = (extractor_fingerprint(), str(path), article_id or "", json.dumps(meta, sort_keys=True),
             hashlib.sha256(data).hexdigest())
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class ArticleRecord:
    """What linking and the entities graph need of one article (no text)."""

    source: str                                                # source_key of its file
    key: str                                                   # cache_key of its extraction
    meta: Meta
    entities: tuple[tuple[str, str, tuple[str, ...], float], ...]  # name, type, aliases, confidence
    relations: tuple[tuple[str, str, str, str, str, float], ...]   # s, s type, predicate, o, o type, confidence

    @property
    def id(self) -> str:
        return self.meta[0]

    @property
    def graph(self) -> str:
        """The IRI of the article's named graph."""
        return article_graph(self.meta[0])

    def article(self) -> Article:
        """The article's metadata as an :class:`Article` without text (for :func:`kg.build.rdf.article_quads`)."""
        id_, title, path, date, paper, digest = self.meta
        return Article(id_, "", "", (0,), path=path, title=title, date=date, paper=paper, digest=digest)

    def entity_objects(self) -> Iterator[Entity]:
        for name, type_, aliases, confidence in self.entities:
            yield Entity(name, type_, frozenset(aliases), confidence)


@dataclass(frozen=True, slots=True)
class Facts:
    """What an article's graph needs: each relation with its evidence sentence and span in the source."""

    article_id: str
    relations: tuple[tuple[Relation, str, tuple[int, int]], ...]


_intern = sys.intern


def record_of(extraction: ArticleExtraction, source: str) -> ArticleRecord:
    """The record of an extraction (names are interned: they recur across articles)."""
    a = extraction.article
    entities = tuple((_intern(e.name), _intern(e.type), tuple(sorted(e.aliases)), e.confidence)
                     for e in extraction.entities)
    relations = tuple((_intern(r.subject), _intern(r.subject_type), _intern(r.predicate), _intern(r.object),
                       _intern(r.object_type), r.confidence) for r in extraction.relations)
    return ArticleRecord(source, cache_key(a), (a.id, a.title, a.path, a.date, a.paper, a.digest),
                         entities, relations)


def facts_of(extraction: ArticleExtraction) -> Facts:
    a = extraction.article
    return Facts(a.id, tuple((r, a.text[r.start:r.end], a.source_span(r.start, r.end))
                             for r in extraction.relations))


def graph_signature(records: Iterable[ArticleRecord], canonical, min_confidence: float) -> str:
    """What an article graph's quads depend on: its extractions and the entities their relations link to.

    ``canonical(name, type)`` is :meth:`kg.build.linking.Linker.canonical`.
    """
    h = hashlib.sha1(repr(min_confidence).encode())
    for rec in records:
        h.update(rec.key.encode())
        for s, st, _, o, ot, confidence in rec.relations:
            if confidence >= min_confidence:
                cs, co = canonical(s, st), canonical(o, ot)
                h.update(f"\0{cs.type}\0{cs.name}\0{co.type}\0{co.name}".encode())
    return h.hexdigest()


@dataclass
class BuildIndex:
    """The index of one built store (see the module docstring)."""

    records: list[ArticleRecord]
    graphs: dict[str, str]                  # article graph IRI -> signature
    items: set = field(default_factory=set)  # items of the entities graph (kg.build.rdf.item_quads)
    min_confidence: float = 0.0
    triples: int = 0                        # quads of the article graphs and the entities graph
    derived: int = 0                        # quads of the other graphs (the derived graph)
    with_derived: bool = False              # the derived graph is complete (not a --no-derived build)
    ttl_stat: tuple[int, int, int] | None = None  # (inode, size, mtime_ns) of the graph.ttl written with it
    ttl_ranges: dict[str, tuple[int, int]] = field(default_factory=dict)  # graph IRI -> (offset, length)
    forms: dict = field(default_factory=dict)  # (name, type) -> shorter forms (kg.build.linking.link_entities)
    canon: dict = field(default_factory=dict)  # (name, type) -> canonical (name, type) (kg.build.update.canonical_keys)
    writer: str = ""
    version: int = VERSION

    def by_source(self) -> dict[str, ArticleRecord]:
        return {r.source: r for r in self.records}

    def save(self, store_dir: Path) -> None:
        """Write the index into ``store_dir`` (records as plain tuples: several times faster to pickle)."""
        state = dict(vars(self))
        state["records"] = [(r.source, r.key, r.meta, r.entities, r.relations) for r in self.records]
        tmp = Path(store_dir) / f".{INDEX_FILE}.tmp-{os.getpid()}"
        with open(tmp, "wb") as fh:
            pickle.dump(state, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, Path(store_dir) / INDEX_FILE)


def load_index(store_dir: Path) -> BuildIndex | None:
    """The index saved with a store by this version of the code, or None (missing, unreadable, other code)."""
    try:
        with open(Path(store_dir) / INDEX_FILE, "rb") as fh:
            state = pickle.load(fh)
        if state.get("version") != VERSION or state.get("writer") != writer_fingerprint():
            return None
        state["records"] = [ArticleRecord(*r) for r in state["records"]]
        return BuildIndex(**state)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError,
            KeyError):
        return None


def file_stat(path: Path) -> tuple[int, int, int] | None:
    """``(inode, size, mtime_ns)`` of a file: tells whether graph.ttl is still the one an index describes."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)
