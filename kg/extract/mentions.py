"""Find entity mentions in a sentence (candidates), then choose among them.

The recognisers are components run in turn over one sentence, each in the module of its family:
names that end in a head (:mod:`kg.extract.headed_names`: 有限公司, 产业园, 研究院, and known bodies),
persons after a post or in a byline (:mod:`kg.extract.persons`), industries of the lexicon and of
the sentence's structure (:mod:`kg.extract.industries`), products before a head
(:mod:`kg.extract.products`), and short names in coordinated lists (:mod:`kg.extract.lists`).
Finding candidates is separate from choosing among them: :func:`choose_mentions` keeps the best
non-overlapping set (longest, then most confident).

>>> from kg.model import Article
>>> from kg.extract.sentences import split_sentences
>>> a = Article.from_text("t", "江苏恒远精密机械有限公司总经理周明华表示,公司已入驻常州高新区。")
>>> s = split_sentences(a)[0]
>>> [(m.type, m.text) for m in choose_mentions(find_mentions(a, s))]
[('Enterprise', '江苏恒远精密机械有限公司'), ('Person', '周明华'), ('Zone', '常州高新区')]
"""
from __future__ import annotations

from bisect import bisect_left
from typing import Iterable

from kg.extract.headed_names import headed_mentions, known_mentions
from kg.extract.industries import lexicon_industry_mentions, structural_industry_mentions
from kg.extract.lexicon import Lexicon, load_lexicon
from kg.extract.lists import coordinated_mentions, list_mentions
from kg.extract.persons import person_mentions
from kg.extract.products import head_product_mentions
from kg.model import Article, Mention, Sentence


def find_mentions(article: Article, sentence: Sentence, lex: Lexicon | None = None) -> list[Mention]:
    """Every candidate mention in one sentence (overlaps allowed)."""
    lex = lex or load_lexicon()
    found: list[Mention] = []
    for finder in (headed_mentions, person_mentions, lexicon_industry_mentions, structural_industry_mentions,
                   known_mentions, head_product_mentions):
        found.extend(finder(article, sentence, lex))
    found.extend(list_mentions(article, sentence, lex, found))
    found.extend(coordinated_mentions(article, sentence, lex, found))
    return found


def choose_mentions(candidates: Iterable[Mention]) -> list[Mention]:
    """The best non-overlapping mentions, in text order: longest first, then most confident.

    The spans taken so far never overlap, so sorted by start they are sorted by end too, and one
    binary search finds the only span a candidate could overlap on each side: O(n log n).
    """
    chosen: list[Mention] = []
    starts: list[int] = []
    ends: list[int] = []
    for m in sorted(candidates, key=lambda m: (-(m.end - m.start), -m.score, m.start)):
        i = bisect_left(starts, m.end)  # spans before i start before m ends
        if i and ends[i - 1] > m.start:
            continue
        chosen.append(m)
        starts.insert(i, m.start)
        ends.insert(i, m.end)
    return sorted(chosen, key=lambda m: m.start)
