"""Where a Chinese name starts: the left edge of organisation, park and product names.

A name ends in a known suffix (有限公司, 产业园, 技术 …); its left edge is found
by walking back from the suffix: punctuation ends it; a *strong* stop word
(的 与 在 …) ends it; a region or national-body anchor (山东, 中科院) starts
it; otherwise a *weak* stop (verbs such as 引进, 来到, 企业) ends it.

>>> from kg.extract.lexicon import load_lexicon
>>> text = "副总经理周明华来到山东青禾膜技术有限公司"
>>> left_edge(text, text.index("有限公司"), load_lexicon())
9
"""
from __future__ import annotations

import re

from kg.extract.lexicon import Lexicon
from kg.model import Article, Mention, Sentence

CJK = "\u3400-\u9fff"
NAME_CHAR = re.compile(rf"[{CJK}A-Za-z0-9·&\-]")
_PAREN_REGION = re.compile(rf"\(([{CJK}]{{2,4}})\)$")
MAX_NAME = 24


def _window(text: str, end: int, lex: Lexicon) -> int:
    """Start of the run of name characters (and parenthesised regions) ending at ``end``."""
    i = end
    limit = max(0, end - MAX_NAME)
    while i > limit:
        c = text[i - 1]
        if NAME_CHAR.match(c):
            i -= 1
            continue
        if c == ")":
            m = _PAREN_REGION.search(text, max(0, i - 7), i)
            if m and m.group(1) in lex.regions:
                i = m.start()
                continue
        break
    return i


def _occurrences(pattern: re.Pattern, text: str, start: int, end: int) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in pattern.finditer(text, start, end)]


def core_length(name: str, lex: Lexicon) -> int:
    """Length of ``name`` once trailing industry words (科技, 技术 …) are removed."""
    pattern = lex.regex["name_word"]
    while True:
        m = pattern.search(name)
        if not m:
            return len(name)
        name = name[:m.start()]


def left_edge(text: str, end: int, lex: Lexicon, min_core: int = 2,
              skip_short_cuts: bool = True) -> int | None:
    """Index where the name ending with the suffix at ``end`` starts (None: no name)."""
    start = _window(text, end, lex)
    anchors = _occurrences(lex.regex["anchor"], text, start, end)

    def inside_anchor(a: int, b: int) -> bool:
        return any(s <= a and b <= e for s, e in anchors)

    strong = [(a, b) for a, b in _occurrences(lex.regex["strong"], text, start, end)
              if not inside_anchor(a, b)
              and (not skip_short_cuts or core_length(text[b:end], lex) >= min_core)]
    if strong:
        start = strong[-1][1]
        if end - start < min_core:
            return None
        anchors = [(a, b) for a, b in anchors if a >= start]
    # a describing word right before a region ends the description: 行业龙头|中国某某集团, 老字号|北京某某
    described = [b for a, b in _occurrences(lex.regex["soft"], text, start, end)
                 if not inside_anchor(a, b) and any(x == b for x, _ in anchors) and end - b >= min_core + 2]
    if described:
        start = described[-1]
        anchors = [(a, b) for a, b in anchors if a >= start]
    weak = [(a, b) for a, b in _occurrences(lex.regex["weak"], text, start, end)
            if not inside_anchor(a, b) and (end - b >= min_core or not skip_short_cuts)]
    soft = [(a, b) for a, b in _occurrences(lex.regex["soft"], text, start, end)
            if not inside_anchor(a, b) and (end - b >= min_core or not skip_short_cuts)]
    for a, b in anchors:
        if end - b < min_core or (a > 0 and text[a - 1] == "("):
            continue
        if any(wa >= b for wa, _ in weak):
            continue
        while True:  # extend over adjacent anchors written before (浙江宁波…)
            prev = [s for s, e in anchors if e == a]
            if not prev:
                break
            a = prev[0]
        return a
    cuts = [b for _, b in weak + soft]
    if cuts:
        start = max(cuts)
        if end - start < min_core:
            return None
    return start if end - start >= min_core else None


def clause_start(text: str, floor: int, pos: int, ends: str = ",;:，；：“”()。") -> int:
    """Start of the clause holding ``pos``: just after the last clause mark in ``text[floor:pos]``.

    >>> clause_start("园区建成,甲乙两家落户。", 0, 8)
    5
    """
    return max([floor] + [text.rfind(c, floor, pos) + 1 for c in ends])


def strip_prefix_words(name: str, words: frozenset[str]) -> str:
    """Drop a leading generic word (``领军企业华为`` → ``华为``)."""
    for w in sorted(words, key=len, reverse=True):
        if name.startswith(w) and len(name) - len(w) >= 2:
            return name[len(w):]
    return name


