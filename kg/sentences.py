"""Split an article's text into sentences (spans, not copies).

>>> from kg.model import Article
>>> a = Article.from_text("a", "园区成立。“好!”他说\\n第二段")
>>> [s.text(a) for s in split_sentences(a)]
['园区成立。', '“好!”', '他说', '第二段']
"""
from __future__ import annotations

import re

from .model import Article, Sentence

_END = re.compile(r"[^。!?！？;；\n]*(?:[。!?！？;；]+[”’」』\"')]*|\n|$)")


def split_sentences(article: Article) -> tuple[Sentence, ...]:
    """Sentences end at 。!? or a semicolon (with closing quotes), or a line break: evidence stays one clause."""
    out: list[Sentence] = []
    text = article.text
    for m in _END.finditer(text):
        start, end = m.start(), m.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            out.append(Sentence(article.id, len(out), start, end))
    return tuple(out)
