"""A person's data on their request: export and erasure (supervisors and admins, audited)."""

from typing import Any

from fastapi import APIRouter, Depends, HTTPException
from pydantic import BaseModel, Field

from amparo.casework.privacy import Privacy
from amparo.service import Service
from api.deps import get_service
from api.security import role
from data.models import User

router = APIRouter(prefix="/api/people", tags=["privacy"])
_ERRORS: dict[int | str, dict[str, Any]] = {
    403: {"description": "Not allowed"},
    404: {"description": "Nobody with that id"},
}
_staff = role("supervisor", "admin")


class Person(BaseModel):
    channel: str = Field(examples=["whatsapp"])
    sender: str = Field(description="The sender id as stored (a phone number, a chat id).")


@router.post("/export", responses=_ERRORS)
def export(
    person: Person, user: User = Depends(_staff), service: Service = Depends(get_service)
) -> dict[str, Any]:
    """Everything Amparo holds about one person, as JSON."""
    found = Privacy(service.store).export(person.channel, person.sender)
    if found is None:
        raise HTTPException(404, "nobody with that channel and sender")
    service.audit.record(user, "export_person", conversation_id=found["conversation"]["id"])
    return found


@router.post("/erase", status_code=204, responses=_ERRORS)
def erase(
    person: Person, user: User = Depends(_staff), service: Service = Depends(get_service)
) -> None:
    """Remove the person from every table and queue; they stay opted out."""
    privacy = Privacy(service.store)
    conv = privacy.find(person.channel, person.sender)
    if conv is None or not privacy.erase(person.channel, person.sender):
        raise HTTPException(404, "nobody with that channel and sender")
    service.audit.record(user, "erase_person", conversation_id=conv.id)
