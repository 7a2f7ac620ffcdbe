"""Persons: a name after a post (副总经理|张三) and the names of a byline (记者 张三 李四).

>>> from kg.extract.lexicon import load_lexicon
>>> from kg.extract.sentences import split_sentences
>>> a = Article.from_text("t", "公司总经理周明华表示,订单已排满。")
>>> [m.text for m in person_mentions(a, split_sentences(a)[0], load_lexicon())]
['周明华']
"""
from __future__ import annotations

import re
from bisect import bisect_left
from typing import Iterator

from kg.extract.lexicon import Lexicon
from kg.extract.names import CJK, PUNCT_AFTER_NAME, mention
from kg.model import Article, Mention, Sentence

_BYLINE = re.compile(rf"^[ \t▶►]*(?:本报)?(?:特约)?(?:记者|通讯员|实习生)?[ \t]*"
                     rf"(?P<names>[{CJK}]{{2,3}}(?:[ \t\u3000]+[{CJK}]{{2,3}}){{0,4}})[ \t]*$")

_CLOSING_NAME = re.compile(rf"[。!?！？][”\"]?(?P<names>[{CJK}]{{2,3}})[ \t]*$")


def person_mentions(a: Article, s: Sentence, lex: Lexicon) -> Iterator[Mention]:
    text = a.text
    for m in lex.regex["title"].finditer(text, s.start, s.end):
        p = m.end()
        if p < s.end and text[p] == " ":
            p += 1
        n = _person_name_length(text, p, s.end, lex)
        if n:
            yield mention(a, s, p, p + n, "Person", f"post:{m.group(0)}", 0.9)
    yield from byline_mentions(a, s, lex)


def byline_mentions(a: Article, s: Sentence, lex: Lexicon) -> Iterator[Mention]:
    """Reporters' names: a source line of names alone, or a name closing a paragraph (…成果。张三)."""
    src = a.source
    src_start, src_end = a.source_span(s.start, s.end)
    if "\n" not in src[max(0, src_start - 1):src_end + 1]:
        return
    pos = src.rfind("\n", 0, src_start) + 1
    while pos < src_end:
        stop = src.find("\n", pos)
        stop = len(src) if stop < 0 else stop
        line = src[pos:stop]
        m = _BYLINE.match(line) or _CLOSING_NAME.search(line)
        if m and (m.re is _BYLINE or not src[stop + 1:stop + 2].strip()):
            base = pos + m.start("names")
            for t in re.finditer(r"\S+", m.group("names")):
                token, j = t.group(0), _text_index(a, s, base + t.start())
                if j is not None and _is_person_token(token, lex):
                    yield mention(a, s, j, j + len(token), "Person", "byline", 0.85)
        pos = stop + 1


def _text_index(a: Article, s: Sentence, source_pos: int) -> int | None:
    """The index in the sentence's text of the character at ``source_pos`` of the source (None: dropped)."""
    j = bisect_left(a.offsets, source_pos, s.start, s.end)
    return j if j < s.end and a.offsets[j] == source_pos else None


def _is_person_token(token: str, lex: Lexicon) -> bool:
    return (2 <= len(token) <= 3 and _is_surname_start(token, lex) and token not in lex.common_words
            and token[:2] not in lex.common_words and not lex.regex["anchor"].match(token))


def _is_surname_start(token: str, lex: Lexicon) -> bool:
    return token[:2] in lex.surnames or token[:1] in lex.surnames


def _person_name_length(text: str, p: int, end: int, lex: Lexicon) -> int:
    """2 or 3 characters of a name starting with a surname at ``p`` (0: none)."""
    if not _is_surname_start(text[p:p + 2], lex):
        return 0
    follower = lex.regex["follower"]
    for n in (2, 3):
        if p + n > end:
            return 0
        name = text[p:p + n]
        if not re.fullmatch(rf"[{CJK}]+", name) or lex.regex["title"].fullmatch(name, 1):
            return 0  # 市长任组长: 任 + a post, not a name
        after = p + n
        if after >= end or text[after] in PUNCT_AFTER_NAME or follower.match(text, after):
            return n
    return 0
