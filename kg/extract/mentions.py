"""Find entity mentions in a sentence (candidates), then choose among them.

Candidates come from the structure of Chinese names: legal forms and heads
(有限公司, 产业园, 研究院), posts before a person's name (副总经理 + 张三),
an industry lexicon, product heads after a possessive or a verb, and
coordinated lists before 等…企业.  :func:`choose_mentions` keeps the best
non-overlapping set (longest, then most confident).

>>> from kg.model import Article
>>> from kg.sentences import split_sentences
>>> a = Article.from_text("t", "江苏恒远精密机械有限公司总经理周明华表示,公司已入驻常州高新区。")
>>> s = split_sentences(a)[0]
>>> [(m.type, m.text) for m in choose_mentions(find_mentions(a, s))]
[('Enterprise', '江苏恒远精密机械有限公司'), ('Person', '周明华'), ('Zone', '常州高新区')]
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import replace
from typing import Iterable, Iterator

from ..lexicon import Lexicon, load_lexicon
from ..model import Article, Mention, Sentence
from .names import CJK, NAME_CHAR, clause_start, core_length, left_edge

_PUNCT_AFTER_NAME = set(",。;:!?、()“”\"' \n")
_COUNTED = re.compile(r"(?:等|[0-9一二三四五六七八九十两几多百千]+(?:家|个|类))$")
_QUANTIFIED = re.compile(r"[0-9一二三四五六七八九十两几多个家座批首]$")
_LIST_HEAD = re.compile(
    r"(?:等|两家|三家|四家|五家|六家|几家|多家|及(?=本地|当地|本土|省内|国内))(?:一批|多家|\d+家)?[^,。;、“”]{0,12}?"
    r"(?P<head>企业|公司|子基金|基金|项目|产业集群|主导产业|新兴产业|优势产业|支柱产业|特色产业|产业|领域|科研院所|院所|高校)")
_LIST_SEP = re.compile(r"、|以及|及|和|与")
_BYLINE = re.compile(rf"^[ \t▶►]*(?:本报)?(?:特约)?(?:记者|通讯员|实习生)?[ \t]*"
                     rf"(?P<names>[{CJK}]{{2,3}}(?:[ \t\u3000]+[{CJK}]{{2,3}}){{0,4}})[ \t]*$")
_CLOSING_NAME = re.compile(rf"[。!?！？][”\"]?(?P<names>[{CJK}]{{2,3}})[ \t]*$")


def find_mentions(article: Article, sentence: Sentence, lex: Lexicon | None = None) -> list[Mention]:
    """Every candidate mention in one sentence (overlaps allowed)."""
    lex = lex or load_lexicon()
    found: list[Mention] = []
    for finder in (_name_mentions, _person_mentions, _industry_mentions, _structural_industries,
                   _known_mentions, _product_mentions):
        found.extend(finder(article, sentence, lex))
    found.extend(_list_mentions(article, sentence, lex, found))
    found.extend(_coordinated_mentions(article, sentence, lex, found))
    return found


def choose_mentions(candidates: Iterable[Mention]) -> list[Mention]:
    """The best non-overlapping mentions, in text order: longest first, then most confident.

    The spans taken so far never overlap, so sorted by start they are sorted by end too, and one
    binary search finds the only span a candidate could overlap on each side: O(n log n).
    """
    chosen: list[Mention] = []
    starts: list[int] = []
    ends: list[int] = []
    for m in sorted(candidates, key=lambda m: (-(m.end - m.start), -m.score, m.start)):
        i = bisect_left(starts, m.end)  # spans before i start before m ends
        if i and ends[i - 1] > m.start:
            continue
        chosen.append(m)
        starts.insert(i, m.start)
        ends.insert(i, m.end)
    return sorted(chosen, key=lambda m: m.start)


def _mention(a: Article, s: Sentence, start: int, end: int, type_: str, rule: str,
             score: float) -> Mention:
    return Mention(a.id, start, end, type_, a.text[start:end], rule, score, s.index)


def _name_mentions(a: Article, s: Sentence, lex: Lexicon) -> Iterator[Mention]:
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
        if type_ in ("Enterprise", "Institution") and _COUNTED.search(text, max(0, m.start() - 6), m.start()):
            continue  # A、B等公司, 9家公司: a list's closure or a count, no name of its own
        if suffix == "园" and not _industry_before(text, m.start(), lex):
            continue  # 医疗器械园 is a park; 公园, 家园, 校园 are not
        if type_ == "Park":
            start = _after_verbs(text, _after_inner_park(text, start, m.start(), lex), m.start(), lex)
            start = _after_clause_words(text, start, m.start(), lex)
            if not _good_park(text, start, m.start(), lex):
                continue
        if type_ == "Institution" and _DESIGNATION.search(text, start, m.start()):
            continue  # a designation, not a name (省级重点实验室, 首个工程研究中心)
        if type_ in ("Enterprise", "Institution"):
            if _generic_body(_strip_anchors(text[start:m.start()], lex), lex):
                continue
            anchored = type_ == "Institution" and lex.regex["anchor"].match(text, start)
            body = _strip_anchors(text[start:m.start()], lex)
            size = len(body) if anchored else core_length(body, lex)  # 湖南|工业|大学: a region is enough
            if size < (1 if anchored else 2) and not suffix.endswith("所"):
                if not _anchored_only(text[start:m.start()], lex):
                    continue
            yield from _split_place_prefix(a, s, start, m.end(), type_, conf, lex)
            continue
        yield _mention(a, s, start, m.end(), type_, f"suffix:{suffix}", conf)


def _industry_before(text: str, end: int, lex: Lexicon) -> bool:
    return any(m.end() == end for m in lex.regex["industry"].finditer(text, max(0, end - 8), end))


def _zone_start(text: str, end: int, floor: int, lex: Lexicon) -> int | None:
    """Zones are region names plus a zone suffix (常州高新区, 苏州工业园区), or a division, a local
    place name that is no common word, and the suffix (某市某区|汾湖|高新区)."""
    start = _division_chain(text, end, floor, lex)
    if start is not None:
        return start
    for k in (2, 3):
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


def _strip_anchors(name: str, lex: Lexicon) -> str:
    while True:
        m = lex.regex["anchor"].match(name)
        if not m or m.end() == len(name):
            return name
        name = name[m.end():]
        if name[:1] in "省市县区":
            name = name[1:]


_DESIGNATION = re.compile(r"省级|市级|区级|县级|国家级|首个|首家|[0-9]")
_PRONOUN_CHARS = set("我你他她它其该这那此")
# Parts of speech (jieba's tags in common_words.tsv) of words that cannot start or be a name.
_FUNCTION_WORDS = ("d", "r", "p", "c", "m", "ad", "v", "vd", "f")  # adverbs, pronouns, verbs …
_GENERIC_POS = _FUNCTION_WORDS + ("b", "t")  # … and distinguishing or time words (国有, 现代)


_VERB_RESULT = re.compile(rf"[{CJK}][到了着过]")  # 占到|集团总量: a verb and its complement, not a trade name
_KINSHIP = re.compile(r"(?:全资|控股|参股)?[子母分总]?")


def _generic_body(body: str, lex: Lexicon) -> bool:
    """A description, not a name: 的 or a pronoun inside, one ordinary word (国有公司, 三甲医院),
    or a word of the group's structure (全资子公司, 母公司)."""
    if "的" in body or _PRONOUN_CHARS & set(body) or _KINSHIP.fullmatch(body) or _VERB_RESULT.fullmatch(body):
        return True
    return lex.common_words.get(body, "n") in _GENERIC_POS


