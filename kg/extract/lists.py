"""Short names in coordinated lists: items before 等…企业 / 两家…公司 / 等…产业 / 等…车型, and a short name joined
to an organisation's by 与…合作 or named in 包括…在内.

>>> from kg.extract.lexicon import load_lexicon
>>> from kg.extract.sentences import split_sentences
>>> a = Article.from_text("t", "园区集聚了恒瑞精工、启明光电等企业。")
>>> [m.text for m in list_mentions(a, split_sentences(a)[0], load_lexicon(), [])]
['恒瑞精工', '启明光电']
"""
from __future__ import annotations

import re
from typing import Iterator

from kg.extract.lexicon import Lexicon
from kg.extract.names import (CJK, PRONOUN_CHARS, clause_start, core_length, descriptors_only, mention,
                             starts_with_function_word)
from kg.model import Article, Mention, Sentence

_LIST_HEAD = re.compile(
    r"(?:等(?:[0-9一二三四五六七八九十几]+|多)家[^,。;、“”]{0,16}?"  # 等6家规模以上的某某制造企业
    r"|(?:等|两家|三家|四家|五家|六家|几家|多家|及(?=本地|当地|本土|省内|国内))(?:一批|多家|\d+家)?[^,。;、“”]{0,12}?"
    r"|等(?:[^,。;、“”()()]{1,10}、){1,3}[^,。;、“”()()]{1,10}?)"  # or 等某某生产、某某加工企业
    r"(?P<head>企业|公司|子基金|基金|项目|产业集群|主导产业|新兴产业|优势产业|支柱产业|特色产业|产业|领域|科研院所|院所|高校"
    r"|车型|产品|型号|机型)")
_PRODUCT_HEADS = ("车型", "产品", "型号", "机型")
_MADE_BY = re.compile(r"(?:自主|独立|自行)?(?:研发|生产|研制|推出|制造)的")
_PRODUCT_GAPS = ("等", "等系列", "等一系列", "等主力", "等多款", "等重点", "等核心", "等拳头")  # 甲、乙等主力车型

_LIST_SEP = re.compile(r"、|以及|及|和|与")


def list_mentions(a: Article, s: Sentence, lex: Lexicon, found: list[Mention]) -> Iterator[Mention]:
    """Short names coordinated before 等…企业 / 两家…企业 / 等…产业."""
    text = a.text
    for m in _LIST_HEAD.finditer(text, s.start, s.end):
        head = m.group("head")
        if head in _PRODUCT_HEADS and text[m.start():m.start("head")] not in _PRODUCT_GAPS:
            continue  # 美的、九阳等电饭锅产品: the items make the products named after 等
        if head in ("企业", "公司") and _MADE_BY.match(text, m.end()):
            continue  # 鹅肌肽、某某肽等企业自主研发的产品: goods, not firms
        type_ = ("Industry" if "产业" in head or head == "领域" else
                 "Institution" if head in ("科研院所", "院所", "高校") else
                 "Product" if head in _PRODUCT_HEADS else "Enterprise")
        pos = start = clause_start(text, s.start, m.start(), ",;:“”()")
        items = []
        for sep in _separators(text, start, m.start(), lex) + [None]:
            end = sep.start() if sep else m.start()
            items.append((pos, end))
            if sep:
                pos = sep.end()
        if len(items) < 2 and type_ != "Enterprise":
            continue
        for i, (start, end) in enumerate(items):
            start = _trim_item(text, start, end, lex) if i == 0 or type_ == "Enterprise" else start
            if type_ == "Product" and start is not None:  # 为某某配套生产|钢卷筒
                start = max([start] + [c.end() for c in lex.regex["product_stop"].finditer(text, start, end)])
                if i == 0 and end - start > 8:
                    continue  # the first item's left edge is a guess: a long one holds the clause's words
            if start is None or not 2 <= end - start <= 12:
                continue
            if any(f.start < end and start < f.end and (f.type != "Industry" or type_ == "Industry")
                   for f in found):
                continue
            item = text[start:end]
            if not re.fullmatch(rf"[{CJK}A-Za-z0-9·]+", item) or lex.regex["strong"].fullmatch(item):
                continue
            score = 0.8 if type_ == "Product" else 0.6  # 甲、乙等车型 are products whoever the model takes them for
            if type_ == "Product" and (lex.regex["suffix"].search(item) or item in lex.common_words):
                continue
            if type_ == "Enterprise":
                score = short_name_score(item, head, lex)
                if not score:
                    continue
            if type_ == "Institution" and not (item in lex.known_bodies or lex.regex["suffix"].search(item)):
                continue
            yield mention(a, s, start, end, type_, f"list:{head}", score)


def _separators(text: str, start: int, end: int, lex: Lexicon) -> list[re.Match]:
    """The marks between list items in ``text[start:end]``; a 与/和/及 inside a word (参与, 和谐) is none."""
    return [m for m in _LIST_SEP.finditer(text, start, end)
            if len(m.group()) > 1 or m.group() == "、"
            or not (text[m.start() - 1:m.end()] in lex.common_words or text[m.start():m.end() + 1] in lex.common_words)]


