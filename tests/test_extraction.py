"""One test per pattern family, on sentences written for these tests (other regions, other industries)."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.build.pipeline import BuildSettings, build
from kg.eval.score import evaluate
from kg.extract.article import extract_article
from kg.model import Article


def triples(text: str) -> set[tuple[str, str, str]]:
    return {(r.subject, r.predicate, r.object) for r in extract_article(Article.from_text("t", text)).relations}


def entities(text: str) -> set[tuple[str, str]]:
    return {(e.name, e.type) for e in extract_article(Article.from_text("t", text)).entities}


@pytest.mark.parametrize("text, expected", [
    ("苏州恒力机械有限公司就近为常州华宇汽车股份有限公司配套生产变速器壳体。",
     ("苏州恒力机械有限公司", "supplies", "常州华宇汽车股份有限公司")),
    ("合肥晶科电子有限公司与安徽青松新材料有限公司联合研发了新型封装胶。",
     ("合肥晶科电子有限公司", "cooperatesWith", "安徽青松新材料有限公司")),
    ("江苏远航集团旗下常州远航精密制造有限公司已投产。",
     ("常州远航精密制造有限公司", "subsidiaryOf", "江苏远航集团")),
    ("位于常州高新区青枫智谷园区的常州蓝鲸软件有限公司发布了新产品。",
     ("常州蓝鲸软件有限公司", "locatedIn", "常州高新区青枫智谷园区")),
    ("常州高新区青枫智谷园区组织企业开展对接。",
     ("常州高新区青枫智谷园区", "belongsTo", "常州高新区")),
    ("成都锦程科技有限公司总经理刘建国表示,订单已排到年底。",
     ("刘建国", "worksFor", "成都锦程科技有限公司")),
    ("南京高新区集成电路、人工智能、生物医药等三大主导产业加快集聚。",
     ("南京高新区", "hasIndustry", "集成电路")),
    ("湖北长江动力科技有限公司投资20亿元打造的长江动力电池产业园正式开园。",
     ("湖北长江动力科技有限公司", "investsIn", "长江动力电池产业园")),
    ("武汉光谷激光技术有限公司的超快激光切割设备填补了国内空白。",
     ("武汉光谷激光技术有限公司", "produces", "超快激光切割设备")),
    ("青山协作产业园在柳江经开区正式揭牌。", ("青山协作产业园", "belongsTo", "柳江经开区")),
    ("柳州台商投资区党委书记张建国说,企业越来越多。", ("张建国", "worksFor", "柳州台商投资区")),  # 投资区: a zone
    ("青山智造小镇发展很快。入园企业恒远精密总经理张建国表示,服务很好。", ("恒远精密", "locatedIn", "青山智造小镇")),
    ("来到柳江区东江镇工业园区,走进柳州恒远服饰有限公司,工人正在赶制订单。",
     ("柳州恒远服饰有限公司", "locatedIn", "柳江区东江镇工业园区")),
    ("柳江经开区发展很快。管委会副主任张建国说,订单已排到年底。", ("张建国", "worksFor", "柳江经开区")),
    ("青山智造小镇欢迎企业。园区办公室主任卢志远介绍了园区情况。", ("卢志远", "worksFor", "青山智造小镇")),
    ("由柳州恒远机械有限公司投资建设的恒远创新产业制造基地项目在柳江经开区奠基。",   # 创新 inside a park's name
     ("恒远创新产业制造基地", "belongsTo", "柳江经开区")),
])
def test_pattern_families(text, expected):
    assert expected in triples(text)


def test_a_person_of_a_firm_in_the_park_or_led_by_someone_works_for_no_place():
    found = triples("柳江经开区发展很快。园区企业负责人张建国说,订单已排到年底。")
    assert not any(p == "worksFor" and o == "柳江经开区" for _, p, o in found)
    found = triples("青山智造小镇欢迎企业。园区吸引了由王志远院士领导的研究院入驻。")
    assert not any(p == "worksFor" for _, p, _ in found)


def test_alias_definition_links_short_name():
    text = "杭州青禾生物科技有限公司(以下简称“青禾生物”)落户滨江高新区。青禾生物为杭州远景制药有限公司供货。"
    found = triples(text)
    assert ("杭州青禾生物科技有限公司", "supplies", "杭州远景制药有限公司") in found


def test_pair_subject_resolves_to_previous_sentence():
    text = ("无锡华芯半导体有限公司和无锡明辉封装测试有限公司同在一栋楼。"
            "双方联合研发了车规级功率模块。")
    assert ("无锡华芯半导体有限公司", "cooperatesWith", "无锡明辉封装测试有限公司") in triples(text) or \
        ("无锡明辉封装测试有限公司", "cooperatesWith", "无锡华芯半导体有限公司") in triples(text)


@pytest.mark.parametrize("text", [
    "西安秦川机床有限公司计划与陕西宏达电子有限公司开展合作。",
    "双方正在洽谈,拟由西安秦川机床有限公司为陕西宏达电子有限公司配套生产主轴。",
])
def test_planned_relations_are_not_facts(text):
    assert not {t for t in triples(text) if t[1] in ("cooperatesWith", "supplies")}


def test_unrelated_yu_is_not_cooperation():
    text = "与去年相比,深圳鹏城电子有限公司的营收增长了三成。"
    assert not {t for t in triples(text) if t[1] == "cooperatesWith"}


def test_generic_words_are_not_entities():
    names = {n for n, _ in entities("该公司在园区内建设了一座厂房,这家企业已入驻产业园。")}
    assert not names & {"该公司", "园区", "产业园", "这家企业"}


def test_left_edge_after_verb():
    assert ("华为技术有限公司", "Enterprise") in entities("宁波高新区引进华为技术有限公司。")


def test_seed_score_floor(corpus_build):
    """Regression floor on the seed gold set (a copy of ../shared/eval/gold in tests/data)."""
    result = evaluate(corpus_build / "store", Path(__file__).parent / "data" / "seed_gold")
    overall, ents = result.overall, result.entities
    assert overall.precision >= 0.85 and overall.f1 >= 0.80 and ents.f1 >= 0.88, (overall, ents)


@pytest.fixture(scope="module")
def dev_result(tmp_path_factory):
    """kg's own development set (tests/data/dev: 66 real articles of other regions, annotated by hand)."""
    data = Path(__file__).parent / "data" / "dev"
    out = tmp_path_factory.mktemp("dev") / "out"
    build(BuildSettings(corpus=data / "articles", out=out, incremental=False, derived=False))
    return evaluate(out / "store", data / "gold")


def test_dev_score_floor(dev_result):
    """A floor under the score on real articles the rules were not written from (raise it as extraction improves)."""
    overall, ents = dev_result.overall, dev_result.entities
    assert overall.precision >= 0.61 and overall.f1 >= 0.42 and ents.f1 >= 0.66, (overall, ents)


