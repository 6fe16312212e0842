"""graph/queries.py on the dev-like graph (gazetteer + hand-built extractions mirroring the dev facts)."""

from __future__ import annotations

import neo4j
import pytest
from test_writer import CRRC, CRRC_ZELC, S_GAP, S_TIANYI, S_VISIT, SANY, TIANYI, load_dev_like_graph

from graph import queries
from graph.queries import AmbiguousName, EntityNotFound
from loaders.types import Label


@pytest.fixture(scope="module")
def dev_graph(neo4j_driver: neo4j.Driver) -> neo4j.Driver:
    """The gazetteer plus the hand-built dev-like extractions (tests/test_writer.py)."""
    load_dev_like_graph(neo4j_driver)
    return neo4j_driver


def _kinds(rows: list[dict]) -> list[tuple[str, str]]:
    return [(r["kind"], r["supplier"]["key"]) for r in rows]


@pytest.mark.parametrize("place", ["S437023", "430321", "430300", "430000"])
def test_suppliers_aggregate_claim_answers_for_park_county_city_province(
    dev_graph: neo4j.Driver, place: str
) -> None:
    rows = queries.find_suppliers(dev_graph, CRRC.key, place)
    agg = [r for r in rows if r["kind"] == "aggregate"]
    assert [r["supplier"]["key"] for r in agg] == [TIANYI.key]
    assert agg[0]["count"] == 40 and agg[0]["segments"] == ["零部件", "新材料"]
    assert agg[0]["evidence"][0]["sentence"] == S_TIANYI
    assert agg[0]["evidence"][0]["title"] == "湘潭天易经开区:积极承接产业配套"


def test_suppliers_same_claim_for_sany(dev_graph: neo4j.Driver) -> None:
    rows = queries.find_suppliers(dev_graph, SANY.key, "S437023")
    assert ("aggregate", TIANYI.key) in _kinds(rows)


def test_suppliers_group_includes_subsidiaries_not_the_other_way(dev_graph: neo4j.Driver) -> None:
    group = queries.find_suppliers(dev_graph, CRRC.key, "S437023")
    # 中车株机 (a subsidiary) leads 轨道交通装备; a 天易 firm makes its 牵引电机 segment → inferred for the group
    inferred = [r for r in group if r["kind"] == "inferred"]
    assert [(r["supplier"]["name"], r["buyer"]["key"], r["via"]["name"]) for r in inferred] == [
        ("湖南天易牵引电机有限公司", CRRC_ZELC.key, "轨道交通装备")
    ]
    sub = queries.find_suppliers(dev_graph, CRRC_ZELC.key, "430300")
    assert [r for r in sub if r["kind"] == "aggregate"] == []  # the claim is about the group


def test_suppliers_elsewhere_is_empty(dev_graph: neo4j.Driver) -> None:
    assert queries.find_suppliers(dev_graph, CRRC.key, "320000") == []  # 江苏省


def test_chain_gaps_stated_gap_with_evidence_and_ranked_candidates(dev_graph: neo4j.Driver) -> None:
    rows = queries.find_chain_gaps(dev_graph, "G432034")
    by_chain = {r["chain"]["name"]: r for r in rows}
    ei = by_chain["电子信息"]
    assert ei["focus"] is True
    stated = [g for g in ei["gaps"] if g["kind"] == "stated"]
    assert len(stated) == 1
    assert stated[0]["gap"] == "配套企业、关键零部件企业缺乏"
    assert stated[0]["evidence"][0]["sentence"] == S_GAP
    assert stated[0]["candidates"][0] == {
        "key": "长沙芯测电子有限公司",
        "name": "长沙芯测电子有限公司",
        "rank": 1,
        "proximity": "same province",
        "evidence_count": 1,
    }
    # taxonomy gaps: segments of the chain with no firm in the park; 印制电路板 has a candidate
    tax = {g["target"]["name"]: g for g in ei["gaps"] if g["kind"] == "taxonomy"}
    assert "印制电路板" in tax and tax["印制电路板"]["candidates"][0]["name"] == "长沙芯测电子有限公司"
    # the catalogue's leading industries are focus chains too (轨道交通装备 for 株洲高新区)
    assert by_chain["轨道交通装备"]["focus"] is True


def test_chain_gaps_taxonomy_gap_closes_when_a_firm_in_the_park_makes_the_segment(
    dev_graph: neo4j.Driver,
) -> None:
    rows = queries.find_chain_gaps(dev_graph, TIANYI.key)
    rail = next(r for r in rows if r["chain"]["name"] == "轨道交通装备")
    names = {g["target"]["name"] for g in rail["gaps"]}
    assert "转向架" in names and "牵引电机" not in names  # 湖南天易牵引电机 makes 牵引电机 in 天易


