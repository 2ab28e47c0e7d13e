"""Crisis alerts and the consular registry: consuls (their nationality only), supervisors and
admins send alerts and follow them; registrants are listed to the consuls of their nationality.
Every alert and every read of the registry is audited."""

from datetime import datetime
from typing import Any, Literal

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field
from sqlmodel import col, select

from amparo.casework.alerts import SENDERS
from amparo.service import Service
from api.deps import get_service
from api.idempotency import OnceDep
from api.schemas import IdPath
from api.security import role
from data.models import Alert, Conversation, Person, User

router = APIRouter(tags=["alerts"])
_ERRORS: dict[int | str, dict[str, Any]] = {
    403: {"description": "Not allowed"},
    404: {"description": "No such alert, or not yours"},
    422: {"description": "Invalid alert"},
}
_senders = role(*SENDERS)


class NewAlert(BaseModel):
    kind: Literal["warning", "safety_check"] = "warning"
    texts: dict[str, str] = Field(
        description="The message in each language (es, en, fr, pt, ht); a person gets theirs, "
        "else the default language's, else the first given.",
        examples=[{"es": "Huracán: busque refugio.", "en": "Hurricane: find shelter."}],
    )
    nationality: str | None = Field(None, description="ISO code; a consul's is implied.")
    place: str | None = Field(None, description="A city of the directory (id or name).")
    language: str | None = Field(None, description="Only people writing in this language.")
    template: str | None = Field(
        None, description="Approved WhatsApp template for people outside the 24-hour window."
    )

    def audience(self) -> dict[str, str | None]:
        """Who it goes to and how, as `Alerts.create` and `Alerts.preview` take them."""
        return {"nationality": self.nationality, "place": self.place,
                "language": self.language, "template": self.template}  # fmt: skip


class AlertOut(BaseModel):
    id: int
    kind: str
    nationality: str | None
    place: str | None
    language: str | None
    texts: dict[str, Any]
    template: str | None
    status: str
    recipients: int
    created_by: int | None
    created_at: datetime
    stats: dict[str, int]


def _out(service: Service, alert: Alert) -> AlertOut:
    stats = service.alerts.stats(alert)
    return AlertOut(**alert.model_dump(exclude={"stats"}), stats=stats)


@router.post("/api/alerts", status_code=201, responses=_ERRORS)
def create_alert(
    new: NewAlert,
    once: OnceDep,
    user: User = Depends(_senders),
    service: Service = Depends(get_service),
) -> AlertOut:
    """Queue the alert to every registrant and past contact matching the filters (never to
    anyone who opted out), each in their language through their channel. With an
    `Idempotency-Key`, a retry or a double click sends it once."""
    alert = once.run(
        lambda: service.alerts.create(user, new.kind, new.texts, **new.audience()),
        lambda alert_id: service.alerts.get(user, alert_id),
    )
    return _out(service, alert)


class AlertPreview(BaseModel):
    recipients: int = Field(description="How many the alert would reach now.")
    by_channel: dict[str, int] = Field(
        description="The same, per channel.", examples=[{"sms": 120, "whatsapp": 845}]
    )
    nationality: str | None = Field(description="As it would be sent (a consul's implied).")
    place: str | None = Field(description="The directory city it would go to, if one.")


@router.post("/api/alerts/preview", responses=_ERRORS)
def preview_alert(
    new: NewAlert, user: User = Depends(_senders), service: Service = Depends(get_service)
) -> AlertPreview:
    """Who the alert would reach, per channel, without sending or storing anything: the same
    checks and the same recipient query as sending it."""
    found = service.alerts.preview(user, new.kind, new.texts, **new.audience())
    alert = found.alert
    return AlertPreview(
        recipients=found.recipients,
        by_channel=found.by_channel,
        nationality=alert.nationality,
        place=alert.place,
    )


@router.get("/api/alerts", responses=_ERRORS)
def list_alerts(
    user: User = Depends(_senders), service: Service = Depends(get_service)
) -> list[AlertOut]:
    """The alerts this user may see, newest first, with their delivery statistics."""
    return [_out(service, alert) for alert in service.alerts.list(user)]


@router.get("/api/alerts/{alert_id}", responses=_ERRORS)
def get_alert(
    alert_id: IdPath, user: User = Depends(_senders), service: Service = Depends(get_service)
) -> AlertOut:
    """One alert and where its messages are: queued, sent, delivered, read, failed, held,
    replied, and a safety check's answers (safe, need_help)."""
    return _out(service, service.alerts.get(user, alert_id))


class RegistrantOut(BaseModel):
    id: int
    nationality: str | None
    place: str | None
    language: str | None
    contact: str | None
    emergency_contact: str | None
    household_size: int | None
    channel: str | None
    registered_at: datetime


@router.get("/api/registrants", responses={403: _ERRORS[403]})
def registrants(
    nationality: str | None = None,
    place: str | None = None,
    user: User = Depends(_senders),
    service: Service = Depends(get_service),
) -> list[RegistrantOut]:
    """Registrants, newest first: a consul sees only their consulate's nationality."""
    query = (
        select(Person, Conversation.channel)
        .join(Conversation, col(Conversation.id) == col(Person.conversation_id), isouter=True)
        .where(Person.kind == "registrant")
    )
    if user.role == "consul":
        consulate = service.directory.consulate(user.consulate_id)
        query = query.where(Person.nationality == (consulate.serves if consulate else "—"))
    if nationality:
        query = query.where(Person.nationality == nationality.upper())
    if place:
        city = service.directory.find_city(place)
        query = query.where(Person.place == (city.id if city else place))
    with service.store.transaction() as session:
        rows = session.exec(query.order_by(col(Person.id).desc()).limit(1000)).all()
    service.audit.record(user, "view_registrants", count=len(rows))
    return [
        RegistrantOut(
            id=int(p.id),  # type: ignore[arg-type]
            nationality=p.nationality,
            place=p.place,
            language=p.language,
            contact=p.contact,
            emergency_contact=p.emergency_contact,
            household_size=p.household_size,
            channel=channel,
            registered_at=p.created_at,
        )
        for p, channel in rows
    ]
