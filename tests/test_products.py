"""Products after production cues and their makers (kg.extract.products)."""
from __future__ import annotations

import pytest

from kg.extract.article import extract_article
from kg.extract.products import product_mentions
from kg.extract.sentences import split_sentences
from kg.model import Article


def products(text: str) -> list[str]:
    a = Article.from_text("t", text)
    return [m.text for s in split_sentences(a) for m in product_mentions(a, s)]


def produced(text: str) -> set[tuple[str, str]]:
    return {(r.subject, r.object) for r in extract_article(Article.from_text("t", text)).relations
            if r.predicate == "produces"}


@pytest.mark.parametrize("text, expected", [
    ("公司主要生产汽车线束、车载显示屏等产品。", ["汽车线束", "车载显示屏"]),
    ("主要从事高速光模块、硅光芯片的研发及生产。", ["高速光模块", "硅光芯片"]),
    ("是一家从事生产高强度钢丝绳和合金索具的企业。", ["高强度钢丝绳", "合金索具"]),   # chained cue verbs
    ("可年产液晶模组约800万片。", ["液晶模组"]),                                       # the quantity goes
    ("为全国第三大高压共轨喷油器供应商。", ["高压共轨喷油器"]),                         # before a maker's head
    ("某某精密机械有限公司汽车底盘件生产项目开工。", ["汽车底盘件"]),
    ("建成后将形成年产60万台套汽车玻璃的生产规模。", ["汽车玻璃"]),                  # two measure words
    ("可形成年产ABS总成、减震器各30万件的产能。", ["ABS总成", "减震器"]),             # …各 N 件
])
def test_product_phrases(text, expected):
    assert products(text) == expected


@pytest.mark.parametrize("text", [
    "公司研发中心建成投用。",            # 研发|中心: the cue heads a longer word
    "企业年产值超过10亿元。",            # 年产|值
    "主要从事头颈、运动医学等领域的研发。",  # fields of work, not goods
    "园区项目建设进展顺利。",            # 项目 after no maker
    "该区年生产整车量占全省的一半。",      # an amount, not a good
    "公司有很多新项目导入市场。",          # a clause before 项目
    "填补了国内该领域的空白。",            # 空白 is no product
])
def test_no_product(text):
    assert products(text) == []


def test_maker_is_the_subject_not_the_customer_or_the_partner():
    text = "江苏恒远精密机械有限公司依托常州大学,主要为常州华宇汽车股份有限公司生产变速器壳体。"
    assert produced(text) == {("江苏恒远精密机械有限公司", "变速器壳体")}


def test_a_clause_without_its_own_subject_takes_the_sentence_opening_maker():
    text = ("据了解,江苏恒远精密机械有限公司是由常州华宇汽车股份有限公司和苏州天衡电子有限公司共同出资组建的"
            "合资企业,主要生产变速器壳体。")
    assert produced(text) == {("江苏恒远精密机械有限公司", "变速器壳体")}
    text = "园区引进了江苏恒远精密机械有限公司,主要生产变速器壳体。"  # the sentence opens with no maker
    assert produced(text) == {("江苏恒远精密机械有限公司", "变速器壳体")}


def test_a_sentence_about_the_company_takes_the_company_of_the_sentence_before():
    text = "园区与江苏恒远精密机械有限公司签约。该公司依托常州大学的科研力量,主要从事精密齿轮的研发。"
    assert produced(text) == {("江苏恒远精密机械有限公司", "精密齿轮")}


def test_a_count_after_nian_chan_and_a_list_before_deng_chanpin():
    assert products("投产后,可年产100万只汽车轮辋。") == ["汽车轮辋"]
    assert products("展厅里白色的工程塑料(PBT)、电子电器膜材等产品分块陈列。") == ["工程塑料(PBT)", "电子电器膜材"]


def test_a_list_closed_by_deng_is_not_a_product():
    assert not [p for p in products("园区主要生产设备的有恒达精工、瑞丰光棒等一批制造企业。") if "等" in p]


def test_a_production_line_counted_one_names_its_product_and_many_lines_name_none():
    text = "柳州恒远精密机械有限公司落户柳江经开区,建起了一条新能源汽车电机壳生产线。"
    assert produced(text) == {("柳州恒远精密机械有限公司", "新能源汽车电机壳")}
    text = "柳州恒远精密机械有限公司落户柳江经开区。园区已有155条药品生产线通过认证。"
    assert produced(text) == set()


def test_in_a_list_of_projects_each_firm_makes_its_own_goods():
    text = "柳州恒远精密机械有限公司新能源汽车底盘件生产项目、柳州天衡汽车配件有限公司汽车线束生产基地项目等34个项目投产。"
    assert produced(text) == {("柳州恒远精密机械有限公司", "新能源汽车底盘件"), ("柳州天衡汽车配件有限公司", "汽车线束")}


def test_a_clause_opening_on_gongsi_takes_the_company_under_discussion_even_after_a_place():
    text = ("柳州恒远光电科技有限公司落户柳江高新区。作为柳江高新区引进的一家新型显示企业,公司厂区位于产业园20栋楼,"
            "主要从事电容式触摸屏的研发与生产。")
    assert ("柳州恒远光电科技有限公司", "电容式触摸屏") in produced(text)
    assert produced("柳江高新区打造光电产业园,主要生产电容式触摸屏。") == set()   # a park's firms, no one maker
