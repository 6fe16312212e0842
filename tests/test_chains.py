"""Chain recogniser (loaders/chains.py) and the taxonomy in data/chains.yaml."""

from __future__ import annotations

from loaders.chains import chain_for, find_chains, find_segments, get_taxonomy
from loaders.types import Document, Label


def _doc(text: str) -> Document:
    return Document(name="t", text=text, original=text)


def _names(text: str) -> list[str]:
    return [m.name for m in find_chains(_doc(text))]


def test_taxonomy_is_large_and_consistent() -> None:
    tax = get_taxonomy()
    assert len(tax.chains) >= 150
    names = [c.name for c in tax.chains]
    assert len(names) == len(set(names))
    for c in tax.chains:
        assert c.category, c.name
        for b in c.bound:
            assert b in (c.name, *c.aliases), (c.name, b)
    # the SEI 2018 level-1 categories are used as categories
    cats = {c.category for c in tax.chains}
    assert {"新一代信息技术产业", "高端装备制造产业", "新材料产业", "生物产业", "新能源汽车产业"} <= cats


def test_chain_for_normalises_aliases_and_suffix_forms() -> None:
    assert chain_for("先进轨道交通装备产业链") == "轨道交通装备"
    assert chain_for("轨道交通") == "轨道交通装备"
    assert chain_for("汽车零配件产业链") == "汽车零部件"
    assert chain_for("信息技术应用创新") == "信创"
    assert chain_for("智能装备制造业") == "智能装备制造"
    assert chain_for("天易经开区") is None


def test_suffix_forms_are_found_with_canonical_key() -> None:
    text = "加快打造世界级先进轨道交通装备产业集群。"
    ms = find_chains(_doc(text))
    assert [(m.surface, m.key) for m in ms] == [("先进轨道交通装备产业集群", "chain:轨道交通装备")]
    assert ms[0].label is Label.CHAIN
    assert (ms[0].start, ms[0].end) == (7, 19) and text[7:19] == ms[0].surface


def test_longest_alias_wins() -> None:
    assert _names("园区食品医药、智能装备制造业产值都突破了百亿元") == ["食品医药", "智能装备制造"]
    assert _names("以新能源汽车、新能源装备为主导") == ["新能源汽车", "新能源装备"]


def test_bare_name_needs_a_plausible_follower() -> None:
    # 医药 in a museum name and 新能源 in a science hall are not industries
    assert _names("先后来到医药博览馆参观") == []
    assert _names("察看了江苏中关村新能源科技馆") == []
    assert _names("引进医药企业10家") == ["生物医药"]


def test_bound_alias_only_with_suffix_or_enumeration() -> None:
    assert _names("获取更多信息。") == []
    assert _names("以信息、物流产业为一翼") == ["电子信息", "物流"]
    assert _names("发展信息产业") == ["电子信息"]


def test_adjacent_chains_form_one_compound() -> None:
    ms = find_chains(_doc("考察节能环保新材料及特色田园乡村建设"))
    assert len(ms) == 1
    assert ms[0].surface == "节能环保新材料"
    assert ms[0].attrs["parts"] == ["节能环保", "新材料"]


def test_no_chain_in_plain_text() -> None:
    assert _names("今天天气很好，我们去公园散步，然后回家吃饭。") == []


def test_segments_only_for_unambiguous_products() -> None:
    ms = find_segments(_doc("参观了IGBT制造中心"))
    assert [(m.key, m.attrs["role"]) for m in ms] == [("segment:轨道交通装备:IGBT", "upstream")]
    # 钢材 feeds several chains: no segment guess
    assert find_segments(_doc("采购钢材")) == []


def test_specialty_product_industries() -> None:
    ms = find_chains(_doc("大力发展湘莲产业、小龙虾产业链、茶叶产业和槟榔行业。"))
    assert [(m.surface, m.key) for m in ms] == [
        ("湘莲产业", "chain:湘莲"), ("小龙虾产业链", "chain:小龙虾"), ("茶叶产业", "chain:茶")]
    assert ms[0].rule.startswith("chain_rules.yaml:product")
    # a product word inside a body's name, or a generic product word: no industry
    assert _names("组建了海泡石产业研究院") == []
    assert _names("发展农产品产业") == []
    assert _names("推动智能化产业发展") == []  # a property (…化), not a product
    assert _names("带动第三方产业") == []
    assert _names("发动机产业发展") == ["发动机"]  # a product word of three characters
    assert _names("湘潭县盛产湘莲,产业已经发展到了一定规模") == []


def test_no_bare_generic_chain_when_the_longer_one_is_there() -> None:
    assert _names("无锡如何按下生物医药产业发展“快进键”") == ["生物医药"]
    assert _names("南京市重大工程集聚生物医药产业链发展动能") == ["生物医药"]


def test_a_style_of_product_is_no_industry() -> None:
    assert _names("该企业生产月饼和广式食品。") == []
    assert _names("做强食品、医药产业") == ["食品", "生物医药"]


def test_an_alias_with_its_own_suffix_needs_no_follower() -> None:
    assert _names("湘潭市智能装备、汽车产业以及株洲动力谷有效配套") == ["智能装备制造", "汽车"]
    # a longer specialty product holding a taxonomy alias wins (黑茶产业 over 茶产业)
    assert _names("安化县黑茶产业蓬勃发展") == ["黑茶"]
    # 业 alone is too short to vouch for an industry: 种业 still needs a follower
    assert _names("隆平种业股份") == []
