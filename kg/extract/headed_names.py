"""Names that end in a head: a legal form (有限公司), an institution's (研究院), a zone's or a park's
(高新区, 产业园), and names from the gazetteer of known bodies.

The left edge is found by walking back from the head (:func:`kg.extract.names.left_edge`); a zone
starts at the divisions before its head (常州高新区); a park loses the verbs and clause words in front
of it; a description (智能制造产业基地, 千亿园区) is not a name.

>>> from kg.extract.lexicon import load_lexicon
>>> from kg.extract.sentences import split_sentences
>>> a = Article.from_text("t", "位于如皋高新区的南通恒远精密机械有限公司入驻了南通光电产业园。")
>>> [(m.type, m.text) for m in headed_mentions(a, split_sentences(a)[0], load_lexicon())]
[('Zone', '如皋高新区'), ('Enterprise', '南通恒远精密机械有限公司'), ('Park', '南通光电产业园')]
"""
from __future__ import annotations

import re
from typing import Iterator

from kg.extract.lexicon import Lexicon
from kg.extract.names import (CJK, FUNCTION_WORDS, NAME_CHAR, PRONOUN_CHARS, QUANTIFIED, core_length, left_edge,
                              descriptors_only, mention, place_prefix_end,
                              strip_anchors)
from kg.model import Article, Mention, Sentence

_COUNTED = re.compile(r"(?:等|[0-9一二三四五六七八九十两几多百千]+(?:家|个|类))$")


def headed_mentions(a: Article, s: Sentence, lex: Lexicon) -> Iterator[Mention]:
    text = a.text
    for m in lex.regex["suffix"].finditer(text, s.start, s.end):
        suffix = m.group(0)
        if text[m.end() - 1:m.end() + 1] in lex.common_words:
            continue  # the suffix runs on into a word (虚拟现实|业务)
        type_ = lex.org_suffix_type.get(suffix) or lex.place_suffix_type[suffix]
        conf = lex.org_suffix_conf.get(suffix) or lex.place_suffix_conf[suffix]
        if type_ == "Zone":
            start = _zone_start(text, m.start(), s.start, lex)
        else:
            start = left_edge(text, m.start(), lex, skip_short_cuts=type_ == "Enterprise")
        if start is None or start < s.start or start >= m.start():
            continue
        if type_ in ("Zone", "Park") and text[start] in "县市区省镇乡" and text[start - 1:start] in _REFERRING:
            continue  # 该县经济开发区: the zone of a county named elsewhere, no name
        if type_ in ("Enterprise", "Institution") and _COUNTED.search(text, max(0, m.start() - 6), m.start()):
            continue  # A、B等公司, 9家公司: a list's closure or a count, no name of its own
        if suffix == "园" and not _industry_before(text, m.start(), lex):
            continue  # 医疗器械园 is a park; 公园, 家园, 校园 are not
        if suffix in lex.building_suffixes and not _inside_park(text, m.start(), s.start, lex):
            continue  # 某某创新园海科广场 is a building of the park; 人民广场 is no place of the graph
        if type_ == "Park":
            start = _after_verbs(text, _after_inner_park(text, start, m.start(), lex), m.start(), lex)
            start = _after_clause_words(text, start, m.start(), lex)
            start = _coordinated_park_start(text, start, s.start, lex)
            start = _dotted_start(text, start, s.start, lex)
            if not _good_park(text, start, m.start(), lex):
                continue
        if type_ == "Institution" and _DESIGNATION.search(text, start, m.start()):
            continue  # a designation, not a name (省级重点实验室, 首个工程研究中心)
        if type_ in ("Enterprise", "Institution"):
            if _generic_body(strip_anchors(text[start:m.start()], lex), lex):
                continue
            anchored = type_ == "Institution" and lex.regex["anchor"].match(text, start)
            body = strip_anchors(text[start:m.start()], lex)
            size = len(body) if anchored else core_length(body, lex)  # 湖南|工业|大学: a region is enough
            if size < (1 if anchored else 2) and not suffix.endswith("所"):
                if not _anchored_only(text[start:m.start()], lex):
                    continue
            yield from _split_place_prefix(a, s, start, m.end(), type_, conf, lex)
            continue
        yield mention(a, s, start, m.end(), type_, f"suffix:{suffix}", conf)


