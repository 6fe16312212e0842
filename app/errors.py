"""Domain errors → HTTP answers, in one place.

Routers are built with ``APIRouter(route_class=DomainRoute)``; the route
class catches graph/ errors raised by a handler and answers:

    EntityNotFound       404 {detail, hint, suggestions}
    NotFound             404 {detail, hint}
    AmbiguousName        409 {detail, hint, candidates}
    Neo4jUnavailable     503 {detail, hint}  (re-raised: app/main.py answers it and resets the driver)
    Unauthorized         401 {detail, hint}
    GraphError (other)   500 {detail, hint}
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute

from graph.errors import GraphError, Neo4jUnavailable
from graph.queries import AmbiguousName, EntityNotFound

__all__ = ["DomainRoute", "NotFound", "Unauthorized", "error_responses", "to_response"]


class NotFound(GraphError):
    """A thing asked for by id (a document, a park) is not in the graph."""


class Unauthorized(GraphError):
    """Missing or wrong API key."""


def _cands(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: r.get(k) for k in ("label", "key", "name", "aliases", "level")} for r in rows]


def to_response(exc: GraphError) -> JSONResponse:
    body: dict[str, Any] = {"detail": exc.message, "hint": exc.hint or None}
    if isinstance(exc, EntityNotFound):
        body["suggestions"] = _cands(exc.suggestions)
        status = 404
    elif isinstance(exc, AmbiguousName):
        body["candidates"] = _cands(exc.candidates)
        status = 409
    elif isinstance(exc, NotFound):
        status = 404
    elif isinstance(exc, Unauthorized):
        status = 401
    elif isinstance(exc, Neo4jUnavailable):
        status = 503
    else:
        status = 500
    return JSONResponse(status_code=status, content=body)


class DomainRoute(APIRoute):
    """An APIRoute whose handler errors from graph/ become the answers above."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def route(request: Request) -> Response:
            try:
                return await handler(request)
            except Neo4jUnavailable:
                raise  # app/main.py answers 503 and resets the driver so that the API recovers
            except GraphError as exc:
                return to_response(exc)

        return route


def error_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` entries for the error codes a route can answer."""
    from app.schemas import ErrorPublic

    text = {
        401: "missing or wrong X-API-Key",
        404: "not found (with suggestions)",
        409: "ambiguous name (with candidates)",
        503: "Neo4j unavailable",
    }
    return {c: {"model": ErrorPublic, "description": text.get(c, "error")} for c in codes}
