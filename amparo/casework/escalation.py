"""Escalation of unacknowledged cases: first the consulate's duty officer, then the crisis unit.

A case nobody has acknowledged by its deadline (amparo.casework.sla) is escalated to the duty
officer of its consulate (level 1); still unacknowledged one more deadline period later, to the
crisis unit of its nationality (level 2). A case with no consulate, or whose consulate has no duty
officer on a working channel, goes straight to the crisis unit.

Notifications leave through the outbox like any reply. Each step is a compare-and-set on the
case's escalation level in the same transaction that queues the notification and writes the
timeline event, so several processes checking at once notify once, and an acknowledgement that
lands first stops the escalation. Notifications and events carry the case reference, kind,
priority and wait only: never the person's name, number or words.
"""

import asyncio
import logging
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import col, select, update

from amparo.casework.sla import Deadlines
from amparo.runtime.events import EventBus
from amparo.runtime.outbox import Outbox
from channels.messages import Reply
from data.directory import Contact, Directory
from data.models import Case, CaseEvent, as_utc, utcnow
from data.store import Store

log = logging.getLogger(__name__)

DUTY_OFFICER = 1
CRISIS_UNIT = 2

# Short enough for one or two SMS; {kind} is translated below, the rest are ids and numbers.
_TEXTS = {
    "en": "AMPARO ALERT (level {level}): case {ref}, {kind}, priority {priority}, has waited "
    "{waited} without acknowledgement. Please open it in the Amparo console.",
    "es": "ALERTA AMPARO (nivel {level}): el caso {ref}, {kind}, prioridad {priority}, lleva "
    "{waited} sin acuse de recibo. Ábralo en la consola de Amparo.",
    "fr": "ALERTE AMPARO (niveau {level}) : le dossier {ref}, {kind}, priorité {priority}, "
    "attend depuis {waited} sans prise en charge. Ouvrez-le dans la console Amparo.",
    "pt": "ALERTA AMPARO (nível {level}): o caso {ref}, {kind}, prioridade {priority}, espera "
    "há {waited} sem confirmação. Abra-o no console do Amparo.",
    "ht": "ALÈT AMPARO (nivo {level}): dosye {ref}, {kind}, priyorite {priority}, ap tann depi "
    "{waited} san pèsonn pa konfime l. Louvri l nan konsòl Amparo a.",
}
_KINDS = {
    "en": {"distress": "distress", "missing_person": "missing person", "assistance": "assistance"},
    "es": {"distress": "emergencia", "missing_person": "persona desaparecida",
           "assistance": "asistencia"},
    "fr": {"distress": "détresse", "missing_person": "personne disparue",
           "assistance": "assistance"},
    "pt": {"distress": "emergência", "missing_person": "pessoa desaparecida",
           "assistance": "assistência"},
    "ht": {"distress": "ijans", "missing_person": "moun ki disparèt", "assistance": "asistans"},
}  # fmt: skip


@dataclass(frozen=True)
class Escalation:
    """One escalation step taken: who was told (None: nobody could be) and on which channel."""

    case_id: int
    case_ref: str
    level: int
    to: str | None  # "duty_officer:<consulate id>" or "crisis_unit:<country code>"
    channel: str | None
    outbox_ids: tuple[int, ...] = field(default=())
    reason: str | None = None  # why nobody was told

    @property
    def notified(self) -> bool:
        return self.to is not None


@dataclass(frozen=True)
class _Target:
    level: int
    role: str | None  # "duty_officer:…" / "crisis_unit:…", None when there is nobody
    contact: Contact | None
    reason: str | None = None


