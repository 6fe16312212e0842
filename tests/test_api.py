"""The REST API against the real Neo4j test server.

First part: the dev-like graph (hand-built extractions, tests/test_writer.py).
Last part (end-to-end, kept at the end of the module because it replaces the graph):
the bundled corpus data/samples/dev through the real extractor and `kg ingest`'s writer —
the done-when checks of issue 4.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest
from fastapi.testclient import TestClient
from test_writer import S_GAP, S_TIANYI, TIANYI, counts, load_dev_like_graph, wipe

from graph.queries import MAX_LIMIT
from graph.settings import Settings

DEV = Path(__file__).resolve().parent.parent / "data" / "samples" / "dev"
KEY = "test-key-123"


@pytest.fixture(scope="module")
def dev_graph(neo4j_driver: neo4j.Driver) -> neo4j.Driver:
    """The gazetteer plus the hand-built dev-like extractions (tests/test_writer.py)."""
    load_dev_like_graph(neo4j_driver)
    return neo4j_driver


@pytest.fixture
def client(dev_graph: neo4j.Driver, api_client: TestClient) -> TestClient:
    return api_client


@pytest.fixture
def upload_client(neo4j_settings: Settings, neo4j_driver: neo4j.Driver) -> Iterator[TestClient]:
    from app.main import create_app

    with TestClient(create_app(neo4j_settings.model_copy(update={"api_key": KEY}))) as c:
        yield c


def _aggregate(body: dict) -> list[dict]:
    return [r for r in body["data"] if r["kind"] == "aggregate"]


# --------------------------------------------------------------------------- dev-like graph


@pytest.mark.parametrize(
    "place", ["天易", "天易经开区", "湘潭天易经济技术开发区", "S437023", "湘潭县", "湘潭市"]
)
def test_suppliers_by_names(client: TestClient, place: str) -> None:
    r = client.get("/suppliers", params={"buyer": "中车", "place": place})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["buyer"]["key"] == "中国中车股份有限公司"
    agg = _aggregate(body)
    assert [a["supplier"]["key"] for a in agg] == [TIANYI.key]
    assert agg[0]["count"] == 40 and agg[0]["evidence"][0]["sentence"] == S_TIANYI


def test_suppliers_subsidiary_does_not_get_the_group_claim(client: TestClient) -> None:
    r = client.get("/suppliers", params={"buyer": "中车株机", "place": "湘潭市"})
    assert r.status_code == 200 and _aggregate(r.json()) == []


def test_gaps(client: TestClient) -> None:
    r = client.get("/parks/株洲高新区/gaps")
    assert r.status_code == 200, r.text
    chains = {c["chain"]["name"]: c for c in r.json()["data"]}
    stated = [g for g in chains["电子信息"]["gaps"] if g["kind"] == "stated"]
    assert stated[0]["gap"] == "配套企业、关键零部件企业缺乏"
    assert stated[0]["evidence"][0]["sentence"] == S_GAP
    assert stated[0]["candidates"][0]["proximity"] == "same province"


def test_visits(client: TestClient) -> None:
    r = client.get("/visits", params={"person": "吴勇强"})
    assert r.status_code == 200, r.text
    rows = r.json()["data"]
    assert {"泰州医药高新技术产业开发区", "靖江市", "溧阳市"} <= {x["target"]["name"] for x in rows}
    assert {x["date"] for x in rows} == {"11月27日至29日"} and {x["date_iso"] for x in rows} == {None}
    assert client.get("/visits").status_code == 422  # person or place needed
    assert client.get("/visits", params={"person": "吴勇强", "date_from": "2019-13-01"}).status_code == 422


def test_ambiguous_name_is_409_with_candidates(client: TestClient) -> None:
    r = client.get("/parks/高新区")
    assert r.status_code == 409
    body = r.json()
    assert len(body["candidates"]) > 1 and all("key" in c for c in body["candidates"])


def test_unknown_name_is_404_with_suggestions(client: TestClient) -> None:
    r = client.get("/parks/天易经开园区")
    assert r.status_code == 404
    assert TIANYI.key in [s["key"] for s in r.json()["suggestions"]]
    r = client.get("/suppliers", params={"buyer": "没有这家公司xyz", "place": "天易"})
    assert r.status_code == 404 and "hint" in r.json()


def test_limit_has_a_hard_cap(client: TestClient) -> None:
    r = client.get("/suppliers", params={"buyer": "中车", "place": "天易", "limit": MAX_LIMIT + 1})
    assert r.status_code == 422
    r = client.get("/suppliers", params={"buyer": "中车", "place": "湘潭市", "limit": 1, "offset": 1})
    assert r.status_code == 200 and r.json()["count"] <= 1


def test_profiles_entities_search_documents(client: TestClient) -> None:
    park = client.get("/parks/天易经开区").json()
    assert park["park"]["key"] == TIANYI.key and park["supplies"]
    region = client.get("/regions/湘潭").json()
    assert region["region"]["name"] == "湘潭市" and TIANYI.key in {p["key"] for p in region["parks"]}
    ent = client.get("/entities/中车").json()
    assert ent["label"] == "Company" and ent["entity"]["key"] == "中国中车股份有限公司"
    nb = client.get("/entities/天易经开区/neighbors", params={"depth": 2})
    assert nb.status_code == 200 and len(nb.json()["nodes"]) > 3
    assert client.get("/entities/天易经开区/neighbors", params={"depth": 3}).status_code == 422
    hits = client.get("/search", params={"q": "天易經開區"}).json()
    assert hits["query"] == "天易经开区" and hits["data"][0]["key"] == TIANYI.key
    doc = client.get("/documents/000_4609dc6c1967e403").json()
    assert any(doc["text"][s["start"] : s["end"]] == "天易经开区" for s in doc["spans"])
    assert client.get("/documents/no-such-doc").status_code == 404


def test_openapi_lists_every_route_with_models() -> None:
    from app.main import create_app

    spec = create_app(Settings(neo4j_uri="bolt://127.0.0.1:1")).openapi()
    assert {
        "/suppliers",
        "/parks/{park_id}/gaps",
        "/visits",
        "/parks/{park_id}",
        "/regions/{region_id}",
        "/entities/{entity_id}",
        "/entities/{entity_id}/neighbors",
        "/search",
        "/documents/{doc_id}",
        "/documents",
    } <= set(spec["paths"])
    assert "example" in spec["components"]["schemas"]["SuppliersPublic"]


def test_post_documents_needs_the_api_key(upload_client: TestClient, api_client: TestClient) -> None:
    assert upload_client.post("/documents", json={"text": "天易经开区"}).status_code == 401
    r = upload_client.post("/documents", json={"text": "天易经开区"}, headers={"X-API-Key": "wrong"})
    assert r.status_code == 401 and r.json()["hint"]
    # a server without KG_API_KEY refuses uploads
    assert api_client.post("/documents", json={"text": "x"}, headers={"X-API-Key": KEY}).status_code == 401


def test_post_documents_bad_bodies(upload_client: TestClient) -> None:
    h = {"X-API-Key": KEY}
    assert (
        upload_client.post(
            "/documents", content=b"<a/>", headers={**h, "content-type": "application/xml"}
        ).status_code
        == 415
    )
    assert upload_client.post("/documents", json={"title": "no text"}, headers=h).status_code == 422
    assert (
        upload_client.post(
            "/documents", content=b"\xff\xfe\x00", headers={**h, "content-type": "text/plain"}
        ).status_code
        == 400
    )


# --------------------------------------------------------------------------- end-to-end (real extractor)


@pytest.fixture(scope="module")
def corpus_graph(neo4j_driver: neo4j.Driver) -> Iterator[neo4j.Driver]:
    """The bundled corpus, ingested the way `kg ingest` does (gazetteer first; towns left out for
    speed: the writer creates the towns an article names)."""
    from graph.reference import load_reference
    from graph.writer import GraphWriter
    from loaders.pipeline import iter_extract
    from loaders.types import Extraction

    wipe(neo4j_driver)
    load_reference(neo4j_driver, towns=False)
    xs = [x for x in iter_extract(sorted(DEV.glob("*.txt"))) if isinstance(x, Extraction)]
    assert len(xs) >= 5
    st = GraphWriter(neo4j_driver).write(xs)
    assert st.documents_failed == 0, st.errors
    yield neo4j_driver
    wipe(neo4j_driver)  # leave a small graph: other modules wipe in one transaction


def test_e2e_post_document_extracts_and_writes(upload_client: TestClient, corpus_graph: neo4j.Driver) -> None:
    text = "株洲高新区:补链强链\n株洲高新区聚焦轨道交通装备产业,湖南芯测电子有限公司落户株洲高新区。"
    h = {"X-API-Key": KEY}
    r = upload_client.post("/documents", json={"text": text, "name": "posted-tianyi"}, headers=h)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["documents"][0]["doc"] == "posted-tianyi"
    assert body["written"]["documents_written"] >= 1 and body["written"]["evidence_written"] > 0
    again = upload_client.post("/documents", json={"text": text, "name": "posted-tianyi"}, headers=h).json()
    assert again["written"]["documents_unchanged"] >= 1 and again["written"]["documents_written"] == 0
    plain = upload_client.post(
        "/documents",
        content="株洲高新区聚焦轨道交通装备产业。".encode(),
        headers={**h, "content-type": "text/plain"},
    )
    assert plain.status_code == 201 and plain.json()["documents"]


def test_e2e_ingesting_the_corpus_twice_changes_no_counts(corpus_graph: neo4j.Driver) -> None:
    from graph.writer import GraphWriter
    from loaders.pipeline import iter_extract
    from loaders.types import Extraction

    before = counts(corpus_graph)
    xs = [x for x in iter_extract(sorted(DEV.glob("*.txt"))) if isinstance(x, Extraction)]
    st = GraphWriter(corpus_graph).write(xs)
    assert st.documents_written == 0 and st.documents_unchanged == len(xs)
    assert counts(corpus_graph) == before


@pytest.mark.parametrize("place", ["天易", "湘潭市"])
def test_e2e_suppliers_done_when(corpus_graph: neo4j.Driver, api_client: TestClient, place: str) -> None:
    for buyer in ("中车", "三一"):
        r = api_client.get("/suppliers", params={"buyer": buyer, "place": place})
        assert r.status_code == 200, r.text
        agg = _aggregate(r.json())
        assert [a["supplier"]["key"] for a in agg] == [TIANYI.key]
        assert agg[0]["count"] == 40
        assert any("40多家" in e["sentence"] for e in agg[0]["evidence"])
    r = api_client.get("/suppliers", params={"buyer": "中车株机", "place": place})
    assert r.status_code == 200 and _aggregate(r.json()) == []


def test_e2e_suppliers_in_the_county(corpus_graph: neo4j.Driver, api_client: TestClient) -> None:
    r = api_client.get("/suppliers", params={"buyer": "中车", "place": "湘潭县"})
    assert [a["supplier"]["key"] for a in _aggregate(r.json())] == [TIANYI.key]


def test_e2e_gaps_done_when(corpus_graph: neo4j.Driver, api_client: TestClient) -> None:
    r = api_client.get("/parks/株洲高新区/gaps")
    assert r.status_code == 200, r.text
    chains = {c["chain"]["name"]: c for c in r.json()["data"]}
    stated = [g for g in chains["电子信息"]["gaps"] if g["kind"] == "stated"]
    assert stated and "配套企业、关键零部件企业缺乏" in stated[0]["evidence"][0]["sentence"]


def test_e2e_visits_done_when(corpus_graph: neo4j.Driver, api_client: TestClient) -> None:
    r = api_client.get("/visits", params={"person": "吴勇强"})
    assert r.status_code == 200, r.text
    rows = r.json()["data"]
    targets = {x["target"]["name"] for x in rows}
    assert {"泰州医药高新技术产业开发区", "靖江市", "溧阳市"} <= targets
    assert any(x["target"]["label"] == "Company" for x in rows)  # the firms visited
    assert {x["date"] for x in rows} == {"11月27日至29日"}
    assert {x["date_iso"] for x in rows} == {None}  # the article does not give the year


def test_neo4j_down_is_503_with_a_hint() -> None:
    from app.main import create_app

    down = Settings(neo4j_uri="bolt://127.0.0.1:9", neo4j_connect_timeout=1.0)  # nothing listens on port 9
    with TestClient(create_app(down)) as c:
        r = c.get("/suppliers", params={"buyer": "中车", "place": "天易"})
    assert r.status_code == 503 and "kg db start" in r.json()["hint"]