def _anchored_only(name: str, lex: Lexicon) -> bool:
    """A national body plus a region (中科院宁波…所) is a full name."""
    return any(name.startswith(p) for p in lex.org_prefixes) and len(name) >= 3


_FACILITY = re.compile(r"(生产|研发|示范|工作|集群|创新|实训|培训|教育|服务)基地$")


def _after_verbs(text: str, start: int, end: int, lex: Lexicon) -> int:
    """Move a park name's left edge past an ordinary verb (全力推进|产业园, 谈起|园区)."""
    for i in range(end - 2, max(start - 2, -1), -1):  # a verb may straddle the edge (到|达省科学城)
        if lex.common_words.get(text[i:i + 2]) == "v" and not lex.regex["anchor"].match(text, start, i + 2) \
                and (i <= start or lex.common_words.get(text[start:i], "") in _FUNCTION_WORDS):
            return i + 2  # only [adverb] + verb: a verb inside a name (现代导航|产业基地) stays
    return start


def _after_inner_park(text: str, start: int, end: int, lex: Lexicon) -> int:
    """``某某产业园现代导航产业基地`` names two parks: the inner one starts after the outer's suffix (a zone's
    name in front stays: 某高新区光电产业园 is one name)."""
    inner = [m.end() for m in lex.regex["suffix"].finditer(text, start, end)
             if lex.place_suffix_type.get(m.group(0)) == "Park" and end - m.end() >= 4]
    return inner[-1] if inner else start


