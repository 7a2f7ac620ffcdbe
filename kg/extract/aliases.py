"""Resolve aliases inside one article: 以下简称 definitions and short forms.

A full name (山东青禾膜技术有限公司) implies short forms built from its
structure — without the legal form (山东青禾膜技术), without trailing industry
words (山东青禾膜), without the region (青禾膜).  Every occurrence of an explicit
or derived alias becomes a mention of the full name; a form that two full names
share is ambiguous and left alone.

>>> from kg.model import Article
>>> from kg.extract.sentences import split_sentences
>>> from kg.extract.mentions import find_mentions, choose_mentions
>>> a = Article.from_text("t", "山东青禾膜技术有限公司(以下简称“青禾膜”)成立于2010年。青禾膜入驻了园区。")
>>> ss = split_sentences(a)
>>> ms = [m for s in ss for m in choose_mentions(find_mentions(a, s))]
>>> ents, mentions = resolve_aliases(a, ss, ms)
>>> [(e.name, sorted(e.aliases)) for e in ents]
[('山东青禾膜技术有限公司', ['青禾膜'])]
>>> [(m.text, m.entity) for m in mentions]
[('山东青禾膜技术有限公司', '山东青禾膜技术有限公司'), ('青禾膜', '山东青禾膜技术有限公司'), ('青禾膜', '山东青禾膜技术有限公司')]
"""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from dataclasses import replace
from typing import Sequence

from kg.extract.lexicon import Lexicon, load_lexicon
from kg.extract.mentions import choose_mentions
from kg.model import Article, Entity, Mention, Sentence, by_sentence

_ALIAS_DEF = re.compile(r"^\s*[(]\s*(?:以下)?简称\s*[“\"']?([^”\"')]{2,16})[”\"']?\s*[)]")
_STRONG_TYPES = ("Enterprise", "Institution", "Park", "Zone")
_NAME_CHARS = re.compile(r"[\u3400-\u9fffA-Za-z0-9·]")


def short_forms(name: str, type_: str, lex: Lexicon | None = None) -> set[str]:
    """Short names implied by a full organisation name.

    >>> sorted(short_forms("山东青禾膜技术有限公司", "Enterprise"))
    ['山东青禾膜', '山东青禾膜技术', '青禾膜', '青禾膜技术']
    """
    lex = lex or load_lexicon()
    if type_ not in ("Enterprise", "Institution"):
        return set()
    m = lex.regex["suffix"].search(name)
    if not m or m.end() != len(name) or m.start() == 0:
        return set()
    body = name[:m.start()]
    body = re.sub(r"\([^)]*\)", "", body)
    bodies = {body}
    anchor = lex.regex["anchor"].match(body)
    if anchor and len(body) - anchor.end() >= 2:
        rest = body[anchor.end():]
        bodies.add(rest[1:] if rest[:1] in "省市" and len(rest) > 3 else rest)
    forms = set()
    for b in bodies:
        forms.add(b)
        stripped = []
        while (w := lex.regex["name_word"].search(b)) and w.start() >= 2:
            stripped.append(b[w.start():])
            b = b[:w.start()]
            forms.add(b)
        if len(stripped) >= 2:  # core + the last industry word: 青枫电子科技 → 青枫科技
            forms.add(b + stripped[0])
    return {f for f in forms if len(f) >= 2 and f != name and not lex.regex["anchor"].fullmatch(f)}


_ZONE_HEADS = (("高新技术产业开发区", "高新区"), ("经济技术开发区", "经开区"), ("经济开发区", "经开区"))


