"""GET /visits?person=&place=&date_from=&date_to= — a timeline of official visits."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query

from app.deps import DriverDep
from app.errors import DomainRoute, error_responses
from app.schemas import Candidate, VisitsPublic
from graph import queries
from graph.queries import MAX_LIMIT
from loaders.types import Label

router = APIRouter(prefix="/visits", tags=["visits"], route_class=DomainRoute)


@router.get("", response_model=VisitsPublic, responses=error_responses(404, 409, 503))
def find_visits(
    driver: DriverDep,
    person: Annotated[str | None, Query(description="visitor: key or name (吴勇强)")] = None,
    place: Annotated[
        str | None, Query(description="visited park, region or firm, or a place containing it")
    ] = None,
    date_from: Annotated[
        date | None, Query(description="inclusive; rows without a stated year are left out")
    ] = None,
    date_to: Annotated[date | None, Query(description="inclusive")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> VisitsPublic:
    if not person and not place:
        raise HTTPException(422, "give person or place (or both)")
    p = queries.resolve(driver, person, [Label.PERSON]) if person else None
    pl = queries.resolve(driver, place, [Label.PARK, Label.REGION, Label.COMPANY]) if place else None
    rows = queries.find_visits(
        driver,
        person=p["key"] if p else None,
        place=pl["key"] if pl else None,
        date_from=date_from.isoformat() if date_from else None,
        date_to=date_to.isoformat() if date_to else None,
        limit=limit,
        offset=offset,
    )
    return VisitsPublic(
        person=Candidate(**p) if p else None,
        place=Candidate(**pl) if pl else None,
        data=rows,
        count=len(rows),
        limit=limit,
        offset=offset,
    )