_NOW = frozenset("目前 如今 现在 近日 日前 今年 去年 当前 此前 随后 近年 同时".split())


def _after_clause_words(text: str, start: int, end: int, lex: Lexicon) -> int:
    """Cut a park's left edge after a time word, an adverb or a verb that opens a clause
    (目前|某某基地, 某开发区入选|…园区), keeping two characters or more before the head."""
    cut = start
    for i in range(start, end - 3):
        word = text[i:i + 2]
        if (lex.common_words.get(word) in ("d", "v", "p") or word in _NOW) and not lex.regex["division"].match(text, i):
            cut = i + 2
    return cut if end - cut >= 2 else start


def _good_park(text: str, start: int, end: int, lex: Lexicon) -> bool:
    body = text[start:end]
    if start > 1 and text[start - 1] in "及和与" and NAME_CHAR.match(text[start - 2]) \
            and not lex.regex["suffix"].search(text, max(0, start - 6), start - 1):
        return False  # the cut of a longer name (…天线及电子装备产业基地)
    if body in lex.common_words or "级" in body or "简称" in body:
        return False  # a generic park (人才小镇, 核心园区, 千亿元级科技产业园区)
    if start > 0 and _QUANTIFIED.search(text[max(0, start - 1):start]):
        return False
    if re.search(r"[0-9]|[一二三四五六七八九十百几多][个家座批]", body) or _FACILITY.search(text, start, end + 2):
        return False
    core = _strip_anchors(body, lex)
    for suffix in lex.place_suffix_type:
        if core.startswith(suffix):
            core = core[len(suffix):]
    if not core and core != body and any(text.startswith(x, end) for x in lex.named_park_suffixes):
        return True  # 成都高新区软件园
    if core == body and _generic_place_body(body, lex) and not _listed_or_after_place(text, start, end, lex):
        return False  # a description, not a name (智能制造产业基地, 千亿园区, 全国首个…产业园)
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


_DESCRIPTIVE = re.compile(r"首个|首批|首家|全国|全省|全市|国内|省内|千亿|百亿|万亿|数智|现代化|先进|标志性|一流|大型|"
                          r"重点|核心|新型|这个|该|本|其|各|多个|两个|南北|东西")


def _split_place_prefix(a: Article, s: Sentence, start: int, end: int, type_: str, conf: float,
                        lex: Lexicon) -> Iterator[Mention]:
    """``常州高新区某某医疗公司`` is a zone followed by an enterprise, not one name."""
    name = a.text[start:end]
    places = [m for m in lex.regex["suffix"].finditer(name, 0, len(name) - 1)
              if m.group(0) in lex.place_suffix_type]
    if places:
        cut = places[-1].end()
        rest = name[cut:]
        legal = lex.regex["suffix"].search(rest)
        if legal and core_length(rest[:legal.start()], lex) >= 2:
            inner = next(_name_mentions(a, Sentence(a.id, s.index, start, start + cut), lex), None)
            if inner is not None:
                yield inner
            yield _mention(a, s, start + cut, end, type_, "suffix:split", conf)
            return
    yield _mention(a, s, start, end, type_, "suffix", conf)


