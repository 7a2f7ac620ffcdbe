"""The build: articles in, a linked RDF store and exports out.

:func:`kg.extract.extract_article` runs the per-article stages (sentences → mentions →
aliases → relations); :func:`build` streams a corpus through it, links
entities across articles, writes a new store beside the old one and swaps it
in only when everything succeeded.  Facts derived by analysis (neighbor-chain
links, :mod:`kg.build.derive`) are brought up to date in the new store's derived
graph before the swap: recomputed for a new store, around the changed entities
for a patched one.

A build keeps only small per-article records in memory (:mod:`kg.build.index`);
facts stream through a temporary spill file into the store in batches.  A
rebuild reuses the record of every unchanged file without reading it again,
patches a copy of the previous store when few article graphs change
(:mod:`kg.build.update`) and copies unchanged graphs' Turtle from the previous
``graph.ttl`` (:mod:`kg.build.export`): the result is the same as a fresh build.
"""
from __future__ import annotations

import itertools
import json
import os
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from kg.build.cache import ExtractionCache
from kg.build.derive import clear_derived, update_derived, write_derived
from kg.build.export import write_graph_file as write_export
from kg.build.index import ArticleRecord, BuildIndex, file_stat, load_index, record_of, source_key, writer_fingerprint
from kg.build.linking import link_entities, read_registry
from kg.build.parallel import Runner, extract_stream, make_runner
from kg.build.rdf import items_turtle
from kg.build.store import check_out_folder, commit_build, discard, remove_stale_temporaries
from kg.build.update import FactSource, article_quads, canonical_keys, entity_items, plan, write_store
from kg.errors import ArticleError, CorpusError, StoreError
from kg.extract.reader import article_from_bytes, iter_sources, list_articles, read_bytes, read_corpus
from kg.graph.store import store_path
from kg.model import ArticleExtraction, Entity
from kg.vocab import GRAPH_ENTITIES, article_graph, is_derived_graph

__all__ = ["BuildSettings", "BuildReport", "build", "extract_corpus"]


@dataclass(frozen=True)
class BuildSettings:
    corpus: Path
    out: Path = Path("out")
    min_confidence: float = 0.0
    registry: Path | None = None
    workers: int = 1              # extraction processes (engine "local")
    engine: str = "local"         # "local" or "dask" (see kg.build.parallel)
    scheduler: str | None = None  # Dask scheduler address, engine "dask"
    incremental: bool = True      # reuse cached extractions under OUT/cache (kg.build.cache)
    derived: bool = True          # keep the derived graph (kg.build.derive)


@dataclass
class BuildReport:
    articles: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    entities: Counter = field(default_factory=Counter)
    relations: Counter = field(default_factory=Counter)
    triples: int = 0
    seconds: float = 0.0
    out: str = ""
    reused: int = 0          # articles whose extraction was reused (previous build or cache)
    extracted: int = 0       # articles extracted by this build
    removed: int = 0         # articles of the previous build that changed or are gone
    graphs_written: int = 0  # article graphs written (the others were kept from the previous store)
    store: str = "new"       # "new" store written, or "patched" copy of the previous one

    def to_dict(self) -> dict:
        return {"articles": self.articles, "skipped": [list(s) for s in self.skipped],
                "entities": dict(self.entities), "relations": dict(self.relations),
                "triples": self.triples, "seconds": round(self.seconds, 3), "out": self.out,
                "incremental": {"reused": self.reused, "extracted": self.extracted, "removed": self.removed,
                                "graphs_written": self.graphs_written, "store": self.store}}


def extract_corpus(corpus: Path, on_article: Callable[[str, str | None], None] | None = None,
                   runner=None, cache=None) -> Iterator[ArticleExtraction | ArticleError]:
    """Stream the extraction of every article, in corpus order; bad articles come out as ArticleError.

    ``runner`` (a :class:`kg.build.parallel.Runner`, default: this process) does the
    work; articles found in ``cache`` (a :class:`kg.build.cache.ExtractionCache`)
    are not re-extracted.
    """
    def report(result) -> None:
        if on_article:
            if isinstance(result, ArticleError):
                on_article(result.path, result.reason)
            else:
                on_article(result.article.path or result.article.id, None)
    yield from extract_stream(read_corpus(corpus), runner or Runner(), cache, on_result=report)


