"""GET /regions/{id} — a region's profile: parents, sub-regions, parks, chains, firms."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from app.deps import DriverDep
from app.errors import DomainRoute, NotFound, error_responses
from app.schemas import RegionPublic
from graph import queries
from graph.queries import MAX_LIMIT
from loaders.types import Label

router = APIRouter(prefix="/regions", tags=["regions"], route_class=DomainRoute)


@router.get("/{region_id}", response_model=RegionPublic, responses=error_responses(404, 409, 503))
def get_region(
    driver: DriverDep,
    region_id: Annotated[str, Path(description="adcode, full name or short name (株洲 → 株洲市)")],
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
) -> RegionPublic:
    region = queries.resolve(driver, region_id, [Label.REGION])
    row = queries.get_region_profile(driver, region["key"], limit=limit)
    if row is None:
        raise NotFound(f"region {region['key']!r} vanished", "retry")
    return RegionPublic(**row)
