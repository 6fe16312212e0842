"""Relation rules on sentences written for the tests (not the dev set)."""

import pytest

from loaders.clean import clean
from loaders.pipeline import Extractor
from loaders.read import read_text


@pytest.fixture(scope="module")
def ex():
    return Extractor.load()


def rels(ex, text, rtype):
    doc = clean(read_text("t", text))[0]
    out = ex.extract(doc)
    return {(r.source.name, r.target.name): r for r in out.relations if r.type == rtype}


def test_aggregate_supply_claim_with_count(ex):
    r = rels(ex, "芜湖经济技术开发区聚集了奇瑞等配套的零部件企业200余家。", "SUPPLIES")
    (src, buyer), rel = next(iter(r.items()))
    assert "芜湖" in src and buyer.startswith("奇瑞")
    assert rel.props["count"] == 200 and rel.props["segments"] == ["零部件"]


def test_firm_supplies_firm(ex):
    r = rels(ex, "宁德时代新能源科技股份有限公司是上海汽车集团股份有限公司的一级供应商。", "SUPPLIES")
    assert ("宁德时代新能源科技股份有限公司", "上海汽车集团股份有限公司") in r


def test_visit_with_post_and_date(ex):
    text = "3月5日，合肥市委书记张伟带队赴苏州工业园区考察，先后来到苏州三星电子有限公司、博世汽车部件(苏州)有限公司等企业。"
    visits = rels(ex, text, "OFFICIAL_VISITED")
    targets = {t for (p, t) in visits if p == "张伟"}
    assert any("苏州工业园区" in t for t in targets)
    assert "苏州三星电子有限公司" in targets
    rel = next(iter(visits.values()))
    assert rel.props["date"] == "3月5日" and rel.props["date_start"] == "--03-05"
    posts = rels(ex, text, "HOLDS_POST")
    assert ("张伟", "合肥市") in posts and posts[("张伟", "合肥市")].props["title"].endswith("书记")


def test_courted_firm_is_not_located(ex):
    text = "长沙经济技术开发区引进了湖南华菱线缆股份有限公司，同时积极对接华为技术有限公司等企业。"
    located = rels(ex, text, "LOCATED_IN")
    assert any(f == "湖南华菱线缆股份有限公司" for f, _ in located)
    assert not any(f.startswith("华为") for f, _ in located)


def test_lead_firm_of_a_chain(ex):
    r = rels(ex, "长沙经济技术开发区的工程机械产业龙头企业三一集团有限公司去年产值突破千亿。", "LEADS")
    assert ("三一集团有限公司", "工程机械") in r


def test_focus_and_gap(ex):
    text = "常州市重点发展新能源汽车和集成电路产业。但集成电路产业缺乏龙头企业，大而不强。"
    focus = rels(ex, text, "FOCUSES_ON")
    assert {("常州市", "新能源汽车"), ("常州市", "集成电路")} <= set(focus)
    gaps = rels(ex, text, "HAS_GAP")
    assert ("常州市", "集成电路") in gaps and ("常州市", "新能源汽车") not in gaps


def test_visit_by_travel_verb_after_the_visitor(ex):
    text = "近日，株洲市市长张伟到湖南湘潭天易经济开发区调研，察看了湖南五洲通药业股份有限公司。"
    visits = rels(ex, text, "OFFICIAL_VISITED")
    targets = {t for (p, t) in visits if p == "张伟"}
    assert any("天易" in t for t in targets) and "湖南五洲通药业股份有限公司" in targets


def test_entering_a_buyers_supply_chain(ex):
    text = "株洲时代新材料科技股份有限公司成功进入比亚迪股份有限公司供应链。"
    assert ("株洲时代新材料科技股份有限公司", "比亚迪股份有限公司") in rels(ex, text, "SUPPLIES")


