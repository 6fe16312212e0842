"""GET /suppliers?buyer=&place= — who supplies a firm (and its group) within a park or region."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from app.deps import DriverDep
from app.errors import DomainRoute, error_responses
from app.schemas import Candidate, SuppliersPublic
from graph import queries
from graph.queries import MAX_LIMIT
from loaders.types import Label

router = APIRouter(prefix="/suppliers", tags=["suppliers"], route_class=DomainRoute)


@router.get("", response_model=SuppliersPublic, responses=error_responses(404, 409, 503))
def find_suppliers(
    driver: DriverDep,
    buyer: Annotated[str, Query(min_length=1, description="buyer firm: key, name or alias (中车)")],
    place: Annotated[str, Query(min_length=1, description="park or region: key, name or alias (天易)")],
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> SuppliersPublic:
    """Direct suppliers, aggregate claims of the place and inferred suppliers, each with evidence.

    The buyer includes its subsidiaries (中车 → 中车株机), not its parent group.
    The place includes its sub-regions and their parks.
    """
    b = queries.resolve(driver, buyer, [Label.COMPANY])
    p = queries.resolve(driver, place, [Label.PARK, Label.REGION])
    rows = queries.find_suppliers(driver, b["key"], p["key"], limit=limit, offset=offset)
    return SuppliersPublic(
        buyer=Candidate(**b), place=Candidate(**p), data=rows, count=len(rows), limit=limit, offset=offset
    )
