"""The graph writer against the real Neo4j test server.

`dev_like_extractions()` builds, by hand, Extractions that mirror facts of the
bundled dev articles (天易 SUPPLIES 中车/三一 40多家; 株洲高新区 HAS_GAP 电子信息;
吴勇强's visits), so graph/API tests do not depend on the extractor's quality.
Other test modules import it (tests/ is on sys.path under pytest).
"""

from __future__ import annotations

import copy

import neo4j
import pytest

from graph.model import doc_key, rel_key
from graph.reference import load_reference
from graph.writer import GraphWriter
from loaders.types import Document, Entity, EntityRef, Evidence, Extraction, Label, Relation, RelType

TIANYI = EntityRef(Label.PARK, "S437023", "湖南湘潭天易经济开发区")
ZHUZHOU_HTZ = EntityRef(Label.PARK, "G432034", "株洲高新技术产业开发区")
TAIZHOU_MED = EntityRef(Label.PARK, "G322081", "泰州医药高新技术产业开发区")
XIANGTAN_XIAN = EntityRef(Label.REGION, "430321", "湘潭县")
CHANGSHA = EntityRef(Label.REGION, "430100", "长沙市")
GAOCHUN = EntityRef(Label.REGION, "320118", "高淳区")
JINGJIANG = EntityRef(Label.REGION, "321282", "靖江市")
LIYANG = EntityRef(Label.REGION, "320481", "溧阳市")
CRRC = EntityRef(Label.COMPANY, "中国中车股份有限公司", "中国中车股份有限公司")
CRRC_ZELC = EntityRef(Label.COMPANY, "中车株洲电力机车有限公司", "中车株洲电力机车有限公司")
SANY = EntityRef(Label.COMPANY, "三一集团有限公司", "三一集团有限公司")
WUZHOUTONG = EntityRef(Label.COMPANY, "湖南五洲通药业股份有限公司", "湖南五洲通药业股份有限公司")
CS_CHIP = EntityRef(Label.COMPANY, "长沙芯测电子有限公司", "长沙芯测电子有限公司")  # invented firm
TY_MOTOR = EntityRef(Label.COMPANY, "湖南天易牵引电机有限公司", "湖南天易牵引电机有限公司")  # invented firm
TRACTION_MOTOR = EntityRef(Label.SEGMENT, "segment:轨道交通装备:牵引电机", "牵引电机")
SHIPYARD = EntityRef(Label.COMPANY, "江苏新时代造船有限公司", "江苏新时代造船有限公司")
RAIL = EntityRef(Label.CHAIN, "chain:轨道交通装备", "轨道交通装备")
MACHINERY = EntityRef(Label.CHAIN, "chain:工程机械", "工程机械")
ELECTRONICS = EntityRef(Label.CHAIN, "chain:电子信息", "电子信息")
PCB = EntityRef(Label.SEGMENT, "segment:电子信息:印制电路板", "印制电路板")
WU = EntityRef(Label.PERSON, "person:吴勇强", "吴勇强")

S_TIANYI = "近年来,天易经开区积极承接优势产业配套,工程机械、轨道交通和汽车产业的配套产业已形成一定规模,聚集中车、三一等配套的零部件、新材料企业40多家。"
S_PARK_IN = "湘潭天易经开区紧邻株洲,位于湘潭县城易俗河的核心区,具有良好的交通区位优势和各种配套资源。"
S_LOCATED = "湖南五洲通药业股份有限公司位于天易经开区。"
S_MOTOR = "湖南天易牵引电机有限公司在天易经开区生产牵引电机。"
S_GAP = "株洲高新区电子信息产业大而不强,配套企业、关键零部件企业缺乏。"
S_CHIP = "长沙芯测电子有限公司生产印制电路板,为电子信息产业配套。"
S_VISIT = "11月27日至29日,区委书记吴勇强带队赴泰州、常州考察,先后走访泰州医药高新技术产业开发区、靖江市、溧阳市和江苏新时代造船有限公司。"
S_POST = "高淳区委书记吴勇强带队。"


