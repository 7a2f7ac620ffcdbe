"""kg.extract.normalize: PDF line joining, stray spaces, width folding, markup; offsets back to the source."""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from kg.extract.normalize import join_broken_lines, normalize_text, strip_markup

LONG = "潍坊高新区各个产业园不再是一堆冰冷厂房的集合而是"  # 24 chars, no sentence end


def _unchanged(text: str) -> list[int]:
    return list(range(len(text) + 1))


def test_date_with_stray_space_is_joined():
    text, offsets = normalize_text("6月 4日")
    assert text == "6月4日"
    assert offsets == (0, 1, 3, 4, 5)


def test_count_with_stray_spaces_is_joined():
    text, offsets = normalize_text("有 20 家企业")
    assert text == "有20家企业"
    assert offsets == (0, 2, 3, 5, 6, 7, 8)


def test_full_width_ascii_and_ideographic_space_fold_to_half_width():
    text, offsets = normalize_text("ＡＢＣ１２３，ｘ")
    assert text == "ABC123,x"
    assert offsets == tuple(range(9))


def test_ideographic_space_becomes_a_space_in_a_byline():
    assert normalize_text("记者\u3000霍立峰")[0] == "记者 霍立峰"


def test_space_between_cjk_in_a_byline_is_kept():
    assert normalize_text("记者 霍立峰") == ("记者 霍立峰", tuple(range(7)))


def test_space_between_cjk_in_prose_is_removed():
    text, _ = normalize_text("企业 园区 在这里，然后很多很多字很多字很多字很多字。")
    assert text == "企业园区在这里,然后很多很多字很多字很多字很多字。"


def test_runs_of_spaces_collapse_to_one():
    assert normalize_text("Hello   world")[0] == "Hello world"


def test_pdf_line_broken_inside_a_sentence_is_joined():
    raw = LONG + "\n" + "接着写完。\n短行\n"
    text, offsets = normalize_text(raw)
    assert text == LONG + "接着写完。\n短行\n"
    assert offsets[len(LONG)] == len(LONG) + 1  # "接" came after the removed newline
    assert offsets[-1] == len(raw)


def test_paragraph_break_inside_a_word_is_joined():
    text, offsets = normalize_text("6月 4日，潍柴国际配\n\n套产业园一期工程建设如火如荼")
    assert text == "6月4日,潍柴国际配套产业园一期工程建设如火如荼"
    assert (offsets[5], offsets[10]) == (6, 13)


def test_line_ending_a_sentence_keeps_its_break():
    raw = LONG + "。\n下一段开始了。"
    assert normalize_text(raw)[0] == raw


def test_short_lines_and_headings_keep_their_breaks():
    raw = "# 标题\n\n▶ 本报记者 霍立峰\n\n" + LONG + "。\n"
    assert normalize_text(raw)[0] == "# 标题\n▶ 本报记者 霍立峰\n" + LONG + "。\n"


def test_crlf_line_endings_become_newlines():
    assert normalize_text("第一段。\r\n第二段。")[0] == "第一段。\n第二段。"


def test_join_broken_lines_alone_leaves_unbroken_text_alone():
    raw = "一句话。"
    assert join_broken_lines(raw, _unchanged(raw)) == (raw, _unchanged(raw))


def test_markup_is_stripped_and_entities_decoded():
    raw = "<p>潍坊&amp;高新区</p><script>x()</script><!-- c -->"
    text, offsets = normalize_text(raw, markup=True)
    assert text == "潍坊&高新区\n"
    assert raw[offsets[0]:offsets[1]] == "潍"
    assert raw[offsets[3]] == "高"
    assert offsets[-1] == len(raw)


def test_markup_is_kept_when_not_html():
    assert normalize_text("<b>园区</b>")[0] == "<b>园区</b>"


def test_strip_markup_turns_br_and_block_ends_into_newlines():
    raw = "甲<br/>乙</div>丙<h1>丁</h1>"
    text, offsets = strip_markup(raw, _unchanged(raw))
    assert text == "甲\n乙\n丙丁\n"
    assert [raw[offsets[i]] for i in (0, 2, 4, 5)] == ["甲", "乙", "丙", "丁"]


# ---- properties: offsets always map back to the source ---------------------------

ALPHABET = st.sampled_from(list("潍坊高新区园企业家月日年，。！：“”（）0123456789ab")
                           + [" ", "  ", "\n", "\n\n", "\u3000", "ＡＢ", "１２", "\r\n", "#"])
TEXTS = st.lists(ALPHABET, max_size=120).map("".join)


def _fold(text: str) -> str:
    folded = "".join(chr(ord(c) - 0xFEE0) if 0xFF01 <= ord(c) <= 0xFF5E else c for c in text)
    return re.sub(r"\s+", "", folded)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_offsets_are_increasing_and_end_at_the_source_end(raw):
    text, offsets = normalize_text(raw)
    assert len(offsets) == len(text) + 1
    assert offsets[-1] == len(raw)
    assert all(a < b for a, b in zip(offsets, offsets[1:]))


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.data())
def test_random_span_maps_to_the_same_characters_in_the_source(raw, data):
    from kg.model import Article

    text, offsets = normalize_text(raw)
    article = Article(id="x", text=text, source=raw, offsets=offsets)
    i = data.draw(st.integers(0, len(text)))
    j = data.draw(st.integers(i, len(text)))
    start, end = article.source_span(i, j)
    # normalisation only removes or rewrites whitespace and folds width
    assert _fold(raw[start:end]) == _fold(text[i:j])
    # where nothing was normalised, the characters are the very same
    if raw[start:end] == _fold(raw[start:end]):
        assert raw[start:end] == text[i:j]
