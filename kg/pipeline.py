"""The build: articles in, a linked RDF store and exports out.

:func:`extract_article` runs the per-article stages (sentences → mentions →
aliases → relations); :func:`build` streams a corpus through it, links
entities across articles, writes a new store beside the old one and swaps it
in only when everything succeeded.  Facts derived by analysis (neighbor-chain
links, :func:`kg.graph.write_derived`) are recomputed into the new store's
derived graph before the swap.

>>> from kg.model import Article
>>> ex = extract_article(Article.from_text("t", "常州高新区青枫智谷园区位于常州高新区。"))
>>> [(e.name, e.type) for e in ex.entities]
[('常州高新区青枫智谷园区', 'Park'), ('常州高新区', 'Zone')]
"""
from __future__ import annotations

import json
import os
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from .cache import ExtractionCache
from .errors import ArticleError, CorpusError, KgError
from .extract.aliases import resolve_aliases
from .extract.mentions import choose_mentions, find_mentions
from .extract.relations import extract_relations
from .graph import write_derived
from .lexicon import load_lexicon
from .linking import Linker, link_entities, read_registry
from .model import Article, ArticleExtraction, Entity, Relation
from .parallel import Runner, extract_stream, make_runner
from .rdf import article_quads, entity_quads, relation_quads
from .reader import list_articles, read_corpus
from .sentences import split_sentences
from .store import commit_build, discard, dump, write_new_store

# Entities that take part in no relation are kept only when their name alone is this sure.
STANDALONE_CONFIDENCE = 0.8


@dataclass(frozen=True)
class BuildSettings:
    corpus: Path
    out: Path = Path("out")
    min_confidence: float = 0.0
    registry: Path | None = None
    workers: int = 1              # extraction processes (engine "local")
    engine: str = "local"         # "local" or "dask" (see kg.parallel)
    scheduler: str | None = None  # Dask scheduler address, engine "dask"
    incremental: bool = True      # reuse cached extractions under OUT/cache (kg.cache)


@dataclass
class BuildReport:
    articles: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    entities: Counter = field(default_factory=Counter)
    relations: Counter = field(default_factory=Counter)
    triples: int = 0
    seconds: float = 0.0
    out: str = ""

    def to_dict(self) -> dict:
        return {"articles": self.articles, "skipped": [list(s) for s in self.skipped],
                "entities": dict(self.entities), "relations": dict(self.relations),
                "triples": self.triples, "seconds": round(self.seconds, 3), "out": self.out}


def extract_article(article: Article) -> ArticleExtraction:
    """Run every per-article stage on one article."""
    lex = load_lexicon()
    sentences = split_sentences(article)
    mentions = [m for s in sentences for m in choose_mentions(find_mentions(article, s, lex))]
    entities, mentions = resolve_aliases(article, sentences, mentions, lex)
    relations = extract_relations(article, sentences, mentions, lex)
    known = {(e.name, e.type) for e in entities}
    extra = {(n, t) for r in relations for n, t in ((r.subject, r.subject_type), (r.object, r.object_type))
             if (n, t) not in known}
    entities = entities + tuple(Entity(n, t, frozenset(), 0.9) for n, t in sorted(extra))
    return ArticleExtraction(article, sentences, tuple(mentions), entities, relations)


def extract_corpus(corpus: Path, on_article: Callable[[str, str | None], None] | None = None,
                   runner=None, cache=None) -> Iterator[ArticleExtraction | ArticleError]:
    """Stream the extraction of every article, in corpus order; bad articles come out as ArticleError.

    ``runner`` (a :class:`kg.parallel.Runner`, default: this process) does the
    work; articles found in ``cache`` (a :class:`kg.cache.ExtractionCache`)
    are not re-extracted.
    """
    def report(result) -> None:
        if on_article:
            if isinstance(result, ArticleError):
                on_article(result.path, result.reason)
            else:
                on_article(result.article.path or result.article.id, None)
    yield from extract_stream(read_corpus(corpus), runner or Runner(), cache, on_result=report)


def graph_quads(extractions: list[ArticleExtraction], linker: Linker, min_confidence: float = 0.0,
                placements: Iterable[tuple[str, str]] = (), report: BuildReport | None = None):
    """All quads of a build: linked entities, articles, and relations with evidence."""
    used: dict[tuple[str, str], Entity] = {}
    rel_quads = []
    for ex in extractions:
        for r in ex.relations:
            if r.confidence < min_confidence:
                continue
            s = linker.canonical(r.subject, r.subject_type)
            o = linker.canonical(r.object, r.object_type)
            if (s.name, s.type) == (o.name, o.type):
                continue
            used[(s.name, s.type)] = s
            used[(o.name, o.type)] = o
            rel_quads.append((r, ex.article, s, o))
    for e in linker.all():
        if e.confidence >= STANDALONE_CONFIDENCE:
            used.setdefault((e.name, e.type), e)
    seen = set()
    for r, article, s, o in rel_quads:
        key = (s.name, r.predicate, o.name)
        if report is not None and key not in seen:
            report.relations[r.predicate] += 1
            seen.add(key)
        yield from relation_quads(r, article, s, o)
    if report is not None:
        report.entities.update(e.type for e in used.values())
    yield from entity_quads(sorted(used.values(), key=lambda e: (e.type, e.name)))
    for ex in extractions:
        yield from article_quads(ex.article)


def build(settings: BuildSettings, on_article: Callable[[str, str | None], None] | None = None) -> BuildReport:
    """Build ``settings.corpus`` into ``settings.out``; the previous build survives any failure."""
    start = time.perf_counter()
    out = Path(settings.out)
    report = BuildReport(out=str(out))
    list_articles(settings.corpus)  # fail early on a missing or empty corpus
    registry, placements = read_registry(settings.registry) if settings.registry else ([], [])
    cache = ExtractionCache(out) if settings.incremental else None
    extractions = []
    with make_runner(settings.workers, settings.engine, settings.scheduler) as runner:
        for item in extract_corpus(settings.corpus, on_article, runner, cache):
            if isinstance(item, ArticleError):
                report.skipped.append((item.path, item.reason))
            else:
                extractions.append(item)
    if not extractions:
        raise CorpusError(f"no readable articles in {settings.corpus} ({len(report.skipped)} skipped)")
    report.articles = len(extractions)
    linker = link_entities((e for ex in extractions for e in ex.entities), registry)
    quads = graph_quads(extractions, linker, settings.min_confidence, placements, report)
    out.mkdir(parents=True, exist_ok=True)
    new_store = write_new_store(out, quads)
    tmp = out / f".graph.ttl.tmp-{os.getpid()}"
    try:
        import pyoxigraph as ox
        store = ox.Store(str(new_store))
        write_derived(store)  # the derived graph (neighbor-chain links), recomputed wholesale
        report.triples = len(store)
        with open(tmp, "wb") as fh:
            dump(store, "ttl", fh)
        del store
        report.seconds = time.perf_counter() - start
        commit_build(out, new_store, {"build.json": json.dumps(report.to_dict(), ensure_ascii=False, indent=2)},
                     staged={"graph.ttl": tmp})
    except BaseException:
        discard(new_store)
        tmp.unlink(missing_ok=True)
        raise
    if cache is not None:
        cache.prune()  # drop the extractions of deleted and changed articles
    return report