def _ent(ref: EntityRef, *mentions: str) -> Entity:
    return Entity(ref.label, ref.key, ref.name, mentions=list(mentions) or [ref.name])


def _rel(
    t: RelType,
    s: EntityRef,
    o: EntityRef,
    text: str,
    sentence: str,
    doc: str,
    conf: float = 0.85,
    **props: object,
) -> Relation:
    start = text.find(sentence)
    assert start >= 0, sentence
    return Relation(t, s, o, Evidence(doc, sentence, start, start + len(sentence), "test", conf), dict(props))


def _doc(name: str, sentences: list[str], title: str, published: str | None = None) -> Document:
    text = title + "\n" + "\n".join(sentences)
    return Document(
        name=name, text=text, original=text, title=title, published=published, source=f"{name}.txt"
    )


def dev_like_extractions() -> list[Extraction]:
    d0 = _doc(
        "000_4609dc6c1967e403", [S_PARK_IN, S_LOCATED, S_TIANYI, S_MOTOR], "湘潭天易经开区:积极承接产业配套"
    )
    t0 = d0.text
    x0 = Extraction(
        d0,
        [
            _ent(TIANYI, "湘潭天易经开区", "天易经开区"),
            _ent(XIANGTAN_XIAN, "湘潭县"),
            _ent(CRRC, "中车"),
            _ent(SANY, "三一"),
            _ent(WUZHOUTONG),
            _ent(RAIL, "轨道交通"),
            _ent(MACHINERY, "工程机械"),
            _ent(TY_MOTOR),
            _ent(TRACTION_MOTOR, "牵引电机"),
        ],
        [
            _rel(RelType.PARK_IN, TIANYI, XIANGTAN_XIAN, t0, S_PARK_IN, d0.name, 0.9),
            _rel(RelType.LOCATED_IN, WUZHOUTONG, TIANYI, t0, S_LOCATED, d0.name),
            _rel(
                RelType.SUPPLIES, TIANYI, CRRC, t0, S_TIANYI, d0.name, count=40, segments=["零部件", "新材料"]
            ),
            _rel(
                RelType.SUPPLIES, TIANYI, SANY, t0, S_TIANYI, d0.name, count=40, segments=["零部件", "新材料"]
            ),
            _rel(RelType.FOCUSES_ON, TIANYI, RAIL, t0, S_TIANYI, d0.name),
            _rel(RelType.FOCUSES_ON, TIANYI, MACHINERY, t0, S_TIANYI, d0.name),
            _rel(RelType.LOCATED_IN, TY_MOTOR, TIANYI, t0, S_MOTOR, d0.name),
            _rel(RelType.COMPANY_SUPPLIES, TY_MOTOR, TRACTION_MOTOR, t0, S_MOTOR, d0.name, 0.7),
        ],
    )
    d1 = _doc("001_97090a7e5974835f", [S_GAP, S_CHIP], "株洲高新区:补链强链", published="2019-12-25 12:55:01")
    t1 = d1.text
    x1 = Extraction(
        d1,
        [_ent(ZHUZHOU_HTZ, "株洲高新区"), _ent(ELECTRONICS, "电子信息"), _ent(CS_CHIP)],
        [
            _rel(
                RelType.HAS_GAP,
                ZHUZHOU_HTZ,
                ELECTRONICS,
                t1,
                S_GAP,
                d1.name,
                gap="配套企业、关键零部件企业缺乏",
            ),
            _rel(RelType.FOCUSES_ON, ZHUZHOU_HTZ, ELECTRONICS, t1, S_GAP, d1.name),
            _rel(RelType.COMPANY_SUPPLIES, CS_CHIP, PCB, t1, S_CHIP, d1.name),
            _rel(RelType.LOCATED_IN, CS_CHIP, CHANGSHA, t1, S_CHIP, d1.name),
            _rel(RelType.LEADS, CRRC_ZELC, RAIL, t1, S_CHIP, d1.name, 0.5),
        ],
    )
    d4 = _doc("004_0e2c83d4f5c3dbf1", [S_POST, S_VISIT], "高淳区党政代表团赴泰州、常州考察")
    t4 = d4.text
    x4 = Extraction(
        d4,
        [_ent(WU), _ent(GAOCHUN, "高淳区"), _ent(TAIZHOU_MED), _ent(JINGJIANG), _ent(LIYANG), _ent(SHIPYARD)],
        [
            _rel(RelType.HOLDS_POST, WU, GAOCHUN, t4, S_POST, d4.name, title="区委书记"),
            *[
                _rel(RelType.OFFICIAL_VISITED, WU, t, t4, S_VISIT, d4.name, date="11月27日至29日")
                for t in (TAIZHOU_MED, JINGJIANG, LIYANG, SHIPYARD)
            ],
        ],
    )
    return [x0, x1, x4]


