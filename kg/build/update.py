"""From article records to a store: write a new one, or patch a copy of the previous one.

:func:`plan` compares each article graph's signature with the previous
build's index: graphs whose extraction and linked entities did not change are
kept, the others are written, and graphs of changed or deleted articles are
dropped.  :func:`entity_items` recomputes the entities graph from the records
and the linker (it changes whenever linking does) and fills the build
report's counts.  :func:`write_store` then either writes every quad into a new
store or, when few graphs change, patches a copy of the previous store (the
copy shares its immutable files through hard links, so a failed build never
changes the live store): drop, write, and apply the entities-graph diff.
Either way the store holds exactly the quads of a fresh build.
"""
from __future__ import annotations

import pickle
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Iterator

import pyoxigraph as ox

from kg.build.cache import ExtractionCache
from kg.build.derive import graph_quads, touched_entities
from kg.build.index import ArticleRecord, BuildIndex, Facts, facts_of, graph_signature
from kg.build.linking import Linker
from kg.build.rdf import article_item, entity_item, evidence_quads, item_quads
from kg.build.store import add_quads, copy_store, discard, write_new_store
from kg.errors import CorpusError
from kg.extract.article import STANDALONE_CONFIDENCE, extract_article
from kg.extract.reader import read_article
from kg.graph.store import store_path

# Patch the previous store when at most this share of the article graphs is written anew.
PATCH_SHARE = 0.5
# A patch writing more article graphs than this uses the bulk loader.
PATCH_BULK = 200
# A patch changing at most this many article graphs compares their quads before and after (in memory) to find
# the entities it touches, whose neighbor-chain links the build derives again; more, and it derives them all.
DIFF_GRAPHS = 2000


@dataclass(frozen=True)
class Plan:
    """What a build writes: article graphs (IRI → records), their signatures, and what changes."""

    groups: dict[str, list[ArticleRecord]]
    signatures: dict[str, str]
    write: list[str]     # article graphs to write
    drop: list[str]      # graphs of the previous store to remove first (changed or gone)
    patch: bool          # patch a copy of the previous store (else write a new one)


def plan(records: list[ArticleRecord], linker: Linker, canon: dict, min_confidence: float,
         previous: BuildIndex | None) -> Plan:
    """Which article graphs to keep, write and drop, given the previous build's index (or None).

    ``canon`` maps every (name, type) to its canonical (name, type) (:func:`canonical_keys`).
    """
    groups: dict[str, list[ArticleRecord]] = defaultdict(list)
    for rec in records:
        groups[rec.graph].append(rec)
    same = _unchanged_graphs(groups, canon, min_confidence, previous)
    signatures = {g: previous.graphs[g] if g in same else graph_signature(recs, linker.canonical, min_confidence)
                  for g, recs in groups.items()}
    old = previous.graphs if previous else {}
    write = [g for g, sig in signatures.items() if old.get(g) != sig]
    drop = [g for g, sig in old.items() if signatures.get(g) != sig]
    patch = previous is not None and len(write) <= PATCH_SHARE * len(signatures)
    return Plan(dict(groups), signatures, write, drop, patch)


def canonical_keys(keys, linker: Linker) -> dict:
    """(name, type) → the (name, type) of its canonical entity, for ``keys``."""
    return {k: (c.name, c.type) for k in keys for c in (linker.canonical(*k),)}


def _unchanged_graphs(groups: dict[str, list[ArticleRecord]], canon: dict, min_confidence: float,
                      previous: BuildIndex | None) -> set[str]:
    """Graphs whose signature is surely the previous one, found without hashing.

    That is a graph of one article reused from the previous build (same file,
    same extraction), alone in its graph then and now, none of whose relation
    endpoints links to another entity than before.
    """
    if previous is None or previous.min_confidence != min_confidence:
        return set()
    before = previous.by_source()
    counts: dict[str, int] = defaultdict(int)
    for rec in previous.records:
        counts[rec.graph] += 1
    relinked = {k for k, c in canon.items() if previous.canon.get(k) != c}
    same = set()
    for graph, recs in groups.items():
        rec = recs[0]
        if len(recs) != 1 or before.get(rec.source) is not rec or counts[graph] != 1 or graph not in previous.graphs:
            continue
        if not any((s, st) in relinked or (o, ot) in relinked
                                   for s, st, _, o, ot, confidence in rec.relations
                                   if confidence >= min_confidence):
            same.add(graph)
    return same


def entity_items(records: list[ArticleRecord], linker: Linker, canon: dict, min_confidence: float,
                 report=None) -> set:
    """The items of the entities graph (see :func:`kg.build.rdf.item_quads`); count entities and relations in ``report``.

    ``canon`` is :func:`canonical_keys` of every name (looked up instead of calling the linker: faster).
    """
    used: set[tuple[str, str]] = set()
    seen = set()
    for rec in records:
        for s, st, predicate, o, ot, confidence in rec.relations:
            if confidence < min_confidence:
                continue
            cs, co = _canon(canon, linker, s, st), _canon(canon, linker, o, ot)
            if cs == co:
                continue
            used.add(cs)
            used.add(co)
            if report is not None and (cs[0], predicate, co[0]) not in seen:
                report.relations[predicate] += 1
                seen.add((cs[0], predicate, co[0]))
    used.update(k for k, e in linker.entities.items() if e.confidence >= STANDALONE_CONFIDENCE)
    if report is not None:
        report.entities.update(t for _, t in used)
    metas = defaultdict(list)
    for rec in records:
        metas[rec.id].append(rec.meta)
    return {entity_item(linker.entities[k]) for k in used} | {article_item(i, m) for i, m in metas.items()}


