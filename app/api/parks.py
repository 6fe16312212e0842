"""GET /parks/{id} and GET /parks/{id}/gaps — a park's profile and its chain gaps (招商线索)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from app.deps import DriverDep
from app.errors import DomainRoute, NotFound, error_responses
from app.schemas import Candidate, GapsPublic, ParkPublic
from graph import queries
from graph.queries import MAX_LIMIT
from loaders.types import Label

router = APIRouter(prefix="/parks", tags=["parks"], route_class=DomainRoute)

ParkId = Annotated[str, Path(description="park key (catalogue code), canonical name or alias (天易经开区)")]


@router.get("/{park_id}", response_model=ParkPublic, responses=error_responses(404, 409, 503))
def get_park(
    driver: DriverDep, park_id: ParkId, limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50
) -> ParkPublic:
    park = queries.resolve(driver, park_id, [Label.PARK])
    row = queries.get_park_profile(driver, park["key"], limit=limit)
    if row is None:
        raise NotFound(f"park {park['key']!r} vanished", "retry")
    return ParkPublic(**row)


@router.get("/{park_id}/gaps", response_model=GapsPublic, responses=error_responses(404, 409, 503))
def get_park_gaps(
    driver: DriverDep,
    park_id: ParkId,
    candidates: Annotated[int, Query(ge=0, le=50, description="candidate firms per gap")] = 5,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
) -> GapsPublic:
    """The park's chains; stated gaps (with evidence) and taxonomy gaps; candidate firms ranked
    same city → same province → elsewhere."""
    park = queries.resolve(driver, park_id, [Label.PARK])
    rows = queries.find_chain_gaps(driver, park["key"], candidates=max(candidates, 1), limit=limit)
    if candidates == 0:
        for r in rows:
            for g in r["gaps"]:
                g["candidates"] = []
    return GapsPublic(park=Candidate(**park), count=len(rows), data=rows)