def counts(driver: neo4j.Driver) -> tuple[int, int]:
    recs, _, _ = driver.execute_query(
        "CALL () { MATCH (n) RETURN count(n) AS n } CALL () { MATCH ()-[r]->() RETURN count(r) AS r } RETURN n, r"
    )
    return recs[0]["n"], recs[0]["r"]


def wipe(driver: neo4j.Driver) -> None:
    """Delete everything in batches (one huge transaction can exhaust the test server's heap)."""
    with driver.session() as s:
        s.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS").consume()


def load_dev_like_graph(driver: neo4j.Driver) -> None:
    """Wipe, load the gazetteer (without towns, for speed) and the hand-built extractions."""
    wipe(driver)
    load_reference(driver, towns=False)
    stats = GraphWriter(driver).write(dev_like_extractions())
    assert stats.documents_failed == 0, stats.errors


@pytest.fixture(scope="module")
def dev_graph(neo4j_driver: neo4j.Driver) -> neo4j.Driver:
    load_dev_like_graph(neo4j_driver)
    return neo4j_driver


def _rel_props(driver: neo4j.Driver, rtype: str, source: str, target: str) -> dict | None:
    recs, _, _ = driver.execute_query(
        "MATCH ()-[r {key: $k}]->() RETURN properties(r) AS p", k=rel_key(rtype, source, target)
    )
    return recs[0]["p"] if recs else None


# --------------------------------------------------------------------------- tests


def test_write_creates_relationships_with_aggregates_and_evidence(clean_graph: neo4j.Driver) -> None:
    stats = GraphWriter(clean_graph).write(dev_like_extractions())
    assert (stats.documents_read, stats.documents_written, stats.documents_failed) == (3, 3, 0)
    assert stats.evidence_written == 18
    p = _rel_props(clean_graph, "SUPPLIES", TIANYI.key, CRRC.key)
    assert p is not None
    assert p["count"] == 40 and p["segments"] == ["零部件", "新材料"]
    assert p["evidence_count"] == 1 and p["confidence"] == pytest.approx(0.85)
    # no published date → ingest day; with one → that date
    assert p["first_seen"] == p["last_seen"] and len(p["first_seen"]) == 10
    g = _rel_props(clean_graph, "HAS_GAP", ZHUZHOU_HTZ.key, ELECTRONICS.key)
    assert g is not None and g["first_seen"] == "2019-12-25" and g["gap"] == "配套企业、关键零部件企业缺乏"
    recs, _, _ = clean_graph.execute_query(
        "MATCH (e:Evidence {rel_key: $k})-[:IN]->(d:Document) RETURN e.sentence AS s, d.title AS t",
        k=p["key"],
    )
    assert [(r["s"], r["t"]) for r in recs] == [(S_TIANYI, "湘潭天易经开区:积极承接产业配套")]