def _person_mentions(a: Article, s: Sentence, lex: Lexicon) -> Iterator[Mention]:
    text = a.text
    for m in lex.regex["title"].finditer(text, s.start, s.end):
        p = m.end()
        if p < s.end and text[p] == " ":
            p += 1
        n = _person_name_length(text, p, s.end, lex)
        if n:
            yield _mention(a, s, p, p + n, "Person", f"post:{m.group(0)}", 0.9)
    yield from _byline_mentions(a, s, lex)


def _byline_mentions(a: Article, s: Sentence, lex: Lexicon) -> Iterator[Mention]:
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
                    yield _mention(a, s, j, j + len(token), "Person", "byline", 0.85)
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
        if after >= end or text[after] in _PUNCT_AFTER_NAME or follower.match(text, after):
            return n
    return 0


def _industry_mentions(a: Article, s: Sentence, lex: Lexicon) -> Iterator[Mention]:
    text = a.text
    for m in lex.regex["industry"].finditer(text, s.start, s.end):
        if len(m.group(0)) <= 2 and not _standalone(text, m.start(), m.end()):
            continue  # a short sector word inside a longer name (蓝晶|生物|项目, 某某|能源|公司)
        end = m.end()
        for tail in ("产业集群", "产业"):
            if text.startswith(tail, end):
                end += len(tail)
                break
        mention = _mention(a, s, m.start(), end, "Industry", "lexicon", 0.7)
        yield replace(mention, name=m.group(0)) if end > m.end() else mention  # 磁悬浮产业集群 is 磁悬浮


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


def _structural_industries(a: Article, s: Sentence, lex: Lexicon) -> Iterator[Mention]:
    """Industries named by their place in the sentence: “油头化尾”产业, 某高新区X产业集群."""
    text = a.text
    for m in _QUOTED_INDUSTRY.finditer(text, s.start, s.end):
        yield _mention(a, s, m.start("name"), m.end("name"), "Industry", "quoted", 0.7)
    for m in _CLUSTER.finditer(text, s.start, s.end):
        start = _cluster_start(text, m.start(), s.start, lex)
        if start is not None:
            yield _mention(a, s, start, m.start(), "Industry", "cluster", 0.7)


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
    if set("的将把被对向从以") & set(body) or lex.regex["weak"].search(body) or _starts_with_function_word(body, lex):
        return None
    if not 2 <= len(body) <= 12 or body in lex.common_words or lex.regex["anchor"].fullmatch(body):
        return None
    return i


def _known_mentions(a: Article, s: Sentence, lex: Lexicon) -> Iterator[Mention]:
    for m in lex.regex["known"].finditer(a.text, s.start, s.end):
        yield _mention(a, s, m.start(), m.end(), lex.known_bodies[m.group(0)], "known", 0.85)


def _product_mentions(a: Article, s: Sentence, lex: Lexicon) -> Iterator[Mention]:
    text = a.text
    for m in lex.regex["product"].finditer(text, s.start, s.end):
        start = _product_start(text, m.start(), max(s.start, m.start() - 16), lex)
        if start is None:
            continue
        body = text[start:m.start()].strip("“”\"")
        if len(body) < 2 or body in lex.product_generic or any(body.startswith(g) and len(body) - len(g) < 2 for g in lex.product_generic):
            continue
        before = text[max(s.start, start - 4):start]
        if not (_PRODUCT_CUE.search(before) or text[start] == "“" or _after_product(text, start, s.start, lex)):
            continue
        if text[start:m.end()] in lex.industries:
            continue  # 新一代信息技术, 汽配模具: an industry, not a product
        sure = bool(_LAUNCH_CUE.search(before)) or _after_product(text, start, s.start, lex)
        yield _mention(a, s, start, m.end(), "Product", "product", 0.8 if sure else 0.7)


_LAUNCH_CUE = re.compile(r"(发布|推出|研制|研发出|量产|实现|攻克)$")  # a product a body puts out: a sure name
_PRODUCT_CUE = re.compile(r"(的|生产|研发|研制|开发|推出|发布|制造|量产|实现|掌握|攻克|突破|“)$")


def _after_product(text: str, start: int, floor: int, lex: Lexicon) -> bool:
    """The second of two coordinated products (…柴油机和…发动机)."""
    if start - 1 <= floor or text[start - 1] not in "和及、":
        return False
    head = lex.regex["product"].search(text, max(floor, start - 9), start - 1)
    return bool(head) and head.end() == start - 1


