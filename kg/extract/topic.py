"""Relations implied by what a passage is about, not by a trigger between two names.

News about a zone names its parks and enterprises without repeating where
they are: a park named in a passage about 常州高新区 belongs to it, and an
enterprise the passage reports on (by a full name or a sure short one) sits in it.  These facts get a
lower confidence than pattern relations, and are skipped when the clause makes
the organisation an outside partner (与…对接, 协调…, 联合…共建) or its name
starts with another city or a country.

>>> from kg.model import Article
>>> from kg.extract.article import extract_article
>>> a = Article.from_text("t", "常州高新区产业发展势头良好。恒瑞精工、启明光电等一批企业加快成长,"
...                       "并与北京天衡等企业开展对接。")
>>> sorted((r.subject, r.object, r.rule) for r in extract_article(a).relations if r.predicate == "locatedIn")
[('启明光电', '常州高新区', 'topic-zone'), ('恒瑞精工', '常州高新区', 'topic-zone')]
"""
from __future__ import annotations

import re
from typing import Iterable, Iterator, Sequence

from kg.extract.lexicon import Lexicon
from kg.extract.names import clause_start, named_as_customer
from kg.model import Article, Mention, Relation, Sentence, by_sentence, places_before

PARK_CONFIDENCE = 0.6
BROAD_ZONE = 0.7  # a 新区, 经济区 or 示范区 (score below this) spans many zones: nothing is placed in one by topic
PLACEMENT_CONFIDENCE = 0.6
_CLAUSE_ENDS = ",;:!?，；：！？。"
_NATIONAL = ("中国", "中华")


def topic_relations(article: Article, sentences: Sequence[Sentence], mentions: Sequence[Mention],
                    found: Iterable[Relation], lex: Lexicon, window: int = 15) -> Iterator[Relation]:
    """belongsTo for parks and locatedIn for organisations, from the zone under discussion."""
    found = list(found)
    placed_parks = {r.subject for r in found if r.predicate == "belongsTo"}
    placed_orgs = {r.subject for r in found if r.predicate == "locatedIn"}
    zones = by_sentence(m for m in mentions if m.type == "Zone" and not _broad(m))
    park = _title_park(mentions)
    outside = _outside_parties(found)
    parents = {r.object for r in found if r.predicate == "subsidiaryOf"}  # the group of a local firm sits elsewhere
    for m in mentions:
        if m.type == "Park" and m.entity not in placed_parks and not m.entity.endswith(("园区", "分园")):
            zone = _zone_of(m, zones, window)
            if zone is not None and (_same_region(m.entity, zone.entity, lex, allow_province=True)
                                     or _region(m.entity, lex) in _NATIONAL) \
                    and not _other_county(m.entity, zone.entity, lex):  # 中国某某产业园 may be in any zone
                placed_parks.add(m.entity)
                yield _relation(article, sentences[m.sentence], m, "belongsTo", zone, PARK_CONFIDENCE)
        elif m.type == "Enterprise" and m.score >= 0.75 and m.entity not in placed_orgs | parents \
                and (sentences[m.sentence].start, m.entity) not in outside \
                and not named_as_customer(article.text, m.start, m.end) \
                and not m.rule.endswith("基金"):  # a fund is set up, not sited
            zone = _zone_of(m, zones, window) if zones else park
            if zone is not None and _local(m, zone, article, sentences[m.sentence], lex):
                placed_orgs.add(m.entity)
                yield _relation(article, sentences[m.sentence], m, "locatedIn", zone, PLACEMENT_CONFIDENCE)


def _title_park(mentions: Sequence[Mention]) -> Mention | None:
    """The park an article that names no zone is about: the most often named of its parks, if it is
    named in the first sentence (the title) or more often than any other."""
    counts: dict[str, int] = {}
    for m in mentions:
        if m.type == "Park":
            counts[m.entity] = counts.get(m.entity, 0) + 1
    if not counts:
        return None
    top = max(counts, key=lambda e: (counts[e], e))
    named = [m for m in mentions if m.type == "Park" and m.entity == top]
    in_title = any(m.sentence == 0 for m in named)
    most_often = counts[top] >= 2 and list(counts.values()).count(counts[top]) == 1
    return named[0] if in_title or most_often else None


def _broad(m: Mention) -> bool:
    return m.type == "Zone" and m.score < BROAD_ZONE


def _outside_parties(found: Iterable[Relation]) -> set[tuple[int, str]]:
    """(sentence start, name) of the customers, investors and partners a sentence's relations name, and of
    the employers of the people it names (a roster of guests: 某集团董事长某某、某公司总经理某某): the
    sentence says what they do or who came, not where they are."""
    out = set()
    for r in found:
        if r.predicate in ("supplies", "worksFor"):
            out.add((r.start, r.object))
        elif r.predicate == "investsIn":
            out.add((r.start, r.subject))
    return out