def test_entities_merge_on_key_with_alias_union(clean_graph: neo4j.Driver) -> None:
    xs = dev_like_extractions()
    GraphWriter(clean_graph).write(xs[:1])
    later = copy.deepcopy(xs[0])
    later.document.text += "\n天易园区"
    later.document.name = "other_article"
    later.entities[0].mentions = ["天易园区", "园区"]
    later.entities[0].local_mentions = ["园区"]  # a bare word: the park only in this article
    GraphWriter(clean_graph).write([later])
    recs, _, _ = clean_graph.execute_query(
        "MATCH (p:Park {key: 'S437023'}) RETURN p.aliases AS a, count(*) AS n"
    )
    assert recs[0]["n"] == 1
    assert set(recs[0]["a"]) == {"湘潭天易经开区", "天易经开区", "天易园区"}
    p = _rel_props(clean_graph, "SUPPLIES", TIANYI.key, CRRC.key)
    assert p is not None and p["evidence_count"] == 2  # two documents state it


def test_ingesting_twice_changes_nothing(clean_graph: neo4j.Driver) -> None:
    load_reference(clean_graph, towns=False)
    GraphWriter(clean_graph).write(dev_like_extractions())
    before = counts(clean_graph)
    again = GraphWriter(clean_graph).write(dev_like_extractions())
    assert again.documents_unchanged == 3 and again.documents_written == 0
    assert counts(clean_graph) == before
    # loading the reference again changes nothing either
    load_reference(clean_graph, towns=False)
    assert counts(clean_graph) == before


def test_a_newer_extractor_rewrites_the_same_text(clean_graph: neo4j.Driver) -> None:
    xs = dev_like_extractions()
    for x in xs:
        x.extractor = "v1"
    GraphWriter(clean_graph).write(xs)
    before = counts(clean_graph)
    same = GraphWriter(clean_graph).write(copy.deepcopy(xs))
    assert same.documents_unchanged == 3 and same.documents_written == 0
    # the same texts read by another extractor version: rewritten, not skipped
    v2 = copy.deepcopy(xs)
    for x in v2:
        x.extractor = "v2"
    v2[0].relations = [r for r in v2[0].relations if r.type != RelType.SUPPLIES]
    stats = GraphWriter(clean_graph).write(v2)
    assert stats.documents_written == 3 and stats.documents_unchanged == 0
    assert _rel_props(clean_graph, "SUPPLIES", TIANYI.key, CRRC.key) is None
    recs, _, _ = clean_graph.execute_query("MATCH (d:Document) RETURN collect(DISTINCT d.extractor) AS v")
    assert recs[0]["v"] == ["v2"]
    assert counts(clean_graph)[0] <= before[0]


def test_new_version_replaces_old_evidence(clean_graph: neo4j.Driver) -> None:
    load_reference(clean_graph, towns=False)
    xs = dev_like_extractions()
    GraphWriter(clean_graph).write(xs)
    # a new version of 000_tianyi: same name, new text, the SUPPLIES claims and LOCATED_IN gone
    v2 = copy.deepcopy(xs[0])
    v2.document.text = v2.document.text.replace("40多家", "50多家")
    v2.relations = [r for r in v2.relations if r.type in (RelType.PARK_IN, RelType.FOCUSES_ON)]
    stats = GraphWriter(clean_graph).write([v2])
    assert stats.documents_replaced == 1 and stats.documents_written == 1
    recs, _, _ = clean_graph.execute_query(
        "MATCH (d:Document {name: '000_4609dc6c1967e403'}) RETURN d.key AS k"
    )
    assert [r["k"] for r in recs] == [doc_key(v2.document.text)]
    assert _rel_props(clean_graph, "SUPPLIES", TIANYI.key, CRRC.key) is None
    assert _rel_props(clean_graph, "LOCATED_IN", WUZHOUTONG.key, TIANYI.key) is None
    # kept relationships still have exactly one evidence (the new document's)
    f = _rel_props(clean_graph, "FOCUSES_ON", TIANYI.key, RAIL.key)
    assert f is not None and f["evidence_count"] == 1
    # a gazetteer fact stays even when the text evidence behind it goes away
    GraphWriter(clean_graph).write([_version_without(v2, RelType.FOCUSES_ON)])
    f2 = _rel_props(clean_graph, "FOCUSES_ON", TIANYI.key, RAIL.key)
    assert f2 is None or f2.get("source")
    park_in = _rel_props(clean_graph, "PARK_IN", TIANYI.key, XIANGTAN_XIAN.key)
    assert park_in is not None and park_in["evidence_count"] == 1