def build(settings: BuildSettings, on_article: Callable[[str, str | None], None] | None = None) -> BuildReport:
    """Build ``settings.corpus`` into ``settings.out``; the previous build survives any failure."""
    start = time.perf_counter()
    out = Path(settings.out)
    check_out_folder(out)
    remove_stale_temporaries(out)  # those of builds killed before they could rename them
    report = BuildReport(out=str(out))
    files = list_articles(settings.corpus)  # fail early on a missing or empty corpus
    registry, _ = read_registry(settings.registry) if settings.registry else ([], [])
    cache = ExtractionCache(out) if settings.incremental else None
    previous = _previous_index(out) if settings.incremental else None
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryFile(dir=out, prefix=".facts-") as spill:
        facts = FactSource(spill, cache)
        records = _scan(settings, files, previous, cache, facts, report, on_article)
        if not records:
            raise CorpusError(f"no readable articles in {settings.corpus} ({len(report.skipped)} skipped)")
        report.articles = len(records)
        linker, canon, forms = _link(records, registry, previous)
        items = entity_items(records, linker, canon, settings.min_confidence, report)
        todo = plan(records, linker, canon, settings.min_confidence, previous)
        report.graphs_written = len(todo.write) if todo.patch else len(todo.groups)
        report.store = "patched" if todo.patch else "new"
        new_store, triples, touched = write_store(out, todo, lambda graphs: article_quads(
            graphs, todo, facts, linker, settings.min_confidence), items, previous)
    index = BuildIndex(records=records, graphs=todo.signatures, items=items, min_confidence=settings.min_confidence,
                       forms=forms, canon=canon, writer=writer_fingerprint())
    _finish(settings, out, new_store, triples, index, previous, todo, touched, report, start)
    if cache is not None:
        cache.prune()  # drop the extractions of deleted and changed articles
    return report


def _link(records: list[ArticleRecord], registry: list[Entity], previous: BuildIndex | None):
    """The linker of all articles' entities, the canonical key of every name, and the forms cache to keep."""
    entities = _merged_entities(records)
    forms = previous.forms if previous else {}
    linker = link_entities(entities, registry, forms_cache=forms)
    keys = [(e.name, e.type) for e in itertools.chain(registry, entities)]
    return linker, canonical_keys(keys, linker), {k: forms[k] for k in keys if k in forms}


def _finish(settings: BuildSettings, out: Path, new_store: Path, triples: int | None, index: BuildIndex,
            previous: BuildIndex | None, todo, touched: tuple[set, set] | None, report: BuildReport,
            start: float) -> None:
    """Derive, count, export and index the new store, then swap it in (or drop it on any failure)."""
    import pyoxigraph as ox
    tmp = out / f".graph.ttl.tmp-{os.getpid()}"
    try:
        store = ox.Store(str(new_store))
        index.triples = len(store) if triples is None else triples  # the article graphs and the entities graph
        derived = _derive(settings, store, index, previous, touched)
        store.flush()  # the changes in files: a later build copies this store with a backup, which skips the log
        report.triples = index.triples + index.derived
        reuse = _reusable_turtle(out, previous, todo, derived)
        index.ttl_ranges = write_export(store, tmp, *reuse, written={str(GRAPH_ENTITIES): items_turtle(index.items)})
        del store
        index.ttl_stat = file_stat(tmp)
        index.save(new_store)
        report.seconds = time.perf_counter() - start
        commit_build(out, new_store, {"build.json": json.dumps(report.to_dict(), ensure_ascii=False, indent=2)},
                     staged={"graph.ttl": tmp})
    except BaseException as exc:
        store = None  # noqa: F841  (release the database before deleting its files)
        discard(new_store, exc)
        tmp.unlink(missing_ok=True)
        raise


