"""Family tracing: person search, matches and the found person's consent, PFIF exchange.

Search, matches and people follow the consul's visibility rules; asking, telling, rejecting
and protecting are for agents, supervisors and admins; PFIF import and export for supervisors
and admins. Everything is audited (amparo/tracing/registry.py).
"""

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, Field
from starlette.datastructures import UploadFile

from amparo.service import Service
from amparo.tracing.pfif import PfifError, export_pfif, import_pfif
from amparo.tracing.registry import KINDS, Found, MatchView, match_score
from api.deps import get_service
from api.schemas import MAX_ID, IdPath, IdQuery
from api.security import current_user, role
from data.models import Match, Person, User

router = APIRouter(tags=["tracing"])
_ERRORS: dict[int | str, dict[str, Any]] = {
    403: {"description": "Not allowed"},
    404: {"description": "Not found, or not visible to you"},
    409: {"description": "Not in this state"},
}
_staff = role("supervisor", "admin")


class PersonOut(BaseModel):
    """A person as agents see them: no contact details (they travel only with consent)."""

    id: int
    kind: str
    full_name: str
    age: int | None
    nationality: str | None
    place: str | None
    source: str
    consent: str
    case_id: int | None
    created_at: datetime

    @classmethod
    def of(cls, person: Person) -> "PersonOut":
        return cls.model_validate(person, from_attributes=True)


class FoundOut(BaseModel):
    person: PersonOut
    score: float
    parts: dict[str, float] = Field(description="name, age, nationality and place, 0..1")


class MatchOut(BaseModel):
    id: int
    status: str
    score: float
    parts: dict[str, float] = Field(
        description="name, age, nationality and place, 0..1, as the two people are recorded now"
    )
    sought: PersonOut
    found: PersonOut
    agent_id: int | None
    created_at: datetime
    updated_at: datetime


class ProposeIn(BaseModel):
    case_id: int = Field(ge=1, le=MAX_ID)


class AnswerIn(BaseModel):
    share: bool = Field(description="The person's answer, given through a partner or by phone.")


class ProtectIn(BaseModel):
    protected: bool = True


def _found(found: Found) -> FoundOut:
    return FoundOut(
        person=PersonOut.of(found.person), score=found.score.total, parts=found.score.parts()
    )


def _match(view: MatchView) -> MatchOut:
    m = view.match
    return MatchOut(
        id=m.id,  # type: ignore[arg-type]
        status=m.status,
        score=round(m.score, 4),
        parts=match_score(view).parts(),
        sought=PersonOut.of(view.sought),
        found=PersonOut.of(view.found),
        agent_id=m.agent_id,
        created_at=m.created_at,
        updated_at=m.updated_at,
    )


def _view(service: Service, user: User, match: Match) -> MatchOut:
    return _match(service.tracing.match_view(user, match.id))  # type: ignore[arg-type]


@router.get("/api/people/search", responses=_ERRORS)
def search(
    name: str = Query(min_length=1, max_length=200),
    age: int | None = Query(None, ge=0, le=150),
    nationality: str | None = Query(None, min_length=2, max_length=2),
    place: str | None = Query(None, max_length=200),
    kind: str | None = Query(None, pattern="^(" + "|".join(KINDS) + ")$"),
    limit: int = Query(20, ge=1, le=100),
    user: User = Depends(current_user),
    service: Service = Depends(get_service),
) -> list[FoundOut]:
    """People ranked by how likely they are this one (spelling, nicknames, order, typos)."""
    found = service.tracing.search(
        name,
        age,
        nationality,
        place,
        kinds=(kind,) if kind else None,
        limit=limit,
        user=user,
    )
    return [_found(f) for f in found]


@router.get("/api/people/{person_id}", responses=_ERRORS)
def person(
    person_id: IdPath, user: User = Depends(current_user), service: Service = Depends(get_service)
) -> PersonOut:
    return PersonOut.of(service.tracing.person(user, person_id))


