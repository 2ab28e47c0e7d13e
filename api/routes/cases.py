"""The case API: list, search, view, acknowledge, assign, annotate, refer, close.

Plain `def` routes: FastAPI runs them in its thread pool, off the event loop, since they
talk to the database. Casework's NotFound/Conflict/Forbidden/Invalid become 404/409/403/422
(api/app.py).
"""

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from amparo.casework.cases import CaseFilters
from api.deps import ServiceDep
from api.idempotency import OnceDep
from api.schemas import (
    Assignment,
    AuditOut,
    CaseDetail,
    CaseOut,
    EventOut,
    FollowUp,
    IdPath,
    IdQuery,
    MergeIn,
    Minutes,
    NoteIn,
    PriorityChange,
    ReferralIn,
    Status,
    StatusChange,
)
from api.security import CurrentUser, role
from data.models import AuditEntry, Case, User

router = APIRouter(prefix="/api", tags=["cases"])
_ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "Not logged in"},
    403: {"description": "Not allowed"},
    404: {"description": "No such case (or not yours)"},
}


@router.get("/cases", response_model=list[CaseOut], responses=_ERRORS)
def list_cases(
    user: CurrentUser,
    service: ServiceDep,
    kind: str | None = None,
    status: Status | None = None,
    priority: int | None = Query(None, ge=1, le=4),
    consulate_id: str | None = None,
    nationality: str | None = None,
    place: str | None = None,
    channel: str | None = None,
    language: str | None = None,
    older_than_minutes: Minutes = None,
    newer_than_minutes: Minutes = None,
    q: str | None = Query(None, max_length=200, description="Full-text search."),
    callback_due: bool | None = None,
    assigned_to: IdQuery = None,
    open_only: bool = False,
    limit: int = Query(100, ge=1, le=500),
    offset: int = Query(0, ge=0, le=10_000_000),
) -> list[Case]:
    """Cases this user may see (a consul: their consulate's), most urgent and oldest first."""
    filters = CaseFilters(
        kind=kind,
        status=status,
        priority=priority,
        consulate_id=consulate_id,
        nationality=nationality.upper() if nationality else None,
        place=place,
        channel=channel,
        language=language,
        older_than_minutes=older_than_minutes,
        newer_than_minutes=newer_than_minutes,
        q=q,
        callback_due=callback_due,
        assigned_to=assigned_to,
        open_only=open_only,
        limit=limit,
        offset=offset,
    )
    return service.casework.list_cases(user, filters)


@router.get("/cases/{case_id}", response_model=CaseDetail, responses=_ERRORS)
def case_detail(
    user: CurrentUser,
    service: ServiceDep,
    case_id: IdPath,
) -> CaseDetail:
    """A case with its timeline, transcript, media and deliveries (the view is audited)."""
    view = service.casework.view(user, case_id)
    return CaseDetail.model_validate(
        {
            "case": view.case,
            "details": view.case.details,
            "due": view.due,
            "events": view.events,
            "transcript": view.transcript,
            "media": view.media,
            "deliveries": view.deliveries,
        },
        from_attributes=True,
    )


@router.post("/cases/{case_id}/status", response_model=CaseOut, responses=_ERRORS)
def change_status(
    user: CurrentUser,
    service: ServiceDep,
    case_id: IdPath,
    change: StatusChange,
    once: OnceDep,
) -> Case:
    """new → acknowledged → in_progress → referred → resolved → closed, with a reason; the
    follow-up text, if given, goes to the person through their channel. With an
    `Idempotency-Key`, a retry changes and sends nothing twice."""
    return once.run(
        lambda: service.casework.change_status(
            user, case_id, change.status, change.reason, change.follow_up
        ),
        lambda _: service.casework.view(user, case_id).case,
    )


@router.get("/cases/{case_id}/follow-up", response_model=FollowUp, responses=_ERRORS)
def follow_up_draft(
    user: CurrentUser,
    service: ServiceDep,
    case_id: IdPath,
    status: Status,
) -> FollowUp:
    """The follow-up template for a status, in the person's language, to edit before sending."""
    return FollowUp(status=status, text=service.casework.follow_up_draft(user, case_id, status))


@router.post("/cases/{case_id}/assign", response_model=CaseOut, responses=_ERRORS)
def assign(
    user: CurrentUser,
    service: ServiceDep,
    case_id: IdPath,
    assignment: Assignment,
) -> Case:
    """Give the case to someone (or to nobody, with null)."""
    return service.casework.assign(user, case_id, assignment.user_id)


@router.post("/cases/{case_id}/priority", response_model=CaseOut, responses=_ERRORS)
def set_priority(
    user: CurrentUser,
    service: ServiceDep,
    case_id: IdPath,
    change: PriorityChange,
) -> Case:
    """Raise or lower the priority by hand, with a reason (the bot may have misread the
    person): on the timeline and audited; the bot's later reassessments leave it."""
    return service.casework.set_priority(user, case_id, change.priority, change.reason)


@router.post("/cases/{case_id}/merge", response_model=CaseOut, responses=_ERRORS)
def merge(
    user: CurrentUser,
    service: ServiceDep,
    case_id: IdPath,
    merge: MergeIn,
) -> Case:
    """Merge this duplicate into another case of the same conversation: details, notes and
    the conversation move over, this one is closed as merged and counted once. Returns the
    surviving case."""
    return service.casework.merge(user, case_id, merge.into)


@router.post("/cases/{case_id}/notes", response_model=EventOut, status_code=201, responses=_ERRORS)
def add_note(
    user: CurrentUser,
    service: ServiceDep,
    case_id: IdPath,
    note: NoteIn,
) -> object:
    """A note on the case's timeline."""
    return service.casework.add_note(user, case_id, note.text)


@router.post("/cases/{case_id}/referrals", response_model=CaseOut, responses=_ERRORS)
def refer(
    user: CurrentUser,
    service: ServiceDep,
    case_id: IdPath,
    referral: ReferralIn,
) -> Case:
    """Referral to UNHCR (refugees, asylum seekers), IOM, the Red Cross, a local authority or
    a shelter from the directory; recorded on the case, whose status becomes `referred`."""
    return service.casework.refer(
        user, case_id, referral.organisation, referral.note, referral.shelter_id
    )


@router.get("/stats", responses=_ERRORS)
def stats(
    user: CurrentUser,
    service: ServiceDep,
    days: int = Query(30, ge=1, le=366),
) -> dict[str, object]:
    """The consular observatory: cases by kind, nationality, place, channel, status and day,
    and minutes to acknowledge, over the last `days`. Places are directory city ids, "other"
    for a place the directory does not know; a conversation's repeated cases of one kind count
    once (`duplicates` says how many were left out)."""
    return service.casework.stats(user, days)


@router.get("/audit", response_model=list[AuditOut], responses=_ERRORS)
def audit_log(
    _: Annotated[User, Depends(role("supervisor", "admin"))],
    service: ServiceDep,
    user_id: IdQuery = None,
    case_id: IdQuery = None,
    action: str | None = None,
    since: datetime | None = None,
    limit: int = Query(200, ge=1, le=1000),
) -> list[AuditEntry]:
    """Who viewed or changed what (supervisors and admins)."""
    return list(
        service.audit.entries(
            user_id=user_id, case_id=case_id, action=action, since=since, limit=limit
        )
    )
