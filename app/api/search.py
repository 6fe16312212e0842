"""GET /search?q= — full-text search over names and aliases (traditional input is converted)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from app.deps import DriverDep
from app.errors import DomainRoute, error_responses
from app.schemas import SearchPublic
from graph import queries
from graph.queries import MAX_LIMIT
from loaders.types import Label

router = APIRouter(prefix="/search", tags=["search"], route_class=DomainRoute)


@router.get("", response_model=SearchPublic, responses=error_responses(503))
def search(
    driver: DriverDep,
    q: Annotated[
        str, Query(min_length=1, max_length=200, description="a name or part of one (天易, 高新區)")
    ],
    label: Annotated[list[Label] | None, Query(description="only these labels")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 20,
) -> SearchPublic:
    rows = queries.search_entities(driver, q, label, limit=limit)
    return SearchPublic(query=queries.to_simplified(q), count=len(rows), data=rows)
