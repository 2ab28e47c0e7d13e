"""Shapes of the case-work API (what OpenAPI documents)."""

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import Path, Query
from pydantic import BaseModel, ConfigDict, Field

MAX_ID = 2**31 - 1  # ids are 32-bit in PostgreSQL: larger ones are malformed, not missing
IdPath = Annotated[int, Path(ge=1, le=MAX_ID)]
IdQuery = Annotated[int | None, Query(ge=1, le=MAX_ID)]
Minutes = Annotated[int | None, Query(ge=0, le=10_000_000)]
Status = Literal["new", "acknowledged", "in_progress", "referred", "resolved", "closed"]
Organisation = Literal["unhcr", "iom", "red_cross", "local_authority", "shelter"]


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class Token(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int


class UserOut(_Out):
    id: int
    username: str
    name: str
    role: str
    consulate_id: str | None
    language: str


class CaseOut(_Out):
    id: int
    ref: str
    kind: str
    priority: int
    priority_reasons: list[str]
    status: str
    channel: str
    language: str
    nationality: str | None
    place: str | None
    consulate_id: str | None
    contact: str | None
    callback_due: bool
    assigned_to: int | None
    acknowledged_at: datetime | None
    escalation_level: int
    conversation_id: int | None
    priority_set_by: int | None = Field(None, description="Who set the priority by hand.")
    merged_into: int | None = Field(None, description="The case this duplicate was merged into.")
    created_at: datetime
    updated_at: datetime


class EventOut(_Out):
    id: int
    kind: str
    user_id: int | None
    detail: dict[str, Any]
    created_at: datetime


class MessageOut(_Out):
    id: int
    direction: str
    text: str
    intent: str | None
    language: str | None
    media: list[dict[str, Any]]
    location: dict[str, Any] | None
    author_id: int | None
    created_at: datetime


class DeliveryOut(_Out):
    id: int
    channel: str
    status: str
    attempts: int
    error: str | None
    created_at: datetime


class CaseDetail(BaseModel):
    case: CaseOut
    details: dict[str, Any]
    due: datetime
    events: list[EventOut]
    transcript: list[MessageOut]
    media: list[dict[str, Any]]
    deliveries: list[DeliveryOut]


class StatusChange(BaseModel):
    status: Status
    reason: str = Field(min_length=1, max_length=1000)
    follow_up: str | None = Field(
        None, max_length=1600, description="Text sent to the person (edit the draft first)."
    )


class Assignment(BaseModel):
    user_id: int | None = Field(ge=1, le=MAX_ID)


class PriorityChange(BaseModel):
    priority: int = Field(ge=1, le=4, description="1 urgent … 4 low.")
    reason: str = Field(min_length=1, max_length=1000, description="Why, for the timeline.")


class MergeIn(BaseModel):
    into: int = Field(ge=1, le=MAX_ID, description="The surviving case, of the same conversation.")


class NoteIn(BaseModel):
    text: str = Field(min_length=1, max_length=4000)


class ReferralIn(BaseModel):
    organisation: Organisation
    note: str = Field("", max_length=2000)
    shelter_id: str | None = None


class FollowUp(BaseModel):
    status: Status
    text: str


class ConversationOut(_Out):
    id: int
    channel: str
    language: str | None
    active_form: str | None
    human_requested: bool
    held_by: int | None
    case_id: int | None
    last_inbound_at: datetime | None
    updated_at: datetime


class ConversationDetail(BaseModel):
    conversation: ConversationOut
    transcript: list[MessageOut]


class ReplyIn(BaseModel):
    text: str = Field(min_length=1, max_length=1600)


class QueueItemOut(BaseModel):
    conversation: ConversationOut
    case: CaseOut | None
    priority: int
    waiting_since: datetime
    reason: str


class AuditOut(_Out):
    id: int
    at: datetime
    user_id: int | None
    action: str
    case_id: int | None
    conversation_id: int | None
    detail: dict[str, Any]
