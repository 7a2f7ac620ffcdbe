"""Industries named by their place in a sentence, and whose industries they are.

Candidates: a phrase right before an industry head (新材料|产业, 集成电路|领域, 经编|行业), each item of a
list before one (生物医药、新能源、新材料等|产业), and lexicon industries (``industries.txt``, from the
national classifications) listed after a lead word (聚焦|A、B、C).  The phrase runs back to a clause
mark and loses leading verbs and modifiers (重点发展|…, 传统|…).

:func:`industry_relations` gives each such industry to the bodies the sentence ties it to:
the enterprises listed with it (A、B等X企业, 以A、B为代表的X产业, X龙头企业A) and the zone or park
the sentence is about (named in it, else the last one named in the preceding sentences).

>>> from kg.model import Article
>>> from kg.extract.sentences import split_sentences
>>> a = Article.from_text("t", "园区重点发展生物医药、新能源等产业。")
>>> sorted({m.text for m in industry_mentions(a, split_sentences(a)[0])})
['新能源', '生物医药']
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from typing import Iterator, Sequence

from kg.extract.lexicon import Lexicon, alternation, load_lexicon, read_sections
from kg.extract.names import CJK, NAME_CHAR, clause_start, mention, starts_with_function_word
from kg.model import Article, Mention, Relation, Sentence, by_sentence, places_before

INDUSTRY_SCORE = 0.72  # above the bare lexicon match, which it wins over on the same span
CONTEXT = 4  # sentences back to find the place a sentence is about
# A、B等一批|生态特色食品|企业: the sector of the enterprises a list names
_SECTOR_OF_LIST = re.compile(rf"等(?:一批|多家|[0-9一二三四五六七八九十几]+家)?(?:国内外|国内|省内|本地|知名|重点|优质|大型)?"
                             rf"(?P<x>[{CJK}]{{2,10}}?)(?:龙头|骨干|领军|重点|配套)?(?:企业|厂商)")
_SEP = re.compile(r"、|,")  # 和/及/与 join words inside a sector's name too (微电子与集成电路): not split
_ITEM = re.compile(rf"[{CJK}A-Za-z0-9]{{2,14}}")


@lru_cache(maxsize=1)
def _cues() -> dict:
    words = read_sections("industry_cues.txt")
    return {
        "head": re.compile(f"(?:{alternation(words['head'])})(?!园|基地|新城|区|城|小镇|大会|联盟|协会|基金|政策|规划|项目)"),
        "lead": re.compile(f"(?:{alternation(words['lead'])})"),
        "trim": re.compile(f"^(?:{alternation(words['trim'])})+"),
        "not": frozenset(words["not"]),
        "tail": re.compile(f"(?:{alternation(words['tail'])})$"),
        "growth": tuple(words["growth"]),
        "umbrella": frozenset(words["umbrella"]),
        "wider": re.compile(alternation(words["wider"])),
    }


def industry_mentions(article: Article, sentence: Sentence, lex: Lexicon | None = None) -> Iterator[Mention]:
    """Industry candidates of one sentence (rules ``industry-head`` and ``industry-lead``)."""
    lex = lex or load_lexicon()
    text = article.text
    cues = _cues()
    for head in cues["head"].finditer(text, sentence.start, sentence.end):
        yield from _list_before(article, sentence, head.start(), head.end(), head.group(0), lex)
    for m in _SECTOR_OF_LIST.finditer(text, sentence.start, sentence.end):
        name = m.group("x")
        if _good(name, lex, sure=False):
            yield Mention(article.id, m.start("x"), m.end("x"), "Industry", name, "industry-firms", INDUSTRY_SCORE,
                          sentence.index)
    for lead in cues["lead"].finditer(text, sentence.start, sentence.end):
        end = _clause_end(text, lead.end(), sentence.end)
        for start, stop in _items(text, lead.end(), end):
            name = text[start:stop].rstrip("等")
            if name in lex.industries:
                yield Mention(article.id, start, start + len(name), "Industry", name, "industry-lead",
                              INDUSTRY_SCORE, sentence.index)


_CLAUSE_MARKS = ",;:。!?“”()"
_CLAUSE_MARK = re.compile(f"[{re.escape(_CLAUSE_MARKS)}]")


def _clause_end(text: str, start: int, end: int) -> int:
    m = _CLAUSE_MARK.search(text, start, end)
    return m.start() if m else end


def _items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out, pos = [], start
    for sep in list(_SEP.finditer(text, start, end)) + [None]:
        stop = sep.start() if sep else end
        out.append((pos, stop))
        if sep:
            pos = sep.end()
    return out


def _list_before(article: Article, sentence: Sentence, head_start: int, head_end: int, head: str,
                 lex: Lexicon) -> Iterator[Mention]:
    text = article.text
    start = clause_start(text, sentence.start, head_start, _CLAUSE_MARKS)
    items = _items(text, start, head_start)
    listed = len(items) > 1
    if listed:
        first = _best_phrase(text, *items[0], lex)  # the clause's opening words are not the first item's
        spans = ([first] if first else []) + [(_trim(text, a, b), b) for a, b in items[1:-1]]
        a, b = items[-1]
        spans.append((_trim(text, a, _before_count(text, a, b)), _before_count(text, a, b)))
        kept = [(a, b) for a, b in spans if _good(text[a:b], lex, sure=True)]
        named = sum(text[a:b] in lex.industries or bool(_cues()["tail"].search(text[a:b])) for a, b in kept)
        spans = kept if 2 * named >= len(spans) else []  # a list of sectors, not of anything
    else:
        best = _best_phrase(text, start, _before_count(text, start, head_start), lex)
        spans = [best] if best else []
    for a, b in spans:
        span_end = b + len(head) if (head in ("产业", "产业集群") and b == head_start) else b
        yield Mention(article.id, a, span_end, "Industry", text[a:span_end], "industry-head", INDUSTRY_SCORE,
                      sentence.index, text[a:b] if span_end != b else "")


def _best_phrase(text: str, start: int, end: int, lex: Lexicon) -> tuple[int, int] | None:
    """The longest tail of ``text[start:end]`` that is a lexicon industry, else that looks like one."""
    start = _trim(text, start, end)
    if end - start < 2:
        return None
    tails = [a for a in range(start, end - 1)]
    for a in tails:
        if text[a:end] in lex.industries:
            return a, end
    for a in tails:
        if end - a <= 8 and (a == start or not _NAME_CHAR.match(text[a - 1]) or _after_word(text, start, a, lex)) \
                and _good(text[a:end], lex, sure=False):
            return a, end
    return None


_NAME_CHAR = re.compile(rf"[{CJK}A-Za-z0-9]")


def _after_word(text: str, start: int, a: int, lex: Lexicon) -> bool:
    """True when a function word or a trim word ends right before ``a`` (从|电子信息, 围绕|先进碳材料)."""
    for n in (1, 2, 3, 4):
        if a - n >= start:
            word = text[a - n:a]
            if lex.common_words.get(word) in _FUNCTION or _cues()["trim"].fullmatch(word) or word in "和与及、":
                return True
    return False


def _before_count(text: str, a: int, b: int) -> int:
    """Drop 等 and a count (5个百亿级, 四大) at the end of the last item, the 为 of 以A、B为主导产业 and the
    形成 of A、B产业形成三大主导产业."""
    m = re.search(r"(?:等|为代表的|为主的|的|为)?(?:形成|构成)?(?:众多|诸多|多个|一批|[0-9一二三四五六七八九十两几多]+(?:个|大|项|条)?)?(?:百亿级|千亿级|百亿|千亿|新兴|优势|主导|重点|特色|支柱|细分|相关|关键|重要|未来|前沿|核心)?$",
                  text[a:b])
    return a + m.start() if m else b


def _trim(text: str, a: int, b: int) -> int:
    m = _cues()["trim"].match(text, a, b)
    return m.end() if m and b - m.end() >= 2 else a


def _good(name: str, lex: Lexicon, sure: bool) -> bool:
    if not _ITEM.fullmatch(name) or name in _cues()["not"] or name[0].isdigit():
        return False
    if _cues()["trim"].match(name) and name not in lex.industries:
        return False
    if lex.regex["anchor"].fullmatch(name) or lex.regex["suffix"].search(name):
        return False
    if re.search(r"[的了着过等]", name) or len(name) > (12 if sure else 8) or _PLACE_WORD.search(name):
        return False
    if name not in lex.industries and (_opens_with_verb(name, lex) or any(
            lex.common_words.get(name[i:i + 2]) in _FUNCTION for i in range(len(name) - 1))):
        return False  # opens with a verb, or a function word inside: a clause, not a sector (为海口生物医药)
    pos = lex.common_words.get(name)
    if pos is not None and pos not in ("n", "nz", "vn", "l") and name not in lex.industries:
        return False
    if name not in lex.industries and (name.endswith(_cues()["growth"]) or lex.regex["division"].match(name)):
        return False  # ends with a verb (商用车|延伸), or a place's cluster (玉林|机械): no sector's name
    return sure or name in lex.industries or (len(name) >= 3 and bool(_cues()["tail"].search(name)))


def _opens_with_verb(name: str, lex: Lexicon) -> bool:
    """计算|… opens with a verb unless a longer noun starts there (计算机)."""
    if any(lex.common_words.get(name[:n]) in ("n", "nz", "vn") for n in (4, 3)):
        return False
    return lex.common_words.get(name[:2]) in _VERB


_PLACE_WORD = re.compile(r"[省市县区镇乡村]|[0-9]")
_FUNCTION = ("p", "d", "c", "r", "m", "q", "f", "ad", "u")
_VERB = ("v", "vd") + _FUNCTION
_SURE_CUE = re.compile(r"主导产业|支柱产业|特色产业|首位产业|优势产业|重点产业|产业集群|产业体系|聚焦|重点发展|主攻|围绕|"
                       r"[0-9一二三四五六七八九十两]+(?:个|大)(?:百亿级|千亿级|主导|重点|支柱|特色|优势|拓展|新兴)?(?:产业|板块)|"
                       r"(?:涵盖|覆盖)[^,。;:]{2,40}?等(?:多个|[0-9一二三四五六七八九十]+(?:个|大))?(?:领域|行业)")
_PARK_WORD = re.compile(r"(?<![\u4e00-\u9fff])园区")  # a bare 园区, no park's name: the park under discussion


def industry_relations(article: Article, sentences: Sequence[Sentence],
                       mentions: Sequence[Mention]) -> Iterator[Relation]:
    """hasIndustry from places and listed enterprises to the industries their sentence names.

    The place is the nearest zone or park named before the industry in its sentence, else (when the
    sentence has a cue such as 主导产业 or 聚焦) the last one named in the preceding sentences.
    """
    grouped = by_sentence(mentions)
    for s in sentences:
        here = grouped.get(s.index, [])
        industries = [m for m in here if m.type == "Industry" and _named_as_industry(article.text, m)
                      and m.entity not in _cues()["umbrella"]]
        if not industries:
            continue
        # 我省十大新兴产业: a cue about a wider area names no industry of the place under discussion
        text = article.text
        cue = bool(_SURE_CUE.search(text, s.start, s.end)) and not _cues()["wider"].search(text, s.start, s.end)
        park_word = bool(_PARK_WORD.search(text[s.start:s.end]))
        for ind in industries:
            place = _place([m for m in here if m.end <= ind.start], grouped, s.index, cue, park_word) \
                or _place_led(article.text, ind, here)
            if place is not None:
                yield _relation(article, s, place, ind, 0.65)
            for ent in _listed_with(article, here, ind):
                yield _relation(article, s, ent, ind, 0.65)


_LED = re.compile(r"(?:产业|行业)?(?:为主导|为主|为特色|为支柱|为核心|为重点|为首位产业)的?$")


def _place_led(text: str, ind: Mention, here: list[Mention]) -> Mention | None:
    """以X产业为主导的某园区: the place right after the industry that leads it."""
    after = [m for m in here if m.type in ("Zone", "Park") and m.start >= ind.end and m.start - ind.end <= 10]
    if after and _LED.search(text, ind.end, after[0].start):
        return after[0]
    return None


def _named_as_industry(text: str, m: Mention) -> bool:
    """Found by its place in the sentence, or a lexicon industry followed by an industry head."""
    return m.rule.startswith("industry-") or (m.rule == "lexicon" and (
        m.text != m.entity or bool(_cues()["head"].match(text, m.end)) or bool(_MAKERS.match(text, m.end))))


_MAKERS = re.compile(r"(?:龙头|领军|骨干|重点|明星)?(?:企业|厂商|制造企业|生产企业)")


def _place(here: list[Mention], grouped: dict[int, list[Mention]], index: int, cue: bool,
           park_word: bool = False) -> Mention | None:
    """The place named last before the industry, else (with a cue) the zone of the preceding sentences, or
    their park when the sentence speaks of 园区."""
    places = [m for m in here if m.type in ("Zone", "Park")]
    if places:
        return places[-1]
    if not cue:
        return None
    earlier = places_before(grouped, index, CONTEXT)
    # a leading industry is most often the zone's; the sectors 园区 covers are the park's
    preferred = [m for m in earlier if m.type == ("Park" if park_word else "Zone")]
    return (preferred or earlier or [None])[-1]


_WITH = re.compile(r"^(?:等|等一批|等多家|等\d+家|为代表的|为龙头的|为首的)?[^,。;]{0,6}$")


def _listed_with(article: Article, here: list[Mention], ind: Mention) -> list[Mention]:
    """Enterprises a sentence lists with an industry: A、B等X企业 | 以A、B为代表的X产业 | X龙头企业A."""
    text = article.text
    ents = [m for m in here if m.type == "Enterprise" and (m.score >= 0.8 or m.rule.startswith("list"))]
    before = [e for e in ents if e.end <= ind.start and _WITH.match(text[e.end:ind.start].lstrip("、和及与"))
              and ind.start - e.end <= 8]
    out = []
    if before:
        last = before[-1]
        out = [e for e in ents if e.end <= last.end and _in_list(text, e, last)]
    after = text[ind.end:ind.end + 6]
    if re.match(r"(?:产业|行业)?(?:龙头企业|领军企业|企业|龙头|厂商)", after):
        out += [e for e in ents if ind.end < e.start <= ind.end + 8]
    return out


def _in_list(text: str, e: Mention, last: Mention) -> bool:
    return e is last or (last.start - e.end < 40 and not re.search(r"[,;。:]", text[e.end:last.start]))


def _relation(article: Article, s: Sentence, subject: Mention, ind: Mention, conf: float) -> Relation:
    return Relation(subject.entity, "hasIndustry", ind.entity, article.id, s.start, s.end, "industry-context",
                    conf, subject.type, "Industry")


# --- recognisers of find_mentions (kg.extract.mentions)

def lexicon_industry_mentions(a: Article, s: Sentence, lex: Lexicon) -> Iterator[Mention]:
    text = a.text
    for m in lex.regex["industry"].finditer(text, s.start, s.end):
        if len(m.group(0)) <= 2 and not _standalone(text, m.start(), m.end()):
            continue  # a short sector word inside a longer name (蓝晶|生物|项目, 某某|能源|公司)
        end = m.end()
        for tail in ("产业集群", "产业"):
            if text.startswith(tail, end):
                end += len(tail)
                break
        found = mention(a, s, m.start(), end, "Industry", "lexicon", 0.7)
        yield replace(found, name=m.group(0)) if end > m.end() else found  # 磁悬浮产业集群 is 磁悬浮


_SECTOR_HEAD = re.compile(r"产业(?!园|基地|新城)|行业|领域|集群|板块")

_SECTOR_NEXT = re.compile(r"产业|行业|领域|集群|板块|等|、|和|及|与|[,。;:”)]")


def _standalone(text: str, start: int, end: int) -> bool:
    """A short word stands alone: a clause mark or a conjunction before it, and an industry head or one after."""
    before = text[start - 1:start] if start else ","
    if _SECTOR_HEAD.match(text, end):
        return True
    return bool(_SECTOR_NEXT.match(text, end)) and (before in "、,;:“(和及与" or not NAME_CHAR.match(before)
                                                     or text[start - 2:start] in ("发展", "聚焦", "主攻", "围绕"))


_QUOTED_INDUSTRY = re.compile(rf"“(?P<name>[{CJK}A-Za-z0-9]{{2,8}})”(?=产业(?!园|基地|集聚区))")

_CLUSTER = re.compile(r"产业集群|产业链")


def structural_industry_mentions(a: Article, s: Sentence, lex: Lexicon) -> Iterator[Mention]:
    """Industries named by their place in the sentence: “油头化尾”产业, 某高新区X产业集群."""
    text = a.text
    for m in _QUOTED_INDUSTRY.finditer(text, s.start, s.end):
        yield mention(a, s, m.start("name"), m.end("name"), "Industry", "quoted", 0.7)
    for m in _CLUSTER.finditer(text, s.start, s.end):
        start = _cluster_start(text, m.start(), s.start, lex)
        if start is not None:
            yield mention(a, s, start, m.start(), "Industry", "cluster", 0.7)


def _cluster_start(text: str, end: int, floor: int, lex: Lexicon) -> int | None:
    """Left edge of X in 某高新区X产业集群 (None unless a place name comes right before X)."""
    i = end
    while i > max(floor, end - 16) and re.match(rf"[{CJK}]", text[i - 1]) and text[i - 1] not in "的级大个和、":
        i -= 1
    place = [m.end() for m in lex.regex["suffix"].finditer(text, i, end)
             if m.group(0) in lex.place_suffix_type]
    if not place:  # only right after a zone or park name (某高新区X产业集群)
        return None
    i = max(place)
    body = text[i:end]
    if set("的将把被对向从以") & set(body) or lex.regex["weak"].search(body) or starts_with_function_word(body, lex):
        return None
    if not 2 <= len(body) <= 12 or body in lex.common_words or lex.regex["anchor"].fullmatch(body):
        return None
    return i
