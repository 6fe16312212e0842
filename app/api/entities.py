"""GET /entities/{id} and GET /entities/{id}/neighbors — any entity and the graph around it."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from app.deps import DriverDep
from app.errors import DomainRoute, NotFound, error_responses
from app.schemas import EntityPublic, NeighboursPublic
from graph import queries
from graph.queries import MAX_LIMIT
from loaders.types import Label

router = APIRouter(prefix="/entities", tags=["entities"], route_class=DomainRoute)

EntityId = Annotated[str, Path(description="entity key, canonical name or alias")]
LabelFilter = Annotated[Label | None, Query(description="restrict name resolution to one label")]


@router.get("/{entity_id}", response_model=EntityPublic, responses=error_responses(404, 409, 503))
def get_entity(
    driver: DriverDep,
    entity_id: EntityId,
    label: LabelFilter = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
) -> EntityPublic:
    ent = queries.resolve(driver, entity_id, [label] if label else None)
    row = queries.get_entity(driver, ent["key"], limit=limit)
    if row is None:
        raise NotFound(f"entity {ent['key']!r} vanished", "retry")
    return EntityPublic(**row)


@router.get(
    "/{entity_id}/neighbors", response_model=NeighboursPublic, responses=error_responses(404, 409, 503)
)
def get_neighbours(
    driver: DriverDep,
    entity_id: EntityId,
    label: LabelFilter = None,
    depth: Annotated[int, Query(ge=1, le=2)] = 1,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="paths explored")] = 100,
) -> NeighboursPublic:
    ent = queries.resolve(driver, entity_id, [label] if label else None)
    row = queries.get_neighbours(driver, ent["key"], depth=depth, limit=limit)
    if row is None:
        raise NotFound(f"entity {ent['key']!r} vanished", "retry")
    return NeighboursPublic(**row)