def test_entities_only_an_old_version_named_are_removed(clean_graph: neo4j.Driver) -> None:
    load_reference(clean_graph, towns=False)
    xs = dev_like_extractions()
    GraphWriter(clean_graph).write(xs)
    v2 = copy.deepcopy(xs[0])
    v2.document.text = v2.document.text.replace(S_MOTOR, "")
    v2.entities = [e for e in v2.entities if e.key != TY_MOTOR.key]
    v2.relations = [r for r in v2.relations if TY_MOTOR.key not in (r.source.key, r.target.key)]
    GraphWriter(clean_graph).write([v2])

    def exists(key: str) -> bool:
        recs, _, _ = clean_graph.execute_query("MATCH (n {key: $k}) RETURN count(n) AS c", k=key)
        return recs[0]["c"] > 0

    assert not exists(TY_MOTOR.key)  # named only by the old version
    assert exists(CRRC.key) and exists(TIANYI.key)  # still named / gazetteer
    assert exists(TRACTION_MOTOR.key)  # a taxonomy segment keeps its data source


def test_a_new_version_drops_the_stubs_it_no_longer_has(clean_graph: neo4j.Driver) -> None:
    def article(text: str, stubs: list[str]) -> list[Extraction]:
        out = [Extraction(Document(name="art", text=text, original=text), [], [])]
        for i, t in enumerate(stubs, 1):
            d = Document(name=f"art#related-{i}", text=t, original=t, truncated=True, parent="art")
            out.append(Extraction(d, [], []))
        return out

    GraphWriter(clean_graph).write(article("正文第一版", ["相关一", "相关二"]))
    GraphWriter(clean_graph).write(article("正文第二版", ["相关一"]))
    recs, _, _ = clean_graph.execute_query("MATCH (d:Document) RETURN d.name AS n ORDER BY n")
    assert [r["n"] for r in recs] == ["art", "art#related-1"]


def _version_without(x: Extraction, t: RelType) -> Extraction:
    v = copy.deepcopy(x)
    v.document.text += "\n(更新)"
    v.relations = [r for r in v.relations if r.type != t]
    return v


def test_gazetteer_relationship_survives_losing_text_evidence(clean_graph: neo4j.Driver) -> None:
    load_reference(clean_graph, towns=False)
    # the catalogue says 天易 lies in 湘潭市 (430300); an article says so too
    d = _doc("x", ["天易经开区位于湘潭市。"], "t")
    city = EntityRef(Label.REGION, "430300", "湘潭市")
    x = Extraction(d, [], [_rel(RelType.PARK_IN, TIANYI, city, d.text, "天易经开区位于湘潭市。", "x")])
    GraphWriter(clean_graph).write([x])
    assert _rel_props(clean_graph, "PARK_IN", TIANYI.key, city.key)["evidence_count"] == 1
    GraphWriter(clean_graph).write([_version_without(x, RelType.PARK_IN)])
    p = _rel_props(clean_graph, "PARK_IN", TIANYI.key, city.key)
    assert p is not None and p["evidence_count"] == 0 and p["source"].startswith("data/parks.csv")


def test_failed_batch_writes_nothing_and_reports(clean_graph: neo4j.Driver) -> None:
    xs = dev_like_extractions()
    bad = copy.deepcopy(xs[1])
    bad.relations[0].props = {"count": {"nested": [1, {"x": 2}]}}  # stored as JSON: still fine
    ok = GraphWriter(clean_graph).write([bad])
    assert ok.documents_failed == 0
    # a real failure: the same Park key under two labels violates nothing, but a null key does
    broken = copy.deepcopy(xs[0])
    broken.entities[0].key = None  # type: ignore[assignment]
    before = counts(clean_graph)
    st = GraphWriter(clean_graph).write([broken])
    assert st.documents_failed == 1 and st.errors
    assert counts(clean_graph) == before