class Escalator:
    """Finds overdue unacknowledged cases and escalates each one step; `check` is idempotent."""

    def __init__(
        self,
        store: Store,
        directory: Directory,
        deadlines: Deadlines,
        outbox: Outbox,
        *,
        channels: Collection[str] | None = None,
        events: EventBus | None = None,
        clock: Callable[[], datetime] = utcnow,
        public_url: str | None = None,
    ) -> None:
        """`channels`: the channel names that can send (the configured adapters); a contact on
        any other channel is skipped for the next level. None: assume every channel works.
        `public_url`: where the console is, so a notification links to the case."""
        self.public_url = (public_url or "").rstrip("/") or None
        self.store = store
        self.directory = directory
        self.deadlines = deadlines
        self.outbox = outbox
        self.channels = frozenset(channels) if channels is not None else None
        self.events = events
        self.clock = clock

    def check(self, now: datetime | None = None) -> list[Escalation]:
        """Escalate every case whose time has come, one level each; what was done."""
        now = as_utc(now or self.clock())
        done = []
        for case in self._open_cases():
            try:
                target = self._target(case, now)
                record = self._escalate(case, target, now) if target else None
            except Exception:  # one broken case must not keep the others from escalating
                log.exception("case %s could not be escalated", case.id)
                continue
            if record is None:
                continue  # acknowledged or escalated by someone else meanwhile
            done.append(record)
            if self.events is not None:
                self.events.publish(
                    "case_escalated",
                    case_id=record.case_id,
                    level=record.level,
                    notified=record.notified,
                )
        return done

    async def run_forever(self, interval_seconds: float = 60.0) -> None:
        """Check now and then every `interval_seconds`, until cancelled."""
        while True:
            try:
                await asyncio.to_thread(self.check)
            except Exception:  # the database may be briefly away: try again next round
                log.exception("escalation check failed")
            await asyncio.sleep(interval_seconds)

    # what to do

    def _open_cases(self) -> list[Case]:
        with self.store.transaction() as session:
            return list(
                session.exec(
                    select(Case)
                    .where(
                        Case.status == "new",
                        col(Case.acknowledged_at).is_(None),
                        col(Case.escalation_level) < CRISIS_UNIT,
                    )
                    .order_by(col(Case.priority), col(Case.created_at))
                )
            )

    def _target(self, case: Case, now: datetime) -> _Target | None:
        """The next level for this case if its time has come, else None."""
        if case.escalation_level == 0:
            if not self.deadlines.overdue(case, now):
                return None
            officer = self.directory.duty_officer(case.consulate_id)
            if officer is not None and self._can_send(officer):
                return _Target(DUTY_OFFICER, f"duty_officer:{case.consulate_id}", officer)
            if officer is not None:
                log.warning(
                    "case %s: duty officer of %s is on %s, which is not configured; "
                    "escalating to the crisis unit",
                    case.id,
                    case.consulate_id,
                    officer.channel,
                )
            return self._crisis_unit(case)
        since = as_utc(case.escalated_at or case.created_at)
        if now > since + self.deadlines.allowed(case):
            return self._crisis_unit(case)
        return None

    def _crisis_unit(self, case: Case) -> _Target:
        unit = self.directory.crisis_unit(case.nationality)
        if unit is None:
            return _Target(CRISIS_UNIT, None, None, "no crisis unit for the case's nationality")
        if not self._can_send(unit):
            return _Target(CRISIS_UNIT, None, None, f"crisis unit channel {unit.channel} is off")
        return _Target(CRISIS_UNIT, f"crisis_unit:{unit.country}", unit)

    def _can_send(self, contact: Contact) -> bool:
        return self.channels is None or contact.channel in self.channels

    # doing it

    def _escalate(self, case: Case, target: _Target, now: datetime) -> Escalation | None:
        """Move the case to the target level, notify and note it, all or nothing."""
        assert case.id is not None
        with self.store.transaction() as session:
            moved = session.exec(
                update(Case)
                .where(
                    col(Case.id) == case.id,
                    col(Case.escalation_level) == case.escalation_level,
                    col(Case.status) == "new",
                    col(Case.acknowledged_at).is_(None),
                )
                .values(escalation_level=target.level, escalated_at=now, updated_at=now)
            )
            if moved.rowcount != 1:
                return None
            waited = int((now - as_utc(case.created_at)).total_seconds() // 60)
            detail: dict[str, Any] = {"level": target.level, "waited_minutes": waited}
            outbox_ids: tuple[int, ...] = ()
            if target.contact is None:
                detail |= {"to": None, "reason": target.reason}
                kind = "escalation_failed"
            else:
                link = f"{self.public_url}/console/cases/{case.id}" if self.public_url else None
                reply = Reply(
                    text=notification(case, target.level, waited, target.contact.language, link),
                    language=target.contact.language,
                )
                rows = self.outbox.enqueue(
                    target.contact.channel, target.contact.recipient, None, [reply]
                )
                outbox_ids = tuple(row.id for row in rows if row.id is not None)
                detail |= {
                    "to": target.role,
                    "channel": target.contact.channel,
                    "outbox_ids": list(outbox_ids),
                }
                kind = "escalated"
            session.add(CaseEvent(case_id=case.id, kind=kind, detail=detail, created_at=now))
        if target.contact is None:
            log.warning(
                "case %s (%s) is overdue and nobody could be notified: %s",
                case.id,
                case.ref,
                target.reason,
            )
        else:
            log.info("case %s escalated to level %s (%s)", case.id, target.level, target.role)
        return Escalation(
            case_id=case.id,
            case_ref=case.ref,
            level=target.level,
            to=target.role,
            channel=target.contact.channel if target.contact else None,
            outbox_ids=outbox_ids,
            reason=target.reason,
        )


def notification(
    case: Case, level: int, waited_minutes: int, language: str, link: str | None = None
) -> str:
    """The alert an official gets: reference, kind, priority and wait, and the link to the case
    in the console (which asks them to log in); nothing about the person."""
    text = _TEXTS.get(language, _TEXTS["en"])
    kinds = _KINDS.get(language, _KINDS["en"])
    said = text.format(
        level=level,
        ref=case.ref,
        kind=kinds.get(case.kind, case.kind),
        priority=case.priority,
        waited=_duration(waited_minutes),
    )
    return f"{said} {link}" if link else said


def _duration(minutes: int) -> str:
    if minutes < 120:
        return f"{minutes} min"
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest:02d} min" if rest else f"{hours} h"
