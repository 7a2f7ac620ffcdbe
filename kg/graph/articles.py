"""The articles of a build: their records, the facts the graph took from each, and their text.

A build records each article in the entities graph (``kg:articleId``, ``rdfs:label`` its title,
``kg:sourceFile`` the path it was read from, as given to ``kg build``, ``kg:contentHash`` the
SHA-256 of its bytes) and each fact in the article's own graph: a ``kg:Assertion`` with the
sentence and its span in the source file (``kg:sourceStart``/``kg:sourceEnd``).

:func:`find_source` looks for the file where the build read it — the path itself, else relative
to the given folders — and accepts only a file whose bytes still have the recorded hash, so the
spans still point at the right characters.  :func:`source_text` reads it as the build did
(:func:`kg.extract.reader.read_article`) and maps each fact's span into the normalised text.

>>> import hashlib, pyoxigraph as ox, tempfile
>>> from pathlib import Path
>>> from kg.vocab import GRAPH_ENTITIES, KG, article_iri
>>> folder = Path(tempfile.mkdtemp()); text = "甲公司为乙公司供货。"
>>> _ = (folder / "a1.txt").write_text(text, encoding="utf-8")
>>> store, a, g, N = ox.Store(), ox.NamedNode(article_iri("a1")), ox.NamedNode(str(GRAPH_ENTITIES)), ox.NamedNode
>>> for p, v in (("articleId", "a1"), ("sourceFile", "a1.txt"),
...              ("contentHash", hashlib.sha256(text.encode()).hexdigest())):
...     store.add(ox.Quad(a, N(str(KG[p])), ox.Literal(v), g))
>>> records = article_records(store)
>>> records["a1"].path, find_source(records["a1"], [folder]) == folder / "a1.txt"
('a1.txt', True)
"""
from __future__ import annotations

import hashlib
from bisect import bisect_left
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import pyoxigraph as ox

from kg.extract.reader import read_article
from kg.graph.records import ASSERTION_FIELDS, NUMBERS
from kg.model import Article
from kg.vocab import DCTERMS, GRAPH_ENTITIES, KG, KG_NS, RDF, RDFS, article_graph

__all__ = ["ArticleRecord", "ArticleFact", "article_records", "article_facts", "find_source",
           "source_text", "text_span"]

_N = ox.NamedNode
_FIELDS = {str(iri): name for name, iri in ASSERTION_FIELDS.items()} | {str(RDF.predicate): "predicate"}
_RECORD = {str(KG.articleId): "id", str(RDFS.label): "title", str(KG.sourceFile): "path",
           str(KG.contentHash): "digest", str(DCTERMS.date): "date", str(KG.paper): "paper"}


@dataclass(frozen=True)
class ArticleRecord:
    """What the store says of one article."""

    id: str
    iri: str
    title: str = ""
    path: str = ""
    digest: str = ""
    date: str = ""
    paper: str = ""


@dataclass(frozen=True)
class ArticleFact:
    """One assertion of an article: ``subject predicate object``, its sentence and span in the source."""

    assertion: str
    subject: str
    predicate: str
    object: str
    sentence: str
    start: int | None
    end: int | None
    rule: str
    confidence: float | None


def article_records(store: ox.Store) -> dict[str, ArticleRecord]:
    """Article id → its record, for every article of the store, in id order."""
    graph = _N(str(GRAPH_ENTITIES))
    fields: dict[str, dict[str, str]] = {}
    for q in store.quads_for_pattern(None, _N(str(KG.articleId)), None, graph):
        fields[q.subject.value] = {}
    for iri, name in _RECORD.items():
        for q in store.quads_for_pattern(None, _N(iri), None, graph):
            if q.subject.value in fields:
                fields[q.subject.value][name] = q.object.value
    records = [ArticleRecord(iri=a, **f) for a, f in fields.items() if f.get("id")]
    return {r.id: r for r in sorted(records, key=lambda r: r.id)}


def article_facts(store: ox.Store, article_id: str) -> list[ArticleFact]:
    """The assertions of the article's graph, in order of their place in the source."""
    rows: dict[str, dict] = {}
    for q in store.quads_for_pattern(None, None, None, _N(article_graph(article_id))):
        name = _FIELDS.get(q.predicate.value)
        if name:
            convert = NUMBERS.get(name)
            rows.setdefault(q.subject.value, {})[name] = convert(q.object.value) if convert else q.object.value
    facts = []
    for a, row in rows.items():
        if not {"s", "predicate", "o"} <= set(row) or not row["predicate"].startswith(KG_NS):
            continue
        facts.append(ArticleFact(a, row["s"], row["predicate"][len(KG_NS):], row["o"], row.get("sentence", ""),
                                 row.get("start"), row.get("end"), row.get("rule", ""), row.get("confidence")))
    facts.sort(key=lambda f: (f.start if f.start is not None else -1, f.end or 0, f.predicate, f.assertion))
    return facts


def find_source(record: ArticleRecord, folders: Iterable[Path] = ()) -> Path | None:
    """The file the article was read from, if it is still there unchanged; else None.

    Tried: the recorded path (relative to the working folder when relative), then the same
    relative path under each of ``folders``; a file counts only when its SHA-256 is the recorded one.
    """
    if not record.path:
        return None
    path = Path(record.path)
    tries = [path] if path.is_absolute() else [path] + [Path(f) / path for f in folders]
    for candidate in tries:
        try:
            data = candidate.read_bytes()
        except OSError:
            continue
        if not record.digest or hashlib.sha256(data).hexdigest() == record.digest:
            return candidate
    return None


def source_text(record: ArticleRecord, path: Path) -> Article:
    """The article as the build read it: normalised text and the map back to the source file."""
    return read_article(path, record.id)


def text_span(article: Article, start: int, end: int) -> tuple[int, int]:
    """The span of ``article.text`` that the source span ``start``–``end`` became.

    >>> a = Article("a", "甲乙。", "甲\\n乙。", (0, 2, 3, 4))
    >>> text_span(a, 0, 4)
    (0, 3)
    """
    offsets = article.offsets
    return bisect_left(offsets, start, 0, len(offsets) - 1), bisect_left(offsets, end, 0, len(offsets) - 1)