def test_fresh_score_floor(tmp_path):
    """A floor on 18 later articles (tests/data/fresh), scored once before rules were written from them."""
    data = Path(__file__).parent / "data" / "fresh"
    build(BuildSettings(corpus=data / "articles", out=tmp_path / "out", incremental=False, derived=False))
    result = evaluate(tmp_path / "out" / "store", data / "gold")
    assert result.overall.precision >= 0.54 and result.overall.f1 >= 0.40, (result.overall, result.entities)


# --- families added with the topic, byline, list and park-reference rules -------------------------

def relations(text: str) -> set[tuple[str, str, str, str]]:
    return {(r.subject, r.predicate, r.object, r.rule)
            for r in extract_article(Article.from_text("t", text)).relations}


def test_byline_names_on_their_own_line_are_persons():
    text = "合肥高新区:光伏产业再提速\n\n张立明 王雪\n\n合肥高新区光伏企业订单饱满。"
    assert {("张立明", "Person"), ("王雪", "Person")} <= entities(text)


def test_name_closing_a_paragraph_is_a_person_but_a_wrapped_word_is_not():
    text = "园区已服务企业300余家。刘思远\n\n高新\n\n区位优势明显。"
    found = entities(text)
    assert ("刘思远", "Person") in found
    assert not {n for n, t in found if t == "Person"} - {"刘思远"}


def test_short_names_listed_before_deng_qiye_are_enterprises():
    found = entities("天津高新区涌现出恒瑞精工、启明光电等一批高成长性企业。")
    assert {("恒瑞精工", "Enterprise"), ("启明光电", "Enterprise")} <= found


def test_short_names_before_a_list_of_activities_and_qiye_are_enterprises():
    found = entities("柳江经开区相继引进沣沣精密、巨鸿智能、湘湘智控等轴承生产、精密零部件加工企业。")
    assert {("沣沣精密", "Enterprise"), ("巨鸿智能", "Enterprise"), ("湘湘智控", "Enterprise")} <= found


def test_short_names_before_a_count_and_a_long_description_are_enterprises():
    found = entities("园区内,沣沣精密、巨鸿智能、湘湘智控等3家规模以上的海上风电装备制造企业已全部复产。")
    assert {("沣沣精密", "Enterprise"), ("巨鸿智能", "Enterprise"), ("湘湘智控", "Enterprise")} <= found


def test_materials_listed_before_activities_and_qiye_are_not_enterprises():
    found = entities("园区还聚集了钨、锆、铪等稀有金属加工、研发、贸易和流通企业。")
    assert not {n for n, t in found if t == "Enterprise"}
    found = entities("其中二级子公司三家(华宇医疗、天衡器械)、三级子公司两家(澄明医药、远航药业)。")
    assert ("三级子公司", "Enterprise") not in found


def test_ordinary_words_in_lists_are_not_enterprises():
    found = entities("园区从政策、平台、人才等企业关心的方面入手,建成标准厂房、生态健康城等项目。")
    assert not {n for n, t in found if t == "Enterprise"}


def test_enterprises_in_a_passage_about_a_zone_are_placed_in_it():
    text = ("绵阳高新区电子信息产业加速成长。恒瑞精工、启明光电等一批企业加快发展,"
            "园区还先后与北京天衡、上海澄明等企业开展对接。")
    placed = {(s, o) for s, p, o, _ in relations(text) if p == "locatedIn"}
    assert placed == {("恒瑞精工", "绵阳高新区"), ("启明光电", "绵阳高新区")}


def test_enterprise_named_after_another_city_is_not_placed_by_topic():
    text = "绵阳高新区加快发展。成都天府精工有限公司的订单增长了三成。"
    assert not {r for r in relations(text) if r[1] == "locatedIn"}


def test_park_reference_stands_for_the_park_under_discussion():
    text = ("类似的故事在绵阳高新区光电产业园同步上演。"
            "位于产业园内的四川蜀光材料有限公司一直为原料发愁。")
    assert ("四川蜀光材料有限公司", "locatedIn", "绵阳高新区光电产业园") in triples(text)


def test_two_neighbours_are_placed_in_their_park():
    text = ("成都锦程科技有限公司与成都天曜电子有限公司一拍即合。"
            "双方原本为成都高新区软件园不同楼层的“邻居”。")
    found = triples(text)
    assert ("成都锦程科技有限公司", "locatedIn", "成都高新区软件园") in found
    assert ("成都天曜电子有限公司", "locatedIn", "成都高新区软件园") in found


def test_newly_settled_neighbour_is_placed_in_the_park_under_discussion():
    text = ("在一次绵阳高新区光电产业园组织的对接会上,四川蜀光材料有限公司结识了新落户的“邻居”——"
            "绵阳启辰光学有限公司。")
    assert ("绵阳启辰光学有限公司", "locatedIn", "绵阳高新区光电产业园") in triples(text)


def test_industry_named_by_structure():
    assert ("成都高新区", "hasIndustry", "数字视听") in triples("成都高新区数字视听产业集群入选国家级名单。")
    assert ("芯屏汽合", "Industry") in entities("合肥高新区把“芯屏汽合”产业作为主导产业。")


def test_implicit_subject_of_leading_industries_is_the_zone_not_a_park():
    text = "合肥高新区建成了合肥光伏产业园。新材料和现代物流等新兴产业乘势而上。"
    found = triples(text)
    assert ("合肥高新区", "hasIndustry", "新材料") in found
    assert not {t for t in found if t[0] == "合肥光伏产业园" and t[1] == "hasIndustry"}


def test_short_name_coordinated_with_an_organisation():
    text = "绵阳高新区引进华强集团与云岭农庄合作的西南果蔬加工产业基地。"
    found = triples(text)
    assert ("云岭农庄", "Enterprise") in entities(text)
    assert ("云岭农庄", "investsIn", "西南果蔬加工产业基地") in found


def test_short_name_in_baokuo_zainei():
    text = "包括蓝晶生物项目在内的8个项目集中在苏州高新区开工。"
    assert ("蓝晶生物", "locatedIn", "苏州高新区") in triples(text)


@pytest.mark.parametrize("text", [
    "园区全力推进产业园建设。",
    "整个园区焕然一新,人才小镇也已投用。",
])
def test_generic_or_verb_led_parks_are_not_entities(text):
    assert not {n for n, t in entities(text) if t == "Park"}


def test_park_inside_a_park_is_split():
    text = "成都电子信息产业园智能终端产业基地二期项目总投资8亿元。"
    found = triples(text)
    assert ("智能终端产业基地", "belongsTo", "成都电子信息产业园") in found


def test_partner_named_after_hezuo_huoban_is_an_enterprise():
    text = "常州华宇汽车股份有限公司致信园区,感谢其合作伙伴瑞能电池科技工厂建设期间得到的帮助。"
    assert ("瑞能电池科技", "Enterprise") in entities(text)
    found = triples(text)
    assert ("常州华宇汽车股份有限公司", "cooperatesWith", "瑞能电池科技") in found or \
        ("瑞能电池科技", "cooperatesWith", "常州华宇汽车股份有限公司") in found


