"""Products named after a production cue (主要生产A、B和C, A供应商, 年产…A) and who makes them.

A product phrase is the run of name characters after a cue word, up to a stop word (的研发, 等产品 …),
split at 、和及与; or the run before a head (高压共轨喷油器|供应商).  An item is kept when it is
2–16 characters long and holds no verb or description word.  :func:`produces_relations` gives each
such product to the organisation that the clause is about: the nearest organisation before the cue
in the sentence that is not a recipient (为/向/给 X), else the last one of the preceding sentences.

>>> from kg.model import Article
>>> from kg.extract.sentences import split_sentences
>>> a = Article.from_text("t", "该公司主要生产汽车线束、车载显示屏等产品。")
>>> [m.text for m in product_mentions(a, split_sentences(a)[0])]
['汽车线束', '车载显示屏']
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator, Sequence

from kg.extract.lexicon import Lexicon, alternation, load_lexicon, read_sections
from kg.extract.names import CJK, clause_start, mention, named_as_customer
from kg.model import Article, Mention, Relation, Sentence, by_sentence

_COUNT = re.compile(r"(?:约|近|超过?)?[0-9.]+(?:多|余)?(?:万|亿|千|百)?(?:只|台|套|件|辆|吨|个|片|张|部|块|支|条|平方米|米|千瓦时|瓦|GWh|MWh|t)+")
_CLAUSE_CHAR = re.compile(r"[有是都已将在把被也还就占达均可到]")  # a verb or an adverb ends a product phrase
_MODIFIER = re.compile(r"(?:各类|各种|多款|多种|一系列|系列|一批|全系列)")
_QUANTITY = re.compile(r"(?:约|达|合计|共计|共|近|超过|超|逾)?[0-9０-９]+(?:\.[0-9]+)?(?:多|余)?(?:万|亿|千|百)?")
_CHAINED = "生产|研发|制造|销售|加工|设计|研制|开发"  # 从事生产…, 研发、生产…: one cue
_ITEM_SEP = re.compile(r"、|以及|及|和|与|或|/")
_PHRASE_CHARS = rf"[{CJK}A-Za-z0-9()\-·+]"
PRODUCT_SCORE = 0.75
_WORD_TAIL = re.compile(r"[业商者线厂于过中性力化区间端方面能员人工上下时期后前值量]|成本|投入|投资|计划|经验|环节|团队|人员|任务|单位|机构|平台|体系|实力|领域|流程|进度|旺季")
RECIPIENT = re.compile(r"(?:为|向|给|替|帮|依托|依靠|与|和|同|跟|联合|携手|及|、)$")  # not the maker: a customer, a partner
_PRONOUN_START = re.compile(r"^(?:该公司|该企业|该集团|公司|企业|集团|其|它|他们|我们)")
CONTEXT = 3  # sentences back to find the organisation a product sentence is about


@lru_cache(maxsize=1)
def _cues() -> dict[str, re.Pattern]:
    words = read_sections("product_cues.txt")
    return {
        "before": re.compile(f"(?:{alternation(words['before'])})(?:(?:、|和|及|与)?(?:{_CHAINED}))*(?:了|出|的)?"
                             f"(?P<phrase>{_PHRASE_CHARS}(?:{_PHRASE_CHARS}|、)*)"),
        "after": re.compile(f"(?:{alternation(words['after'])})"),
        "stop": re.compile(alternation(words["stop"])),
        "bad": re.compile(alternation(words["bad"])),
        "future": re.compile(alternation(words["future"])),
        "no_goods": re.compile(f"(?:{alternation(words['no_goods'])})$"),
    }


def product_mentions(article: Article, sentence: Sentence, lex: Lexicon | None = None) -> Iterator[Mention]:
    """Product candidates after a production cue (rule ``product-cue``), each span once."""
    seen: set[tuple[int, int]] = set()
    for m in _product_candidates(article, sentence, lex or load_lexicon()):
        if (m.start, m.end) not in seen:
            seen.add((m.start, m.end))
            yield m


def _product_candidates(article: Article, sentence: Sentence, lex: Lexicon) -> Iterator[Mention]:
    cues = _cues()
    text = article.text
    for m in cues["before"].finditer(text, sentence.start, sentence.end):
        start, end = m.span("phrase")
        qty = _COUNT.match(text, start, end)
        if qty and end - qty.end() >= 2:
            start = qty.end()  # 年产|100万只|汽车轮辋
        if _WORD_TAIL.match(text, start) or cues["stop"].match(text, start) or cues["bad"].match(text, start):
            continue  # the cue is the head of a longer word (研发|中心, 生产|车间, 制造|业)
        verb = _CLAUSE_CHAR.search(text, start + 2, end)
        if verb:
            end = verb.start()  # 笔记本电脑结构件|有近七成…
        stop = cues["stop"].search(text, start + 2, end)
        if stop:
            if stop.group(0).endswith(("领域", "行业", "产业")):
                continue  # fields of work (主要从事A、B等领域), not goods
            end = stop.start()
        # 产品为A、B and 某某生产的A name goods, even a word that is also a sector (动力电池)
        goods = "产品" in m.group(0) or m.group(0)[:m.start("phrase") - m.start()].endswith("的")
        yield from _items(article, sentence, start, end, lex, named_goods=goods)
    for m in _LISTED_GOODS.finditer(text, sentence.start, sentence.end):
        start = _phrase_list_start(text, sentence.start, m.start())
        yield from _items(article, sentence, start, m.start(), lex, named_goods=True)
    for m in cues["after"].finditer(text, sentence.start, sentence.end):
        start = _phrase_start(text, sentence.start, m.start())
        if start is not None and _CUSTOMERS.search(text, max(sentence.start, start - 8), start):
            continue  # 为3家手机生产商供应…: the makers are customers, their goods are not the subject's
        if start is not None and (m.group(0) not in _MAKER_ONLY or _after_maker(text, sentence.start, start, m.group(0))):
            yield from _items(article, sentence, start, m.start(), lex, last_only=True)


_PHRASE_CUT = re.compile(r"的|是|为|第?[一二三四五六七八九十0-9]+大|(?:一|两|二|三|首)条(?!条)|最大|级|家|个|主要|专业|全球|国内|全国|世界|"
                         r"亚洲|行业|生产|制造|研发|从事|公司|集团")


def _phrase_start(text: str, floor: int, end: int) -> int | None:
    """Left edge of the product phrase before a head (…第三大|高压共轨喷油器|供应商)."""
    i = end
    while i > floor and re.match(_PHRASE_CHARS, text[i - 1]):
        i -= 1
    cut = [m.end() for m in _PHRASE_CUT.finditer(text, i, end)]
    start = max(cut) if cut else i
    return start if end - start >= 2 else None


_CUSTOMERS = re.compile(r"(?:为|向|给|与|和)[^,。;]{0,4}?[0-9一二三四五六七八九十几多]+(?:家|个)$")

_MAKER_ONLY = ("产品", "业务", "项目", "生产项目", "生产线", "生产基地", "基地项目")


_LISTED_GOODS = re.compile(r"等(?:系列|多种|多款|各类)?(?:产品|主打产品|拳头产品)|等(?:[0-9一二三四五六七八九十]+条)?生产线")


def _phrase_list_start(text: str, floor: int, end: int) -> int:
    """Start of a 、-list that ends at ``end`` (白色的工程塑料、导热硅胶垫、…等产品): after the clause mark or 的."""
    start = clause_start(text, floor, end, ",;:。!?“”")
    de = text.rfind("的", start, end)
    first_sep = text.find("、", start, end)
    return de + 1 if 0 <= de < first_sep else start


def _after_maker(text: str, floor: int, start: int, head: str = "") -> bool:
    """产品/项目/生产线 name a product only right after an organisation's name (某某有限公司|汽车线束|项目), and
    a production line also after its count (建起了一条|电机壳|生产线, 首条|铝壳电芯|生产线)."""
    before = text[max(floor, start - 6):start]
    return bool(re.search(r"(?:公司|集团|企业|有限公司|股份|科技|实业)$", before)
                or head == "生产线" and re.search(r"(?:一|两|二|三|首)条$", before))


_MAKES = re.compile(r"(?:生产|研发|制造|研制|推出)的")


def _items(article: Article, sentence: Sentence, start: int, end: int, lex: Lexicon,
           last_only: bool = False, named_goods: bool = False) -> Iterator[Mention]:
    text = article.text
    pos = start
    bounds = [(m.start(), m.end()) for m in _ITEM_SEP.finditer(text, start, end)] + [(end, end)]
    if last_only:
        pos, bounds = (bounds[-2][1] if len(bounds) > 1 else start), bounds[-1:]
    for sep_start, sep_end in bounds:
        item_start, item_end = pos, sep_start
        pos = sep_end
        qty = _QUANTITY.search(text, item_start, item_end)
        if qty:
            item_end = qty.start()  # 液晶显示屏|约8000万张
        while item_end > item_start and text[item_end - 1] in "等类各":
            item_end -= 1
        lead = _MODIFIER.match(text, item_start, item_end)
        if lead and item_end - lead.end() >= 2:
            item_start = lead.end()  # 各类|环氧模塑料, 多款|手术机器人
        item = text[item_start:item_end]
        if _MAKES.match(text, item_end):
            continue  # 甲生产的A、乙|生产的B: 乙 makes the next product
        if _good_item(item, lex, named_goods):
            yield Mention(article.id, item_start, item_end, "Product", item, "product-cue", PRODUCT_SCORE,
                          sentence.index)


def _good_item(item: str, lex: Lexicon, named_goods: bool = False) -> bool:
    if not 2 <= len(item) <= 16 or item[0].isdigit() or item.count("(") != item.count(")"):
        return False
    if item[-1] in "内外中上下里间等及和与量" or _CLAUSE_CHAR.match(item):
        return False  # cut short (先进内|燃机), a place word, an amount (整车量), a clause (有很多新…)
    if _cues()["bad"].search(item) or lex.regex["suffix"].search(item) or lex.regex["anchor"].fullmatch(item):
        return False
    if item in lex.product_generic or lex.common_words.get(item, "n") not in ("n", "nz") or \
            (len(item) == 2 and lex.common_words.get(item) not in (None, "n", "nz")):
        return False
    if lex.common_words.get(item[:2]) in ("v", "vd", "p", "c", "r") and item not in lex.common_words:
        return False  # opens with a verb or an adverb: a clause (成功促成…)
    if lex.common_words.get(item[-4:]) in ("i", "l") and len(item) > 4:
        return False  # ends in an idiom: a clause (…捉襟见肘)
    if item in lex.industries and not named_goods:
        return False  # a sector, unless the text lists it as a product (主要产品为机器人、…)
    if lex.common_words.get(item[-2:]) in ("v", "vd", "vn", "d", "a", "ad", "i", "l"):
        return False  # ends in a verb or an adverb: a clause, not a good (设备有序运转)
    return not re.search(r"[0-9]+(?:万|亿|千|百)?(?:吨|台|套|件|只|辆|个|条|元)", item)


def produces_relations(article: Article, sentences: Sequence[Sentence],
                       mentions: Sequence[Mention]) -> Iterator[Relation]:
    """``produces`` for each cue-found or listed product: made by the organisation its clause is about."""
    orgs = by_sentence(m for m in mentions if m.type in ("Enterprise", "Institution"))  # makers near the product
    places = by_sentence(m for m in mentions if m.type in ("Zone", "Park"))
    for p in mentions:
        if p.rule != "product-cue" and not (p.type == "Product" and p.rule.startswith("list:")):
            continue  # a product after a cue word, or an item of 甲、乙等产品
        s = sentences[p.sentence]
        if _cues()["future"].search(article.text, s.start, p.start):
            continue  # 项目建成达产后可形成年产A…, 预计年产A: capacity planned, not goods made
        near = [o for i in range(p.sentence - CONTEXT, p.sentence + 2) for o in orgs.get(i, ())]  # + the speaker's
        maker = _maker(article, p, near, s, places.get(p.sentence, ()))
        if maker is not None:
            rule = "product-cue" if p.rule == "product-cue" else "product-list"
            yield Relation(maker.entity, "produces", p.entity, article.id, s.start, s.end, rule,
                           0.75 if maker.sentence == p.sentence else 0.7, maker.type, "Product")


def _maker(article: Article, product: Mention, orgs: list[Mention], sentence: Sentence,
           places: Sequence[Mention] = ()) -> Mention | None:
    text = article.text
    speaker = _speaker_org(text, product, orgs, sentence)
    if speaker is not None:
        return speaker
    here = [o for o in orgs if o.sentence == product.sentence and o.end <= product.start
            and not _recipient(text, o) and not named_as_customer(text, o.start, o.end)
            and not _cues()["no_goods"].search(o.entity)]
    if here and not (_PRONOUN_START.match(text, sentence.start) and here[0].start > sentence.start + 4):
        return _clause_subject(text, sentence, product, here)
    if any(p.end <= product.start for p in places) and not _COMPANY_CLAUSE.search(text, sentence.start, product.start):
        return None  # 打造某产业园,主要生产A: the goods of a park's firms, no one maker (unless a clause opens on 公司)
    before = [o for o in orgs if product.sentence - CONTEXT <= o.sentence < product.sentence and _may_make(text, o)]
    return before[-1] if before else None


_COMPANY_CLAUSE = re.compile(r"(?:^|(?<=[,;:“,;:]))(?:该公司|公司|该企业|该集团)")  # …,公司厂区位于…
_LEAD_IN = re.compile(r"(?:[^,。;,;:“”]{1,6}[,,])?")  # 据了解, 目前,


def _recipient(text: str, org: Mention) -> bool:
    """Named as a customer or a partner (为A, 与A、B), not as a maker; after 、 only in a list of names
    (与A、B), not in a list of projects (A的X项目、B公司Y项目)."""
    m = RECIPIENT.search(text, max(0, org.start - 2), org.start)
    return bool(m) and not (m.group(0) == "、" and text.endswith(("项目", "基地", "生产线"), 0, m.start()))


def _clause_subject(text: str, sentence: Sentence, product: Mention, here: list[Mention]) -> Mention:
    """The maker among the organisations named before a product in its sentence: the last one in the product's
    own clause, else the one the sentence opens with (A是由B和C组建的企业,主要生产X: A), else the last one."""
    clause = max(text.rfind(c, sentence.start, product.start) for c in ",;,;、")
    own = [o for o in here if o.start > clause]
    if own:
        return own[-1]
    lead = _LEAD_IN.match(text, sentence.start)
    return here[0] if here[0].start == lead.end() else here[-1]


def _may_make(text: str, org: Mention) -> bool:
    """False for an organisation named as a customer (客户有A、B, 为A、B配套) or in a list of partners
    (与A、B、C), and for a body that makes no goods (a post-doctoral workstation, a stock exchange)."""
    first_partner = text.endswith("与", 0, org.start) and text.startswith("、", org.end)
    return not (named_as_customer(text, org.start, org.end) or first_partner
                or _cues()["no_goods"].search(org.entity))


_WE = re.compile(r"我们|我司|我厂|公司")


def _speaker_org(text: str, product: Mention, orgs: list[Mention], sentence: Sentence) -> Mention | None:
    """“我们主攻A和B……”某公司总监某某介绍: in a quote, 我们 is the speaker's organisation, named after it."""
    opening = text.rfind("“", sentence.start, product.start)
    closing = text.find("”", product.end, sentence.end + 1)
    if opening < 0 or closing < 0 or "”" in text[opening:product.start] or \
            not _WE.search(text, opening, product.start):
        return None
    after = [o for o in orgs if product.sentence <= o.sentence <= product.sentence + 1
             and closing < o.start <= closing + 12]
    return after[0] if after else None


# --- recognisers of find_mentions (kg.extract.mentions)

def head_product_mentions(a: Article, s: Sentence, lex: Lexicon) -> Iterator[Mention]:
    text = a.text
    for m in lex.regex["product"].finditer(text, s.start, s.end):
        if text[m.end() - 1:m.end() + 1] in lex.common_words or text[m.start():m.end() + 1] in lex.common_words:
            continue  # the head runs on into a word (奠基|仪式)
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
        yield mention(a, s, start, m.end(), "Product", "product", 0.8 if sure else 0.7)


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