def short_name_score(item: str, head: str, lex: Lexicon) -> float:
    """How likely a list item before 等…企业 / 等…项目 is an enterprise's short name (0: not one).

    >>> from kg.extract.lexicon import load_lexicon
    >>> lex = load_lexicon()
    >>> [short_name_score(w, "企业", lex) for w in ("恒瑞精工", "政策", "目前我们已", "生态健康城", "了钨")]
    [0.8, 0, 0, 0, 0]
    """
    core = core_length(item, lex)
    if (item in lex.industries or core < 2 or item[0].isdigit() or item[0] == "了" or item in lex.common_words
            or PRONOUN_CHARS & set(item) or descriptors_only(item, lex)):
        return 0
    if item.endswith(lex.facility_heads) or any(item.endswith(p) for p in lex.place_suffix_type):
        return 0
    if core == len(item) and starts_with_function_word(item, lex):  # no 科技/物流 ending
        return 0
    if head == "项目" and (item.endswith("系统") or item[-1] in "器件剂"):
        return 0  # 减震器、排气管消声器等5个项目: goods a project makes, not firms
    if _ordinary_phrase(item, lex, verbs_only=head not in ("项目", "板块")):
        return 0  # 生产经营, 铝材深加工; before 项目 also 住房保障, 基础教育: activities and sectors, not names
    trade = item[:core]
    coined = trade != item and not any(trade[i:i + 2] in lex.common_words for i in range(len(trade) - 1))
    return 0.8 if head in ("企业", "公司", "基金", "子基金") or coined else 0.6  # 项目 lists: only coined names (恒芯半导体)


def _ordinary_phrase(item: str, lex: Lexicon, verbs_only: bool) -> bool:
    """True when ``item`` splits wholly into ordinary words (of 2–4 characters), one of them a verb when
    ``verbs_only``: a phrase of the language, not a coined trade name.

    >>> from kg.extract.lexicon import load_lexicon
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


_PARTNER = re.compile(rf"(?:与|和|同|跟)(?P<name>[{CJK}]{{2,6}}?)(?=合作|共建|联合|携手|签约|共同|牵手|两家)")

_LOCAL_FIRM = re.compile(rf"(?:本地|当地|本土)(?:企业|龙头企业)(?P<name>[{CJK}]{{2,4}})(?=[,。;、])")

_INCLUDING = re.compile(rf"包括(?P<name>[{CJK}A-Za-z0-9]{{2,10}}?)(?:项目|公司)?在内")


def coordinated_mentions(a: Article, s: Sentence, lex: Lexicon, found: list[Mention]) -> Iterator[Mention]:
    """A short name joined to an organisation's by 与…合作 (甲公司与乙农庄合作), named in 包括…在内, or supplied
    (给甲、乙配套, 为丙做配套)."""
    text = a.text
    taken = [(f.start, f.end) for f in found]
    spans = [m.span("name") for f in found if f.type == "Enterprise" and f.rule.startswith("suffix")
             for m in [_PARTNER.match(text, f.end, s.end)] if m]
    spans += [m.span("name") for regex in (_INCLUDING, _LOCAL_FIRM) for m in regex.finditer(text, s.start, s.end)]
    spans += [span for p in _PARTNER_NOUN.finditer(text, s.start, s.end)
              if (span := _named_partner(text, p.end(), s.end, lex))]
    spans += [m.span("name") for f in found if f.type == "Enterprise" for m in _items_before(text, s.start, f.start)]
    spans += [span for regex in _SUPPLIED for m in regex.finditer(text, s.start, s.end) for span in _supplied_names(text, m)]
    for start, end in spans:
        if any(b < end and start < e for b, e in taken):
            continue
        score = short_name_score(text[start:end], "企业", lex)
        if score:
            yield mention(a, s, start, end, "Enterprise", "coordinated", score)


# Customers' short names: 给|为|向 (某地的)? A、B和C (等…)? (的)? (做)?配套|供货; 客户|车企 有|包括 A、B、C 等;
# 直接供应|配套 A、B 等
_NAME = rf"(?:(?!的)[{CJK}]){{2,6}}?"
_ITEMS = rf"(?P<items>{_NAME}(?:(?:、|和|及){_NAME}){{0,6}})"
_SUPPLIED = tuple(re.compile(p) for p in (
    rf"(?:给|为|向)(?:[{CJK}]{{2,3}}的)?{_ITEMS}(?:等[^,。;、]{{0,8}}?)?的?(?:做|进行)?(?:配套|供货)",
    rf"(?:客户|车企|厂商|整车厂|主机厂)(?:主要)?(?:有|包括|涵盖){_ITEMS}(?:等|[,。;])",
    rf"(?:供应|供货给|供给|配套)(?!的){_ITEMS}等"))
_ITEM_SEP = re.compile(r"、|和|及")
_GENERIC_CUSTOMER = re.compile(r"(?:厂|企|客户|企业|商|户|机|方|端|家|们)$")


def _supplied_names(text: str, m: re.Match) -> list[tuple[int, int]]:
    spans, pos = [], m.start("items")
    for item in _ITEM_SEP.split(m.group("items")):
        if not _GENERIC_CUSTOMER.search(item):  # 为主机厂配套, 给车企供货: a kind of customer, no name
            spans.append((pos, pos + len(item)))
        pos += len(item) + 1
    return spans


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