def test_enumerated_lead_firms_take_the_chain_just_named(ex):
    text = ("近年来，醴陵市聚焦陶瓷产业，大力发展电子陶瓷。"
            "湖南华联瓷业股份有限公司、醴陵旗滨电子玻璃有限公司等龙头企业带动作用明显。")
    leads = rels(ex, text, "LEADS")
    assert {("湖南华联瓷业股份有限公司", "陶瓷"), ("醴陵旗滨电子玻璃有限公司", "陶瓷")} <= set(leads)
    assert ("醴陵市", "陶瓷") in rels(ex, text, "FOCUSES_ON")


def test_the_sentence_firm_builds_in_a_place(ex):
    text = ("4月20日，宁德时代新能源科技股份有限公司与溧阳市人民政府签订投资协议，"
            "计划在溧阳经济开发区投资建设动力电池生产基地。")
    located = rels(ex, text, "LOCATED_IN")
    assert any(f.startswith("宁德时代") and "溧阳经济开发区" in p for f, p in located)


def test_who_joins_a_visit_in_the_next_sentence_visits_its_places(ex):
    text = ("10月30日，长沙县委书记沈裕谋带队调研长沙经开区重点项目，先后走进三一重工股份有限公司、"
            "湖南星邦智能装备股份有限公司。长沙经开区党工委书记熊奇志一同调研。")
    visits = rels(ex, text, "OFFICIAL_VISITED")
    for person in ("沈裕谋", "熊奇志"):
        targets = {t for (p, t) in visits if p == person}
        assert {"三一重工股份有限公司", "湖南星邦智能装备股份有限公司"} <= targets, person


def test_an_official_does_not_visit_the_region_of_their_own_post(ex):
    text = "青岛市委书记吴青松带队走访青岛市城阳区，先后来到中车青岛四方机车车辆股份有限公司。"
    targets = {t for (p, t) in rels(ex, text, "OFFICIAL_VISITED") if p == "吴青松"}
    assert "中车青岛四方机车车辆股份有限公司" in targets
    assert "青岛市" not in targets


def test_lead_firms_framed_by_yi_and_by_zuowei(ex):
    text = "园区以中联重科股份有限公司、常德中车新能源汽车有限公司为龙头，聚集了工程机械配套企业60余家。"
    leads = rels(ex, text, "LEADS")
    assert {f for f, _ in leads} == {"中联重科股份有限公司", "常德中车新能源汽车有限公司"}
    text = "作为园区电子信息产业的龙头企业，湖南欧智通科技有限公司在衡阳深耕十余年。"
    assert set(rels(ex, text, "LEADS")) == {("湖南欧智通科技有限公司", "电子信息")}


def test_a_lead_firm_named_as_the_subject_of_an_earlier_clause(ex):
    text = "宜昌人福药业有限责任公司是人福医药集团股份有限公司的子公司，也是生物医药领域的龙头企业。"
    assert set(rels(ex, text, "LEADS")) == {("宜昌人福药业有限责任公司", "生物医药")}


def test_a_preposition_is_not_part_of_a_known_firm_name(ex):
    text = "集成电路产业已形成以长电科技为龙头，以长电先进、星科金朋等为骨干的封测产业集群。"
    doc = clean(read_text("t", text))[0]
    firms = {e.name for e in ex.extract(doc).entities if e.label == "Company"}
    assert firms == {"长电科技", "长电先进", "星科金朋"}


def test_the_supplier_is_the_firm_the_clause_or_sentence_is_about(ex):
    text = "湖南欧智通科技有限公司董事长陈立峰介绍，公司目前已为华为、小米等品牌提供无线网络终端产品。"
    r = rels(ex, text, "SUPPLIES")
    assert set(r) == {("湖南欧智通科技有限公司", "华为"), ("湖南欧智通科技有限公司", "小米")}
    text = "其中，宁波拓普集团股份有限公司为特斯拉供应底盘，宁波均胜电子股份有限公司则为上汽大众等车企提供安全气囊。"
    assert set(rels(ex, text, "SUPPLIES")) == {("宁波拓普集团股份有限公司", "特斯拉"), ("宁波均胜电子股份有限公司", "上汽大众")}