def test_cooperation_without_a_subject_is_the_organisation_under_discussion():
    text = "苏州恒力机械有限公司研发投入逐年增加。公司还将持续加强与中科院等院所高校合作。"
    found = triples(text)
    assert ("中科院", "cooperatesWith", "苏州恒力机械有限公司") in found or \
        ("苏州恒力机械有限公司", "cooperatesWith", "中科院") in found


def test_second_of_two_coordinated_products_and_a_quoted_product():
    text = "玉柴集团发布高效率国六柴油机和高效率天然气发动机。玉柴“智能变速器装配线”获得金奖。"
    found = triples(text)
    assert {("玉柴集团", "produces", "高效率国六柴油机"), ("玉柴集团", "produces", "高效率天然气发动机"),
            ("玉柴集团", "produces", "智能变速器装配线")} <= found


def test_university_named_by_region_and_discipline():
    assert ("江西理工大学", "Institution") in entities("园区邀请江西理工大学、南昌大学专家制定规划。")


def test_industry_with_its_tail_is_one_industry():
    text = "合肥高新区光伏产业集群加快壮大。合肥高新区光伏产业营收增长三成。"
    industries = {e for e in extract_article(Article.from_text("t", text)).entities if e.type == "Industry"}
    assert [(e.name, sorted(e.aliases)) for e in industries] == [("光伏", ["光伏产业", "光伏产业集群"])]


def test_industry_taken_as_the_zone_s_leading_one():
    assert ("西宁高新区", "hasIndustry", "锂电") in triples("西宁高新区把“锂电”产业作为第一主导产业。")


def test_a_post_after_a_surname_character_is_not_a_name():
    found = entities("园区成立了由市长任组长的领导小组,常州天成科技有限公司总经理任建华出席。")
    assert {n for n, t in found if t == "Person"} == {"任建华"}


def test_subsidiary_words_are_not_company_names():
    text = "武汉德宇科技有限公司是湖北盛德医药有限公司的全资子公司。"
    assert triples(text) == {("武汉德宇科技有限公司", "subsidiaryOf", "湖北盛德医药有限公司")}
    assert ("全资子公司", "Enterprise") not in entities(text)


def test_evidence_is_one_clause_of_a_semicolon_list():
    text = "苏州恒力机械有限公司为常州华宇汽车股份有限公司配套;合肥晶科电子有限公司与安徽青松新材料有限公司开展合作。"
    ex = extract_article(Article.from_text("t", text))
    supply = next(r for r in ex.relations if r.predicate == "supplies")
    assert text[supply.start:supply.end] == "苏州恒力机械有限公司为常州华宇汽车股份有限公司配套;"


def test_launched_products_are_kept_without_a_relation_but_industries_stay_industries():
    text = "如今已实现偏光膜技术的国产化替代。常州高新区主攻新一代信息技术。"
    found = entities(text)
    assert ("偏光膜技术", "Product") in found
    assert ("新一代信息技术", "Industry") in found and ("新一代信息技术", "Product") not in found
    assert ("常州高新区", "hasIndustry", "新一代信息技术") in triples(text)


def test_a_weak_candidate_without_a_relation_is_dropped():
    # an industry that no zone, park or enterprise takes, a short name only the model proposes
    assert entities("园区主攻新一代信息技术。") == set()
    assert ("恒瑞精工", "Enterprise") not in entities("恒瑞精工近年发展很快。")


def test_a_verb_with_its_complement_is_not_a_company():
    assert not {n for n, t in entities("业务体量已占到集团总量的四成。") if t == "Enterprise"}


# --- families added with the learned recogniser: supplies with the maker under discussion, lists, posts ----

@pytest.mark.parametrize("text, expected", [
    ("江苏恒远精密机械有限公司成立于2010年。公司主要为常州华宇汽车股份有限公司、苏州天衡电子有限公司等企业提供零部件。",
     {("江苏恒远精密机械有限公司", "supplies", "常州华宇汽车股份有限公司"),
      ("江苏恒远精密机械有限公司", "supplies", "苏州天衡电子有限公司")}),
    ("江苏恒远精密机械有限公司80%的产品供应给常州华宇汽车股份有限公司。",
     {("江苏恒远精密机械有限公司", "supplies", "常州华宇汽车股份有限公司")}),
    ("江苏恒远精密机械有限公司的主要客户有常州华宇汽车股份有限公司和苏州天衡电子有限公司。",
     {("江苏恒远精密机械有限公司", "supplies", "常州华宇汽车股份有限公司"),
      ("江苏恒远精密机械有限公司", "supplies", "苏州天衡电子有限公司")}),
])
def test_supplies_from_the_maker_under_discussion(text, expected):
    assert expected <= triples(text)


@pytest.mark.parametrize("text, expected", [
    ("江苏恒远精密机械有限公司是常州华宇汽车股份有限公司核心供应商。",
     ("江苏恒远精密机械有限公司", "supplies", "常州华宇汽车股份有限公司")),
    ("江苏恒远精密机械有限公司也是常州华宇汽车股份有限公司的专属供应商。",
     ("江苏恒远精密机械有限公司", "supplies", "常州华宇汽车股份有限公司")),
    ("江苏恒远精密机械有限公司给常州华宇汽车股份有限公司做配套,订单稳定。",
     ("江苏恒远精密机械有限公司", "supplies", "常州华宇汽车股份有限公司")),
    ("江苏恒远精密机械有限公司每两天向常州华宇汽车股份有限公司发一次货。",
     ("江苏恒远精密机械有限公司", "supplies", "常州华宇汽车股份有限公司")),
])
def test_supplies_by_supplier_words_and_deliveries(text, expected):
    assert expected in triples(text)


def test_supplies_across_a_product_and_an_industry():
    text = "江苏恒远精密机械有限公司落户常州高新区。该企业主要生产汽车安全带织带,配套常州华宇汽车股份有限公司等车企。"
    assert ("江苏恒远精密机械有限公司", "supplies", "常州华宇汽车股份有限公司") in triples(text)
    text = "江苏恒远精密机械有限公司已成为常州华宇汽车股份有限公司等新能源汽车龙头企业的重要供货商。"
    assert ("江苏恒远精密机械有限公司", "supplies", "常州华宇汽车股份有限公司") in triples(text)


def test_a_customer_list_is_not_placed_in_the_zone():
    text = "常州高新区的江苏恒远精密机械有限公司主要客户有华宇汽车、天衡电子等企业。"
    assert not {t for t in triples(text) if t[1] == "locatedIn" and t[0] in ("华宇汽车", "天衡电子")}


def test_listed_enterprises_gathered_in_a_zone_sit_in_it():
    text = "常州高新区集聚了恒远精密机械有限公司、华宇汽车股份有限公司等一批龙头企业。"
    assert {("恒远精密机械有限公司", "locatedIn", "常州高新区"),
            ("华宇汽车股份有限公司", "locatedIn", "常州高新区")} <= triples(text)


def test_listed_enterprises_that_signed_intentions_are_not_placed():
    text = "常州高新区与恒远精密机械有限公司、华宇汽车股份有限公司等企业达成投资意向。"
    assert not {t for t in triples(text) if t[1] == "locatedIn"}