def _inside_park(text: str, end: int, floor: int, lex: Lexicon) -> bool:
    """A park's head ends 2–4 name characters before ``end`` (某某创新园|海科|广场)."""
    return any(lex.place_suffix_type.get(m.group(0)) == "Park" and 2 <= end - m.end() <= 4
               and re.fullmatch(f"[{CJK}]+", text[m.end():end])
               for m in lex.regex["suffix"].finditer(text, max(floor, end - 12), end))


def _industry_before(text: str, end: int, lex: Lexicon) -> bool:
    return any(m.end() == end for m in lex.regex["industry"].finditer(text, max(0, end - 8), end))


def _zone_start(text: str, end: int, floor: int, lex: Lexicon) -> int | None:
    """Zones are region names plus a zone suffix (常州高新区, 苏州工业园区), or a division, a local
    place name that is no common word, and the suffix (某市某区|汾湖|高新区)."""
    start = _division_chain(text, end, floor, lex)
    if start is not None:
        return start
    for level in ("国家级", "国家"):  # 某某国家高新区
        if text.startswith(level, end - len(level)):
            start = _division_chain(text, end - len(level), floor, lex)
            if start is not None:
                return start
    for k in (1, 2, 3):  # 台州|湾|新区, 某区|汾湖|高新区
        local = text[end - k:end]
        if end - k > floor and NAME_CHAR.match(local[0]) and re.fullmatch(f"[{CJK}]+", local) \
                and local not in lex.common_words and not lex.regex["strong"].search(local) \
                and not lex.regex["weak"].search(local):
            start = _division_chain(text, end - k, floor, lex)
            if start is not None:
                return start
    return None


def _division_chain(text: str, end: int, floor: int, lex: Lexicon) -> int | None:
    """Start of the run of division names ending at ``end`` (None: none ends there)."""
    i = end
    if i > floor and text[i - 1] in "市":
        i -= 1
    start = None
    while i > floor:
        hit = [m for m in lex.regex["division"].finditer(text, max(floor, i - 6), i) if m.end() == i]
        if not hit:
            break
        i = min(h.start() for h in hit)
        start = i
    return start


_DESIGNATION = re.compile(r"省级|市级|区级|县级|国家级|首个|首家|[0-9]")

_GENERIC_POS = FUNCTION_WORDS + ("b", "t")  # … and distinguishing or time words (国有, 现代)

_VERB_RESULT = re.compile(rf"[{CJK}]{{1,2}}[到了着过]")  # 占到|集团总量: a verb and its complement, not a trade name

_AIM = re.compile(r"(?:打造|打造成|建设成为|建成为|成为)[^,。;:]{2,12}的$")
_DATE = re.compile(r"[0-9一二三四五六七八九十]+(?:月份?|年)|今年|去年|明年|近年")
_KINSHIP = re.compile(r"(?:全资|控股|参股|[一二三四五六七八九]级)?[子母分总]{0,2}")  # 全资子|公司, 二级子|公司, 分子|公司


def _generic_body(body: str, lex: Lexicon) -> bool:
    """A description, not a name: 的 or a pronoun inside, one ordinary word (国有公司, 三甲医院),
    or a word of the group's structure (全资子公司, 母公司)."""
    if "的" in body or PRONOUN_CHARS & set(body) or _KINSHIP.fullmatch(body) or _VERB_RESULT.fullmatch(body):
        return True
    if body.startswith(("公司", "企业", "集团")):
        return True  # 公司工程研究院: a department of the company under discussion
    verbs = list(lex.regex["weak"].finditer(body)) + list(lex.regex["strong"].finditer(body))
    if verbs and _KINSHIP.fullmatch(body[max(v.end() for v in verbs):]):
        return True  # 在园区设立|子|公司, 设立了|子|公司: a verb and a kind of company
    if _DATE.search(body):
        return True  # 今年4月份|公司: a time and the company under discussion
    return lex.common_words.get(body, "n") in _GENERIC_POS or descriptors_only(body, lex) \
        or body.endswith(_LISTING)  # 某某行业上市|公司: a kind of company, not its name


_LISTING = ("上市", "跨国", "合资", "独资", "外资")


def _anchored_only(name: str, lex: Lexicon) -> bool:
    """A national body plus a region (中科院宁波…所) is a full name."""
    return any(name.startswith(p) for p in lex.org_prefixes) and len(name) >= 3


_FACILITY = re.compile(r"(生产|研发|示范|工作|集群|创新|实训|培训|教育|服务)基地$")


