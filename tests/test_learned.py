"""Typing the model's spans (kg.extract.learned)."""
from __future__ import annotations

import pytest

from kg.extract.learned import learned_mentions, type_of
from kg.extract.lexicon import load_lexicon
from kg.extract.sentences import split_sentences
from kg.model import Article

LEX = load_lexicon()


@pytest.mark.parametrize("name, kind, expected", [
    ("恒瑞精工", "company", ("Enterprise", 0.75)),
    ("周明华", "person", ("Person", 0.7)),
    ("常州", "location", None),                       # a city is not an entity of the graph
    ("常州恒远精密机械有限公司", "company", None),      # a legal form: the rules find it exactly
    ("常州高新区", "location", ("Zone", 0.8)),           # a zone's head decides the type
    ("常州高新区光电产业园", "location", None),          # parks are the rules' (their edges need care)
    ("常州高新区党工委", "org", None),                   # a body's office
    ("经济发展局", "org", None),
    ("新能源", "company", None),                         # an industry
    ("发展", "person", None),                            # an ordinary word
])
def test_type_of(name, kind, expected):
    assert type_of(name, kind, LEX) == expected


def _mentions(text, spans):
    a = Article.from_text("t", text)
    return [(m.text, m.type, m.rule) for m in learned_mentions(a, split_sentences(a)[0], spans, LEX)]


def test_leading_cue_words_verbs_and_trailing_sites_are_trimmed():
    text = "龙头企业恒瑞精工工厂走访启明光电。"
    assert _mentions(text, [(0, 10, "company"), (10, 16, "company")]) == [
        ("恒瑞精工", "Enterprise", "model:company"), ("启明光电", "Enterprise", "model:company")]


def test_generic_company_words_are_not_names():
    assert _mentions("该公司成立于2010年。", [(0, 3, "company")]) == []


def test_a_legal_form_name_the_rules_left_is_taken_from_the_model():
    a = Article.from_text("t", "东营能源发展集团董事长王立新表示。")
    s = split_sentences(a)[0]
    spans = [(0, 8, "company"), (8, 11, "job"), (11, 14, "person")]
    assert [(m.text, m.type) for m in learned_mentions(a, s, spans)] == [("东营能源发展集团", "Enterprise"), ("王立新", "Person")]
    assert [m.text for m in learned_mentions(a, s, spans, rule_ends=frozenset({8}))] == ["王立新"]
