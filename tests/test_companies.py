"""Company recogniser (loaders/companies/) and its data files."""

from __future__ import annotations

import csv
from pathlib import Path

from loaders.companies import derive_short_names, find_companies, normalise_name, project_firm
from loaders.types import Document, Label

DATA = Path(__file__).resolve().parent.parent / "data"


def _doc(text: str) -> Document:
    return Document(name="t", text=text, original=text)


def _found(text: str) -> dict[str, str]:
    """surface -> key"""
    return {m.surface: m.key for m in find_companies(_doc(text))}


def test_companies_csv_has_the_listed_firms() -> None:
    with open(DATA / "companies.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) > 4000
    by_short = {r["short"]: r for r in rows}
    assert by_short["顺络电子"]["key"] == "深圳顺络电子股份有限公司"
    assert by_short["湘电股份"]["group_key"] == "湘电集团有限公司"
    # a legal name paired with another firm's short name in the source is repaired
    sany = next(r for r in rows if r["key"] == "三一重工股份有限公司")
    assert sany["short"] == "三一重工" and sany["group_key"] == "三一集团有限公司"
    assert len({r["key"] for r in rows}) == len(rows)


def test_short_names_derived_from_legal_name() -> None:
    assert derive_short_names("湖南五洲通药业股份有限公司")[:2] == ("五洲通药业", "五洲通")
    assert "普莱德" in derive_short_names("常州普莱德新能源电池科技有限公司")
    assert "上汽时代" in derive_short_names("上汽时代动力电池系统有限公司")
    assert normalise_name("南光（集团）有限公司 ") == "南光(集团)有限公司"


def test_legal_suffix_extends_left_to_the_name_start() -> None:
    text = "吴勇强一行先后实地察看了常州普莱德新能源电池科技有限公司、江苏中关村新能源科技馆等地"
    found = _found(text)
    assert found == {"常州普莱德新能源电池科技有限公司": "常州普莱德新能源电池科技有限公司"}


def test_short_name_elsewhere_takes_the_legal_key() -> None:
    text = "在五洲通冻干粉剂车间参观。湖南五洲通药业股份有限公司生产副总经理夏俊开说。"
    ms = find_companies(_doc(text))
    assert {m.surface for m in ms} == {"五洲通", "湖南五洲通药业股份有限公司"}
    assert {m.key for m in ms} == {"湖南五洲通药业股份有限公司"}


def test_enumeration_items_are_firms_and_descriptors_are_stripped() -> None:
    text = "引进了昭成科技汽车生产线、铭昊科技汽车用冷镦钢线材生产线、株洲三龙精密铸造、东莞协鑫装备等智能装备制造企业17个"
    assert set(_found(text)) == {"昭成科技", "铭昊科技", "株洲三龙精密铸造", "东莞协鑫装备"}
    text = "引进了微草生物科技、大碗先生、食掌柜、新上谷粮品等13个食品医药类项目"
    assert set(_found(text)) == {"微草生物科技", "大碗先生", "食掌柜", "新上谷粮品"}


def test_enumeration_skips_industries_and_markets() -> None:
    assert _found("吸引了医药中间体产业化、新材料等优秀团队项目来区创业") == {}
    assert "联海商贸城" not in _found("分别对联海商贸城、胖哥耀晨等项目实施了专项行动")


def test_curated_groups_and_subsidiaries() -> None:
    ms = find_companies(_doc("聚集中车、三一等配套的零部件企业40多家；中车株机、中车株洲所等8家企业负责人发言"))
    keys = {m.surface: m.key for m in ms}
    assert keys["中车"] == "中国中车股份有限公司"
    assert keys["三一"] == "三一集团有限公司"
    sub = next(m for m in ms if m.surface == "中车株机")
    assert sub.key == "中车株洲电力机车有限公司"
    assert sub.attrs["group_key"] == "中国中车股份有限公司"
    assert all(m.label is Label.COMPANY for m in ms)


def test_listed_short_name() -> None:
    assert _found("积极对接顺络电子等实力较强的项目")["顺络电子"] == "深圳顺络电子股份有限公司"


def test_firm_at_the_head_of_a_project() -> None:
    assert project_firm("宏工智能自动化装备项目") == "宏工智能"
    assert project_firm("凯睿思覆铜板新材料(一期)的项目") == "凯睿思"
    assert project_firm("蓝普视讯可视化未来显示技术产业园项目") == "蓝普视讯"
    assert project_firm("比亚迪长沙基地二期项目") == "比亚迪"
    assert project_firm("市级重点项目") is None
    assert project_firm("关键核心技术领域项目") is None
    assert "宏工智能" in _found("近日,宏工智能自动化装备项目正加紧建设")


def test_not_firms() -> None:
    # government bodies, parks, generic industry phrases, common words
    assert _found("天易经开区招商和商务局副局长李荆介绍") == {}
    assert _found("以人才引进、科技创新以及承接优势产业配套为抓手") == {}
    assert _found("该企业生产月饼和广式食品，做强食品医药产业") == {}
    assert _found("株洲高新区管委会研究同意") == {}
    assert _found("来源:中国网生活频道") == {}
    assert _found("大家联想到美的风景") == {}
    assert _found("中国医药城疫苗工程中心") == {}
    # a two-character group name glued into a word (车间, 润滑) is no mention of the group
    assert _found("生产中车间主任说") == {}
    assert _found("华润滑油") == {}
    assert _found("通过地方政府和一些政策性的银行或者是一些基金公司进行合作") == {}


# --- precision on real snippets (related-article stubs): general rules, each with its NOT case


def test_bracketed_place_inside_a_legal_name() -> None:
    found = _found("代表们先后参观了汉德车桥(株洲)齿轮有限公司、株洲好媳妇家具用品有限公司")
    assert "汉德车桥(株洲)齿轮有限公司" in found and "齿轮有限公司" not in found
    found = _found("椭圆时空(北京)科技有限公司总裁邸凤萍")
    assert set(found) == {"椭圆时空(北京)科技有限公司"}
    # a suffix whose core is empty or generic is no firm
    found = _found("由杭萧钢构600477)(河北)建设有限公司承建")
    assert "建设有限公司" not in found and "科技有限公司" not in found


def test_truncated_legal_suffix_keeps_the_whole_name() -> None:
    ms = find_companies(_doc("代表们先后参观了株洲飞鹿高新材料技术股份有..."))
    assert [(m.surface, m.key) for m in ms] == [("株洲飞鹿高新材料技术股份有", "株洲飞鹿高新材料技术股份有限公司")]
    assert _found("资源有限...") == {}  # no legal suffix: 有限 alone is an ordinary word
    assert "材料技术股份" not in _found("株洲飞鹿高新材料技术股份有...")


def test_no_firm_from_a_person_and_a_verb() -> None:
    assert set(_found("湖南智涵新材料有限公司负责人陈佳领到公司营业执照。")) == {"湖南智涵新材料有限公司"}
    assert _found("王五所在公司位于高新区") == {}


def test_no_firm_inside_a_facility_name_or_an_industry_phrase() -> None:
    assert _found("日前,记者从株洲市危险化学品集中经营电子交易中心获悉") == {}
    assert _found("南京市重大工程集聚生物医药产业链发展动能") == {}
    assert _found("北斗“导航”株洲新产业") == {}


def test_project_firm_boundaries() -> None:
    # a dictionary word across the firm/product cut starts the product (寡核苷酸, not 核苷酸)
    assert project_firm("威立特尔寡核苷酸项目") == "威立特尔"
    # a place, an industry and a zone word: no firm at the head
    assert project_firm("北京亦庄生命健康产业区生物医药标准厂房项目") is None
    assert project_firm("永阳生物医药科创园项目") is None
    assert "亦庄" not in _found("北京亦庄生命健康产业区生物医药标准厂房项目首根钢柱吊装完成")


def test_name_start_without_the_tokenizer_agrees_with_it() -> None:
    """The fast path of extend_left (no jieba) must give the tokenizer's answer wherever it is
    taken: checked on every name end the recognisers look at in the dev articles."""
    from loaders.clean import clean
    from loaders.companies import extent
    from loaders.companies.projects import PROJECT
    from loaders.companies.suffixes import suffix_automaton
    from loaders.read import read_paths
    from loaders.types import RawDocument

    raws = [r for r in read_paths([DATA / "samples" / "dev"]) if isinstance(r, RawDocument)]
    checked = 0
    for doc in (d for r in raws for d in clean(r)):
        text = doc.text
        ends = [last + 1 - len(suf) for last, (suf, _) in suffix_automaton().iter(text)]
        ends += [m.start() for m in PROJECT.finditer(text)]
        for end in ends:
            i = extent.window_start(text, end, 24)
            fast = extent.fast_start(text, i, end) if i < end else None
            if fast is not None:
                assert fast == extent.token_start(text, i, end), text[i:end]
                checked += 1
    assert checked > 100


def test_extend_left_stops_at_stop_words() -> None:
    from loaders.companies import extend_left

    text = "引进了昭成科技"
    assert text[extend_left(text, len(text)):] == "昭成科技"
    text = "该企业生产月饼和广式"
    assert text[extend_left(text, len(text)):] == "广式"
    text = "2023年初湖南五洲通"
    assert text[extend_left(text, len(text)):] == "湖南五洲通"


def test_a_body_word_right_before_a_legal_suffix_belongs_to_the_firm() -> None:
    assert set(_found("由中国建筑第五工程局有限公司承建的工程")) == {"中国建筑第五工程局有限公司"}
    # but a park name before a firm's own name is still cut off
    assert set(_found("株洲高新区产投公司负责同志参加活动")) == {"产投公司"}


def test_legal_names_holding_a_stop_word() -> None:
    # 投资 usually stops a name (将投资X公司), but not when only firm-type words follow it
    assert set(_found("株洲市国有资产投资控股集团有限公司(简称株洲国投)成立于2003年")) == {
        "株洲市国有资产投资控股集团有限公司"}
    assert set(_found("公司将投资湖南某某科技有限公司")) == {"湖南某某科技有限公司"}
    # 我国 + an industry and a trade suffix is no firm
    assert "我国半导体装备" not in _found("该所是我国半导体装备的重要研发基地")
    # (以下简称X): the abbreviation is the firm, not 以下简称X
    assert "以下简称楚天科技" not in _found("湖南楚天科技股份有限公司(以下简称楚天科技)是一家制药装备企业")


def test_a_role_word_before_a_name_is_not_part_of_it() -> None:
    text = "长沙经济技术开发区的工程机械产业龙头企业三一集团有限公司去年产值突破千亿。"
    assert set(_found(text)) == {"三一集团有限公司"}



def test_project_spans_find_what_the_regex_finds():
    """_project_spans tries the …项目 regex only near a 项目; it must give what a plain
    finditer over the whole text gives (brackets and 的 before 项目 included)."""
    import random

    from loaders.companies import extend_left, project_spans
    from loaders.companies.projects import PROJECT

    def reference(text: str) -> list[tuple[int, int, str]]:
        out = []
        for m in PROJECT.finditer(text):
            start = extend_left(text, m.start(), limit=20)
            if m.start() - start >= 4:
                out.append((start, m.end(), text[start:m.start()] + "项目"))
        return out

    rng = random.Random(7)
    pieces = ["项目", "项", "目", "(", ")", "（", "）", "的", "宏工智能", "自动化装备", "一期", "，", "年产"]
    seen = 0
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 25)))
        want = reference(text)
        assert project_spans(text) == want, text
        seen += bool(want)
    assert seen > 100  # the random texts do hold projects


