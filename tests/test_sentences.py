"""kg.extract.sentences: sentence spans over the normalised text."""
from __future__ import annotations

from kg.extract.sentences import split_sentences
from kg.model import Article, Sentence


def _texts(text: str) -> list[str]:
    article = Article.from_text("a", text)
    return [s.text(article) for s in split_sentences(article)]


def test_splits_on_chinese_and_ascii_sentence_ends():
    assert _texts("园区成立。企业入驻!真的吗?好") == ["园区成立。", "企业入驻!", "真的吗?", "好"]


def test_full_width_marks_also_end_sentences():
    assert _texts("一！二？三") == ["一！", "二？", "三"]


def test_closing_quotes_stay_with_their_sentence():
    assert _texts("他说:“好。”然后走了。") == ["他说:“好。”", "然后走了。"]


def test_line_breaks_end_sentences_and_blank_lines_vanish():
    assert _texts("标题\n\n  第一段\n第二段。  \n") == ["标题", "第一段", "第二段。"]


def test_repeated_marks_are_one_end():
    assert _texts("真的吗?!。下一句") == ["真的吗?!。", "下一句"]


def test_sentences_are_spans_with_indexes():
    article = Article.from_text("doc", " 甲。乙。")
    assert split_sentences(article) == (Sentence("doc", 0, 1, 3), Sentence("doc", 1, 3, 5))


def test_empty_and_blank_text_have_no_sentences():
    assert _texts("") == []
    assert _texts(" \n\n\t") == []


def test_text_running_on_is_cut_at_a_clause_mark_and_marked():
    a = Article.from_text("a", "甲乙丙丁,戊己庚辛壬癸子丑寅卯。短句。")
    got = [(s.text(a), s.cut) for s in split_sentences(a, max_length=8)]
    assert got == [("甲乙丙丁,", True), ("戊己庚辛壬癸子丑", True), ("寅卯。", False), ("短句。", False)]


def test_every_character_of_a_huge_line_is_in_one_sentence():
    a = Article.from_text("a", "字" * 2500)
    ss = split_sentences(a)
    assert [(s.start, s.end, s.cut) for s in ss] == [(0, 1000, True), (1000, 2000, True), (2000, 2500, False)]