def test_post_of_the_company_under_discussion():
    text = "江苏恒远精密机械有限公司位于常州高新区。公司副总经理周明华说,订单已排到年底。"
    assert ("周明华", "worksFor", "江苏恒远精密机械有限公司") in triples(text)


def test_company_named_after_its_group_is_its_subsidiary():
    assert ("恒远集团恒新精密机械有限公司", "subsidiaryOf", "恒远集团") in triples("恒远集团恒新精密机械有限公司落户常州高新区。")
    assert ("江苏恒新精密机械有限公司", "subsidiaryOf", "恒远集团") in triples("恒远集团江苏恒新精密机械有限公司落户常州高新区。")


def test_zone_written_with_and_without_national_is_one_entity():
    text = "记者从宜兴国家高新区获悉,宜兴恒泰电子有限公司落户宜兴高新区。"
    found = extract_article(Article.from_text("t", text))
    zones = [(e.name, sorted(e.aliases)) for e in found.entities if e.type == "Zone"]
    assert zones == [("宜兴国家高新区", ["宜兴高新区"])]


def test_sector_park_with_short_head_is_a_park():
    assert ("滁州光伏产业园", "Park") in entities("企业落户滁州光伏产业园。")
    assert ("滁州经开区医疗器械园", "Park") in entities("五家企业落户滁州经开区医疗器械园。")
    assert not any(t == "Park" for _, t in entities("市民来到滁州南湖公园散步。"))


def test_park_named_after_another_county_is_not_put_in_the_zone():
    text = "泰和经开区加快发展电子产业。记者走进永新电子信息产业园,生产线正在运转。"
    assert not any(p == "belongsTo" for _, p, _ in triples(text))


def test_company_set_up_by_a_company_is_its_subsidiary():
    text = "广东瑞丰电子股份有限公司于2019年在肇庆高新区投资设立肇庆瑞丰精密有限公司。"
    assert ("肇庆瑞丰精密有限公司", "subsidiaryOf", "广东瑞丰电子股份有限公司") in triples(text)


def test_joint_ventures_are_not_subsidiaries_of_one_founder():
    text = "广东瑞丰电子股份有限公司与湖南华信材料有限公司共同成立肇庆瑞信精密有限公司。"
    assert not any(p == "subsidiaryOf" for _, p, _ in triples(text))


def test_company_with_the_trade_name_of_a_group_in_the_article_is_its_subsidiary():
    text = "鼎盛科技集团是一家材料企业。去年,鄂州鼎盛新材料有限公司建成投产。"
    assert ("鄂州鼎盛新材料有限公司", "subsidiaryOf", "鼎盛科技集团") in triples(text)
    text = "鼎盛科技集团与宏远集团合资组建鄂州鼎盛新材料有限公司。"
    assert ("鄂州鼎盛新材料有限公司", "subsidiaryOf", "鼎盛科技集团") not in triples(text)


def test_listed_entrants_with_a_project_budget_are_placed():
    text = ("江西青山工业园区成立于2010年。今年新入园项目有吉安恒通机械有限公司、吉安宏达电子有限公司等5个企业,"
            "计划总投资12亿元。")
    found = triples(text)
    assert ("吉安恒通机械有限公司", "locatedIn", "江西青山工业园区") in found
    assert ("吉安宏达电子有限公司", "locatedIn", "江西青山工业园区") in found


def test_a_planned_move_is_still_not_a_fact():
    text = "江西青山工业园区加快建设。吉安恒通机械有限公司、吉安宏达电子有限公司等企业计划入驻园区。"
    assert not any(p == "locatedIn" for _, p, _ in triples(text))


def test_a_city_cluster_is_not_a_park():
    assert not any(t == "Park" for _, t in entities("园区建成后将成为新的城市组团。"))


def test_zone_written_three_ways_is_one_entity_named_in_full():
    text = "如皋经开区加快发展。如皋经济技术开发区的轮廓渐次清晰。南通恒泰电子有限公司落户如皋市经开区。"
    found = extract_article(Article.from_text("t", text))
    zones = [(e.name, sorted(e.aliases)) for e in found.entities if e.type == "Zone"]
    assert zones == [("如皋经济技术开发区", ["如皋市经开区", "如皋经开区"])]
    assert ("南通恒泰电子有限公司", "locatedIn", "如皋经济技术开发区") in triples(text)


def test_settling_verb_before_a_park_word_is_not_a_park_name():
    assert not any(t == "Park" for _, t in entities("道出企业扎根园区发展底气。"))


def test_counted_list_of_industries_belongs_to_the_zone_of_the_passage():
    text = "吉安高新区发展迅速。电子信息、新材料、生物医药3个百亿级产业生机勃发。"
    found = triples(text)
    assert {o for s, p, o in found if p == "hasIndustry" and s == "吉安高新区"} == {"电子信息", "新材料", "生物医药"}


def test_list_closed_by_a_company_word_names_each_item_not_the_closure():
    text = "湖州恒达机械有限公司主要为江淮汽车、奇瑞汽车等公司配套生产车桥。"
    assert {n for n, t in entities(text) if t == "Enterprise"} == {"湖州恒达机械有限公司", "江淮汽车", "奇瑞汽车"}


def test_we_in_a_quote_is_the_organisation_of_the_speaker_after_it():
    text = "“我们主攻电子油泵和电子水泵,订单已排满。”湖州恒达机械有限公司总经理王立新介绍。"
    found = triples(text)
    assert ("湖州恒达机械有限公司", "produces", "电子油泵") in found
    assert ("湖州恒达机械有限公司", "produces", "电子水泵") in found


def test_zone_named_after_a_town_inside_its_city_and_district():
    text = "无锡市锡山区东港高新区招商局局长王立新介绍,园区发展迅速。"
    found = triples(text)
    assert ("王立新", "worksFor", "无锡市锡山区东港高新区") in found


def test_nothing_is_placed_in_a_broad_area_by_the_topic_alone():
    text = "园区加快融入广西北部湾经济区。桂林恒达机械有限公司新厂房建成。"
    assert not any(p == "locatedIn" for _, p, _ in triples(text))


@pytest.mark.parametrize("text", [
    "基本形成了比较完整的研究开发、生产经营、咨询服务等上下游企业的产业链。",
    "一批涵盖住房保障、市政交通、基础教育等多个板块的重大项目落地开工。",
    "更有恒瑞精工、启明光电等9家公司相继鸣锣上市。",
])
def test_activities_sectors_and_counts_are_not_companies(text):
    names = {n for n, t in entities(text) if t == "Enterprise"}
    assert not names & {"研究开发", "生产经营", "咨询服务", "住房保障", "市政交通", "基础教育", "9家公司"}


def test_a_national_zone_named_after_its_district():
    assert ("江阴国家高新区", "Zone") in entities("企业落户江阴国家高新区。")


