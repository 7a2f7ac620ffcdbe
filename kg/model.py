"""Frozen records passed between pipeline stages.

Stages never copy text around: a :class:`Sentence`, :class:`Mention` or
:class:`Relation` keeps the article id and a character span in the article's
normalised text; evidence is derived from the span (and mapped back to the
source file through :attr:`Article.offsets`).

>>> a = Article.from_text("a1", "常州高新区。")
>>> a.text, a.source_span(0, 5)
('常州高新区。', (0, 5))
"""
from __future__ import annotations

from dataclasses import dataclass, field

ENTITY_TYPES = ("Zone", "Park", "Enterprise", "Institution", "Person", "Product", "Industry")
PREDICATES = (
    "belongsTo", "locatedIn", "supplies", "cooperatesWith", "subsidiaryOf",
    "investsIn", "produces", "worksFor", "hasIndustry", "neighborOf",
)
SYMMETRIC = frozenset({"cooperatesWith", "neighborOf"})


@dataclass(frozen=True)
class Article:
    """One article: its normalised ``text`` and a map back to the source.

    ``offsets[i]`` is the index in ``source`` of ``text[i]``; ``offsets`` has
    one extra entry, the end of the source, so spans map with ``source_span``.
    """

    id: str
    text: str
    source: str = field(repr=False)
    offsets: tuple[int, ...] = field(repr=False)
    path: str = ""
    title: str = ""
    date: str = ""
    paper: str = ""
    digest: str = ""

    @classmethod
    def from_text(cls, id: str, text: str, **meta) -> "Article":
        """An article whose text needs no normalisation (tests, notebooks)."""
        return cls(id=id, text=text, source=text, offsets=tuple(range(len(text) + 1)), **meta)

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of ``text`` to the span of ``source`` it came from."""
        if start >= end:
            return self.offsets[start], self.offsets[start]
        return self.offsets[start], self.offsets[end - 1] + 1


@dataclass(frozen=True)
class Sentence:
    """A sentence of an article, as a span of the article's text; ``cut``: the text ran on past the
    longest sentence kept whole and was split here (see :func:`kg.extract.sentences.split_sentences`)."""

    article_id: str
    index: int
    start: int
    end: int
    cut: bool = False

    def text(self, article: Article) -> str:
        return article.text[self.start:self.end]


@dataclass(frozen=True)
class Mention:
    """A name found in the text: its type, span and (for aliases) the name it stands for."""

    article_id: str
    start: int
    end: int
    type: str
    text: str
    rule: str = ""
    score: float = 1.0
    sentence: int = -1
    name: str = ""

    @property
    def entity(self) -> str:
        """The canonical name this mention stands for (itself unless an alias)."""
        return self.name or self.text


@dataclass(frozen=True)
class Entity:
    """One real thing: a canonical name, a type and every alias seen."""

    name: str
    type: str
    aliases: frozenset[str] = frozenset()
    confidence: float = 1.0


@dataclass(frozen=True)
class Relation:
    """A fact ``subject predicate object`` stated by one sentence of one article.

    ``subject``/``object`` are canonical entity names of the article;
    ``start``/``end`` span the evidence (the sentence) in the article text.
    """

    subject: str
    predicate: str
    object: str
    article_id: str
    start: int
    end: int
    rule: str
    confidence: float
    subject_type: str = ""
    object_type: str = ""

    def key(self) -> tuple[str, str, str]:
        s, o = self.subject, self.object
        if self.predicate in SYMMETRIC and o < s:
            s, o = o, s
        return (s, self.predicate, o)


def by_sentence(mentions) -> dict[int, list[Mention]]:
    """Mentions grouped by the index of their sentence, in text order within each.

    >>> [(i, [m.text for m in ms]) for i, ms in by_sentence([Mention("a", 0, 2, "Zone", "甲区", sentence=0),
    ...                                                      Mention("a", 5, 7, "Park", "乙园", sentence=1)]).items()]
    [(0, ['甲区']), (1, ['乙园'])]
    """
    out: dict[int, list[Mention]] = {}
    for m in mentions:
        out.setdefault(m.sentence, []).append(m)
    return out


def places_before(grouped: dict[int, list[Mention]], index: int, window: int) -> list[Mention]:
    """Zones and parks named in the ``window`` sentences before sentence ``index``, in text order."""
    return [m for i in range(max(0, index - window), index) for m in grouped.get(i, ())
            if m.type in ("Zone", "Park")]


@dataclass(frozen=True)
class ArticleExtraction:
    """Everything extracted from one article: the unit a build caches and stores."""

    article: Article
    sentences: tuple[Sentence, ...]
    mentions: tuple[Mention, ...]
    entities: tuple[Entity, ...]
    relations: tuple[Relation, ...]