def test_a_name_of_generic_and_industry_words_only_is_no_firm() -> None:
    # 高端 + 制药 + 装备: nothing in it names one firm
    assert not _found("在高端制药装备、培养基等关键原辅料环节仍存在短板")
    # a distinctive word before the industry word keeps the firm
    assert "蓝天环保" in _found("当地引进了蓝天环保、宏工智能等企业")


def test_a_bracketed_site_gives_the_brand_plus_site_short_name() -> None:
    assert "大众安徽" in derive_short_names("大众汽车(安徽)有限公司")
    assert "华虹无锡" in derive_short_names("华虹半导体(无锡)有限公司")
    # (集团) is no site
    assert derive_short_names("南光(集团)有限公司") == ("南光",)
    text = "大众汽车(安徽)有限公司是大众在华首个全资子公司。大众安徽的MEB工厂已投产。"
    assert {m.key for m in find_companies(Document(name="t", text=text, original=text))} == {"大众汽车(安徽)有限公司"}


def test_what_a_firm_is_to_its_group_is_no_name() -> None:
    for text in ("宜昌人福药业是人福医药集团股份有限公司的核心子公司。", "大众安徽是大众在华首个全资子公司。",
                 "该公司是中车的控股子公司。"):
        assert not any(n.endswith("子公司") for n in _found(text)), text