def test_a_company_that_invests_to_set_up_companies_invests_in_them_and_owns_them():
    text = "无锡恒瑞电子股份有限公司成立于2005年。2012年以来,公司相继在江阴国家高新区投资设立江阴恒瑞精密有限公司和江阴瑞达光电有限公司。"
    found = triples(text)
    for child in ("江阴恒瑞精密有限公司", "江阴瑞达光电有限公司"):
        assert (child, "subsidiaryOf", "无锡恒瑞电子股份有限公司") in found
        assert ("无锡恒瑞电子股份有限公司", "investsIn", child) in found
        assert (child, "locatedIn", "江阴国家高新区") in found


@pytest.mark.parametrize("text, park, zone", [
    ("寿春经济开发区桂集工业园内,企业订单不断。", "寿春经济开发区桂集工业园", "寿春经济开发区"),   # 开发|区 is no verb
    ("寿春经济开发区铜及铜加工产业园内,一片繁忙。", "寿春经济开发区铜及铜加工产业园", "寿春经济开发区"),  # 铜及铜加工
])
def test_parks_named_after_their_zone(text, park, zone):
    assert (park, "belongsTo", zone) in triples(text)


def test_a_verb_of_shipping_is_not_part_of_the_customer_name():
    names = {n for n, t in entities("一批钢丝绳正在装车发往徐州恒通集团。") if t == "Enterprise"}
    assert "发往徐州恒通集团" not in names


@pytest.mark.parametrize("text, wrong", [
    ("相信这次恒达集团和悦华集团的联合一定会取得成效。", "次恒达集团"),
    ("如果您公司有新产品,请与我们联系。", "果您公司"),
    ("那时通过银行融资建设了标准厂房。", "时通过银行"),
])
def test_words_before_a_name_are_not_part_of_it(text, wrong):
    assert wrong not in {n for n, _ in entities(text)}


def test_customers_named_in_a_passage_about_a_zone_are_not_placed_in_it():
    text = "宜兴高新区加快发展。宜兴恒通机械有限公司主要为江淮汽车股份有限公司提供底盘零部件。"
    found = triples(text)
    assert ("宜兴恒通机械有限公司", "locatedIn", "宜兴高新区") in found
    assert ("江淮汽车股份有限公司", "locatedIn", "宜兴高新区") not in found


def test_a_person_holding_posts_in_several_bodies_works_for_each():
    text = "常州恒远控股股份有限公司董事长、江苏恒远集团总裁、常州恒远精密有限公司董事长王立新等出席仪式。"
    found = triples(text)
    for body in ("常州恒远控股股份有限公司", "江苏恒远集团", "常州恒远精密有限公司"):
        assert ("王立新", "worksFor", body) in found


def test_a_post_after_a_comma_belongs_to_the_company_that_opens_the_sentence():
    text = "常州恒远精密有限公司是华星光电的配套厂商,总经理王立新表示,订单很满。"
    assert ("王立新", "worksFor", "常州恒远精密有限公司") in triples(text)


def test_yu_peitao_is_supply_to_the_makers_listed():
    text = "河南恒达股份有限公司是全球最大的气缸套供应商,与美国福特、克莱斯勒等国际知名公司主机配套。"
    found = triples(text)
    assert ("河南恒达股份有限公司", "supplies", "美国福特") in found
    assert ("河南恒达股份有限公司", "supplies", "克莱斯勒") in found


def test_a_park_name_joined_by_a_middle_dot_is_one_name():
    text = "五家企业集中签约落户瑞丰国际·宜兴高新区医疗器械园,为发展提供新动能。"
    found = extract_article(Article.from_text("t", text))
    assert ("瑞丰国际·宜兴高新区医疗器械园", "Park") in {(e.name, e.type) for e in found.entities}
    assert ("瑞丰国际·宜兴高新区医疗器械园", "belongsTo", "宜兴高新区") in triples(text)


def test_descriptions_of_companies_are_not_names():
    found = {n for n, _ in entities("恒远精密制造有限公司与欧美跨国公司、当地国资相关投资公司成立新合资公司。")}
    assert found == {"恒远精密制造有限公司"}


def test_a_district_in_front_of_a_provincial_company_name_is_cut_off():
    found = entities("南昌市青山湖区江西恒远精密有限公司生产车间里机器满负荷运转。")
    assert ("江西恒远精密有限公司", "Enterprise") in found
    assert not any(n.startswith("南昌市") for n, _ in found)


def test_a_port_area_is_a_zone_and_the_company_after_it_a_name_of_its_own():
    found = entities("福建泉州石湖港区恒泰船舶重工(泉州)有限公司的船坞里,两艘新船正在舾装。")
    assert {("福建泉州石湖港区", "Zone"), ("恒泰船舶重工(泉州)有限公司", "Enterprise")} <= found


def test_items_before_deng_chexing_are_products_of_the_maker():
    text = "恒远汽车有限公司位于常州高新区,其产品涵盖了远星、远航、远途等系列车型。"
    found = entities(text)
    assert {("远星", "Product"), ("远航", "Product"), ("远途", "Product")} <= found
    assert ("恒远汽车有限公司", "produces", "远途") in triples(text)
    assert not any(s in ("远星", "远航", "远途") for s, p, _ in triples(text) if p == "locatedIn")


def test_brands_before_a_named_product_are_not_products():
    found = entities("恒远电器有限公司成为美旺、九星等电饭锅产品的供应商。")
    assert not {n for n, t in found if t == "Product"} & {"美旺", "九星"}


def test_projects_under_negotiation_are_not_placed_by_topic():
    text = "常州高新区产业发展势头良好。恒瑞精工、启明光电等一批项目正积极跟踪洽谈中。"
    assert not [t for t in triples(text) if t[1] == "locatedIn"]


def test_the_group_of_a_local_subsidiary_is_not_placed_by_topic():
    text = "常州高新区产业发展势头良好。远航集团旗下常州远航精密制造有限公司已投产。"
    found = triples(text)
    assert ("常州远航精密制造有限公司", "locatedIn", "常州高新区") in found
    assert ("远航集团", "locatedIn", "常州高新区") not in found


def test_a_clause_supplying_customers_takes_the_sentence_subject_as_supplier():
    text = "恒远精密部件有限公司由远星株式会社设立,总投资3亿元,主要为华泰汽车、长城汽车等公司提供底盘、连杆类配套。"
    found = triples(text)
    assert {("恒远精密部件有限公司", "supplies", "华泰汽车"), ("恒远精密部件有限公司", "supplies", "长城汽车")} <= found
    assert not [t for t in found if t[1] == "supplies" and t[0] != "恒远精密部件有限公司"]


def test_a_list_of_partners_holding_a_word_that_is_no_name_keeps_every_name():
    text = "恒远缸套股份有限公司国内独家与美国福特、通用、德国奔驰等国际知名公司主机配套。"
    found = triples(text)
    assert {("恒远缸套股份有限公司", "supplies", "美国福特"), ("恒远缸套股份有限公司", "supplies", "德国奔驰")} <= found
    assert "国内独家" not in {n for n, _ in entities(text)}


