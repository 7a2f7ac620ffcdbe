"""Property tests: arbitrary bytes and text give a result or the project's own error, never a crash."""
from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import KgError
from kg.extract.article import extract_article
from kg.extract.mentions import choose_mentions
from kg.extract.reader import decode_bytes, read_article
from kg.model import Article, ArticleExtraction, Mention

CHINESE = st.sampled_from(list("潍坊高新区产业园有限公司集团股份科技为配套位于旗下与合作投资生产研发简称以下“”（）(),。、；:"))
NEWSY = st.lists(st.one_of(CHINESE, st.characters()), max_size=200).map("".join)
WORDS = st.sampled_from(["潍坊", "龙口", "中宇", "机械", "有限公司", "股份有限公司", "集团", "高新区", "产业园",
                         "光电", "生物", "科技", "研究院", "为", "配套", "位于", "旗下", "与", "合作", "投资",
                         "生产", "(以下简称“", "”)", "。", ",", "、", "\n", " ", "6月 4日", "20 家", "ＡＢ"])
NEWS_LIKE = st.lists(st.one_of(WORDS, st.characters()), max_size=60).map("".join)
_CJK = st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF), min_size=1, max_size=4)
_ORG = st.tuples(st.sampled_from(["潍坊", "龙口", "山东", "宁波"]), _CJK,
                 st.sampled_from(["机械有限公司", "科技股份有限公司", "集团", "研究院"])).map("".join)
_TEMPLATES = ["{a}为{b}配套生产{x}。", "{a}位于{b}产业园。", "{b}旗下{a}(以下简称“{x}”)。",
              "{a}与{b}合作{x}。", "{x}{a}投资{b}。", "{a}{x}\n{b}"]
TEMPLATED = st.builds(lambda t, a, b, x: t.format(a=a, b=b, x=x), st.sampled_from(_TEMPLATES), _ORG, _ORG,
                      st.one_of(_CJK, st.text(max_size=8), WORDS))
ENCODED = st.one_of(
    st.binary(max_size=400),
    NEWSY.map(lambda t: t.encode("utf-8", "surrogatepass")),
    NEWSY.map(lambda t: t.encode("gb18030", "replace")),
)


@settings(max_examples=200, deadline=None)
@given(ENCODED)
def test_decode_bytes_returns_text_or_raises_kg_error(data):
    try:
        text = decode_bytes(data, "x.txt")
    except KgError:
        return
    assert isinstance(text, str)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ENCODED, st.sampled_from([".txt", ".md", ".html"]))
def test_read_article_returns_an_article_or_raises_kg_error(data, suffix):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"a{suffix}"
        path.write_bytes(data)
        try:
            article = read_article(path)
        except KgError:
            return
    assert len(article.offsets) == len(article.text) + 1
    assert article.offsets[-1] == len(article.source)


@settings(max_examples=150, deadline=None)
@given(st.one_of(NEWSY, NEWS_LIKE, st.lists(TEMPLATED, max_size=4).map("".join)))
def test_extract_article_returns_an_extraction_or_raises_kg_error(text):
    try:
        result = extract_article(Article.from_text("p", text))
    except KgError:
        return
    assert isinstance(result, ArticleExtraction)
    for r in result.relations:
        assert 0 <= r.start <= r.end <= len(text)


@settings(max_examples=100, deadline=None)
@given(st.one_of(NEWS_LIKE, st.lists(TEMPLATED, max_size=4).map("".join)))
def test_extract_article_on_normalised_text_maps_evidence_back(text):
    from kg.extract.normalize import normalize_text

    norm, offsets = normalize_text(text)
    article = Article(id="p", text=norm, source=text, offsets=offsets)
    try:
        result = extract_article(article)
    except KgError:
        return
    for r in result.relations:
        start, end = article.source_span(r.start, r.end)
        assert 0 <= start <= end <= len(text)


_SPANS = st.lists(st.tuples(st.integers(0, 60), st.integers(1, 12), st.floats(0, 1)), max_size=40)


@settings(max_examples=200, deadline=None)
@given(_SPANS)
def test_choose_mentions_keeps_what_the_pairwise_rule_keeps(spans):
    ms = [Mention("a", s, s + n, "Enterprise", "x" * n, "r", c) for s, n, c in spans]
    expected, taken = [], []
    for m in sorted(ms, key=lambda m: (-(m.end - m.start), -m.score, m.start)):
        if not any(m.start < e and s < m.end for s, e in taken):
            expected.append(m)
            taken.append((m.start, m.end))
    assert choose_mentions(ms) == sorted(expected, key=lambda m: m.start)
