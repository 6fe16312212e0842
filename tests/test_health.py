"""GET /health against the real test server, including Neo4j going down and coming back."""

from __future__ import annotations

import neo4j
from fastapi.testclient import TestClient

from app.api.health import API_VERSION
from app.main import create_app
from graph.localdb import LocalServer
from graph.settings import Settings


def test_health_reports_neo4j_526_and_counts(api_client: TestClient, clean_graph: neo4j.Driver) -> None:
    clean_graph.execute_query(
        "CREATE (:Company {key: 'c1', name: '中车'})-[:LOCATED_IN]->(:Region {key: 'r1', name: '株洲市'})",
        database_="neo4j",
    )
    resp = api_client.get("/health")
    assert resp.status_code == 200
    body = resp.json()
    assert body["status"] == "ok"
    assert body["api_version"] == API_VERSION
    neo = body["neo4j"]
    assert neo["connected"] is True
    assert neo["version"].startswith("5.26.")
    assert neo["edition"] == "community"
    assert (neo["nodes"], neo["relationships"]) == (2, 1)


def test_health_is_503_with_a_hint_when_nothing_listens() -> None:
    # A port nobody listens on: the API must still start and answer 503, not crash.
    settings = Settings(neo4j_uri="bolt://127.0.0.1:1", neo4j_password="whatever-1", neo4j_connect_timeout=1)
    with TestClient(create_app(settings)) as client:
        resp = client.get("/health")
    assert resp.status_code == 503
    body = resp.json()
    assert body["status"] == "unavailable"
    assert body["neo4j"]["connected"] is False
    assert "not reachable" in body["neo4j"]["error"]
    assert "kg db start" in body["neo4j"]["hint"]


def test_health_is_503_on_wrong_password(neo4j_settings: Settings) -> None:
    wrong = neo4j_settings.model_copy(update={"neo4j_password": "not-the-password"})
    with TestClient(create_app(wrong)) as client:
        resp = client.get("/health")
    assert resp.status_code == 503
    assert "credentials" in resp.json()["neo4j"]["error"]


def test_health_recovers_after_neo4j_restarts_without_a_new_app(
    api_client: TestClient, neo4j_server: LocalServer, neo4j_driver: neo4j.Driver
) -> None:
    assert api_client.get("/health").status_code == 200
    neo4j_server.stop()
    try:
        down = api_client.get("/health")
        assert down.status_code == 503
        assert down.json()["neo4j"]["connected"] is False
    finally:
        neo4j_server.start()
    up = api_client.get("/health")
    assert up.status_code == 200
    assert up.json()["neo4j"]["connected"] is True