def test_a_name_never_runs_over_is_or_of() -> None:
    # the tokenizer glues 是 to the unknown brand before it (广汽埃安是); the name stops there
    text = "广汽埃安是广州汽车集团股份有限公司旗下的新能源汽车企业。"
    assert "广州汽车集团股份有限公司" in _found(text)
    assert not any("是" in n for n in _found(text))


def test_products_in_an_enumeration_of_supply_links_are_no_firms() -> None:
    text = "中创新航带动了正负极材料、隔膜、电解液、结构件等一批配套企业落户。"
    assert not {"正负极材料", "隔膜", "电解液", "结构件"} & set(_found(text))
    text = "加快引进激光雷达、线控底盘、智能座舱等关键零部件项目。"
    assert not {"激光雷达", "线控底盘", "智能座舱"} & set(_found(text))
    # brands in the same kind of enumeration stay firms
    text = "引进了宏工智能、凯依克、东升国际等13个配套项目。"
    assert {"宏工智能", "凯依克", "东升国际"} <= set(_found(text))


def test_kinds_of_project_in_a_plan_are_no_firms() -> None:
    text = "下一步将重点引进光刻胶、高纯靶材、显示驱动芯片等项目。"
    assert not {"光刻胶", "高纯靶材", "显示驱动芯片"} & set(_found(text))
    assert not _found("公司正在建设的电子级化学品项目瞄准半导体清洗材料。")