def test_labels_and_types_come_from_the_allow_list() -> None:
    from graph.model import label, rel_type

    with pytest.raises(ValueError):
        label("Park) DETACH DELETE (n")
    with pytest.raises(ValueError):
        rel_type("SUPPLIES]->() DELETE r //")
    assert label("Park") == "Park" and rel_type(RelType.SUPPLIES) == "SUPPLIES"


def test_reference_load(clean_graph: neo4j.Driver) -> None:
    st = load_reference(clean_graph, towns=False)
    assert st.regions > 3000 and st.parks > 2500 and st.chains > 50 and st.segments > 100
    recs, _, _ = clean_graph.execute_query(
        "MATCH (p:Park {key: 'S437023'})-[r:PARK_IN]->(c:Region) RETURN c.name AS c, r.source AS s"
    )
    assert recs[0]["c"] == "湘潭市" and recs[0]["s"]
    recs, _, _ = clean_graph.execute_query(
        "MATCH (:Region {key: '430321'})-[:REGION_IN]->(c:Region)-[:REGION_IN]->(p:Region) "
        "RETURN c.name AS c, p.name AS p, c.lon AS lon"
    )
    assert (recs[0]["c"], recs[0]["p"]) == ("湘潭市", "湖南省") and recs[0]["lon"] > 100
    recs, _, _ = clean_graph.execute_query(
        "MATCH (s:Company)-[:SUBSIDIARY_OF]->(g:Company {key: '中国中车股份有限公司'}) RETURN collect(s.key) AS s"
    )
    assert "中车株洲电力机车有限公司" in recs[0]["s"]
    recs, _, _ = clean_graph.execute_query(
        "MATCH (:Chain {key: 'chain:轨道交通装备'})-[h:HAS_SEGMENT]->(s:Segment) RETURN s.name AS s, h.stage AS st"
    )
    assert ("转向架", "midstream") in {(r["s"], r["st"]) for r in recs}
    recs, _, _ = clean_graph.execute_query(
        "MATCH (:Park {key: 'G432034'})-[f:FOCUSES_ON]->(c:Chain) RETURN collect(c.name) AS c"
    )
    assert "轨道交通装备" in recs[0]["c"]


def test_relationship_props_follow_the_evidence(clean_graph: neo4j.Driver) -> None:
    x = dev_like_extractions()[0]
    GraphWriter(clean_graph).write([x])
    v2 = copy.deepcopy(x)
    v2.document.text = v2.document.text.replace("40多家", "50多家")
    for r in v2.relations:
        if r.type == RelType.SUPPLIES:
            r.props = {"count": 50}  # the new version states another count and no segments
    GraphWriter(clean_graph).write([v2])
    p = _rel_props(clean_graph, "SUPPLIES", TIANYI.key, CRRC.key)
    assert p is not None and p["count"] == 50 and "segments" not in p and p["evidence_count"] == 1
    # a second article with a stronger statement wins; its removal restores the first one's value
    other = copy.deepcopy(x)
    other.document.name = "another_article"
    other.document.text += "\n另一篇"
    for r in other.relations:
        r.evidence.confidence = 0.95
    GraphWriter(clean_graph).write([other])
    p = _rel_props(clean_graph, "SUPPLIES", TIANYI.key, CRRC.key)
    assert p["count"] == 40 and p["evidence_count"] == 2 and p["confidence"] == pytest.approx(0.95)
    gone = copy.deepcopy(other)
    gone.document.text += "\n删去"
    gone.relations = []
    GraphWriter(clean_graph).write([gone])
    p = _rel_props(clean_graph, "SUPPLIES", TIANYI.key, CRRC.key)
    assert p["count"] == 50 and p["evidence_count"] == 1 and p["confidence"] == pytest.approx(0.85)
