"""Relations implied by what a passage is about, not by a trigger between two names.

News about a zone names its parks and enterprises without repeating where
they are: a park named in a passage about 常州高新区 belongs to it, and an
enterprise the passage reports on (by a full name or a sure short one) sits in it.  These facts get a
lower confidence than pattern relations, and are skipped when the clause makes
the organisation an outside partner (与…对接, 协调…, 联合…共建) or its name
starts with another city or a country.

>>> from kg.model import Article
>>> from kg.pipeline import extract_article
>>> a = Article.from_text("t", "常州高新区产业发展势头良好。恒瑞精工、启明光电等一批企业加快成长,"
...                       "并与北京天衡等企业开展对接。")
>>> sorted((r.subject, r.object, r.rule) for r in extract_article(a).relations if r.predicate == "locatedIn")
[('启明光电', '常州高新区', 'topic-zone'), ('恒瑞精工', '常州高新区', 'topic-zone')]
"""
from __future__ import annotations

from typing import Iterable, Iterator, Sequence

from ..lexicon import Lexicon
from ..model import Article, Mention, Relation, Sentence
from .names import clause_start

PARK_CONFIDENCE = 0.6
PLACEMENT_CONFIDENCE = 0.6
_CLAUSE_ENDS = ",;:!?，；：！？。"


def topic_relations(article: Article, sentences: Sequence[Sentence], mentions: Sequence[Mention],
                    found: Iterable[Relation], lex: Lexicon, window: int = 15) -> Iterator[Relation]:
    """belongsTo for parks and locatedIn for organisations, from the zone under discussion."""
    found = list(found)
    placed_parks = {r.subject for r in found if r.predicate == "belongsTo"}
    placed_orgs = {r.subject for r in found if r.predicate == "locatedIn"}
    zones = [m for m in mentions if m.type == "Zone"]
    for m in mentions:
        if m.type == "Park" and m.entity not in placed_parks and not m.entity.endswith(("园区", "分园")):
            zone = _zone_of(m, zones, window)
            if zone is not None and _same_region(m.entity, zone.entity, lex, allow_province=True):
                placed_parks.add(m.entity)
                yield _relation(article, sentences[m.sentence], m, "belongsTo", zone, PARK_CONFIDENCE)
        elif m.type == "Enterprise" and m.score >= 0.8 and m.entity not in placed_orgs \
                and not m.rule.endswith("基金"):  # a fund is set up, not sited
            zone = _zone_of(m, zones, window)
            if zone is not None and _local(m, zone, article, sentences[m.sentence], lex):
                placed_orgs.add(m.entity)
                yield _relation(article, sentences[m.sentence], m, "locatedIn", zone, PLACEMENT_CONFIDENCE)


def _zone_of(m: Mention, zones: list[Mention], window: int) -> Mention | None:
    """The zone named in the mention's sentence (before it, else after), else the last one before."""
    same = [z for z in zones if z.sentence == m.sentence]
    before = [z for z in same if z.start < m.start] or [z for z in zones if m.sentence - window <= z.sentence < m.sentence]
    if before:
        return before[-1]
    return same[0] if same else None


def _relation(article: Article, s: Sentence, m: Mention, predicate: str, zone: Mention,
              confidence: float) -> Relation:
    return Relation(m.entity, predicate, zone.entity, article.id, s.start, s.end,
                    "topic-zone", confidence, m.type, "Zone")


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
    """False when ``name`` starts with a region other than the zone's (a province may be allowed)."""
    p, z = _region(name, lex), _region(zone, lex)
    if not p or not z or p == z:
        return True
    return allow_province and p in lex.provinces


def _region(name: str, lex: Lexicon) -> str:
    """The region a name starts with ('' for none, or a national body such as 中科院)."""
    m = lex.regex["anchor"].match(name)
    return m.group(0) if m and m.group(0) in lex.regions else ""