def _product_start(text: str, head: int, floor: int, lex: Lexicon) -> int | None:
    i = head
    while i > floor and (re.match(rf"[{CJK}A-Za-z0-9.%]", text[i - 1]) or
                         (text[i - 1] in "“”" and _short_quote(text, i - 1))):
        i -= 1
    stops = [m.end() for m in lex.regex["product_stop"].finditer(text, i, head) if m.end() < head]
    if stops:
        i = max(stops)
    return i if head - i >= 2 else None


def _short_quote(text: str, pos: int) -> bool:
    """A quoted brand (“星火一号”) inside a product name."""
    if text[pos] == "”":
        j = text.rfind("“", max(0, pos - 8), pos)
        return j >= 0
    return "”" in text[pos:pos + 9]


def _list_mentions(a: Article, s: Sentence, lex: Lexicon, found: list[Mention]) -> Iterator[Mention]:
    """Short names coordinated before 等…企业 / 两家…企业 / 等…产业."""
    text = a.text
    for m in _LIST_HEAD.finditer(text, s.start, s.end):
        head = m.group("head")
        type_ = ("Industry" if "产业" in head or head == "领域" else
                 "Institution" if head in ("科研院所", "院所", "高校") else "Enterprise")
        pos = start = clause_start(text, s.start, m.start(), ",;:“”()")
        items = []
        for sep in list(_LIST_SEP.finditer(text, start, m.start())) + [None]:
            end = sep.start() if sep else m.start()
            items.append((pos, end))
            if sep:
                pos = sep.end()
        if len(items) < 2 and type_ != "Enterprise":
            continue
        for i, (start, end) in enumerate(items):
            start = _trim_item(text, start, end, lex) if i == 0 or type_ == "Enterprise" else start
            if start is None or not 2 <= end - start <= 12:
                continue
            if any(f.start < end and start < f.end and (f.type != "Industry" or type_ == "Industry")
                   for f in found):
                continue
            item = text[start:end]
            if not re.fullmatch(rf"[{CJK}A-Za-z0-9·]+", item) or lex.regex["strong"].fullmatch(item):
                continue
            score = 0.6
            if type_ == "Enterprise":
                score = short_name_score(item, head, lex)
                if not score:
                    continue
            if type_ == "Institution" and not (item in lex.known_bodies or lex.regex["suffix"].search(item)):
                continue
            yield _mention(a, s, start, end, type_, f"list:{head}", score)




def short_name_score(item: str, head: str, lex: Lexicon) -> float:
    """How likely a list item before 等…企业 / 等…项目 is an enterprise's short name (0: not one).

    >>> from kg.lexicon import load_lexicon
    >>> lex = load_lexicon()
    >>> [short_name_score(w, "企业", lex) for w in ("恒瑞精工", "政策", "目前我们已", "生态健康城")]
    [0.8, 0, 0, 0]
    """
    core = core_length(item, lex)
    if (item in lex.industries or core < 2 or item[0].isdigit() or item in lex.common_words
            or _PRONOUN_CHARS & set(item)):
        return 0
    if item.endswith(lex.facility_heads) or any(item.endswith(p) for p in lex.place_suffix_type):
        return 0
    if core == len(item) and _starts_with_function_word(item, lex):  # no 科技/物流 ending
        return 0
    if _ordinary_phrase(item, lex, verbs_only=head not in ("项目", "板块")):
        return 0  # 生产经营, 铝材深加工; before 项目 also 住房保障, 基础教育: activities and sectors, not names
    trade = item[:core]
    coined = trade != item and not any(trade[i:i + 2] in lex.common_words for i in range(len(trade) - 1))
    return 0.8 if head in ("企业", "公司", "基金", "子基金") or coined else 0.6  # 项目 lists: only coined names (恒芯半导体)