def test_visit_verbs_and_kind_words_are_not_part_of_firm_names() -> None:
    assert "调研双汇" not in _found("走访调研双汇、卫龙、中粮面业等食品企业。")
    assert "湖南恒光化工有限公司" in _found("在园区企业湖南恒光化工有限公司，总经理告诉记者。")


def test_a_place_with_any_short_form_is_the_same_firm() -> None:
    assert "常德中车新能源" in derive_short_names("常德中车新能源汽车有限公司")
    text = "常德中车新能源汽车有限公司是园区龙头。王东调研了常德中车新能源、金健米业等项目。"
    keys = {m.key for m in find_companies(Document(name="t", text=text, original=text)) if "中车" in m.surface}
    assert keys == {"常德中车新能源汽车有限公司"}


def test_curated_groups_give_each_alias_to_one_firm() -> None:
    import yaml

    data = yaml.safe_load((DATA / "company_groups.yaml").read_text(encoding="utf-8"))
    owner: dict[str, str] = {}
    problems = []
    for group in data:
        for e in [group, *(group.get("subsidiaries") or [])]:
            key = normalise_name(e["legal"])
            for alias in [key, *map(normalise_name, e.get("aliases") or []), *(e.get("ambiguous") or [])]:
                if len(alias) < 2 or owner.setdefault(alias, key) != key:
                    problems.append((alias, owner[alias], key))
    assert len(data) > 500 and problems == []


def test_a_known_alias_inside_a_name_is_no_firm() -> None:
    assert _found("经济学家胡鞍钢表示") == {}
    assert _found("鞍钢在鞍山投资") == {"鞍钢": "鞍钢集团有限公司"}


def test_enumeration_splits_never_cut_a_known_name_and_verbs_do_not_lead_items() -> None:
    found = _found("其中包括和元生物基因治疗基地、诺和诺德研发中心扩建等一批重点项目。")
    assert "诺德研发中心扩建" not in found and "元生物" not in found
    found = _found("要发挥哈电集团等链主企业带动作用，同时支持亿华通、海珀尔等重点企业做大做强。")
    assert not any(n.startswith(("要发挥", "时支持", "支持")) for n in found)


def test_parts_in_an_enumeration_of_key_components_are_no_firms() -> None:
    found = _found("本地缺乏质子交换膜、碳纸、储氢瓶等关键零部件企业。")
    assert not {"碳纸", "储氢瓶", "本地缺乏质子交换膜", "质子交换膜"} & set(found)


def test_kinds_of_product_before_a_trade_suffix_are_no_firms() -> None:
    assert "储运装备" not in _found("将重点布局燃料电池电堆、膜电极、储运装备等环节。")
    assert "海工装备" not in _found("曹妃甸正在发展海工装备，推动产业延链。")
    assert "宏工智能" in _found("宏工智能自动化装备项目正加紧建设，宏工智能表示。")


def test_an_enumeration_never_swallows_the_next_one() -> None:
    found = _found("磁钢主要为特斯拉、比亚迪等新能源汽车企业和金风科技等风电整机企业配套。")
    assert "比亚迪" in found and not any("等" in n for n in found)
    assert "三一重工" in _found("已为三一重工、徐工汽车等企业的电动重卡提供配套。")


def test_firms_named_only_by_their_context() -> None:
    found = _found("第五届进博会上，来自重庆的植恩生物与来自上海的Cytiva签署了合作意向。")
    assert set(found) == {"植恩生物", "Cytiva"}
    assert set(_found("金斯瑞是一家全球领先的生物科技公司。")) == {"金斯瑞"}
    # people and groups from a place are not firms
    assert not _found("来自株洲的王先生和来自北京的专家团队与企业座谈。")