def zone_key(name: str, lex: Lexicon | None = None) -> str:
    """What stays of a zone's name across the ways an article writes it: no province in front, no
    市 after the city, no 国家(级), the short head.

    >>> [zone_key(n) for n in ("江苏如皋国家高新技术产业开发区", "如皋市高新区", "如皋高新区")]
    ['如皋高新区', '如皋高新区', '如皋高新区']
    """
    lex = lex or load_lexicon()
    province = max((p for p in lex.provinces if name.startswith(p) and len(name) - len(p) >= 4), key=len, default="")
    name = name[len(province):].lstrip("省") if province else name
    for level in ("国家级", "国家"):
        i = name.find(level)
        if i >= 2:
            name = name[:i] + name[i + len(level):]
            break
    for long, short in _ZONE_HEADS:
        if name.endswith(long):
            name = name[:-len(long)] + short
    city = lex.regex["division"].match(name)
    if city and city.group(0).endswith("市") and len(city.group(0)) > 2 and len(name) - city.end() >= 3:
        name = name[:city.end() - 1] + name[city.end():]
    return name


def resolve_aliases(article: Article, sentences: Sequence[Sentence], mentions: Sequence[Mention],
                    lex: Lexicon | None = None) -> tuple[tuple[Entity, ...], tuple[Mention, ...]]:
    """Entities of the article and its mentions, aliases pointing at their full names."""
    lex = lex or load_lexicon()
    text = article.text
    explicit: dict[str, tuple[str, str]] = {}
    for m in mentions:
        d = _ALIAS_DEF.match(text, m.end)
        if d and m.type in _STRONG_TYPES:
            explicit[d.group(1).strip()] = (m.text, m.type)
    owners: dict[str, set[tuple[str, str]]] = defaultdict(set)
    full = {(m.text, m.type) for m in mentions if m.rule.startswith("suffix") and m.type in ("Enterprise", "Institution")}
    for name, type_ in full:
        for form in short_forms(name, type_, lex):
            owners[form].add((name, type_))
    for names in _zone_variants(mentions, lex):
        canonical = max(names, key=len)
        full.add((canonical, "Zone"))
        for form in names - {canonical}:
            owners[form].add((canonical, "Zone"))
    for form, owner in explicit.items():
        owners[form] = {owner}
    forms = {f: next(iter(o)) for f, o in owners.items() if len(o) == 1}
    alias_mentions = _find_forms(article, sentences, forms)
    grouped = by_sentence([*mentions, *alias_mentions])  # a mention never crosses a sentence
    chosen = [m for i in sorted(grouped) for m in choose_mentions(grouped[i])]
    resolved = []
    for m in chosen:
        if m.text in forms and m.type in _STRONG_TYPES + ("Enterprise",) and (m.text, m.type) not in full:
            name, type_ = forms[m.text]
            m = replace(m, name=name, type=type_)
        resolved.append(m)
    return _entities(resolved), tuple(resolved)


def _zone_variants(mentions: Sequence[Mention], lex: Lexicon) -> list[set[str]]:
    """Names of zones that one article writes in several ways (see :func:`zone_key`)."""
    groups: dict[str, set[str]] = defaultdict(set)
    for m in mentions:
        if m.type == "Zone":
            groups[zone_key(m.text, lex)].add(m.text)
    return [names for names in groups.values() if len(names) > 1]


def _find_forms(article: Article, sentences: Sequence[Sentence], forms: dict[str, tuple[str, str]]) -> list[Mention]:
    """Every occurrence of a short form inside a sentence (plain substring search: no regex to compile)."""
    text = article.text
    starts = [s.start for s in sentences]
    out = []
    for form, (name, type_) in forms.items():
        pos = text.find(form)
        while pos >= 0:
            i = bisect_right(starts, pos) - 1
            if i >= 0 and pos + len(form) <= sentences[i].end:
                out.append(Mention(article.id, pos, pos + len(form), type_, form, "alias", 0.85,
                                   sentences[i].index, name))
            pos = text.find(form, pos + 1)
    return out


def _entities(mentions: Sequence[Mention]) -> tuple[Entity, ...]:
    names: dict[tuple[str, str], set[str]] = {}
    scores: dict[tuple[str, str], float] = {}
    for m in mentions:
        key = (m.entity, m.type)
        aliases = names.setdefault(key, set())
        scores[key] = max(scores.get(key, 0.0), m.score)
        if m.text != m.entity:
            aliases.add(m.text)
    return tuple(Entity(n, t, frozenset(a), scores[(n, t)]) for (n, t), a in names.items())