def _after_verbs(text: str, start: int, end: int, lex: Lexicon) -> int:
    """Move a park name's left edge past an ordinary verb (全力推进|产业园, 谈起|园区)."""
    for i in range(end - 2, max(start - 2, -1), -1):  # a verb may straddle the edge (到|达省科学城)
        if lex.common_words.get(text[i:i + 2]) == "v" and not lex.regex["anchor"].match(text, start, i + 2) \
                and (i <= start or lex.common_words.get(text[start:i], "") in FUNCTION_WORDS):
            return i + 2  # only [adverb] + verb: a verb inside a name (现代导航|产业基地) stays
    return start


def _coordinated_park_start(text: str, start: int, floor: int, lex: Lexicon) -> int:
    """某开发区铝及铝加工产业园 is one park: a short sector joined by 及/和/与 and a zone before it belong to
    the name (the zone's name included, as in 某高新区光电产业园)."""
    if start - floor < 3 or text[start - 1] not in "及和与":
        return start
    for m in lex.regex["suffix"].finditer(text, max(floor, start - 16), start - 1):
        gap = text[m.end():start - 1]
        if lex.place_suffix_type.get(m.group(0)) == "Zone" and 1 <= len(gap) <= 4 and re.fullmatch(f"[{CJK}]+", gap):
            zone = _zone_start(text, m.start(), floor, lex)
            if zone is None:
                zone = left_edge(text, m.start(), lex, skip_short_cuts=False)
            return zone if zone is not None and zone >= floor else start
    return start


def _dotted_start(text: str, start: int, floor: int, lex: Lexicon) -> int:
    """某某·某高新区医疗器械园, 花都·普定…产业园: a name joined by ·  is one name; its left part runs back
    to the nearest stop word (落户|海凭国际·…)."""
    dot = text.find("·", max(floor, start - 1), start + 5)
    if dot < 0:
        return start
    left = dot
    while left > floor and re.match(f"[{CJK}A-Za-z]", text[left - 1]) and dot - left < 8:
        left -= 1
    stops = [m.end() for m in lex.regex["weak"].finditer(text, left, dot)] + \
            [m.end() for m in lex.regex["strong"].finditer(text, left, dot)]
    left = max([left] + stops)
    return left if dot - left >= 2 else start


def _after_inner_park(text: str, start: int, end: int, lex: Lexicon) -> int:
    """``某某产业园现代导航产业基地`` names two parks: the inner one starts after the outer's suffix (a zone's
    name in front stays: 某高新区光电产业园 is one name)."""
    inner = [m.end() for m in lex.regex["suffix"].finditer(text, start, end)
             if lex.place_suffix_type.get(m.group(0)) == "Park" and end - m.end() >= 4]
    return inner[-1] if inner else start


_REFERRING = frozenset("该本全我各此")  # 该县, 本市, 全区: a reference to a place, not a name
_NOW = frozenset("目前 如今 现在 近日 日前 今年 去年 当前 此前 随后 近年 同时".split())


def _after_clause_words(text: str, start: int, end: int, lex: Lexicon) -> int:
    """Cut a park's left edge after a time word, an adverb or a verb that opens a clause
    (目前|某某基地, 某开发区入选|…园区), keeping two characters or more before the head."""
    cut = start
    heads = [(m.start(), m.end()) for m in lex.regex["suffix"].finditer(text, start, end)]  # 开发|区 is no verb
    for i in range(start, end - 3):
        word = text[i:i + 2]
        if (lex.common_words.get(word) in ("d", "v", "p") or word in _NOW) and not lex.regex["division"].match(text, i) \
                and not any(a <= i < b for a, b in heads) and not _PLACE_MODIFIERS.fullmatch(word) \
                and not (i > start and text[i - 1:i + 1] in lex.common_words):  # 某某创新|产业园, 海上|风电
            cut = i + 2
    return cut if end - cut >= 2 else start


