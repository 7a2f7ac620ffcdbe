"""The article page of the web app: the text with what the graph took from it marked at its spans.

The facts of an article and its record come from the store (:mod:`kg.graph.articles`); the text is
read again from the source file when it is still there unchanged (same SHA-256 as at build time) and
each fact's source span is mapped into it.  Known names (labels and aliases of the graph, found by
:meth:`kg.graph.names.NameIndex.find_in`) are marked too: bold when they take part in a fact of this
article, underlined when the graph knows them but took no fact about them here.  A sentence with a
known name and no fact is marked as one the graph may have missed.  When the file is gone or
changed, the page lists the stored sentences instead, with a notice.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from difflib import get_close_matches

from kg.app.data import PREDICATE_ZH, EvidenceView, FactView, NodeRef, article_url, node_ref
from kg.app.site import Site
from kg.errors import KgError
from kg.extract.sentences import split_sentences
from kg.graph.articles import ArticleFact, article_facts, find_source, source_text, text_span


class ArticleNotFoundError(KgError):
    """No article has this id."""

    exit_code = 3

    def __init__(self, message: str, suggestions: list[tuple[str, str, str]]):
        super().__init__(message)
        self.suggestions = suggestions


@dataclass
class Mark:
    """A known name in the text."""

    ref: NodeRef
    in_fact: bool


@dataclass
class Segment:
    """A run of text with the same marks: the facts whose sentence covers it, the name it is part of."""

    text: str
    facts: tuple[int, ...] = ()
    name: Mark | None = None
    anchor: str = ""
    ends: tuple[int, ...] = ()     # facts whose sentence ends here (their numbers follow the run)
    missed: bool = False           # in a sentence with a known name but no fact


@dataclass
class ArticleView:
    id: str
    title: str
    path: str
    date: str
    facts: list[FactView]
    located: list[bool]            # per fact: its span was found in the text
    segments: list[Segment] | None
    notice: str
    names: int = 0
    sentences: int = 0
    with_facts: int = 0
    missed: int = 0
    others: list[tuple[str, str, str]] = field(default_factory=list)


def _record(site: Site, ref: str):
    """The record of the article ``ref`` (id or title); ArticleNotFoundError naming near ones otherwise."""
    record = site.articles.get(ref) or next((r for r in site.articles.values() if r.title == ref), None)
    if record is None:
        keys = {r.id: r for r in site.articles.values()} | {r.title: r for r in site.articles.values() if r.title}
        near = [keys[k] for k in get_close_matches(ref, list(keys), n=8, cutoff=0.3)]
        raise ArticleNotFoundError(f"没有编号为 {ref} 的文章",
                                   [(r.id, r.title or r.id, article_url(r.id)) for r in dict.fromkeys(near)])
    return record


def _fact_view(site: Site, f: ArticleFact, record) -> FactView:
    """A stored assertion as a fact view, its sentence linked to its place in the article."""
    ev = EvidenceView(f.sentence, record.id, record.title or record.id, article_url(record.id, f.start), f.rule,
                      f.confidence)
    return FactView(node_ref(site, f.subject), f.predicate, PREDICATE_ZH.get(f.predicate, f.predicate),
                    node_ref(site, f.object), f.confidence if f.confidence is not None else 1.0, [ev])


def marked_segments(text: str, facts: list[tuple[int, int, int, str]], names: list[tuple[int, int, Mark]],
                    missed: list[tuple[int, int]] = ()) -> list[Segment]:
    """Cut ``text`` at every mark's ends: ``facts`` are ``(start, end, number, anchor)`` (they may
    overlap), ``names`` ``(start, end, mark)`` (they do not), ``missed`` sentence spans.

    >>> segs = marked_segments("甲为乙供货。", [(0, 6, 1, "s0")], [(0, 1, "甲")])
    >>> [(s.text, s.facts, s.name, s.anchor, s.ends) for s in segs]
    [('甲', (1,), '甲', 's0', ()), ('为乙供货。', (1,), None, '', (1,))]
    """
    cuts = {0, len(text)}
    for start, end, *_ in list(facts) + list(names) + list(missed):
        cuts.update((max(0, min(start, len(text))), max(0, min(end, len(text)))))
    bounds = sorted(cuts)
    name_at = {start: (end, mark) for start, end, mark in names}
    out, name_end, name = [], -1, None
    for a, b in zip(bounds, bounds[1:]):
        if a in name_at:
            name_end, name = name_at[a]
        current = name if a < name_end else None
        covering = tuple(n for s, e, n, _ in facts if s <= a < e)
        anchor = next((anc for s, _, _, anc in facts if s == a), "")
        ends = tuple(n for _, e, n, _ in facts if e == b)
        in_missed = any(s <= a < e for s, e in missed)
        out.append(Segment(text[a:b], covering, current, anchor, ends, in_missed))
    return out


def article_view(site: Site, ref: str) -> ArticleView:
    """The article ``ref`` (its id, or its title) with its facts, marked in its text when it can be read."""
    record = _record(site, ref)
    facts = article_facts(site.store, record.id)
    views = [_fact_view(site, f, record) for f in facts]
    view = ArticleView(record.id, record.title or record.id, record.path, record.date, views, [False] * len(facts),
                       None, "")
    path = find_source(record, site.source_folders)
    if path is None:
        view.notice = (f"找不到原文文件 {record.path or '（未记录路径）'}，或文件在构建后已改动；"
                       "以下是图谱中保存的句子。")
        return view
    article = source_text(record, path)
    text = article.text
    spans = []
    for i, f in enumerate(facts, 1):
        if f.start is None or f.end is None:
            continue
        t0, t1 = text_span(article, f.start, f.end)
        view.located[i - 1] = text[t0:t1] == f.sentence
        spans.append((t0, t1, i, f"s{f.start}"))
    involved = {f.subject for f in facts} | {f.object for f in facts}
    names = [(s, e, Mark(node_ref(site, min(nodes & involved or nodes)), bool(nodes & involved)))
             for s, e, _, nodes in site.names.find_in(text)]
    sentences = [(s.start, s.end) for s in split_sentences(article)]
    missed = [(s, e) for s, e in sentences if not any(a < e and s < b for a, b, _, _ in spans)
              and any(s <= a < e for a, _, _ in names)]
    view.segments = marked_segments(text, spans, names, missed)
    view.names, view.sentences, view.missed = len(names), len(sentences), len(missed)
    view.with_facts = sum(1 for s, e in sentences if any(a < e and s < b for a, b, _, _ in spans))
    return view