def _canon(canon: dict, linker: Linker, name: str, type_: str) -> tuple[str, str]:
    key = canon.get((name, type_))
    if key is None:
        c = linker.canonical(name, type_)
        key = canon[(name, type_)] = (c.name, c.type)
    return key


class FactSource:
    """The facts of each article: spilled to a temporary file when extracted, else from the cache.

    >>> import tempfile
    >>> from kg.model import Article, ArticleExtraction
    >>> from kg.build.index import record_of
    >>> ex = ArticleExtraction(Article.from_text("a1", "甲。"), (), (), (), ())
    >>> with tempfile.TemporaryFile() as fh:
    ...     facts = FactSource(fh, None)
    ...     facts.add(record_of(ex, "s1"), ex)
    ...     facts.get(record_of(ex, "s1"))
    Facts(article_id='a1', relations=())
    """

    def __init__(self, spill: IO[bytes], cache: ExtractionCache | None):
        self.spill = spill
        self.cache = cache
        self.offsets: dict[str, int] = {}

    def add(self, record: ArticleRecord, extraction) -> None:
        self.spill.seek(0, 2)
        self.offsets[record.source] = self.spill.tell()
        pickle.dump(facts_of(extraction), self.spill, protocol=pickle.HIGHEST_PROTOCOL)

    def get(self, record: ArticleRecord) -> Facts:
        offset = self.offsets.get(record.source)
        if offset is not None:
            self.spill.seek(offset)
            return pickle.load(self.spill)
        extraction = self.cache.load(record.key) if self.cache is not None else None
        return facts_of(extraction if extraction is not None else self._extract_again(record))

    def _extract_again(self, record: ArticleRecord):
        """Extract an unchanged article whose extraction is not cached (its links changed)."""
        id_, title, path, date, paper, digest = record.meta
        article = read_article(Path(path), id_, {"title": title, "date": date, "paper": paper})
        if article.digest != digest:
            raise CorpusError(f"{path} changed during the build; run it again")
        extraction = extract_article(article)
        if self.cache is not None:
            self.cache.put(extraction)
        return extraction


def article_quads(graphs: list[str], p: Plan, facts: FactSource, linker: Linker,
                  min_confidence: float) -> Iterator[ox.Quad]:
    """The quads of the article graphs ``graphs``: each relation with its evidence, linked."""
    for graph in graphs:
        for rec in p.groups[graph]:
            f = facts.get(rec)
            for relation, sentence, span in f.relations:
                if relation.confidence < min_confidence:
                    continue
                s = linker.canonical(relation.subject, relation.subject_type)
                o = linker.canonical(relation.object, relation.object_type)
                if (s.name, s.type) != (o.name, o.type):
                    yield from evidence_quads(relation, f.article_id, sentence, span, s, o)


def write_store(out: Path, p: Plan, quads_of, items: set,
                previous: BuildIndex | None) -> tuple[Path, int | None, tuple[set, set] | None]:
    """Write the new store (a patched copy of the previous one when ``p.patch``).

    ``quads_of(graphs)`` yields the quads of those article graphs.  Returns the
    store's directory and, for a patched copy, how many quads it holds (counted
    from the changes: counting a big store takes a while) and, for a patch of at
    most :data:`DIFF_GRAPHS` graphs, what it touched (:func:`kg.build.derive.touched_entities`).
    """
    if not p.patch:
        quads = _chain(quads_of(list(p.groups)), (q for i in items for q in item_quads(i)))
        return write_new_store(out, quads), None, None
    path = copy_store(out, store_path(out))
    try:
        store = ox.Store(str(path))
        triples = previous.triples
        before = graph_quads(store, p.drop) if len(p.drop) + len(p.write) <= DIFF_GRAPHS else None
        for graph in p.drop:
            triples -= _count(store, graph)
            store.remove_graph(ox.NamedNode(graph))
        add_quads(store, quads_of(p.write), bulk=len(p.write) > PATCH_BULK)
        triples += sum(_count(store, graph) for graph in p.write)
        touched = touched_entities(before, graph_quads(store, p.write)) if before is not None else None
        for item in previous.items - items:
            quads = set(item_quads(item))
            triples -= len(quads)
            for q in quads:
                store.remove(q)
        added = {q for item in items - previous.items for q in item_quads(item)}
        add_quads(store, added, bulk=False)
        triples += len(added)
        store.flush()
        del store
    except BaseException as exc:
        store = None  # noqa: F841  (release the database before deleting its files)
        discard(path, exc)
        raise
    return path, triples, touched


def _count(store: ox.Store, graph: str) -> int:
    return sum(1 for _ in store.quads_for_pattern(None, None, None, ox.NamedNode(graph)))


def _chain(*iterables) -> Iterator:
    for it in iterables:
        yield from it