def _ordinary_phrase(item: str, lex: Lexicon, verbs_only: bool) -> bool:
    """True when ``item`` splits wholly into ordinary words (of 2–4 characters), one of them a verb when
    ``verbs_only``: a phrase of the language, not a coined trade name.

    >>> from kg.lexicon import load_lexicon
    >>> lex = load_lexicon()
    >>> [_ordinary_phrase(w, lex, True) for w in ("生产经营", "恒瑞精工", "东方电气")]
    [True, False, False]
    """
    def splits(i: int, verb: bool) -> bool:
        if i == len(item):
            return verb or not verbs_only
        return any(item[i:i + n] in lex.common_words
                   and splits(i + n, verb or lex.common_words[item[i:i + n]] in ("v", "vn", "vd"))
                   for n in (4, 3, 2) if i + n <= len(item))
    return splits(0, False)


def _starts_with_function_word(text: str, lex: Lexicon) -> bool:
    """True when ``text`` opens with an ordinary verb, adverb, pronoun … (目前, 通过, 着力)."""
    return any(lex.common_words.get(text[:n], "n") in _FUNCTION_WORDS for n in (4, 3, 2))


_PARTNER = re.compile(rf"(?:与|和|同|跟)(?P<name>[{CJK}]{{2,6}}?)(?=合作|共建|联合|携手|签约|共同|牵手|两家)")
_LOCAL_FIRM = re.compile(rf"(?:本地|当地|本土)(?:企业|龙头企业)(?P<name>[{CJK}]{{2,4}})(?=[,。;、])")
_INCLUDING = re.compile(rf"包括(?P<name>[{CJK}A-Za-z0-9]{{2,10}}?)(?:项目|公司)?在内")


def _coordinated_mentions(a: Article, s: Sentence, lex: Lexicon, found: list[Mention]) -> Iterator[Mention]:
    """A short name joined to an organisation's by 与…合作 (甲公司与乙农庄合作), or named in 包括…在内."""
    text = a.text
    taken = [(f.start, f.end) for f in found]
    spans = [m.span("name") for f in found if f.type == "Enterprise" and f.rule.startswith("suffix")
             for m in [_PARTNER.match(text, f.end, s.end)] if m]
    spans += [m.span("name") for regex in (_INCLUDING, _LOCAL_FIRM) for m in regex.finditer(text, s.start, s.end)]
    spans += [span for p in _PARTNER_NOUN.finditer(text, s.start, s.end)
              if (span := _named_partner(text, p.end(), s.end, lex))]
    spans += [m.span("name") for f in found if f.type == "Enterprise" for m in _items_before(text, s.start, f.start)]
    for start, end in spans:
        if any(b < end and start < e for b, e in taken):
            continue
        score = short_name_score(text[start:end], "企业", lex)
        if score:
            yield _mention(a, s, start, end, "Enterprise", "coordinated", score)


_ITEMS_BEFORE = re.compile(rf"(?:[{CJK}]{{2,6}}、)+[{CJK}]{{2,6}}(?:、|及|和)(?:本地企业|当地企业|本土企业|龙头企业)?$")
_ITEM = re.compile(rf"(?P<name>[{CJK}]{{2,6}}?)(?:、|及|和)")


_PARTNER_NOUN = re.compile(r"(?:合作伙伴|战略伙伴|客户|供应商|配套商)")


def _named_partner(text: str, start: int, end: int, lex: Lexicon) -> tuple[int, int] | None:
    """The span of a short name right after 合作伙伴/客户/供应商 that ends in an industry word (某某科技)."""
    for n in range(8, 2, -1):
        name = text[start:start + n]
        if start + n <= end and re.fullmatch(rf"[{CJK}]+", name) and core_length(name, lex) < n:
            return start, start + n
    return None


def _items_before(text: str, floor: int, end: int) -> list[re.Match]:
    """Short names listed before an organisation's (华强、飞腾及本地企业某某集团)."""
    start = clause_start(text, floor, end, ",;:“”()。")
    if not _ITEMS_BEFORE.fullmatch(text, start, end):
        return []
    return list(_ITEM.finditer(text, start, end))


def _trim_item(text: str, start: int, end: int, lex: Lexicon) -> int | None:
    cuts = [m.end() for key in ("strong", "weak", "soft") for m in lex.regex[key].finditer(text, start, end)
            if end - m.end() >= 2]
    return max(cuts) if cuts else start
