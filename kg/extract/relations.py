"""Extract relations from trigger patterns over masked sentences.

Each chosen mention is replaced by one placeholder character of its type, so
a pattern in ``kg/data/relations.tsv`` reads like ``{ORGS}{G}为{ORGS}{G}配套``.
Coordinated lists expand to every item; 双方 / 该公司 / 他们 resolve to the
organisations of the preceding sentences; a pattern without a subject takes
the place under discussion.  Planned or negotiated relations (计划, 拟, 洽谈,
意向) are skipped.

>>> from kg.model import Article
>>> from kg.extract.article import extract_article
>>> a = Article.from_text("t", "苏州恒力机械有限公司就近为常州华宇汽车股份有限公司配套生产变速器壳体。")
>>> [(r.subject, r.predicate, r.object) for r in extract_article(a).relations]
[('苏州恒力机械有限公司', 'produces', '变速器壳体'), ('苏州恒力机械有限公司', 'supplies', '常州华宇汽车股份有限公司')]
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator, Sequence

from kg.extract.industries import industry_relations
from kg.extract.lexicon import Lexicon, load_lexicon, read_table
from kg.extract.names import named_as_customer, strip_anchors
from kg.extract.products import produces_relations
from kg.extract.topic import counted_placement, list_placement, topic_relations
from kg.model import Article, Mention, Relation, Sentence
from kg.model import by_sentence as group_by_sentence

CODE = {"Enterprise": "\ue001", "Institution": "\ue002", "Zone": "\ue003", "Park": "\ue004",
        "Person": "\ue005", "Product": "\ue006", "Industry": "\ue007"}
PAIR, SINGLE, PARK_REF = "\ue008", "\ue009", "\ue00a"
# A park named by its head alone (园区内的, 在产业园组织的 …) stands for the park under discussion.
_PARK_PRONOUN = re.compile(r"(?:该|本|这个|整个)?(?:产业园|园区)(?!企业|内外|建设|管委会|开发|发展|规划)")
_PRONOUN = re.compile(r"双方|两家企业|两家公司|两家“邻居”|两家\"邻居\"|两者|二者|(?P<one>该公司|该企业|该集团|这家企业|这家公司|他们|它们|其|"
                      r"(?:(?<=[,;:，；：])|^)公司(?=[相先已也还将正在于从以为均又再连续积极主要目近今去]))")
_PLANNED = re.compile(r"计划(?!总?投资)|拟|洽谈|意向|有望|准备|筹划|将要|打算|正在谈|争取|力争|预计")
_PLACEHOLDER = re.compile("[\ue000-\ue00f]")
CONTEXT_SENTENCES = 5  # how far back 双方 / 该公司 / 园区 look for what they stand for
_SEP = r"(?:、|和|及|以及|与|,)"

DOMAIN = {
    "belongsTo": ({"Park"}, {"Zone", "Park"}),
    "locatedIn": ({"Enterprise", "Institution"}, {"Park", "Zone"}),
    "supplies": ({"Enterprise"}, {"Enterprise"}),
    "cooperatesWith": ({"Enterprise", "Institution"}, {"Enterprise", "Institution"}),
    "subsidiaryOf": ({"Enterprise"}, {"Enterprise"}),
    "investsIn": ({"Enterprise", "Institution"}, {"Park", "Enterprise", "Product"}),
    "produces": ({"Enterprise", "Institution"}, {"Product"}),
    "worksFor": ({"Person"}, {"Enterprise", "Institution", "Zone", "Park"}),
    "hasIndustry": ({"Zone", "Park", "Enterprise"}, {"Industry"}),
    "neighborOf": ({"Enterprise"}, {"Enterprise"}),
}


@dataclass(frozen=True)
class Pattern:
    predicate: str
    rule: str
    confidence: float
    regex: re.Pattern
    needs: re.Pattern | None = None  # what must occur for ``regex`` to match: searched first, much faster


# An optional subject and a long gap in front (``(?P<s>{ORG})?{GP}…``): the regex tries that gap at every
# character; what follows it must match somewhere anyway, and a plain search for it is cheap.
_OPTIONAL_LEAD = re.compile(r"^\(\?P<s>\{(?:ORG|ENT)\}\)\?\{GP\}")


def _tokens() -> dict[str, str]:
    org = f"[{CODE['Enterprise']}{CODE['Institution']}{SINGLE}]"
    ent = f"[{CODE['Enterprise']}{SINGLE}]"
    place = f"[{CODE['Zone']}{CODE['Park']}{PARK_REF}]"

    def many(one: str) -> str:  # 甲、乙、丙: a short item that is no name may sit inside (A、通用、B)
        return f"{one}(?:{_SEP}(?:[^\ue000-\ue00f,。;!?:、的]{{1,4}}、)?{one})*"
    return {
        "ORGC": CODE["Enterprise"] + CODE["Institution"] + SINGLE, "PLACEC": CODE["Zone"] + CODE["Park"],
        "ORG": org, "ENT": ent, "PLACE": place, "ZONE": CODE["Zone"], "PARK": f"[{CODE['Park']}{PARK_REF}]",
        "PER": CODE["Person"], "PROD": CODE["Product"], "IND": CODE["Industry"], "PAIR": PAIR,
        "ORGS": many(org), "ENTS": many(ent), "PLACES": many(place), "PARKS": many(CODE["Park"]),
        "INDS": many(CODE["Industry"]), "PRODS": many(CODE["Product"]),
        "G": r"[^\ue000-\ue00f,。;!?:]{0,8}?", "GC": r"[^\ue000-\ue00f。;!?]{0,30}?",
        # a longer gap that may hold products and industries (该企业主要生产P,配套A、B; …等I龙头企业的供货商)
        "GP": r"(?:[^\ue000-\ue00f。;!?]|[\ue006\ue007]){0,30}?",
        # a short gap that may name a place (某公司在某园区投资设立…)
        "GL": rf"(?:[^\ue000-\ue00f,。;!?:]|[{CODE['Zone']}{CODE['Park']}]){{0,14}}?",
    }


@lru_cache(maxsize=1)
def load_patterns() -> tuple[Pattern, ...]:
    """Relation patterns from ``kg/data/relations.tsv``, compiled."""
    tokens = _tokens()
    out = []
    def expand(template: str) -> re.Pattern:
        return re.compile(re.sub(r"\{([A-Z]+)\}", lambda m: tokens[m.group(1)], template))
    for predicate, rule, conf, template in read_table("relations.tsv"):
        lead = _OPTIONAL_LEAD.match(template)
        out.append(Pattern(predicate, rule, float(conf), expand(template),
                           expand(template[lead.end():]) if lead else None))
    return tuple(out)


@dataclass
class _Masked:
    text: str
    slots: dict[int, Mention]  # masked index -> mention
    source: str = ""  # the article's text (the mentions' offsets point into it)


def mask_sentence(article: Article, sentence: Sentence, mentions: Sequence[Mention]) -> _Masked:
    """The sentence with each mention (and pronoun) replaced by one placeholder character."""
    parts, slots, pos = [], {}, sentence.start
    text = article.text
    inside = [m for m in mentions if sentence.start <= m.start and m.end <= sentence.end]
    for m in inside:
        parts.append(_mask_pronouns(text[pos:m.start]))
        slots[sum(len(p) for p in parts)] = m
        parts.append(CODE[m.type])
        pos = m.end
    parts.append(_mask_pronouns(text[pos:sentence.end]))
    return _Masked("".join(parts), slots, article.text)


def _mask_pronouns(chunk: str) -> str:
    chunk = _PARK_PRONOUN.sub(PARK_REF, chunk)
    return _PRONOUN.sub(lambda m: SINGLE if m.group("one") else PAIR, chunk)


def extract_relations(article: Article, sentences: Sequence[Sentence], mentions: Sequence[Mention],
                      lex: Lexicon | None = None) -> tuple[Relation, ...]:
    """Relations stated by the article, deduplicated (best confidence kept)."""
    lex = lex or load_lexicon()
    by_sentence = group_by_sentence(mentions)
    found: dict[tuple, Relation] = {}
    for s in sentences:
        for r in _sentence_relations(article, s, by_sentence, lex):
            key = r.key()
            if key[0] != key[2] and (key not in found or found[key].confidence < r.confidence):
                found[key] = r
    for r in [*_structural_relations(article, sentences, mentions, lex),
              *produces_relations(article, sentences, mentions),
              *industry_relations(article, sentences, mentions)]:
        found.setdefault(r.key(), r)
    for r in counted_placement(article, sentences, mentions, tuple(found.values())):
        found.setdefault(r.key(), r)
    for r in topic_relations(article, sentences, mentions, tuple(found.values()), lex):
        found.setdefault(r.key(), r)
    for r in list_placement(article, sentences, mentions, tuple(found.values()), lex):
        found.setdefault(r.key(), r)
    return tuple(sorted(found.values(), key=lambda r: (r.start, r.predicate, r.subject, r.object)))


def _sentence_relations(article: Article, s: Sentence, by_sentence: dict[int, list[Mention]],
                        lex: Lexicon) -> Iterator[Relation]:
    ms = by_sentence.get(s.index, [])
    masked = mask_sentence(article, s, ms)
    if not _PLACEHOLDER.search(masked.text):
        return  # every pattern needs a name or a pronoun
    context = [m for i in range(max(0, s.index - CONTEXT_SENTENCES), s.index) for m in by_sentence.get(i, [])]
    for p in load_patterns():
        if p.needs is not None and not p.needs.search(masked.text):
            continue
        for hit in p.regex.finditer(masked.text):
            if _PLANNED.search(article.text, s.start + 0, s.end) and _planned(masked.text, hit):
                continue
            subjects = _group(hit, "s", masked, context, ms, p) + _group(hit, "s2", masked, context, ms, p)
            objects = _group(hit, "o", masked, context, ms, p)
            if "o2" in hit.re.groupindex and hit.group("o2"):
                inner = _group(hit, "o", masked, context, ms, p)
                outer = _group(hit, "o2", masked, context, ms, p)
                yield from _pairs(article, s, p, inner, outer)
            if p.rule.startswith("pair") and not hit.groupdict().get("o"):
                pair = _pair(masked, hit.start(), context, ms)
                if p.predicate == "cooperatesWith" and len(pair) == 2:
                    yield from _pairs(article, s, p, pair[:1], pair[1:])
                    continue
                subjects = pair
            elif p.rule.startswith("pair") and not subjects:
                subjects = _pair(masked, hit.start(), context, ms)
            yield from _pairs(article, s, p, subjects, objects)


def _planned(masked: str, hit: re.Match) -> bool:
    return bool(_PLANNED.search(masked, max(0, hit.start() - 6), hit.end()))


def _group(hit: re.Match, name: str, masked: _Masked, context: list[Mention], ms: list[Mention],
           p: Pattern) -> list[Mention]:
    if name not in hit.re.groupindex:
        return _topic(p, name, hit.start(), masked, context) if name in ("s", "o") else []
    if hit.group(name) is None:
        return _topic(p, name, hit.start(), masked, context)
    out = []
    for i in range(hit.start(name), hit.end(name)):
        ch = masked.text[i]
        if i in masked.slots:
            out.append(masked.slots[i])
        elif ch == SINGLE:  # 该公司, 他们: the last organisation named, not where it was a customer (发往某集团)
            prev = _previous_orgs(masked, i, context, ms, 1, skip_customers=True)
            out.extend(prev)
        elif ch == PARK_REF:
            out.extend(_previous_park(masked, i, context))
        elif ch == PAIR:
            out.extend(_previous_orgs(masked, i, context, ms, 2))
    return out


def _topic(p: Pattern, name: str, before: int, masked: _Masked, context: list[Mention]) -> list[Mention]:
    """The place (or organisation) under discussion, for patterns that leave it implicit."""
    lo, hi = DOMAIN[p.predicate]
    wanted = lo if name == "s" else hi
    if p.predicate == "hasIndustry":  # an unnamed subject of 主导产业 is the zone under discussion
        wanted = {"Zone"}
    if p.predicate == "worksFor" and name == "o" and p.rule.startswith("gongsi"):
        return _salient_org(masked, before, context)  # 公司总经理张三: the company under discussion
    if p.predicate == "worksFor" and name == "o" and p.rule.startswith("guanwei"):
        wanted = {"Zone", "Park"}  # 管委会副主任张三: the place under discussion
    if p.predicate in ("cooperatesWith", "supplies") and name == "s" or p.predicate == "subsidiaryOf" and name == "o":
        # 加强与X合作, 主要为X提供产品, 包括A、B等分公司: the organisation under discussion, the sentence's
        # subject if it opens it
        first = min(masked.slots.items(), default=None)
        if first is not None and first[0] <= 1 and first[0] < before and first[1].type in ("Enterprise", "Institution"):
            return [first[1]]
        return _previous_orgs(masked, before, context, [], 1, wanted, skip_customers=p.predicate == "supplies")
    if not wanted & {"Zone", "Park"}:
        return []
    here = [(i, m) for i, m in sorted(masked.slots.items()) if i < before and m.type in wanted]
    ref = masked.text.rfind(PARK_REF, 0, before)
    if "Park" in wanted and ref >= 0 and (not here or here[-1][0] < ref):
        return _previous_park(masked, ref, context)
    if here:
        return [here[-1][1]]
    earlier = [m for m in context if m.type in wanted and m.type != "Park" or (m.type == "Park" and "Park" in wanted)]
    return [earlier[-1]] if earlier else []


def _previous_orgs(masked: _Masked, pos: int, context: list[Mention], ms: list[Mention], n: int,
                   types: frozenset[str] | set[str] = frozenset({"Enterprise", "Institution"}),
                   skip_customers: bool = False) -> list[Mention]:
    here = [m for i, m in sorted(masked.slots.items()) if i < pos and m.type in types]
    pool = [m for m in context if m.type in types] + here
    if skip_customers:
        pool = [m for m in pool if not named_as_customer(masked.source, m.start, m.end)] or pool
    out: list[Mention] = []
    for m in reversed(pool):
        if all(o.entity != m.entity for o in out):
            out.append(m)
        if len(out) == n:
            break
    return out[::-1] if len(out) == n else []


def _salient_org(masked: _Masked, pos: int, context: list[Mention]) -> list[Mention]:
    """The organisation a passage is about: the one named most often in it so far (the latest on a tie), not
    counting where it is named as a customer (发往某集团, 给某集团做配套)."""
    pool = [m for m in context if m.type in ("Enterprise", "Institution")] + \
        [m for i, m in sorted(masked.slots.items()) if i < pos and m.type in ("Enterprise", "Institution")]
    pool = [m for m in pool if not named_as_customer(masked.source, m.start, m.end)] or pool
    if not pool:
        return []
    counts: dict[str, int] = {}
    for m in pool:
        counts[m.entity] = counts.get(m.entity, 0) + 1
    best = max(range(len(pool)), key=lambda i: (counts[pool[i].entity], i))
    return [pool[best]]


def _previous_park(masked: _Masked, pos: int, context: list[Mention]) -> list[Mention]:
    here = [m for i, m in sorted(masked.slots.items()) if i < pos and m.type == "Park"]
    pool = [m for m in context if m.type == "Park"] + here
    return pool[-1:]


def _pair(masked: _Masked, pos: int, context: list[Mention], ms: list[Mention]) -> list[Mention]:
    return _previous_orgs(masked, pos, context, ms, 2)


def _pairs(article: Article, s: Sentence, p: Pattern, subjects: list[Mention],
           objects: list[Mention]) -> Iterator[Relation]:
    lo, hi = DOMAIN[p.predicate]
    conf = p.confidence * (0.9 if len(subjects) > 1 or len(objects) > 1 else 1.0)
    for a in subjects:
        for b in objects:
            if a.type in lo and b.type in hi and a.entity != b.entity:
                yield Relation(a.entity, p.predicate, b.entity, article.id, s.start, s.end,
                               p.rule, round(conf, 2), a.type, b.type)


_GROUP_PREFIX = re.compile(r"^(?P<group>[\u3400-\u9fff]{2,12}?集团)(?!股份|有限|公司|控股)(?P<rest>[\u3400-\u9fff()]{4,})$")


def _structural_relations(article: Article, sentences: Sequence[Sentence], mentions: Sequence[Mention],
                          lex: Lexicon) -> Iterator[Relation]:
    """Relations implied by names: a park named after its zone belongs to it; a company named after its
    group (某某集团|某地能源科技有限公司) is the group's subsidiary."""
    zone_names = {m.entity for m in mentions if m.type == "Zone"}
    for a, b in zip(mentions, mentions[1:]):  # 某某集团|江苏某某有限公司: the group's company
        if a.end == b.start and a.type == b.type == "Enterprise" and a.entity.endswith("集团") \
                and b.rule.startswith("suffix") and not b.entity.endswith("集团"):
            s = sentences[b.sentence]
            yield Relation(b.entity, "subsidiaryOf", a.entity, article.id, s.start, s.end, "name-group", 0.8,
                           "Enterprise", "Enterprise")
    yield from _trade_name_subsidiaries(article, sentences, mentions, lex)
    for m in mentions:
        if m.type == "Enterprise" and m.rule.startswith("suffix"):
            g = _GROUP_PREFIX.match(m.entity)
            if g and lex.regex["suffix"].search(g.group("rest")):
                s = sentences[m.sentence]
                yield Relation(m.entity, "subsidiaryOf", g.group("group"), article.id, s.start, s.end,
                               "name-group", 0.8, "Enterprise", "Enterprise")
        if m.type != "Park":
            continue
        for z in lex.regex["suffix"].finditer(m.entity):
            if lex.place_suffix_type.get(z.group(0)) == "Zone" and z.end() < len(m.entity):
                zone = m.entity[:z.end()]
                zone = zone[zone.rfind("·") + 1:]  # 某某·某高新区医疗器械园 belongs to 某高新区
                start = next((i for i in range(len(zone)) if zone[i:] in zone_names), 0)
                s = sentences[m.sentence]
                yield Relation(m.entity, "belongsTo", zone[start:], article.id, s.start, s.end,
                               "name-structure", 0.9, "Park", "Zone")
                break


