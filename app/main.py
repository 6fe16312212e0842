"""The FastAPI application: `uvicorn app.main:app` or `create_app(settings)` in tests."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from app.api import api_router
from app.api.health import API_VERSION
from app.deps import DriverProvider
from graph.db import apply_schema
from graph.errors import GraphError, Neo4jUnavailable
from graph.settings import Settings, get_settings

log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    provider = DriverProvider(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # The schema is idempotent; apply it when Neo4j is up, but start anyway when it is not
        # (/health then says 503 and the API recovers once Neo4j answers).
        try:
            apply_schema(provider.get(), settings.neo4j_database)
        except Neo4jUnavailable as exc:
            log.warning("Neo4j not reachable at start-up, schema not applied: %s", exc)
            provider.reset()
        yield
        provider.close()

    app = FastAPI(title="产业链知识图谱 API", version=API_VERSION, lifespan=lifespan)
    app.state.settings = settings
    app.state.driver_provider = provider
    app.include_router(api_router)

    # Domain errors -> HTTP in one place.
    @app.exception_handler(Neo4jUnavailable)
    async def _neo4j_down(request: Request, exc: Neo4jUnavailable) -> JSONResponse:
        provider.reset()
        return JSONResponse(status_code=503, content={"detail": exc.message, "hint": exc.hint})

    @app.exception_handler(GraphError)
    async def _graph_error(request: Request, exc: GraphError) -> JSONResponse:
        return JSONResponse(status_code=500, content={"detail": exc.message, "hint": exc.hint})

    return app


app = create_app()
