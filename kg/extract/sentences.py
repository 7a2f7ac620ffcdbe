"""Split an article's text into sentences (spans, not copies).

>>> from kg.model import Article
>>> a = Article.from_text("a", "园区成立。“好!”他说\\n第二段")
>>> [s.text(a) for s in split_sentences(a)]
['园区成立。', '“好!”', '他说', '第二段']
"""
from __future__ import annotations

import re

from kg.model import Article, Sentence

_END = re.compile(r"[^。!?！？;；\n]*(?:[。!?！？;；]+[”’」』\"')]*|\n|$)")


MAX_SENTENCE = 1000
_CLAUSE_MARKS = ",，、:：)）”"


def split_sentences(article: Article, max_length: int = MAX_SENTENCE) -> tuple[Sentence, ...]:
    """Sentences end at 。!? or a semicolon (with closing quotes), or a line break: evidence stays one clause.

    Text that runs on past ``max_length`` characters (a page without punctuation) is cut at its last
    clause mark before the limit, else at the limit; such a sentence is marked ``cut``:

    >>> a = Article.from_text("a", "甲乙丙,丁戊己庚辛")
    >>> [(s.text(a), s.cut) for s in split_sentences(a, max_length=5)]
    [('甲乙丙,', True), ('丁戊己庚辛', False)]
    """
    out: list[Sentence] = []
    text = article.text
    for m in _END.finditer(text):
        start, end = m.start(), m.end()
        while end - start > max_length:
            cut = _cut_point(text, start, start + max_length)
            _append(out, article.id, text, start, cut, True)
            start = cut
        _append(out, article.id, text, start, end, False)
    return tuple(out)


def _cut_point(text: str, start: int, limit: int) -> int:
    """After the last clause mark in ``text[start:limit]`` (in its second half), else ``limit``."""
    mark = max(text.rfind(c, start + (limit - start) // 2, limit) for c in _CLAUSE_MARKS)
    return mark + 1 if mark >= 0 else limit


def _append(out: list[Sentence], article_id: str, text: str, start: int, end: int, cut: bool) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(article_id, len(out), start, end, cut))