def _good_park(text: str, start: int, end: int, lex: Lexicon) -> bool:
    body = text[start:end]
    if start > 1 and text[start - 1] in "及和与" and NAME_CHAR.match(text[start - 2]) \
            and not lex.regex["suffix"].search(text, max(0, start - 6), start - 1) \
            and not text.endswith(("企业", "单位", "项目", "双方"), 0, start - 1):
        return False  # the cut of a longer name (…天线及电子装备产业基地), not 某某等企业与|某园
    if body in lex.common_words or "级" in body or "简称" in body or body[:1] in "不没未":
        return False  # a generic park (人才小镇, 核心园区, 千亿元级科技产业园区)
    if start > 0 and QUANTIFIED.search(text[max(0, start - 1):start]):
        return False
    if _AIM.search(text, max(0, start - 16), start):
        return False  # 打造“千亿级”的某某产业基地: what a place means to become, no park's name
    if re.search(r"[0-9]|[一二三四五六七八九十百几多][个家座批]", body) or _FACILITY.search(text, start, end + 2):
        return False
    core = strip_anchors(body, lex)
    for suffix in lex.place_suffix_type:
        if core.startswith(suffix):
            core = core[len(suffix):]
    if not core and core != body and any(text.startswith(x, end) for x in lex.named_park_suffixes):
        return True  # 成都高新区软件园
    if core == body and (_generic_place_body(body, lex) or _sector_base(text, body, end, lex)) \
            and not _listed_or_after_place(text, start, end, lex):
        return False  # a description, not a name (千亿园区, 全国首个…产业园, 智能制造产业基地)
    return len(core) >= 2 and not re.match(r"^[0-9一二三四五六七八九十]", core)


def _listed_or_after_place(text: str, start: int, end: int, lex: Lexicon) -> bool:
    """A park named after the place before it (某高新区|区块链产业园) or listed among names (…、X产业园、…)."""
    if start and text[start - 1] == "、":
        return True
    return any(m.end() == start for m in lex.regex["suffix"].finditer(text, max(0, start - 8), start)
               if m.group(0) in lex.place_suffix_type)


_PLACE_MODIFIERS = re.compile(r"产业|制造|生产|示范|特色|专业化?|首个|首批|首家|全国|全省|全市|国内|省内|千亿|百亿|万亿|"
                              r"数智|现代化|现代|高端|先进|新型|综合|配套|核心|重点|国家级|省级|绿色|循环|智慧|创新|"
                              r"科技|高新|新兴|战略性|零部件|加工|基础|专业|大型|一流|标志性|城市|城区|功能")


def _generic_place_body(body: str, lex: Lexicon) -> bool:
    """A description of a park, not its name: it opens with a ranking or a size (全国首个…, 千亿…,
    现代化…), or nothing but a common word or a verb is left once industry words and modifiers go.
    A sector alone before the head is a name (区块链产业园, 数字信创产业园区)."""
    if _DESCRIPTIVE.match(body):
        return True
    stripped = lex.regex["industry"].sub("", body)
    rest = _PLACE_MODIFIERS.sub("", stripped)
    if not rest:
        return stripped == body  # only modifiers (产业基地, 科技创新园区), no sector
    return rest in lex.common_words or lex.common_words.get(rest[:2]) in ("v", "d", "p", "m")


def _sector_base(text: str, body: str, end: int, lex: Lexicon) -> bool:
    """A sector alone before 基地 (光伏产业制造基地, 能源装备制造基地) says what a place makes, unlike a sector
    before 产业园 (区块链产业园), which names the park."""
    if not text.startswith(("基地", "产业基地"), end):
        return False
    stripped = _BASE_WORDS.sub("", lex.regex["industry"].sub("", body))
    return stripped != body and not _PLACE_MODIFIERS.sub("", stripped)


_BASE_WORDS = re.compile(r"产业|制造|能源|装备")

_DESCRIPTIVE = re.compile(r"首个|首批|首家|全国|全省|全市|国内|省内|千亿|百亿|万亿|数智|现代化|先进|标志性|一流|大型|"
                          r"重点|核心|新型|这个|该|本|其|各|多个|两个|南北|东西")


def _split_place_prefix(a: Article, s: Sentence, start: int, end: int, type_: str, conf: float,
                        lex: Lexicon) -> Iterator[Mention]:
    """``常州高新区某某医疗公司`` is a zone followed by an enterprise, not one name."""
    cut = place_prefix_end(a.text[start:end], lex)
    if cut:
        inner = next(headed_mentions(a, Sentence(a.id, s.index, start, start + cut), lex), None)
        if inner is not None:
            yield inner
        yield mention(a, s, start + cut, end, type_, "suffix:split", conf)
        return
    yield mention(a, s, start, end, type_, "suffix", conf)


def known_mentions(a: Article, s: Sentence, lex: Lexicon) -> Iterator[Mention]:
    for m in lex.regex["known"].finditer(a.text, s.start, s.end):
        yield mention(a, s, m.start(), m.end(), lex.known_bodies[m.group(0)], "known", 0.85)
