"""GET /health: is the API up, and does Neo4j answer (version, edition, counts)?"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import Literal

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from app.deps import ProviderDep
from graph.db import neo4j_info
from graph.errors import Neo4jUnavailable

try:
    API_VERSION = version("chainkg")  # pyproject.toml's version
except PackageNotFoundError:  # a source tree that was never pip-installed
    API_VERSION = "0.0.0+unknown"

router = APIRouter(tags=["health"])


class Neo4jHealth(BaseModel):
    connected: bool
    uri: str
    database: str
    version: str | None = None
    edition: str | None = None
    nodes: int | None = None
    relationships: int | None = None
    error: str | None = None
    hint: str | None = None


class HealthPublic(BaseModel):
    status: Literal["ok", "unavailable"]
    api_version: str
    neo4j: Neo4jHealth


@router.get(
    "/health",
    response_model=HealthPublic,
    responses={503: {"model": HealthPublic, "description": "Neo4j does not answer"}},
)
def health(provider: ProviderDep) -> HealthPublic | JSONResponse:
    settings = provider.settings
    base = {"uri": settings.bolt_uri, "database": settings.neo4j_database}
    try:
        info = neo4j_info(provider.get(), settings.neo4j_database)
    except Neo4jUnavailable as exc:
        # Drop the driver so the next request reconnects from scratch once Neo4j is back.
        provider.reset()
        body = HealthPublic(
            status="unavailable",
            api_version=API_VERSION,
            neo4j=Neo4jHealth(connected=False, error=exc.message, hint=exc.hint, **base),
        )
        return JSONResponse(status_code=503, content=body.model_dump())
    return HealthPublic(
        status="ok",
        api_version=API_VERSION,
        neo4j=Neo4jHealth(connected=True, **base, **info.model_dump()),
    )
