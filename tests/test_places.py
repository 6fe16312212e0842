"""Region/Park gazetteers (data/regions.csv, data/parks.csv) and their recognisers."""

from __future__ import annotations

import csv
import json
import re
import shutil
import time
from pathlib import Path

import pytest

from loaders.places import DATA_DIR, Places, PlacesDataError, get_places
from loaders.types import Document, Label

DEV = Path(__file__).resolve().parent.parent / "data" / "samples" / "dev"


def doc(text: str, name: str = "t") -> Document:
    return Document(name=name, text=text, original=text)


def regions(text: str) -> dict[str, str]:
    """surface -> canonical name of the region mentions."""
    return {m.surface: m.name for m in get_places().find_regions(doc(text))}


def parks(text: str) -> list[tuple[str, str]]:
    return [(m.surface, m.key) for m in get_places().find_parks(doc(text))]


# ------------------------------------------------------------------ data files
def test_regions_csv_shape_and_known_rows():
    with open(DATA_DIR / "regions.csv", encoding="utf-8") as fh:
        rows = {r["adcode"]: r for r in csv.DictReader(fh)}
    assert list(next(iter(rows.values()))) == ["adcode", "name", "short", "level", "parent_adcode", "lon", "lat"]
    assert rows["430200"]["name"] == "株洲市" and rows["430200"]["short"] == "株洲"
    assert rows["430200"]["level"] == "city" and rows["430200"]["parent_adcode"] == "430000"
    assert rows["430321"]["name"] == "湘潭县" and rows["430321"]["parent_adcode"] == "430300"
    town = rows["430321100"]
    assert (town["name"], town["level"], town["parent_adcode"]) == ("易俗河镇", "town", "430321")
    assert (town["lon"], town["lat"]) == (rows["430321"]["lon"], rows["430321"]["lat"])
    assert rows["320481109"]["name"] == "上兴镇"
    assert rows["150000"]["short"] == "内蒙古"
    # Beijing districts hang on the province (no 市辖区 node); zone units are parks, not regions
    assert rows["110105"]["parent_adcode"] == "110000"
    assert not any(r["name"] == "市辖区" for r in rows.values())
    assert "130171" not in rows  # 石家庄高新技术产业开发区 (NBS statistical unit)
    levels = {r["level"] for r in rows.values()}
    assert levels == {"province", "city", "county", "town"}
    assert all(r["lon"] and r["lat"] for r in rows.values() if r["level"] != "town")