LIST_CONFIDENCE = 0.6
_AMOUNT = re.compile(r"计划总?投资")  # the size of a project (计划总投资5亿元), not a plan
_JOIN = re.compile(r"^(?:、|和|及|与|以及|,)$")


def list_placement(article: Article, sentences: Sequence[Sentence], mentions: Sequence[Mention],
                   found: Iterable[Relation], lex: Lexicon, window: int = 8) -> Iterator[Relation]:
    """locatedIn for each enterprise of a list (A、B、C等一批企业) in a sentence that gathers them in a place.

    The place is the nearest zone or park before the list in its sentence, else the first after it,
    else the last one named in the ``window`` sentences before; a sentence that makes the list
    customers, partners or a signing (客户, 合作, 签约 …) places nobody.
    """
    placed = {r.subject for r in found if r.predicate == "locatedIn"}
    cues = lex.topic_cues
    specific = any(m.type == "Park" or (m.type == "Zone" and m.score >= BROAD_ZONE) for m in mentions)
    grouped = by_sentence(m for m in mentions if not (specific and _broad(m)))  # 某新区 only when nothing narrower
    text = article.text
    for s in sentences:
        here = grouped.get(s.index, [])
        for group in _enterprise_lists(text, here):
            clause = _AMOUNT.sub("", text[clause_start(text, s.start, group[0].start, ";:。"):group[-1].end + 12])
            if not any(w in clause for w in cues.get("gather", ())) or \
                    any(w in clause for w in cues.get("list_outside", ())):
                continue
            place = _list_place(here, group, grouped, s.index, window)
            if place is None:
                continue
            for m in group:
                if m.entity not in placed and _same_region(m.entity, place.entity, lex, allow_province=True):
                    placed.add(m.entity)
                    yield Relation(m.entity, "locatedIn", place.entity, article.id, s.start, s.end,
                                   "list-place", LIST_CONFIDENCE, m.type, place.type)


def _enterprise_lists(text: str, here: list[Mention]) -> Iterator[list[Mention]]:
    """Runs of two or more enterprises joined only by 、和及与 (maximal)."""
    run: list[Mention] = []
    for m in here:
        if m.type != "Enterprise":
            if len(run) >= 2:
                yield run
            run = []
            continue
        if run and not _JOIN.match(text[run[-1].end:m.start]):
            if len(run) >= 2:
                yield run
            run = []
        run.append(m)
    if len(run) >= 2:
        yield run


def _list_place(here: list[Mention], group: list[Mention], grouped: dict[int, list[Mention]],
                index: int, window: int) -> Mention | None:
    places = [m for m in here if m.type in ("Zone", "Park")]
    before = [m for m in places if m.end <= group[0].start]
    if before:
        return before[-1]
    after = [m for m in places if m.start >= group[-1].end]
    if after:
        return after[0]
    earlier = places_before(grouped, index, window)
    return earlier[-1] if earlier else None


def _zone_of(m: Mention, zones: dict[int, list[Mention]], window: int) -> Mention | None:
    """The zone named in the mention's sentence (before it, else after), else the last one in the
    ``window`` sentences before (``zones``: grouped by sentence, see :func:`kg.model.by_sentence`)."""
    same = zones.get(m.sentence, [])
    before = [z for z in same if z.start < m.start]
    if before:
        return before[-1]
    for i in range(m.sentence - 1, m.sentence - window - 1, -1):
        if zones.get(i):
            return zones[i][-1]
    return same[0] if same else None


def _relation(article: Article, s: Sentence, m: Mention, predicate: str, zone: Mention,
              confidence: float) -> Relation:
    return Relation(m.entity, predicate, zone.entity, article.id, s.start, s.end,
                    "topic-zone" if zone.type == "Zone" else "topic-park", confidence, m.type, zone.type)


def _local(m: Mention, zone: Mention, article: Article, s: Sentence, lex: Lexicon) -> bool:
    """False when the clause or the name says the organisation is from elsewhere."""
    if not _same_region(m.entity, zone.entity, lex, allow_province=True):
        return False
    text = article.text
    start = clause_start(text, s.start, m.start, _CLAUSE_ENDS)
    ends = [i for i in (text.find(c, m.end, s.end) for c in _CLAUSE_ENDS) if i >= 0]
    end = min(ends) if ends else s.end
    before, after = text[start:m.start], text[m.end:end]
    cues = lex.topic_cues
    if any(w in before for w in cues.get("outside", ())) or any(w in after for w in cues.get("outside_after", ())):
        return False
    return not (any(w in before for w in cues.get("partner_before", ()))
                and any(w in after for w in cues.get("partner_after", ())))


