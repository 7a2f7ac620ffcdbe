"""Industries by their place in the sentence, and whose they are (kg.extract.industries)."""
from __future__ import annotations

import pytest

from kg.extract.article import extract_article
from kg.extract.industries import industry_mentions
from kg.extract.sentences import split_sentences
from kg.model import Article


def industries(text: str) -> list[tuple[str, str]]:
    a = Article.from_text("t", text)
    return sorted({(m.text, m.entity) for s in split_sentences(a) for m in industry_mentions(a, s)})


def has_industry(text: str) -> set[tuple[str, str]]:
    return {(r.subject, r.object) for r in extract_article(Article.from_text("t", text)).relations
            if r.predicate == "hasIndustry"}


@pytest.mark.parametrize("text, expected", [
    ("园区已形成平板显示、微电子与集成电路、软件及信息服务等6大主导产业。",
     [("平板显示", "平板显示"), ("微电子与集成电路", "微电子与集成电路"), ("软件及信息服务", "软件及信息服务")]),
    ("常州高新区围绕先进碳材料产业大力引育。", [("先进碳材料产业", "先进碳材料")]),
    ("园区聚焦体外诊断、影像诊断等细分领域。", [("体外诊断", "体外诊断"), ("影像诊断", "影像诊断")]),
])
def test_industry_names(text, expected):
    assert industries(text) == expected


@pytest.mark.parametrize("text", [
    "园区把惠企政策落到实处,推动相关产业发展。",   # 相关产业: not a sector
    "为海口生物医药产业发展作出贡献。",            # a clause, not a name
])
def test_no_industry(text):
    assert [n for n, _ in industries(text) if n.startswith(("惠企", "为", "相关"))] == []


def test_the_zone_before_the_list_takes_each_industry():
    assert has_industry("常州高新区已形成生物医药、新材料、智能装备三大主导产业。") == {
        ("常州高新区", "生物医药"), ("常州高新区", "新材料"), ("常州高新区", "智能装备")}


def test_a_park_led_by_its_industry():
    assert ("常州滨江工业园区", "电子信息") in has_industry("在以电子信息产业为主导的常州滨江工业园区,企业集聚。")


def test_enterprises_listed_with_their_industry():
    found = has_industry("常州高新区培育了恒远精密机械有限公司、华宇汽车股份有限公司等新能源汽车企业。")
    assert {("恒远精密机械有限公司", "新能源汽车"), ("华宇汽车股份有限公司", "新能源汽车")} <= found


def test_no_place_and_no_cue_no_relation():
    assert has_industry("新材料产业发展很快。") == set()


def test_the_sector_of_a_listed_group_of_enterprises():
    found = has_industry("园区引进恒瑞精工、启明光电等一批智能装备企业。")
    assert found == {("恒瑞精工", "智能装备"), ("启明光电", "智能装备")}
    assert has_industry("园区引进恒瑞精工、启明光电等配套服务企业。") == set()


def test_vehicle_makers_and_digital_firms_name_no_industry():
    found = extract_article(Article.from_text("t", "园区引进恒达汽车、瑞风汽车等整车企业,以及当虹科技、视界科技等数字企业。"))
    assert not {e.name for e in found.entities if e.type == "Industry"} & {"整车", "数字"}


def test_sectors_the_firms_of_a_bare_yuanqu_cover_are_its_parks():
    text = ("柳江经开区加快建设。位于柳江经开区的青山协作产业园开园三年。"
            "园区已引进11家企业入驻,覆盖食品饮料、包装材料、乐器生产等多个领域。")
    assert has_industry(text) == {("青山协作产业园", "食品饮料"), ("青山协作产业园", "包装材料"),
                                  ("青山协作产业园", "乐器生产")}


def test_sectors_the_firms_cover_without_a_yuanqu_are_the_zones():
    text = "位于柳江经开区的青山协作产业园开园三年。入驻企业覆盖食品饮料、包装材料等领域。"
    assert has_industry(text) == {("柳江经开区", "食品饮料"), ("柳江经开区", "包装材料")}


def test_a_word_holding_yu_does_not_split_a_list():
    found = extract_article(Article.from_text("t", "此次参与揭牌的企业涵盖智能家电、新一代信息技术、新材料等领域。"))
    assert {m.text for m in found.mentions if m.type == "Industry"} == {"智能家电", "新一代信息技术", "新材料"}


def test_the_wei_of_yi_a_b_wei_zhudao_is_no_part_of_the_last_industry():
    found = has_industry("柳江高新区着力打造以电子信息、有色金属及新材料为主导产业的产业体系。")
    assert found == {("柳江高新区", "电子信息"), ("柳江高新区", "有色金属及新材料")}


@pytest.mark.parametrize("text, expected", [
    ("柳江高新区打造产业集群,并与新装备、生物科技产业形成三大主导产业。",
     {("柳江高新区", "新装备"), ("柳江高新区", "生物科技")}),            # 并与 opens, 形成 closes the list
    ("青山工业园区聚焦新型工业化,紧扣现代化工、装备制造、新材料等主导产业。",
     {("青山工业园区", "现代化工"), ("青山工业园区", "装备制造"), ("青山工业园区", "新材料")}),  # 紧扣 opens it
])
def test_the_verbs_around_a_list_of_sectors_are_no_part_of_them(text, expected):
    assert has_industry(text) == expected