def _derive(settings: BuildSettings, store, index: BuildIndex, previous: BuildIndex | None,
            touched: tuple[set, set] | None) -> frozenset[str] | None:
    """Bring the derived graph up to date; return the parts that changed (None: all may have)."""
    index.with_derived = settings.derived
    if settings.derived and touched is not None and previous is not None and previous.with_derived:
        change = update_derived(store, *touched)  # a patched store: only the links around the changes
        index.derived = previous.derived - change.removed + change.written
        return change.graphs
    if settings.derived:
        write_derived(store)  # a new store, or the previous one had none
    else:
        clear_derived(store)  # none, rather than a stale one
    index.derived = _other_quads(store)
    return None


def _merged_entities(records: list[ArticleRecord]) -> list[Entity]:
    """One entity per (name, type) seen in any article: aliases united, the highest confidence.

    (What :func:`kg.build.linking.link_entities` does first; done here on plain tuples, it is several times faster.)
    """
    merged: dict[tuple[str, str], tuple[set, float]] = {}
    for rec in records:
        for name, type_, aliases, confidence in rec.entities:
            seen = merged.get((name, type_))
            if seen is None:
                merged[(name, type_)] = (set(aliases), confidence)
            else:
                seen[0].update(aliases)
                if confidence > seen[1]:
                    merged[(name, type_)] = (seen[0], confidence)
    return [Entity(n, t, frozenset(a), c) for (n, t), (a, c) in merged.items()]


def _other_quads(store) -> int:
    """Quads outside the article graphs and the entities graph (derived graphs)."""
    import pyoxigraph as ox
    article_prefix = article_graph("")
    graphs = [g for g in store.named_graphs()
              if not g.value.startswith(article_prefix) and g.value != str(GRAPH_ENTITIES)]
    return sum(1 for g in [*graphs, ox.DefaultGraph()] for _ in store.quads_for_pattern(None, None, None, g))


def _previous_index(out: Path) -> BuildIndex | None:
    """The index of the live store of ``out`` (None when there is none or it is not usable)."""
    try:
        return load_index(store_path(out))
    except StoreError:
        return None


def _reusable_turtle(out: Path, previous: BuildIndex | None, todo,
                     derived: frozenset[str] | None) -> tuple[Path | None, dict | None]:
    """The previous graph.ttl and the ranges of its graphs that this build keeps, if it is intact.

    Those are the unchanged article graphs and, when ``derived`` lists the parts of
    the derived graph that changed, the other parts.
    """
    old = out / "graph.ttl"
    if previous is None or previous.ttl_stat is None or file_stat(old) != previous.ttl_stat:
        return None, None
    changed = set(todo.write) | set(derived or ())
    return old, {g: r for g, r in previous.ttl_ranges.items() if g not in changed and (
        g in todo.signatures or (derived is not None and is_derived_graph(g)))}


def _scan(settings: BuildSettings, files: list[Path], previous: BuildIndex | None, cache: ExtractionCache | None,
          facts: FactSource, report: BuildReport, on_article) -> list[ArticleRecord]:
    """The record of every readable article, in corpus order: reused when its file is unchanged, else extracted."""
    reusable = previous.by_source() if previous else {}
    sources: dict[str, str] = {}  # path of an article sent to extraction -> its source key

    def items():
        for path, article_id, meta in iter_sources(settings.corpus, files):
            try:
                data = read_bytes(path)
                key = source_key(path, article_id, meta, data)
                if key in reusable:
                    yield reusable[key]
                    continue
                article = article_from_bytes(path, data, article_id, meta)
            except ArticleError as exc:
                yield exc
                continue
            sources[article.path] = key
            yield article

    records: list[ArticleRecord] = []
    fresh = 0
    with make_runner(settings.workers, settings.engine, settings.scheduler) as runner:
        for item in extract_stream(items(), runner, cache):
            if isinstance(item, ArticleError):
                report.skipped.append((item.path, item.reason))
                if on_article:
                    on_article(item.path, item.reason)
                continue
            if isinstance(item, ArticleRecord):
                report.reused += 1
                if cache is not None:
                    cache.keep(item.key)
                records.append(item)
            else:
                fresh += 1
                records.append(record_of(item, sources.pop(item.article.path)))
                facts.add(records[-1], item)
            if on_article:
                on_article(records[-1].meta[2] or records[-1].id, None)
    report.removed = len(reusable) - report.reused
    hits = cache.hits if cache is not None else 0
    report.reused += hits
    report.extracted = fresh - hits
    return records