def _same_region(name: str, zone: str, lex: Lexicon, allow_province: bool = False) -> bool:
    """False when ``name`` starts with a region other than the zone's; a province is allowed (with
    ``allow_province``) when it is the zone's own (江苏某某科技 in a zone of a Jiangsu county).

    >>> from kg.extract.lexicon import load_lexicon
    >>> lex = load_lexicon()
    >>> [_same_region(n, "如皋高新区", lex, True) for n in ("江苏恒远科技有限公司", "浙江恒远科技有限公司", "昆山恒远公司")]
    [True, False, False]
    """
    p, z = _region(name, lex), _zone_region(zone, lex)
    if not p or not z or p == z or (z in lex.provinces and lex.province_of.get(p) == z):
        return True
    if not (allow_province and p in lex.provinces):
        return False
    province = lex.province_of.get(z, "")
    return not province or province == p


def _other_county(park: str, zone: str, lex: Lexicon) -> bool:
    """The park is named after another county or city than the zone (某县产业园 is not in 另县开发区).

    >>> from kg.extract.lexicon import load_lexicon
    >>> lex = load_lexicon()
    >>> [_other_county(p, "泰和经开区", lex) for p in ("永新电子产业园", "泰和电子产业园", "江西电子产业园")]
    [True, False, False]
    """
    p, z = _zone_region(park, lex), _zone_region(zone, lex)
    return bool(p and z and p != z and p not in lex.provinces and p not in zone)


def _region(name: str, lex: Lexicon) -> str:
    """The region a name starts with ('' for none, or a national body such as 中科院)."""
    m = lex.regex["anchor"].match(name)
    return m.group(0) if m and m.group(0) in lex.regions else ""


def _zone_region(zone: str, lex: Lexicon) -> str:
    """The region a zone's name starts with, counties included (如皋|高新区)."""
    m = lex.regex["division"].match(zone)
    return m.group(0) if m and (m.group(0) in lex.regions or m.group(0) in lex.divisions) else ""


COUNTED_CONFIDENCE = 0.75
_COUNTED = re.compile(r"(?:这|该|上述|以上)(?P<n>[0-9]+|[一二两三四五六七八九十]+)(?:家|个)(?:企业|公司|项目)?"
                      r"(?:分别是|分别为|包括|是|为|有)")
_SETTLED = "(?:落户|入驻|进驻|落地)"


def counted_placement(article: Article, sentences: Sequence[Sentence], mentions: Sequence[Mention],
                      found: Iterable[Relation], window: int = 3) -> Iterator[Relation]:
    """locatedIn for each organisation of 这5家企业分别是A、B… when a sentence before says 5家…企业…落户X.

    >>> from kg.extract.article import extract_article
    >>> a = Article.from_text("t", "3家企业集中签约落户江湾智造产业园。这3家企业分别是恒远精密有限公司、启明光电有限公司。")
    >>> sorted((r.subject, r.object) for r in extract_article(a).relations if r.rule == "counted-place")
    [('启明光电有限公司', '江湾智造产业园'), ('恒远精密有限公司', '江湾智造产业园')]
    """
    placed = {r.subject for r in found if r.predicate == "locatedIn"}
    grouped = by_sentence(mentions)
    text = article.text
    for s in sentences:
        hit = _COUNTED.search(text, s.start, s.end)
        if not hit:
            continue
        place = _counted_place(text, sentences, grouped, s.index, hit.group("n"), window)
        for m in grouped.get(s.index, []) if place is not None else ():
            if m.type in ("Enterprise", "Institution") and m.start >= hit.end() and m.entity not in placed:
                placed.add(m.entity)
                yield Relation(m.entity, "locatedIn", place.entity, article.id, s.start, s.end,
                               "counted-place", COUNTED_CONFIDENCE, m.type, place.type)


def _counted_place(text: str, sentences: Sequence[Sentence], grouped: dict[int, list[Mention]], index: int,
                   n: str, window: int) -> Mention | None:
    """The place after 落户/入驻 in the nearest of the ``window`` sentences before that counts ``n`` firms."""
    counted = re.compile(rf"(?<![0-9]){n}(?:家|个)[^。;]*?{_SETTLED}")
    for i in range(index - 1, max(-1, index - window - 1), -1):
        s = sentences[i]
        hit = counted.search(text, s.start, s.end)
        places = [p for p in grouped.get(i, []) if hit and p.type in ("Zone", "Park") and p.start >= hit.end()]
        if places:
            return places[0]
    return None