@router.post("/api/people/{person_id}/protect", responses=_ERRORS)
def protect(
    person_id: IdPath,
    body: ProtectIn,
    user: User = Depends(current_user),
    service: Service = Depends(get_service),
) -> PersonOut:
    """Hide a person (fleeing an abuser) from search, matching, telling and export."""
    return PersonOut.of(service.tracing.protect(user, person_id, body.protected))


@router.get("/api/matches", responses=_ERRORS)
def matches(
    status: str | None = Query(None, pattern="^(proposed|asked|consented|refused|told|rejected)$"),
    case_id: IdQuery = None,
    user: User = Depends(current_user),
    service: Service = Depends(get_service),
) -> list[MatchOut]:
    """Possible answers to missing-person queries, best first."""
    return [_match(v) for v in service.tracing.matches(user, status, case_id)]


@router.post("/api/matches/propose", responses=_ERRORS)
def propose(
    body: ProposeIn, user: User = Depends(current_user), service: Service = Depends(get_service)
) -> list[MatchOut]:
    """Look again for the missing person of a case; new matches are returned."""
    created = {m.id for m in service.tracing.propose_for_case(user, body.case_id)}
    return [_match(v) for v in service.tracing.matches(user) if v.match.id in created]


@router.post("/api/matches/{match_id}/reject", responses=_ERRORS)
def reject(
    match_id: IdPath, user: User = Depends(current_user), service: Service = Depends(get_service)
) -> MatchOut:
    return _view(service, user, service.tracing.reject(user, match_id))


@router.post("/api/matches/{match_id}/ask", responses=_ERRORS)
def ask(
    match_id: IdPath, user: User = Depends(current_user), service: Service = Depends(get_service)
) -> MatchOut:
    """Ask the found person, through their channel, whether their family may know."""
    return _view(service, user, service.tracing.ask(user, match_id))


@router.post("/api/matches/{match_id}/answer", responses=_ERRORS)
def answer(
    match_id: IdPath,
    body: AnswerIn,
    user: User = Depends(current_user),
    service: Service = Depends(get_service),
) -> MatchOut:
    """Record the answer of a person without a message channel (a partner's record)."""
    return _view(service, user, service.tracing.record_answer(user, match_id, body.share))


@router.post("/api/matches/{match_id}/tell", responses=_ERRORS)
def tell(
    match_id: IdPath, user: User = Depends(current_user), service: Service = Depends(get_service)
) -> MatchOut:
    """Tell the inquirer: only after the found person agreed."""
    return _view(service, user, service.tracing.tell(user, match_id))


@router.post("/api/pfif/import", responses={**_ERRORS, 422: {"description": "Not PFIF 1.4"}})
async def pfif_import(
    request: Request,
    user: User = Depends(_staff),
    service: Service = Depends(get_service),
) -> dict[str, object]:
    """Load a PFIF 1.4 document (a file upload, or the XML as the body): the good records are
    kept, the rejected ones reported with the reason."""
    import asyncio

    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        upload = (await request.form()).get("file")
        if not isinstance(upload, UploadFile):
            raise HTTPException(422, "upload the document as the form field 'file'")
        data = await upload.read()
    else:
        data = await request.body()
    try:
        report = await asyncio.to_thread(import_pfif, service.tracing, data)
    except PfifError as exc:
        raise HTTPException(422, str(exc)) from exc
    service.audit.record(
        user,
        "pfif_import",
        added=report.persons_added,
        updated=report.persons_updated,
        rejected=len(report.rejected),
    )
    return report.as_dict()


@router.get(
    "/api/pfif/export",
    response_class=Response,
    responses={200: {"content": {"application/xml": {}}}, **_ERRORS},
)
def pfif_export(user: User = Depends(_staff), service: Service = Depends(get_service)) -> Response:
    """Amparo's people as PFIF 1.4, as far as consent allows."""
    document = export_pfif(service.tracing)
    service.audit.record(user, "pfif_export")
    return Response(document, media_type="application/xml")
