"""Readiness."""

from fastapi import APIRouter, Depends
from pydantic import BaseModel
from sqlalchemy import text

from amparo.service import Service
from api.deps import get_service

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str
    database: str
    nlu: str


@router.get("/health", response_model=Health, summary="Ready to answer messages")
def health(service: Service = Depends(get_service)) -> Health:
    """Answers once the database is migrated and the NLU is trained."""
    with service.store.engine.connect() as connection:
        connection.execute(text("SELECT 1"))
    return Health(status="ok", database="ok", nlu=type(service.nlu).__name__)