def test_parks_csv_catalogue_keys_aliases_and_regions():
    with open(DATA_DIR / "parks.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    keys = [r["key"] for r in rows]
    assert len(keys) == len(set(keys))
    assert {"S377018", "S377018-2"} <= set(keys)  # the catalogue's duplicated code, kept apart
    by_key = {r["key"]: r for r in rows}
    tianyi = by_key["S437023"]
    assert tianyi["name"] == "湖南湘潭天易经济开发区" and tianyi["level"] == "provincial"
    assert {"天易经开区", "湘潭天易经开区", "湘潭天易经济技术开发区", "天易经济开发区"} <= set(tianyi["aliases"].split("|"))
    assert tianyi["region_adcode"] in ("430300", "430321")
    assert tianyi["leading_industries"].split("|") == ["食品", "装备制造"]
    zhuzhou = by_key["G432034"]
    assert {"株洲高新区", "株洲国家高新技术产业开发区"} <= set(zhuzhou["aliases"].split("|"))
    assert zhuzhou["region_adcode"] == "430200"
    assert by_key["G322081"]["region_adcode"] == "321200"  # 泰州医药高新区 -> 泰州市
    assert by_key["G321104"]["region_adcode"] == "321282"  # 靖江 -> 靖江市
    # generic leftovers of prefix dropping never become aliases
    all_aliases = {a for r in rows for a in r["aliases"].split("|")}
    assert not all_aliases & {"高新区", "经开区", "经济开发区", "经济技术开发区", "高新技术产业开发区", "产业集聚区",
                            "工业园区", "综合保税区", "出口加工区"}


# ------------------------------------------------------------------ loading and lookups
def test_load_is_fast_and_cached():
    t = time.perf_counter()
    Places.load(DATA_DIR)
    assert time.perf_counter() - t < 2.0  # measured ~0.35 s; generous for a busy machine
    assert get_places() is get_places()


def test_lookups():
    p = get_places()
    assert p.ancestors("430321100") == ["430321", "430300", "430000"]
    assert p.region_by_name("湘潭").name == "湘潭市"  # short of 湘潭市 and 湘潭县: highest level
    assert p.region_by_name("湘潭县").adcode == "430321"
    assert p.region_by_name("不存在的地方") is None
    assert p.park("S437023").kind == "经开"
    assert p.park_region("S437023") == p.park("S437023").region_adcode
    assert p.park_region("no-such-park") is None


def test_bad_data_dir_gives_clear_error(tmp_path):
    for f in ("parks.csv", "park_suffixes.yaml", "region_context.yaml"):
        shutil.copy(DATA_DIR / f, tmp_path / f)
    with pytest.raises(PlacesDataError, match="regions.csv"):
        Places.load(tmp_path)
    (tmp_path / "regions.csv").write_text("code,name\n1,x\n", encoding="utf-8")
    with pytest.raises(PlacesDataError, match="columns"):
        Places.load(tmp_path)


# ------------------------------------------------------------------ regions
def test_short_forms_resolve_to_full_names():
    assert regions("近年来,株洲坚定发展信心") == {"株洲": "株洲市"}
    assert regions("承接长沙、株洲优势产业配套") == {"长沙": "长沙市", "株洲": "株洲市"}


def test_firm_names_and_common_words_are_not_regions():
    assert "宁德" not in regions("宁德时代新能源科技股份有限公司")
    assert "宁德" not in regions("宁德时代在欧洲建厂")
    assert regions("双方加强合作,共赢发展") == {}
    assert regions("打造东方的爱尔兰根") == {}
    assert "湖南" not in regions("湖南五洲通药业股份有限公司生产副总经理说")
    assert "湘潭" not in regions("与湘潭大学开展产学研合作")


def test_full_names_and_town_context():
    text = "湘潭天易经开区紧邻株洲,位于湘潭县城易俗河的核心区"
    found = regions(text)
    assert found["湘潭县"] == "湘潭县"
    assert found["易俗河"] == "易俗河镇"  # its county is named in the document
    assert found["湘潭"] == "湘潭市"
    assert "易俗河" not in regions("沿着易俗河走了一段")  # no county in the document


def test_region_inside_park_name_is_a_park_prefix_mention():
    ms = get_places().find_regions(doc("湘潭天易经开区召开会议"))
    assert [(m.surface, m.name, m.rule) for m in ms] == [("湘潭", "湘潭市", "park-prefix")]
    assert ms[0].label == Label.REGION and ms[0].key == "430300"
    assert ms[0].attrs == {"level": "city", "parent": "430000", "nested": True}


def test_county_short_forms_need_consistent_context():
    text = "吴勇强带队赴泰州医药高新区、靖江市、溧阳市学习考察。值得高淳学习。在溧阳,参观上兴镇。"
    found = regions(text)
    assert found["高淳"] == "高淳区" and found["溧阳"] == "溧阳市" and found["上兴镇"] == "上兴镇"
    # the same county short forms in a Hunan article: other provinces' districts, not named
    hunan = regions("株洲市强化田心片区、云龙片区联动协作")
    assert hunan == {"株洲市": "株洲市"}


def test_generic_district_names_need_their_city():
    assert "东城区" not in regions("湘潭县做好东城区紫荆湖和西城区片区开发")
    assert regions("北京市东城区")["东城区"] == "东城区"


# ------------------------------------------------------------------ parks
def test_aliases_resolve_to_one_catalogue_park():
    found = parks("天易经开区和湘潭天易经济技术开发区,以及湖南湘潭天易经济开发区")
    assert [k for _, k in found] == ["S437023"] * 3


def test_zhuzhou_hi_tech_zone_and_different_xiangtan_zones():
    assert parks("株洲高新区聚焦优势产业") == [("株洲高新区", "G432034")]
    assert parks("株洲国家高新技术产业开发区") == [("株洲国家高新技术产业开发区", "G432034")]
    assert parks("湘潭经开区召开务虚会议") == [("湘潭经开区", "G431179")]  # not 天易


def test_bare_hi_tech_zone_resolves_to_document_park():
    text = "泰州医药高新区是重点打造的核心区。张小兵介绍了高新区发展历程。"
    found = get_places().find_parks(doc(text))
    assert [(m.surface, m.key, m.rule) for m in found] == [
        ("泰州医药高新区", "G322081", "park-alias"),
        ("高新区", "G322081", "bare-park"),
    ]
    # no park of that kind in the document and no region to guess from: nothing
    assert parks("高新区发展历程") == []


def test_suffix_rule_parks_and_their_region():
    text = "位于新马创新园的项目加速建设。今年8月,该企业在高新区新马工业园投资建设。株洲高新区通过大汉惠普信息产业园、信息港等民营园区发展。"
    ms = get_places().find_parks(doc(text))
    names = [m.name for m in ms if m.key.startswith("park:")]
    assert names == ["新马创新园", "新马工业园", "大汉惠普信息产业园", "信息港"]
    assert all(m.attrs["region_adcode"] == "430200" for m in ms if m.key.startswith("park:"))
    assert get_places().park_region("park:新马工业园") == "430200"


def test_suffix_park_takes_region_of_nearest_catalogue_park_in_sentence():
    text = "泰州医药高新区位于泰州。在靖江经济开发区,一行来到江苏新时代造船有限公司、智能重装产业园等地。"
    ms = {m.name: m for m in get_places().find_parks(doc(text))}
    assert ms["智能重装产业园"].attrs["region_adcode"] == "321282"  # 靖江市


def test_generic_phrases_and_projects_are_not_parks():
    assert parks("争取早日迈入千亿园区之列") == []
    assert parks("创建五好园区和国家级经开区两大目标") == []
    assert parks("天易众创空间成功申报了省级众创空间") == []
    assert parks("湘潭联海商贸城迎来商家") == []
    assert parks("蓝普视讯可视化未来显示技术产业园项目预计年底竣工") == []


def test_new_areas_and_cluster_zones_need_a_proper_name():
    def names(text: str) -> list[str]:
        return [m.name for m in get_places().find_parks(doc(text))]

    assert names("宁波前湾新区是浙江省级新区") == ["宁波前湾新区"]
    assert names("临颍县产业集聚区已入驻企业200家") == ["临颍县产业集聚区"]
    assert names("松山湖国际机器人产业基地") == ["松山湖国际机器人产业基地"]
    # an industry or common words alone name no zone; a district named 新区 is a region
    assert names("医疗器械产业集聚区") == []
    assert names("打造集群增长新片区") == []
    assert names("浦东新区和滨海新区") == []
    assert regions("浦东新区和滨海新区") == {"浦东新区": "浦东新区", "滨海新区": "滨海新区"}


def test_a_catalogue_alias_is_never_a_bare_level_plus_suffix():
    with open(DATA_DIR / "parks.csv", encoding="utf-8") as f:
        bad = [a for row in csv.DictReader(f) for a in row["aliases"].split("|") if a[:1] in ("县", "市", "区", "州")]
    assert bad == []  # 县产业集聚区 once read every county's cluster zone as 长垣's


# ------------------------------------------------------------------ dev set
def _clean(raw: str) -> str:
    """Just enough cleaning for this test (the real cleaner lives in its own module):
    t2s, pinyin glosses off, related-article tail and breadcrumbs off."""
    import opencc

    text = raw.split("相关文章")[0]
    text = re.sub(r"\([^\u4e00-\u9fff()]{1,8}\)", "", text)
    text = "\n".join(line for line in text.splitlines() if "当前位置" not in line and "产业信息" not in line)
    return opencc.OpenCC("t2s").convert(text)


def _dev_scores() -> dict[str, tuple[int, int, int]]:
    p = get_places()
    totals = {"Region": [0, 0, 0], "Park": [0, 0, 0]}
    for line in (DEV.parent / "dev-gold.jsonl").read_text("utf-8").splitlines():
        gold = json.loads(line)
        d = doc(_clean((DEV / f"{gold['doc']}.txt").read_text("utf-8")), gold["doc"])
        found: dict[tuple[str, str], set[str]] = {}
        for m in p.find_regions(d) + p.find_parks(d):
            found.setdefault((str(m.label), m.key), {m.name}).add(m.surface)
        for typ, total in totals.items():
            golds = [set(g["aliases"]) | {g["name"]} for g in gold["entities"] if g["type"] == typ]
            preds = [names for (t, _), names in found.items() if t == typ]
            used: set[int] = set()
            for names in preds:
                hit = next((i for i, g in enumerate(golds) if i not in used and g & names), None)
                if hit is not None:
                    used.add(hit)
            total[0] += len(used)
            total[1] += len(preds)
            total[2] += len(golds)
    return {t: tuple(v) for t, v in totals.items()}


def test_dev_set_region_and_park_f1():
    for typ, (tp, n_pred, n_gold) in _dev_scores().items():
        precision, recall = tp / n_pred, tp / n_gold
        f1 = 2 * precision * recall / (precision + recall)
        assert f1 >= 0.88, (typ, tp, n_pred, n_gold)


def test_more_context_rules():
    assert regions("河南县级市场") == {"河南": "河南省"}  # not 河南县 (Qinghai)
    assert regions("在攸县工作")["攸县"] == "攸县"  # two-character county names are full names
    # a suffix-rule park's prefix still needs context: 金山区 is in Shanghai, not Hunan
    assert "金山" not in regions("株洲市人大代表驻荷塘区视察金山科技工业园区")
    assert parks("株洲市人大代表驻荷塘区视察金山科技工业园区")[0][0] == "金山科技工业园区"


def test_suffix_rule_names_do_not_start_with_verbs_or_generic_words():
    assert parks("实现高新区产业高质量发展") == []
    assert [s for s, _ in parks("株洲经开区紧盯株洲北斗产业园建设")] == ["株洲经开区", "株洲北斗产业园"]
    assert parks("已建成10个省级以上产业园区") == []
    assert parks("加快株洲产业园区发展") == []  # the parks of 株洲, not one park
    assert parks("1992年株洲成立株洲国家高新技术开发区") == [("株洲国家高新技术开发区", "G432034")]


def test_catalogue_region_falls_back_to_address_city_and_kaifaqu_alias():
    p = get_places()
    assert p.park_region("G351140") == "350900"  # 东侨经济技术开发区: name has no region; address 宁德市
    assert parks("昆山开发区和吴江经开区紧随其后") == [("昆山开发区", "G321015"), ("吴江经开区", "G321093")]


def test_alias_without_its_region_in_another_province_is_a_local_park():
    ms = get_places().find_parks(doc("株洲荷塘区金山工业园"))
    assert [(m.key, m.attrs["region_adcode"]) for m in ms] == [("park:金山工业园", "430202")]  # 荷塘区
    assert parks("上海金山工业园") == [("上海金山工业园", "S319023")]


def test_suffix_park_name_drops_its_address_and_keeps_surnames():
    assert parks("株洲市天元区栗雨工业园") == [("栗雨工业园", "park:栗雨工业园")]
    assert parks("在张江高科技园区,") == [("张江高科技园区", "park:张江高科技园区")]


def test_full_region_name_plus_zone_word_maps_to_the_zone_named_after_it():
    # 湘潭市 has several 经开 zones (湘潭, 天易, 岳塘): the one named after 湘潭 alone
    assert parks("湘潭市经开区召开会议") == [("湘潭市经开区", "G431179")]


# ------------------------------------------------------------------ speed (linear in length)
def test_recognisers_are_linear_in_document_length():
    from loaders.places import _analyse

    article = (DEV / "002_f1c47cb5e7837ddb.txt").read_text("utf-8").split("热词")[0]
    p = get_places()
    p.analyse(article)  # warm jieba and the token caches

    def best_of_two(text: str) -> float:
        times = []
        for _ in range(2):
            t = time.perf_counter()
            p.analyse(text)
            times.append(time.perf_counter() - t)
        return min(times)

    small, big = best_of_two(article * 10), best_of_two(article * 100)
    # quadratic steps made 100x cost ~100x the 10x doc (7 s); linear is ~10x (~0.15 s)
    assert big < 30 * small, (small, big)
    assert big < 3.0, big
    # the per-document cache is a bounded LRU: many documents cannot pile up in memory
    assert _analyse.cache_info().maxsize is not None and _analyse.cache_info().maxsize <= 64


# ------------------------------------------------------------------ unseen-text cases
def test_region_plus_industry_park_keeps_its_district_and_survives_project():
    assert parks("西工区生物医药产业园建设稳步推进") == [("西工区生物医药产业园", "park:西工区生物医药产业园")]
    # …项目 after a park named after a place: the park being built
    assert parks("西工区生物医药产业园项目建设稳步推进") == [("西工区生物医药产业园", "park:西工区生物医药产业园")]
    # NOT: a firm's project named like a park; an address before a real name is still dropped
    assert parks("蓝普视讯可视化未来显示技术产业园项目预计年底竣工") == []
    assert parks("株洲市天元区栗雨工业园") == [("栗雨工业园", "park:栗雨工业园")]


def test_town_named_park_project_needs_the_towns_county():
    ms = get_places().find_parks(doc("南京溧水这个科创园即将竣工。永阳生物医药科创园项目位于机场路"))
    assert [(m.surface, m.attrs["region_adcode"]) for m in ms] == [("永阳生物医药科创园", "320117")]  # 溧水区
    assert parks("永阳生物医药科创园项目位于机场路") == []  # no 溧水 (or other 永阳 county) named


def test_new_park_suffixes_and_bracketed_region():
    assert parks("北京亦庄生命健康产业区生物医药标准厂房项目") == [("北京亦庄生命健康产业区", "park:北京亦庄生命健康产业区")]
    assert parks("助推西部(重庆)科学城“生命芯谷”建设") == [("西部(重庆)科学城", "park:西部(重庆)科学城")]
    assert parks("助推西部（重庆）科学城建设") == [("西部（重庆）科学城", "park:西部（重庆）科学城")]
    assert parks("在临江科学人文小镇建立起动画孵化创作基地") == [("临江科学人文小镇", "park:临江科学人文小镇")]
    # NOT: a 小镇 without a park word, brackets holding no region, a 区域 word
    assert parks("这个小镇很美,梦想小镇,特色小镇建设") == []
    assert parks("某某(一期)科学城") == []
    assert parks("打造生物医药产业区域中心") == []


def test_catalogue_name_with_other_brackets():
    assert parks("中德(沈阳)高端装备制造产业园") == [("中德(沈阳)高端装备制造产业园", "G216034")]


def test_single_character_conjunction_inside_a_park_name():
    text = "中心位于清水塘生态科技产业新城的恒和产业园,这里"
    assert [s for s, _ in parks(text)] == ["清水塘生态科技产业新城", "恒和产业园"]
    # NOT: a real joint keeps the conjunction out
    assert [s for s, _ in parks("长沙和株洲产业园")] == ["株洲产业园"]


def test_town_prefix_of_a_suffix_park_needs_the_town_named_on_its_own():
    text = "株洲市石峰区。这是清水塘产业新城便民服务中心"
    assert "清水塘" not in regions(text)
    ms = get_places().find_parks(doc(text))
    assert ms[0].attrs["region_adcode"][:6] == "430204"  # 石峰区 (or above), not 清水塘街道
    named = "株洲市石峰区清水塘街道。这是清水塘产业新城便民服务中心"
    assert regions(named)["清水塘"] == "清水塘街道"


def test_suffix_park_prefix_region_must_agree_with_the_documents_province():
    text = "株洲市人大代表驻荷塘区视察金山科技工业园区"
    found = regions(text)
    assert "金山" not in found and found["荷塘区"] == "荷塘区"
    ms = get_places().find_parks(doc(text))
    assert ms[0].attrs["region_adcode"] == "430202"
    # with nothing else in the document, the prefix region stands
    assert regions("北京亦庄生命健康产业区开工") == {"北京": "北京市"}


def test_bare_park_word_prefers_the_catalogue_park_over_a_nearer_suffix_park():
    text = "湘潭天易经开区新引进了绿信农产品物流园和杭州网营物联等企业,园区将继续发展"
    found = get_places().find_parks(doc(text))
    assert [(m.surface, m.key) for m in found if m.rule == "bare-park"] == [("园区", "S437023")]


def test_town_heading_an_area_name_is_not_the_town():
    text = "株洲市石峰区。株洲清水塘老工业基地搬迁后,清水塘产业新城建设如火如荼"
    assert "清水塘" not in regions(text)
    # NOT: a town named on its own (its county in the document) stays
    assert regions("湘潭天易经开区位于湘潭县城易俗河的核心区")["易俗河"] == "易俗河镇"


def test_city_in_a_suffix_park_name_stands_in_another_provinces_article():
    text = "株洲市代表团赴北京亦庄生命健康产业区考察"
    assert regions(text) == {"株洲市": "株洲市", "北京": "北京市"}
    ms = get_places().find_parks(doc(text))
    assert [(m.surface, m.attrs["region_adcode"]) for m in ms] == [("北京亦庄生命健康产业区", "110000")]


def test_remembered_suffix_park_regions_are_bounded(monkeypatch):
    import loaders.places as places_pkg

    p = Places.load(DATA_DIR)
    monkeypatch.setattr(places_pkg, "_SEEN_PARKS_MAX", 2)
    for name in ("甲乙产业园", "丙丁产业园", "戊己产业园"):
        p.find_parks(doc(f"株洲市{name}开工"))
    assert p.park_region("park:甲乙产业园") is None  # the oldest was dropped
    assert p.park_region("park:戊己产业园") == "430200"


def test_bare_hi_tech_zone_with_only_a_city_takes_that_citys_zone():
    found = get_places().find_parks(doc("株洲市召开会议,高新区管委会主任出席"))
    assert [(m.surface, m.key, m.rule) for m in found] == [("高新区", "G432034", "bare-park-region")]


def test_project_of_a_firm_named_after_a_region_is_not_a_park():
    assert parks("湖南五洲通医药产业园项目开工") == []
    assert parks("株洲新能源产业园项目开工") == [("株洲新能源产业园", "park:株洲新能源产业园")]


def test_industry_only_alias_after_another_region_is_that_regions_park():
    # 新能源产业园 is an alias of 伊春市南岔新能源产业园; after 株洲 it is 株洲's own park
    assert parks("株洲新能源产业园开工") == [("株洲新能源产业园", "park:株洲新能源产业园")]
    # NOT: with no region before it, or after the park's own region, it stays the catalogue's
    assert parks("泰州医药高新区") == [("泰州医药高新区", "G322081")]
    assert [k for _, k in parks("泰州市召开会议,医药高新区负责人")] == ["G322081"]


# ------------------------------------------------------------------ shared scan (loaders.places.scan)
def test_find_long_from_shared_hits_equals_a_scan_of_its_own():
    """find_long_at reuses the shared scan's matches; it must agree with pyahocorasick's own
    leftmost-longest scan, including where a name lies inside another one (龙山 in 五龙山乡)
    and where such a name ends the text (the scan misses it there: so must we)."""
    from loaders.places.scan import shared_scan

    p = get_places()
    texts = [f.read_text("utf-8") for f in sorted(DEV.glob("*.txt"))]
    texts += ["去五龙山", "去五龙山。", "马边彝族自治县五龙山瑶", "株洲市天元区五龙山乡和湘潭县易俗河镇"]
    for rec, group in ((p.region_recognizer, "region"), (p.park_recognizer, "park")):
        assert rec._ac.inner_words(), group  # the rescanned case is exercised
        for t in texts:
            assert rec._ac.find_long_at(t, shared_scan().matches(t, group)) == rec._ac.find_long(t), (group, t[:40])
    assert "龙山" in p.region_recognizer._ac.inner_words()


def test_a_short_form_of_a_park_named_in_full_is_that_park():
    ms = get_places().find_parks(doc("宁波前湾新区是浙江省级新区。俞建国指出，前湾新区汽车产业整车强。"))
    assert {m.key for m in ms} == {"park:宁波前湾新区"} and len(ms) == 2
