"""Candidate names from the learned recogniser (:mod:`kg.extract.ner`), typed by evidence.

The model proposes a span and a coarse kind (company, org, location, person); the type kg gives it
comes from the name itself first — a legal form or a zone/park/institution head decides — then from
the kind.  A bare place name (a city, a county) is not an entity of the graph and is dropped.  These
candidates score below the rules' exact ones, so :func:`kg.extract.mentions.choose_mentions` prefers a
rule's span where both see a name, and :func:`kg.extract.article.extract_article` keeps a weak one only when
a relation uses it.

>>> from kg.model import Article
>>> from kg.extract.sentences import split_sentences
>>> a = Article.from_text("t", "园区集聚了恒瑞精工、启明光电等企业。")
>>> s = split_sentences(a)[0]
>>> [(m.text, m.type) for m in learned_mentions(a, s, [(5, 9, "company"), (10, 14, "company")])]
[('恒瑞精工', 'Enterprise'), ('启明光电', 'Enterprise')]
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Iterator, Sequence

from kg.extract.lexicon import Lexicon, load_lexicon
from kg.extract.names import CJK, descriptors_only, place_prefix_end, strip_anchors
from kg.model import Article, Mention, Sentence

# model kind -> (type, score) when the name itself has no telling head
_KIND_TYPE = {"company": ("Enterprise", 0.75), "org": ("Enterprise", 0.6), "person": ("Person", 0.7)}
_NAME = re.compile(rf"[{CJK}A-Za-z0-9·&()\-]+")
_GENERIC = re.compile(r"(?:公司|集团|企业|厂商|厂家|客商|外商|该公司|本公司|母公司|子公司|分公司|总公司|这家公司|一家公司)")
_DEPARTMENT = re.compile(r"(?:局|办|办公室|委|委员会|管委会|党工委|政府|部|处|科|厅|街道|支部|协会|商会|联合会|学会)$")
_FACILITY = re.compile(r"(?:工厂|厂区|新工厂|基地|生产基地|项目|车间|总部)$")
_LEADING = re.compile(r"^(?:龙头企业|链主企业|重点企业|企业|公司|集团|客户|包括|如|像|以|由|与|和|及|被|向|为|在|将|把|对|是|到)")


def learned_mentions(article: Article, sentence: Sentence, spans: Sequence[tuple[int, int, str]],
                     lex: Lexicon | None = None, rule_ends: frozenset[int] = frozenset()) -> Iterator[Mention]:
    """Mentions for the model's spans of one sentence (offsets relative to the sentence start).

    A company span with a legal form is the rules' to find; it is kept only where no rule ends a name
    at the same character (``rule_ends``: a body the rules took for a description, 某地能源发展集团).
    """
    lex = lex or load_lexicon()
    text = article.text
    for s, e, kind in _companies_in_lists(text[sentence.start:sentence.end], spans):
        start, end = sentence.start + s, sentence.start + e
        lead = _LEADING.match(text, start, end)
        if lead and end - lead.end() >= 2:
            start = lead.end()
        while end - start > 3 and lex.common_words.get(text[start:start + 2]) in ("v", "vd", "d", "p", "ad") \
                and not lex.regex["anchor"].match(text, start):
            start += 2  # a verb the model took in (发往|某某集团, 参观了|…)
            if text[start:start + 1] in "了至到往给":
                start += 1
        while kind in ("company", "org") and end - start > 3 and \
                lex.common_words.get(text[end - 1:end + 1]) in ("v", "vn"):
            end -= 1  # 某某光电|投资超3亿元: the model took the verb's first character
        tail = _FACILITY.search(text, start, end)
        if tail and tail.start() - start >= 2:
            end = tail.start()  # 某某科技|工厂: the body, not its site
        if kind == "person" and end - start >= 4 and lex.common_words.get(text[end - 2:end]):
            end -= 2  # 张三|兴奋地说: the model took a word after the name
        if kind in ("company", "org"):
            start += place_prefix_end(text[start:end], lex)  # 某某经开区|某某重工有限公司: the zone is the rules'
        name = text[start:end]
        legal = lex.regex["suffix"].search(name)
        body = strip_anchors(name[:legal.start()], lex) if legal else name
        if _GENERIC.fullmatch(strip_anchors(name, lex)) or (legal and (not body or descriptors_only(body, lex))):
            continue  # 台湾|厂商, 新|合资|公司: a kind of company, not a name
        typed = type_of(name, kind, lex, legal_form_ok=end not in rule_ends)
        if typed is None or not _NAME.fullmatch(name):
            continue
        type_, score = typed
        yield Mention(article.id, start, end, type_, name, f"model:{kind}", score, sentence.index)


def _companies_in_lists(text: str, spans: Sequence[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Items of a 、-list that holds a company are companies, whatever kind the model gave each alone
    (恒瑞精工、瑞阳、何思远等企业: 瑞阳 is not a place, 何思远 not a person).

    >>> _companies_in_lists("恒瑞精工、瑞阳、何思远等企业", [(0, 4, "company"), (5, 7, "location"), (8, 11, "person")])
    [(0, 4, 'company'), (5, 7, 'company'), (8, 11, 'company')]
    """
    out = list(spans)
    group: list[int] = []
    for i in range(len(out) + 1):
        joined = i < len(out) and group and text[out[group[-1]][1]:out[i][0]] in ("、", "和", "及", "与")
        if i < len(out) and (not group or joined):
            group.append(i)
            continue
        if len(group) >= 2 and any(out[k][2] == "company" for k in group) and "、" in text[out[group[0]][0]:out[group[-1]][1]]:
            for k in group:
                if out[k][2] in ("location", "person", "org"):
                    out[k] = (out[k][0], out[k][1], "company")
        group = [i] if i < len(out) else []
    return out