@pytest.mark.parametrize("text, expected", [
    ("恒远汽车有限公司落户温州湾新区。", ("温州湾新区", "Zone")),
    ("恒远乐器有限公司入驻黄埔·安顺东西部协作共建产业园。", ("黄埔·安顺东西部协作共建产业园", "Park")),
    ("苏宁合作产业园位于宿迁。", ("苏宁合作产业园", "Park")),
])
def test_zone_and_park_heads(text, expected):
    assert expected in entities(text)


@pytest.mark.parametrize("text, expected", [
    ("记者走进江宁经济开发区秣陵工业园的南京恒远智能科技有限公司生产车间。",
     ("南京恒远智能科技有限公司", "locatedIn", "江宁经济开发区秣陵工业园")),
    ("在泗阳新桥国际产业园,宿迁恒远汽车外饰有限公司订单不断。",
     ("宿迁恒远汽车外饰有限公司", "locatedIn", "泗阳新桥国际产业园")),
    ("星辰信息技术、远航智控等12家企业与东湖智能创新园进行入驻集中签约。",
     ("远航智控", "locatedIn", "东湖智能创新园")),
])
def test_placement_patterns(text, expected):
    assert expected in triples(text)


@pytest.mark.parametrize("text, expected", [
    ("园区形成了从恒能科技生产的动力电池到整车的完整链条。", ("恒能科技", "produces", "动力电池")),
    ("杭州恒远药业有限公司专业从事核酸新药开发。", ("杭州恒远药业有限公司", "produces", "核酸新药")),
    ("南昌恒益药业有限公司在这里设立了中药提取、片剂、胶囊剂等8条生产线。", ("南昌恒益药业有限公司", "produces", "胶囊剂")),
])
def test_products_after_a_maker_a_field_of_work_or_before_production_lines(text, expected):
    assert expected in triples(text)


def test_a_maker_listed_between_products_is_no_product():
    text = "从恒能科技生产的动力电池、远航机器生产的变速箱等关键零部件,到整车项目,园区实现了突破。"
    assert "远航机器" not in {n for n, t in entities(text) if t == "Product"}


def test_goods_of_a_park_have_no_maker_from_an_earlier_sentence():
    text = "恒远机械有限公司扩建了厂房。全县着力打造汽车零部件产业园,主要生产滤清器、轴承、火花塞等。"
    assert not [t for t in triples(text) if t[1] == "produces"]


def test_goods_before_n_ge_xiangmu_are_not_firms():
    text = "恒远(武汉)实业有限公司将在开发区兴建包括汽车防抱死刹车系统、减震器、排气管消声器和非金属饰件等5个项目的生产基地。"
    mentions = extract_article(Article.from_text("t", text)).mentions
    assert not {"汽车防抱死刹车系统", "减震器", "排气管消声器", "非金属饰件"} & {m.text for m in mentions if m.type == "Enterprise"}


def test_a_rank_is_not_part_of_a_product():
    text = "恒远汽车部件有限公司是全球十大汽车零部件供应商之一。"
    assert not [t for t in triples(text) if t[1] == "produces" and "十大" in t[2]]


def test_investors_joined_by_yu_before_lianhe_sheli():
    text = "丽水恒远半导体有限公司由杭州恒远半导体股份有限公司与当地国资相关投资公司联合设立。"
    assert ("杭州恒远半导体股份有限公司", "investsIn", "丽水恒远半导体有限公司") in triples(text)


def test_a_description_before_a_region_is_not_part_of_the_name():
    found = entities("中国通信行业龙头中国恒远通信集团在北海工业园区投资建厂。")
    assert ("中国恒远通信集团", "Enterprise") in found
    assert not any(n.startswith("中国通信行业") for n, _ in found)


def test_a_kind_of_listed_company_is_not_a_name():
    assert "覆铜板上市公司" not in {n for n, _ in entities("恒远科技是目前国内唯一的覆铜板上市公司。")}


def test_goods_listed_before_deng_qiye_zizhu_yanfa_are_not_firms():
    mentions = extract_article(Article.from_text("t", "车间里,鹅肌肽、鱼胶原肽等企业自主研发的生物多肽产品正在包装。")).mentions
    assert not {"鹅肌肽", "鱼胶原肽"} & {m.text for m in mentions if m.type == "Enterprise"}


@pytest.mark.parametrize("text, expected", [
    ("合肥恒远科技有限公司与澳大利亚星辰电机有限公司在“永磁同步电机控制器”的科研转化上达成合作。",
     ("合肥恒远科技有限公司", "cooperatesWith", "澳大利亚星辰电机有限公司")),
    ("合肥恒源机械有限公司与全球最大的地勤设备专业制造商法国星辰集团达成战略合作关系。",
     ("合肥恒源机械有限公司", "cooperatesWith", "法国星辰集团")),
    ("相信这次远航集团和星辰集团的强强联合一定会取得良好的经济效益。", ("远航集团", "cooperatesWith", "星辰集团")),
    ("恒远零部件公司由恒远汽车有限公司零部件事业部重组而成,包括恒远电子科技公司、恒远车轮公司等15家分(子)公司。",
     ("恒远车轮公司", "subsidiaryOf", "恒远零部件公司")),
])
def test_cooperation_and_subsidiary_patterns(text, expected):
    assert expected in triples(text)


def test_a_park_named_after_the_nation_belongs_to_the_zone_under_discussion():
    text = "郑州经开区载体平台方面,建成中国恒远智能化高端装备产业园、氢能产业园等18个特色园区。"
    assert ("中国恒远智能化高端装备产业园", "belongsTo", "郑州经开区") in triples(text)


def test_an_article_naming_no_zone_places_its_firms_in_the_park_it_is_about():
    text = ("安顺东西部协作共建产业园生产一线热潮涌动。\n贵州恒远乐器有限公司车间里,工人们正加紧赶制吉他订单。\n"
            "一批入驻企业在安顺东西部协作共建产业园驶入快车道。")
    assert ("贵州恒远乐器有限公司", "locatedIn", "安顺东西部协作共建产业园") in triples(text)


def test_an_article_about_a_zone_does_not_place_firms_in_a_park_by_topic():
    text = "常州高新区产业园区建设提速。\n常州恒远精密有限公司车间里机器满负荷运转。\n恒远产业园正在建设。"
    assert not [t for t in triples(text) if t[1] == "locatedIn" and "产业园" in t[2]]


def test_a_verb_after_a_model_name_is_not_part_of_it():
    found = {n for n, _ in entities("恒迪光电投资超3亿元建设生产基地,补齐产业链上游环节。")}
    assert "恒迪光电投" not in found