def mention(a: Article, s: Sentence, start: int, end: int, type_: str, rule: str,
             score: float) -> Mention:
    return Mention(a.id, start, end, type_, a.text[start:end], rule, score, s.index)


def place_prefix_end(name: str, lex: Lexicon) -> int:
    """Where the organisation starts in a name written after a place: after a zone's or park's head
    (某某高新区|某某精密有限公司) or after a district followed by a province (某市某区|江西某某有限公司);
    0 when no place is in front or too little name would be left.

    >>> from kg.extract.lexicon import load_lexicon
    >>> lex = load_lexicon()
    >>> [place_prefix_end(n, lex) for n in ("常州高新区恒远精密有限公司", "南昌市青山湖区江西恒远精密有限公司",
    ...                                     "江西恒远精密有限公司", "常州高新区有限公司")]
    [5, 7, 0, 0]
    """
    heads = [m for m in lex.regex["suffix"].finditer(name, 0, len(name) - 1) if m.group(0) in lex.place_suffix_type]
    cut = heads[-1].end() if heads else 0
    divisions = {m.end() for m in lex.regex["division"].finditer(name) if name[m.end() - 1] in "区县"}
    for p in sorted(divisions):
        if p > cut and any(name.startswith(province, p) for province in lex.provinces):
            cut = p
    if not cut or lex.regex["weak"].match(name, cut) or lex.regex["strong"].match(name, cut):
        return 0  # 某某园区|设立子公司: a clause after the place, not a company's name
    legal = lex.regex["suffix"].search(name, cut)
    return cut if legal and core_length(name[cut:legal.start()], lex) >= 2 else 0


def descriptors_only(body: str, lex: Lexicon) -> bool:
    """True when ``body`` is made of descriptor words only (欧美|跨国, 新|合资: a description of a company).

    >>> from kg.extract.lexicon import load_lexicon
    >>> lex = load_lexicon()
    >>> [descriptors_only(b, lex) for b in ("欧美跨国", "新合资", "恒远精密", "")]
    [True, True, False, False]
    """
    words = lex.org_descriptors
    ok = [True] + [False] * len(body)  # ok[i]: body[:i] splits into descriptor words
    for i in range(1, len(body) + 1):
        ok[i] = any(ok[j] and body[j:i] in words for j in range(max(0, i - 5), i))
    return bool(body) and ok[-1]


def strip_anchors(name: str, lex: Lexicon) -> str:
    while True:
        m = lex.regex["anchor"].match(name)
        if not m or m.end() == len(name):
            return name
        name = name[m.end():]
        if name[:1] in "省市县区":
            name = name[1:]


PRONOUN_CHARS = set("我你您他她它其该这那此")
# Parts of speech (jieba's tags in common_words.tsv) of words that cannot start or be a name.

FUNCTION_WORDS = ("d", "r", "p", "c", "m", "ad", "v", "vd", "f")  # adverbs, pronouns, verbs …


def starts_with_function_word(text: str, lex: Lexicon) -> bool:
    """True when ``text`` opens with an ordinary verb, adverb, pronoun … (目前, 通过, 着力)."""
    return any(lex.common_words.get(text[:n], "n") in FUNCTION_WORDS for n in (4, 3, 2))


QUANTIFIED = re.compile(r"[0-9一二三四五六七八九十两几多个家座批首]$")

PUNCT_AFTER_NAME = set(",。;:!?、()“”\"' \n")


_CUSTOMER_BEFORE = re.compile(r"(?:客户|用户|为|向|给|发往|运往|销往|供应给|卖给|交付给|来自)(?:有|包括|为|是|涵盖)?"
                              r"(?:[^,。;、]{1,4}的)?(?:[^,。;、]{1,10}、)*$|与(?:[^,。;、]{1,10}、)+$")
_CUSTOMER_AFTER = re.compile(r"(?:(?!是|为|系|成为|作为)[^,。;!?,;]){0,12}?的(?:核心|主要|重要|一级|战略)?"
                             r"(?:配套生产商|配套商|供应商|供货商|配套企业)")


def named_as_customer(text: str, start: int, end: int) -> bool:
    """Whether the name at ``text[start:end]`` is named as a customer or a partner, not as the maker or the body a
    passage is about: 客户有A、B, 为A配套, 发往A, 来自A的订单, 与A、B, 是A的配套商.

    >>> t = "成品发往天衡集团。恒远公司是天衡集团的配套商。"
    >>> named_as_customer(t, 4, 8), named_as_customer(t, 14, 18), named_as_customer(t, 9, 13)
    (True, True, False)
    """
    return bool(_CUSTOMER_BEFORE.search(text, max(0, start - 40), start) or _CUSTOMER_AFTER.match(text, end))