def test_no_supply_from_plans_services_or_enumerated_suppliers(ex):
    assert rels(ex, "湖南某某科技有限公司投产后将为比亚迪配套动力电池。", "SUPPLIES") == {}
    assert rels(ex, "成都高新区先后引进了四川旭虹光电科技有限公司、成都拓维高科光电科技有限公司等配套项目。", "SUPPLIES") == {}
    assert rels(ex, "园区为华为等企业提供政务服务。", "SUPPLIES") == {}


def test_a_firm_whose_name_says_another_industry_does_not_take_the_title_chain(ex):
    text = ("临港新片区新能源汽车产业链加速集聚\n"
            "上汽集团和上海积塔半导体有限公司近日在新片区签约。")
    r = rels(ex, text, "COMPANY_SUPPLIES")
    assert ("上汽集团", "新能源汽车") in r
    assert ("上海积塔半导体有限公司", "新能源汽车") not in r


def test_a_gap_belongs_to_the_industry_not_to_the_weak_links_named(ex):
    text = "合肥市委书记指出，合肥新能源汽车产业规模迅速壮大，但在车规级芯片、高端装备等关键零部件方面仍存在短板。"
    assert set(rels(ex, text, "HAS_GAP")) == {("合肥市", "新能源汽车")}


def test_a_remedy_states_no_gap(ex):
    text = "株洲高新区聚焦电子信息产业。下一步要聚焦产业链短板开展精准招商，补齐薄弱环节。"
    assert rels(ex, text, "HAS_GAP") == {}


def test_a_place_given_to_the_firm_itself_beats_the_sentence_opening(ex):
    text = "在黄埔，小鹏汽车广州智能制造基地位于中新广州知识城，去年底正式投产。"
    assert set(rels(ex, text, "LOCATED_IN")) == {("小鹏汽车", "中新广州知识城")}


def test_parks_visited_beside_firms_do_not_host_them(ex):
    text = ("陈立峰带队赴苏州工业园区调研，先后走访了苏州生物医药产业园(BioBAY)、"
            "信达生物制药(苏州)有限公司和百济神州(苏州)生物科技有限公司。")
    targets = {t for (f, t) in rels(ex, text, "LOCATED_IN")}
    assert targets == {"苏州工业园区"}


def test_a_focus_without_a_place_in_its_sentence_is_the_articles_park(ex):
    text = ("北京经开区生物医药产业按下加速键\n"
            "北京经开区位于北京市东南部。近年来，亦庄围绕新一代信息技术、生物技术和大健康四大主导产业，持续打造产业集群。")
    subjects = {s for (s, _) in rels(ex, text, "FOCUSES_ON")}
    assert subjects == {"北京经济技术开发区"}


def test_a_bare_company_title_belongs_to_the_firm_the_text_is_about(ex):
    text = ("北方稀土是包钢集团控股的上市公司，也是全球最大的稀土产品供应商。"
            "公司董事长刘培勋介绍，北方稀土今年将新增产能。")
    posts = {(p, t) for (p, t) in rels(ex, text, "HOLDS_POST")}
    assert posts == {("刘培勋", "北方稀土")}
    text = "区委常委、天津经开区党委书记陈涛一同参加。"
    assert {t for (_, t) in rels(ex, text, "HOLDS_POST")} >= {"天津经济技术开发区"}


def test_a_bare_mayor_travelling_to_a_city_is_not_its_mayor(ex):
    text = "8月9日，市长冷劲松一行赴株洲市考察招商，与中车株洲电力机车研究所有限公司共商产业合作。"
    assert ("冷劲松", "株洲市") not in rels(ex, text, "HOLDS_POST")
    text = "苏州市委书记陈立峰带队赴苏州工业园区调研，副市长李俊参加调研。"
    assert ("李俊", "苏州市") in rels(ex, text, "HOLDS_POST")