def test_a_pattern_with_an_optional_lead_is_searched_for_what_follows_the_lead_first():
    from kg.extract.relations import load_patterns, mask_sentence
    from kg.extract.sentences import split_sentences
    from kg.model import by_sentence
    patterns = {p.rule: p for p in load_patterns()}
    assert patterns["kehu"].needs is not None and patterns["weiyu"].needs is None
    text = "恒远精密有限公司的主要客户有华泰汽车、长城汽车。该企业主要生产齿轮,供应给远航重工有限公司。"
    ex = extract_article(Article.from_text("t", text))
    grouped = by_sentence(ex.mentions)
    masked = [mask_sentence(ex.article, s, grouped.get(s.index, [])).text for s in split_sentences(ex.article)]
    for p in patterns.values():
        if p.needs is not None:
            assert [bool(p.regex.search(m)) for m in masked] == [bool(p.regex.search(m)) and bool(p.needs.search(m))
                                                                  for m in masked]
    assert ("恒远精密有限公司", "supplies", "长城汽车") in triples(text)


def test_a_product_head_running_on_into_a_word_is_no_product():
    text = "22日下午,恒远芯创生产基地及研发中心项目举行开工奠基仪式。恒远乐器有限公司正加紧赶制发往韩国的吉他订单。"
    assert not {n for n, t in entities(text) if t == "Product"} & {"中心项目举行开工奠基仪", "发往韩国"}


@pytest.mark.parametrize("text, expected", [
    ("恒远零部件公司由恒远汽车有限公司零部件事业部重组而成。", ("恒远零部件公司", "subsidiaryOf", "恒远汽车有限公司")),
    ("星辰(盐城)汽车部件有限公司是全球十大汽车零部件供应商之一——星辉集团在全球的战略工厂之一。",
     ("星辰(盐城)汽车部件有限公司", "subsidiaryOf", "星辉集团")),
])
def test_subsidiaries_by_restructuring_and_plants_of_a_group(text, expected):
    assert expected in triples(text)


def test_an_incubator_is_a_park_and_jinlin_ends_a_name_before_it():
    mentions = extract_article(Article.from_text("t", "海沧科技创业中心正在扩容,新厂房紧邻恒星汽车制造基地。")).mentions
    assert {("海沧科技创业中心", "Park"), ("恒星汽车制造基地", "Park")} <= {(m.text, m.type) for m in mentions}


def test_an_implicit_supplier_is_the_last_enterprise_not_an_exchange():
    text = "河南恒远缸套股份有限公司成立于1958年,2010年在深交所挂牌上市。是全球最大的气缸套供应商,与美国福特、德国奔驰等国际知名公司主机配套。"
    found = triples(text)
    assert ("河南恒远缸套股份有限公司", "supplies", "德国奔驰") in found
    assert not [t for t in found if t[0] == "深交所" and t[1] == "supplies"]


def test_the_employers_of_a_roster_of_guests_are_not_placed_by_topic():
    text = "恒远晶圆项目在丽水经济技术开发区开工。星辉集团董事局主席王明、远航半导体股份有限公司总经理李强出席仪式。"
    assert not [t for t in triples(text) if t[1] == "locatedIn" and t[0] in ("星辉集团", "远航半导体股份有限公司")]


def test_an_industry_of_a_wider_area_is_not_the_parks():
    text = ("记者走进泗县汽车零部件产业园,只见生产线在有条不紊地运转。新能源汽车和智能网联汽车是我省十大新兴产业之一,"
            "新能源汽车产业强势引领安徽汽车产业发展。")
    assert not [t for t in triples(text) if t[1] == "hasIndustry" and t[0] == "泗县汽车零部件产业园"]


def test_an_umbrella_industry_is_not_taken_from_a_sentence_but_from_a_list():
    assert not [t for t in triples("芜湖经开区申创安徽省新能源和智能网联汽车先进制造业集群获批。") if t[2] == "先进制造业"]
    text = "楚雄高新区已形成生物医药、新材料、先进制造为主的“1主2辅”产业体系。"
    assert ("楚雄高新区", "hasIndustry", "先进制造") in triples(text)


@pytest.mark.parametrize("text, bad", [
    ("目前,肥东经开区不断围绕乘用车、商用车延伸产业链,扩大产品链。", "商用车延伸"),
    ("园区要做强做大玉林机械产业集群,加快融入北部湾经济区。", "玉林机械"),
])
def test_industry_names_hold_no_growth_verb_and_no_place(text, bad):
    assert bad not in {n for n, t in entities(text) if t == "Industry"}


def test_a_building_named_after_its_park_is_a_park_and_a_square_alone_is_not():
    mentions = extract_article(Article.from_text("t", "滨江创新园星海广场主要布局人工智能、集成电路等新兴产业。人民广场人很多。")).mentions
    assert ("滨江创新园星海广场", "Park") in {(m.text, m.type) for m in mentions}
    assert "人民广场" not in {m.text for m in mentions}


def test_a_customer_or_a_workstation_is_not_the_maker_of_the_next_sentences_goods():
    text = ("苏州恒光光电科技有限公司主要从事高速光电子器件的研发,主要客户有星辰、远航等互联网龙头企业。"
            "项目达产后预计年产光模块、硅光模块300万件。")
    makers = {s for s, p, _ in triples(text) if p == "produces"}
    assert "远航" not in makers and "星辰" not in makers
    text = "恒远缸套股份有限公司设有博士后科研工作站。是国内唯一批量生产发动机气缸套的企业。"
    assert "博士后科研工作站" not in {s for s, p, _ in triples(text) if p == "produces"}


def test_planned_capacity_is_not_a_product_made():
    text = "恒远(武汉)实业有限公司在开发区兴建生产基地。项目建成达产后,可形成年产ABS总成、减震器各30万件的生产能力。"
    assert not [t for t in triples(text) if t[1] == "produces"]


def test_a_partner_listed_after_yu_is_not_the_maker_and_a_project_to_be_built_makes_nothing():
    text = ("恒远缸套股份有限公司与美国福特、通用、意大利菲亚特等国际知名公司主机配套。是国内唯一批量生产发动机气缸套的企业。"
            "首期将建设年产120万片8英寸硅外延片的生产线。")
    found = triples(text)
    assert "意大利菲亚特" not in {s for s, p, _ in found if p == "produces"}
    assert not [t for t in found if t[1] == "produces" and t[2] in ("年产", "硅外延片")]


def test_a_kind_of_maker_is_no_name_and_a_plant_of_a_customer_supplies_it():
    text = "恒品(福州)技术工程有限公司是华映光电的配套台湾厂商,总经理李伊婷表示,订单稳定。"
    found = triples(text)
    assert ("恒品(福州)技术工程有限公司", "supplies", "华映光电") in found
    assert "台湾厂商" not in {n for n, _ in entities(text)}


def test_the_first_of_a_list_of_partners_after_yu_is_not_the_maker_either():
    text = "恒远缸套股份有限公司与美国福特、德国奔驰等国际知名公司主机配套。是国内唯一批量生产发动机气缸套的企业。"
    assert not {"美国福特", "德国奔驰"} & {s for s, p, _ in triples(text) if p == "produces"}


def test_levels_of_subsidiaries_are_no_names_and_qianzhi_ends_a_park_name():
    text = "恒远集团在光谷生物城内注册成立企业8家,其中一级子公司一家、二级子公司三家,分子公司遍布全国。总部从北京迁至武汉光谷生物城。"
    names = {n for n, _ in entities(text)}
    assert not names & {"一级子公司", "二级子公司", "分子公司"}
    mentions = extract_article(Article.from_text("t", text)).mentions
    assert not [m for m in mentions if m.type == "Park" and "迁至" in m.text]