def model_left_edges(article: Article, sentence: Sentence, mentions: Sequence[Mention],
                     spans: Sequence[tuple[int, int, str]], lex: Lexicon | None = None) -> list[Mention]:
    """Move a rule's left edge to the model's where both end a name at the same character and the words the
    rule took in front are a clause, not part of the name (订单量占了|某某公司, 围绕|某某科技).

    >>> from kg.extract.sentences import split_sentences
    >>> a = Article.from_text("t", "园区围绕恒远精密科技有限公司做文章。")
    >>> m = Mention("t", 0, 14, "Enterprise", "园区围绕恒远精密科技有限公司", "suffix", 0.95, 0)
    >>> [x.text for x in model_left_edges(a, split_sentences(a)[0], [m], [(4, 14, "company")])]
    ['恒远精密科技有限公司']
    """
    lex = lex or load_lexicon()
    ends = {sentence.start + e: sentence.start + s for s, e, kind in spans if kind in ("company", "org")}
    out = []
    for m in mentions:
        start = ends.get(m.end)
        if m.type in ("Enterprise", "Institution") and start is not None and m.start < start < m.end - 2 \
                and _clause_words(article.text[m.start:start], lex):
            m = replace(m, start=start, text=article.text[start:m.end])
        out.append(m)
    return out


def _clause_words(prefix: str, lex: Lexicon) -> bool:
    """True when ``prefix`` holds a verb, a preposition, a pronoun or a particle (not a region or a name)."""
    if re.search(r"[了的着过在把被将对向为从]", prefix):
        return True
    return any(lex.common_words.get(prefix[i:i + 2]) in ("v", "vd", "p", "c", "r", "d")
               for i in range(len(prefix) - 1))


def type_of(name: str, kind: str, lex: Lexicon, legal_form_ok: bool = False) -> tuple[str, float] | None:
    """The entity type and score of a model span (None: not a name kg keeps).

    >>> lex = load_lexicon()
    >>> [type_of(n, k, lex) for n, k in [("常州高新区", "location"), ("常州", "location"),
    ...                                  ("华为", "company"), ("周明华", "person"), ("发展", "person")]]
    [('Zone', 0.8), None, ('Enterprise', 0.75), ('Person', 0.7), None]
    """
    if kind not in ("company", "org", "location", "person") or len(name) < 2:
        return None
    heads = [m for m in lex.regex["suffix"].finditer(name) if m.start() > 0]
    if kind != "person" and heads and heads[-1].end() != len(name):
        return None  # a body's department or a place's office (某高新区党工委): the rules find the body
    if kind != "person" and _DEPARTMENT.search(name):
        return None
    head = heads[-1] if heads else None
    if head and kind != "person":
        suffix = head.group(0)
        if legal_form_ok and kind in ("company", "org") and suffix in lex.org_suffix_type \
                and _NAME.fullmatch(name) and not _LEADING.match(name):
            return lex.org_suffix_type[suffix], 0.8
        if suffix in lex.org_suffix_type or (kind in ("location", "org") and lex.place_suffix_type[suffix] == "Park") \
                or lex.place_suffix_conf[suffix] < 0.85:
            return None  # a legal form, an institution's or a place's head: the rules find those names exactly
        type_ = lex.org_suffix_type.get(suffix) or lex.place_suffix_type[suffix]
        conf = lex.org_suffix_conf.get(suffix) or lex.place_suffix_conf[suffix]
        return type_, round(min(conf, 0.8), 2)
    if kind == "person":
        if not (2 <= len(name) <= 4 and (name[:1] in lex.surnames or name[:2] in lex.surnames)):
            return None
        if name in lex.common_words or lex.regex["anchor"].fullmatch(name) or name[:2] in lex.regions:
            return None  # 武汉源隆: a firm's short name after its city, no person
    if kind == "location" or name in lex.regions or name in lex.divisions or lex.regex["anchor"].fullmatch(name):
        return None
    if kind != "person" and (name in lex.industries or lex.common_words.get(name, "nz") not in ("nz", "nt", "nr", "ns")):
        return None
    return _KIND_TYPE.get(kind)
