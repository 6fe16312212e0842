"""Person, Organization and Project recognisers (loaders/people.py)."""

from __future__ import annotations

from loaders.people import find_organizations, find_people, find_projects
from loaders.types import Document, Label


def _doc(text: str) -> Document:
    return Document(name="t", text=text, original=text)


def _people(text: str) -> list[str]:
    return [m.name for m in find_people(_doc(text))]


def test_name_after_title_with_org_and_title() -> None:
    ms = find_people(_doc("湖南五洲通药业股份有限公司生产副总经理夏俊开说：“对企业来说”"))
    assert [m.name for m in ms] == ["夏俊开"]
    assert ms[0].key == "person:夏俊开" and ms[0].label is Label.PERSON
    assert ms[0].attrs["titles"] == [("生产副总经理", "湖南五洲通药业股份有限公司")]


def test_two_character_name_before_a_verb() -> None:
    ms = find_people(_doc("天易经开区招商和商务局副局长李荆介绍，通过基金招商"))
    assert [m.name for m in ms] == ["李荆"]
    assert ms[0].attrs["titles"] == [("副局长", "天易经开区招商和商务局")]
    assert _people("并与靖江市委书记、经开区党工委书记赵叶展开深入交流") == ["赵叶"]


def test_a_name_that_is_also_a_dictionary_word_after_a_title() -> None:
    # 李俊 and 高峰 are frequent in jieba's dictionary, but tagged as person names there
    assert _people("副市长李俊参加调研") == ["李俊"]
    assert _people("副区长高峰主持会议") == ["高峰"]
    # a frequent word that is not a name still does not start one (高度 after a title)
    assert _people("市长高度重视这项工作") == []


def test_chained_titles_all_belong_to_the_person() -> None:
    ms = find_people(_doc("市委书记、市先进轨道交通装备产业链链长曹慧泉出席并讲话。曹慧泉强调，要坚定信心。"))
    assert [m.name for m in ms] == ["曹慧泉", "曹慧泉"]
    assert ms[0].attrs["titles"] == [("市委书记", "市"), ("链长", "市先进轨道交通装备产业链")]
    assert ms[1].rule.endswith("repeat")


def test_group_title_enumeration() -> None:
    text = "区委书记吴勇强带队赴泰州学习考察，区领导黄亦武、张政、施冬咏、甘晓辉参加考察。"
    assert _people(text) == ["吴勇强", "黄亦武", "张政", "施冬咏", "甘晓辉"]


def test_not_journalists_nor_words_after_titles() -> None:
    assert _people("（记者 张学 实习 方欲晓）湘潭天易经开区紧邻株洲") == []
    assert _people("株洲日报·掌上株洲讯(记者/王娜 通讯员/张海龙) 近日") == []
    assert _people("时任国家副主席同志考察中车株机") == []
    assert _people("长按/扫一扫加葛毅明的微信号") == []
    assert _people("湖南瑞邦医疗科技发展有限公司负责人也深有感触") == []


def test_organizations() -> None:
    names = {m.name for m in find_organizations(_doc("天易经开区招商和商务局副局长李荆介绍，湖南工业大学发布了成果。"))}
    assert names == {"天易经开区招商和商务局", "湖南工业大学"}
    # a bare 中心 without a place name is no body
    assert find_organizations(_doc("参观了制造中心和陈列室")) == []


def test_projects_carry_their_firm() -> None:
    ms = find_projects(_doc("近日,宏工智能自动化装备项目正加紧建设。今年共铺排市级重点项目96个。"))
    assert [(m.name, m.attrs["company"]) for m in ms] == [("宏工智能自动化装备项目", "宏工智能")]
    assert ms[0].label is Label.PROJECT


def test_name_length_follows_the_next_words() -> None:
    assert _people("村主任王大明说，今年收成好") == ["王大明"]
    assert _people("湖南智涵新材料有限公司负责人陈佳领到公司营业执照") == ["陈佳"]
    assert _people("天易经开区党工委委员、管委会常务副主任谭海洋告诉我们") == ["谭海洋"]


def test_names_listed_after_one_title_share_it() -> None:
    ms = find_people(_doc("市委副书记张伟，副市长刘洋、陈静参加。"))
    assert [(m.name, m.attrs["titles"]) for m in ms] == [
        ("张伟", [("市委副书记", "市")]),
        ("刘洋", [("副市长", "市")]),
        ("陈静", [("副市长", "市")]),
    ]


def test_no_person_from_words_after_titles() -> None:
    assert _people("组长单位负责协调。该公司董事长高度重视。经理陈总介绍。书记强调，要抓落实。") == []


def test_space_between_title_and_name() -> None:
    ms = find_people(_doc("市委书记 曹慧泉出席会议"))
    assert [(m.name, m.start) for m in ms] == [("曹慧泉", 5)]


def _orgs(text: str) -> list[str]:
    return [m.name for m in find_organizations(_doc(text))]


def test_organization_needs_a_proper_head() -> None:
    # digits and dates never start a body; a bare level (市委, 省政府) is no named body
    assert _orgs("2021年西工区全面落实省委、市委“项目为王”最强动员令") == []
    assert _orgs("在市委、市政府的坚强领导下") == []
    assert _orgs("将按照区委决策部署") == []
    assert _orgs("通过地方政府和一些政策性的银行") == []
    # a rank word or a count makes it a category of bodies
    assert _orgs("该区有省级企业技术中心2家、省工程技术研究中心1家。") == []
    # named bodies stay
    assert _orgs("时任中共中央政治局常委考察") == ["中共中央政治局"]
    assert _orgs("长沙市委出台决定") == ["长沙市委"]


def test_two_bodies_joined_by_and_stay_two() -> None:
    assert _orgs("促进园区企业与湘潭大学开展合作") == ["湘潭大学"]
    assert _orgs("组建了海泡石产业研究院和生物技术研究院。") == ["海泡石产业研究院", "生物技术研究院"]
    # but 和 inside one body's name does not split it
    assert _orgs("天易经开区招商和商务局副局长李荆介绍") == ["天易经开区招商和商务局"]


def test_a_level_with_a_generic_body_is_bare() -> None:
    text = "市十三届人大常委会主任姜玉泉、区人民政府区长罗鹏程参加。省委、省人民政府印发意见"
    assert _orgs(text) == []
    assert _orgs("湖南省人民政府办公厅印发") == ["湖南省人民政府办公厅"]
    assert _orgs("市人大常委会联工委主任刘畅儿") == ["市人大常委会联工委"]


def test_a_title_org_starts_after_the_clause_verb() -> None:
    ms = find_people(_doc("省委副书记、省长毛伟明在长沙会见了比亚迪董事长王传福一行。"))
    assert [(m.name, m.attrs["titles"]) for m in ms] == [
        ("毛伟明", [("省委副书记", "省"), ("省长", "省")]),
        ("王传福", [("董事长", "比亚迪")]),
    ]


def test_academics_are_not_officials_or_executives():
    text = "中国工程院院士刘经南、国际欧亚科学院院士邓中亮作报告，椭圆时空(北京)科技有限公司总裁邸凤萍出席。"
    assert _people(text) == ["邸凤萍"]


def test_a_parks_own_committee_is_the_park() -> None:
    # 管委会/党工委 after a park name: no organisation of its own, the park stands for it
    orgs = [m.name for m in find_organizations(_doc("东湖高新区管委会主任刘辉介绍，从化经济开发区管委会相关负责人表示"))]
    assert orgs == []
    assert [m.name for m in find_organizations(_doc("天易经开区招商和商务局副局长李荆介绍"))] == ["天易经开区招商和商务局"]
