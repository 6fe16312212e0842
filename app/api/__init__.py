"""All API routers. Add a resource by writing app/api/<resource>.py with an APIRouter and
including it here with one line."""

from fastapi import APIRouter

from app.api import documents, entities, health, parks, regions, search, suppliers, visits

api_router = APIRouter()
api_router.include_router(health.router)
api_router.include_router(suppliers.router)
api_router.include_router(parks.router)
api_router.include_router(regions.router)
api_router.include_router(entities.router)
api_router.include_router(search.router)
api_router.include_router(documents.router)
api_router.include_router(visits.router)