def test_visits_timeline_with_posts_and_unknown_year(dev_graph: neo4j.Driver) -> None:
    rows = queries.find_visits(dev_graph, person="person:吴勇强")
    assert {r["target"]["name"] for r in rows} == {
        "泰州医药高新技术产业开发区",
        "靖江市",
        "溧阳市",
        "江苏新时代造船有限公司",
    }
    r = rows[0]
    assert r["date"] == "11月27日至29日" and r["date_iso"] is None and r["date_sort"] == "????-11-27"
    assert r["posts"] == [
        {"title": "区委书记", "org": {"label": "Region", "key": "320118", "name": "高淳区"}}
    ]
    assert r["evidence"]["sentence"] == S_VISIT
    # by place: the park itself, or a region containing the visited places
    assert [v["target"]["name"] for v in queries.find_visits(dev_graph, place="G322081")] == [
        "泰州医药高新技术产业开发区"
    ]
    # a date range leaves out visits whose year the article does not give
    assert queries.find_visits(dev_graph, person="person:吴勇强", date_from="2019-01-01") == []


def test_resolve_by_key_name_alias_and_partial(dev_graph: neo4j.Driver) -> None:
    assert queries.resolve(dev_graph, "S437023")["key"] == TIANYI.key
    assert queries.resolve(dev_graph, "天易经开区", [Label.PARK])["key"] == TIANYI.key
    assert queries.resolve(dev_graph, "天易", [Label.PARK, Label.REGION])["key"] == TIANYI.key
    assert queries.resolve(dev_graph, "湘潭天易经济技术开发区", [Label.PARK])["key"] == TIANYI.key
    assert queries.resolve(dev_graph, "中车", [Label.COMPANY])["key"] == CRRC.key
    assert queries.resolve(dev_graph, "中车株机", [Label.COMPANY])["key"] == CRRC_ZELC.key
    assert queries.resolve(dev_graph, "株洲高新区", [Label.PARK])["key"] == "G432034"
    assert queries.resolve(dev_graph, "湘潭", [Label.REGION])["key"] == "430300"  # city before county


def test_resolve_ambiguous_and_unknown(dev_graph: neo4j.Driver) -> None:
    with pytest.raises(AmbiguousName) as amb:
        queries.resolve(dev_graph, "高新区", [Label.PARK])
    assert len(amb.value.candidates) > 1
    with pytest.raises(EntityNotFound) as nf:
        queries.resolve(dev_graph, "天易经开园区", [Label.PARK])
    assert TIANYI.key in [s["key"] for s in nf.value.suggestions]


def test_search_converts_traditional_and_puts_exact_first(dev_graph: neo4j.Driver) -> None:
    hits = queries.search_entities(dev_graph, "天易經開區")
    assert hits[0]["key"] == TIANYI.key and hits[0]["exact"] is True
    hits = queries.search_entities(dev_graph, "株洲", [Label.REGION])
    assert hits[0]["name"] == "株洲市" and all(h["label"] == "Region" for h in hits)
    assert queries.search_entities(dev_graph, '") OR (*') is not None  # query syntax is escaped, no error


def test_document_with_marked_mentions(dev_graph: neo4j.Driver) -> None:
    doc = queries.get_document(dev_graph, "000_4609dc6c1967e403")
    assert doc is not None
    text = doc["document"]["text"]
    marked = {text[s["start"] : s["end"]] for s in doc["spans"] if s["key"] == TIANYI.key}
    assert marked == {"湘潭天易经开区", "天易经开区"}
    assert any(e["sentence"] == S_TIANYI and e["type"] == "SUPPLIES" for e in doc["evidence"])
    assert (
        queries.get_document(dev_graph, doc["document"]["key"])["document"]["name"] == "000_4609dc6c1967e403"
    )
    assert queries.get_document(dev_graph, "nope") is None


def test_profiles_entity_and_neighbours(dev_graph: neo4j.Driver) -> None:
    park = queries.get_park_profile(dev_graph, TIANYI.key)
    assert park is not None
    assert [r["name"] for r in park["regions"]][:2] == ["湘潭县", "湘潭市"]
    assert {c["name"] for c in park["focus_chains"]} >= {"工程机械", "轨道交通装备"}
    assert {s["buyer"]["key"] for s in park["supplies"]} == {CRRC.key, SANY.key}
    region = queries.get_region_profile(dev_graph, "430300")
    assert region is not None and TIANYI.key in {p["key"] for p in region["parks"]}
    assert region["parents"] == [{"key": "430000", "name": "湖南省", "level": "province"}]
    ent = queries.get_entity(dev_graph, CRRC.key)
    assert ent is not None and ent["label"] == "Company"
    assert ("SUPPLIES", "in", TIANYI.key) in {
        (r["type"], r["direction"], r["other"]["key"]) for r in ent["relationships"]
    }
    nb = queries.get_neighbours(dev_graph, TIANYI.key, depth=1)
    assert nb is not None and {"430321", CRRC.key} <= {n["key"] for n in nb["nodes"]}
    nb2 = queries.get_neighbours(dev_graph, TIANYI.key, depth=2, limit=500)
    assert len(nb2["nodes"]) > len(nb["nodes"])
    assert queries.get_neighbours(dev_graph, "no-such-key") is None