_JOINT = re.compile(r"合资|共同出资|联合出资")
_GROUP = re.compile(r"^(?P<body>.{2,16}?)集团(?:股份)?(?:有限公司|有限责任公司)?$")


def _trade_core(name: str, lex: Lexicon, words: bool = True) -> str:
    """A name without the regions in front and (``words``) the industry words after (江苏某某科技 → 某某)."""
    name = strip_anchors(name, lex)
    while words and (w := lex.regex["name_word"].search(name)) and w.start() >= 2:
        name = name[:w.start()]
    return name


def _trade_name_subsidiaries(article: Article, sentences: Sequence[Sentence], mentions: Sequence[Mention],
                             lex: Lexicon) -> Iterator[Relation]:
    """A company bearing the trade name of a group named in the same article is the group's
    (某某集团 … 江苏某某新材料有限公司); a trade name two groups share decides nothing."""
    groups: dict[str, set[str]] = {}
    for m in mentions:
        g = _GROUP.match(m.entity) if m.type == "Enterprise" else None
        core = _trade_core(g.group("body"), lex) if g else ""
        if len(core) >= 2:
            groups.setdefault(core, set()).add(m.entity)
    seen: set[str] = set()
    for m in mentions:
        if m.type != "Enterprise" or not m.rule.startswith("suffix") or _GROUP.match(m.entity) or m.entity in seen:
            continue
        seen.add(m.entity)
        rest = _trade_core(lex.regex["suffix"].sub("", m.entity), lex, words=False)
        owners = {g for core, gs in groups.items() if rest.startswith(core) and len(rest) > len(core) for g in gs}
        s = sentences[m.sentence]
        if len(owners) == 1 and m.entity not in owners and not _JOINT.search(article.text, s.start, s.end):
            yield Relation(m.entity, "subsidiaryOf", owners.pop(), article.id, s.start, s.end, "trade-name-group",
                           0.75, "Enterprise", "Enterprise")