def test_goods_of_customers_counted_before_a_maker_head_are_not_the_suppliers():
    text = "2019年入驻的达州市恒远电子有限公司,为重庆3家手机生产商供应电源适配器。"
    assert not [t for t in triples(text) if t[1] == "produces" and t[2] == "手机"]



def test_partners_in_a_clause_of_cooperation_are_not_placed_by_a_list():
    text = "合肥新桥智能电动汽车产业配套基地发展迅速。园区龙头企业通过与远航电子、星辰讯飞等企业加强业务协作,带动配套。"
    assert not [t for t in triples(text) if t[1] == "locatedIn" and t[0] in ("远航电子", "星辰讯飞")]


def test_a_sector_before_jidi_describes_a_place_but_a_named_base_is_a_park():
    text = "三是生物医药产业基地,重点发展抗体产业。恒远经济开发区着力打造能源装备制造基地。宝鸡新材料产业基地获批。"
    parks = {m.text for m in extract_article(Article.from_text("t", text)).mentions if m.type == "Park"}
    assert "宝鸡新材料产业基地" in parks
    assert not parks & {"生物医药产业基地", "能源装备制造基地"}


@pytest.mark.parametrize("text, expected", [
    ("上半年,恒远动力及其母公司恒远锂能投入9亿多元,研发动力电池。", ("恒远动力", "subsidiaryOf", "恒远锂能")),
    ("星辉电木集团在园区设立子公司苏州星辉电木。", ("苏州星辉电木", "subsidiaryOf", "星辉电木集团")),
])
def test_a_parent_named_as_such_or_setting_up_a_subsidiary(text, expected):
    assert expected in triples(text)


def test_a_verb_and_a_kind_of_company_after_a_park_are_no_name():
    assert "园区设立子公司" not in {n for n, _ in entities("星辉电木集团在园区设立子公司苏州星辉电木。")}


def test_a_verb_straddling_two_words_does_not_cut_a_park_name():
    found = entities("恒远新能源装备有限公司是临江市海上风电装备制造产业园的重点项目。")  # 海上|风电, not 上风
    assert ("临江市海上风电装备制造产业园", "Park") in found


@pytest.mark.parametrize("text", [
    "柳州市招商局告诉记者,该县经济开发区青山园区聚集了一大批配套企业。",   # 该县…: a reference, no name
    "形成了不出园区即可配套的全循环,光电子信息产业发展迅速。",             # 不出|园区: a clause
])
def test_a_referring_or_negated_phrase_before_a_place_head_is_no_name(text):
    assert not {n for n, t in entities(text) if t in ("Zone", "Park")}


def test_the_company_under_discussion_is_not_the_customer_its_goods_go_to():
    text = ("柳江经开区以天衡集团为龙头。记者来到柳州恒远索具有限公司,已经组装好的成品将发往天衡集团。"
            "公司生产负责人张建国说,订单相对稳定。据了解,该公司是一家从事生产高强度钢丝绳的企业。")
    found = triples(text)
    assert ("张建国", "worksFor", "柳州恒远索具有限公司") in found
    assert ("柳州恒远索具有限公司", "produces", "高强度钢丝绳") in found
    assert not {(s, p) for s, p, _ in found if s == "天衡集团" and p == "produces"}


def test_the_supplier_of_a_clause_without_one_is_not_the_customer_it_makes_parts_for():
    text = ("柳州恒远机械科技有限公司是柳州天衡工程机械有限公司旋挖钻机结构件的配套生产商。"
            "目前车间正在满负荷生产,每两天向天衡集团发一次货。")
    found = triples(text)
    assert ("柳州恒远机械科技有限公司", "supplies", "天衡集团") in found
    assert ("柳州天衡工程机械有限公司", "supplies", "天衡集团") not in found


def test_short_names_a_firm_makes_parts_for_are_enterprises_and_stay_unplaced():
    text = "柳江经开区发展很快。柳州恒远机械有限公司董事长张建国说,从6年前给天飞、江陵做配套,到在行业站稳脚跟。"
    found = triples(text)
    assert {("柳州恒远机械有限公司", "supplies", "天飞"), ("柳州恒远机械有限公司", "supplies", "江陵")} <= found
    assert not [t for t in found if t[1] == "locatedIn" and t[0] in ("天飞", "江陵")]
    assert not {n for n, t in entities("恒远公司主要为主机厂配套,也给车企供货。") if t == "Enterprise"} - {"恒远公司"}


@pytest.mark.parametrize("text, wrong", [
    ("恒远集团2013年在武汉设立了子公司武汉恒远。", "了子公司"),                 # a verb and a kind of company
    ("“今年4月份公司投资500万元新上了一条生产线。”", "今年4月份公司"),        # a time and 公司
    ("柳江经开区进一步对接恒力、天衡集团等龙头企业。", "接恒力"),             # 对接 opens the name
    ("距离天衡新能源公司不远处,是恒远电子。", "距离天衡新能源公司"),
])
def test_clause_words_before_a_company_head_are_no_part_of_its_name(text, wrong):
    assert wrong not in {n for n, _ in entities(text)}


@pytest.mark.parametrize("text", [
    "柳州恒远机械有限公司车间里生产如火如荼。",
    "目前柳州恒远机械有限公司处于满负荷生产状态。",
    "整车订单快速增长,柳州恒远机械有限公司生产压力就会传导到上下游。",
])
def test_the_state_of_production_is_no_product(text):
    assert not [t for t in triples(text) if t[1] == "produces"]


def test_customers_listed_after_a_supply_verb_or_as_the_firms_a_group_supplies():
    text = "柳州恒远机械有限公司实现了直接给天衡汽车和江陵重工供货。"
    assert {("柳州恒远机械有限公司", "supplies", "天衡汽车"), ("柳州恒远机械有限公司", "supplies", "江陵重工")} <= triples(text)
    text = "恒远集团发展很快。该集团的产品直接供应的主流车企有天飞、江陵等。"
    assert {("恒远集团", "supplies", "天飞"), ("恒远集团", "supplies", "江陵")} <= triples(text)


def test_a_firm_short_name_after_its_city_is_no_person_and_a_company_department_no_institution():
    found = entities("恒远集团2013年在武汉设立了子公司武汉恒远。公司工程研究院整车开发部部长聂志远说,订单很多。")
    assert ("武汉恒远", "Person") not in found
    assert not [n for n, t in found if t == "Institution"]
    assert ("聂志远", "Person") in found


def test_a_base_a_zone_means_to_become_is_no_park_but_one_built_is():
    found = entities("柳江经开区全力抓好三大产业链建设,打造“千亿级”的铜铅锌产业基地。")
    assert ("铜铅锌产业基地", "Park") not in found
    found = entities("恒远集团投资50亿元打造的恒远智能硬件产业园拔地而起。")
    assert ("恒远智能硬件产业园", "Park") in found
