"""Crisis alerts: a consul or supervisor warns registrants and past contacts, in their language,
through their channel, and follows the delivery live.

Recipients are registrants (Person kind "registrant") and past contacts (conversations on text
channels), filtered by nationality, place and language, one message per conversation, never
anyone who opted out (checked here and again by the sender). Messages are queued in bulk, in
chunks of one short transaction each, so that 100,000 recipients take seconds and the webhooks
keep writing meanwhile; they leave through the outbox as "bulk" messages, after replies to live
conversations and at each channel's rate (SEND_RATE_*). On WhatsApp, someone outside the
24-hour window gets the alert's approved template. A safety check asks "are you safe? 1 yes,
2 I need help": the answer comes back through the core (a `Question("safety", alert id)`), "1"
records a safe check-in, "2" files a distress case and asks what is happening.
"""

import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session, col, func, select, update

from amparo.casework.audit import Audit
from amparo.casework.cases import TEXT_CHANNELS
from amparo.casework.errors import Forbidden, Invalid, NotFound
from amparo.runtime.events import EventBus
from amparo.runtime.outbox import BULK
from amparo.runtime.turns import TurnRunner
from bot.effects import AnswerSafety
from bot.responses import ResponseBook
from bot.state import DialogueState, Question
from bot.training import LANGUAGES
from channels.sms import sms_parts
from data.directory import Directory
from data.models import (
    Alert,
    AlertDelivery,
    Case,
    Conversation,
    Message,
    OptOut,
    OutboxMessage,
    Person,
    User,
    as_utc,
    utcnow,
)
from data.store import Store

log = logging.getLogger(__name__)

KINDS = ("warning", "safety_check")
SENDERS = ("supervisor", "consul", "admin")
CHUNK = 2000  # recipients per transaction: SQLite's write lock is held only briefly
MAX_TEXT = 1000
WINDOW = timedelta(hours=24)  # WhatsApp's customer-service window
PENDING = ("queued", "claimed", "sending")


@dataclass(frozen=True)
class Recipient:
    conversation_id: int
    channel: str
    sender: str
    language: str | None
    last_inbound_at: Any


@dataclass(frozen=True)
class Preview:
    """An alert as it would be sent (not stored), and its recipients now, by channel."""

    alert: Alert
    by_channel: dict[str, int]

    @property
    def recipients(self) -> int:
        return sum(self.by_channel.values())


class Alerts:
    """Creates alerts, selects and queues their recipients, answers safety checks, counts."""

    def __init__(
        self,
        store: Store,
        runner: TurnRunner,
        responses: ResponseBook,
        directory: Directory,
        audit: Audit,
        events: EventBus,
        default_language: str = "es",
    ) -> None:
        self.store = store
        self.runner = runner
        self.responses = responses
        self.directory = directory
        self.audit = audit
        self.events = events
        self.default_language = default_language
        runner.handlers[AnswerSafety] = self.safety_answered

    # who may alert whom

    def _scope(self, user: User, nationality: str | None) -> str | None:
        """A consul alerts their consulate's nationality only; others any (or everyone)."""
        if user.role not in SENDERS:
            raise Forbidden(
                "only consuls, supervisors and admins send alerts", "alert_senders_only"
            )
        if user.role != "consul":
            return nationality
        consulate = self.directory.consulate(user.consulate_id)
        if consulate is None:
            raise Forbidden("this consul has no consulate", "no_consulate")
        if nationality not in (None, consulate.serves):
            raise Forbidden("a consul alerts their own nationality only", "own_nationality")
        return consulate.serves

    def visible(self, user: User, alert: Alert) -> bool:
        if user.role == "consul":
            consulate = self.directory.consulate(user.consulate_id)
            return consulate is not None and alert.nationality == consulate.serves
        return user.role in SENDERS

    # creating and queueing

    def create(
        self,
        user: User,
        kind: str,
        texts: dict[str, str],
        *,
        nationality: str | None = None,
        place: str | None = None,
        language: str | None = None,
        template: str | None = None,
    ) -> Alert:
        """Validate, select the recipients and queue one message each; returns the alert."""
        alert = self._checked(user, kind, texts, nationality, place, language, template)
        with self.store.transaction() as session:
            session.add(alert)
            session.flush()
        recipients = self.recipients(alert.nationality, alert.place, alert.language)
        queued = self._queue(alert, recipients)
        with self.store.transaction() as session:
            alert.recipients = queued
            alert.status = "sending" if queued else "done"
            session.add(alert)
        self.audit.record(user, "alert_created", alert_id=alert.id, recipients=queued, kind=kind)
        log.info("alert %s (%s) queued for %s recipients", alert.id, kind, queued)
        self.events.publish("alert", alert_id=alert.id)
        return alert

    def preview(
        self,
        user: User,
        kind: str,
        texts: dict[str, str],
        *,
        nationality: str | None = None,
        place: str | None = None,
        language: str | None = None,
        template: str | None = None,
    ) -> "Preview":
        """What `create` would do now, without doing it: the same checks, and the recipients
        its query selects, counted by channel."""
        alert = self._checked(user, kind, texts, nationality, place, language, template)
        counts: dict[str, int] = {}
        for r in self.recipients(alert.nationality, alert.place, alert.language):
            counts[r.channel] = counts.get(r.channel, 0) + 1
        return Preview(alert, dict(sorted(counts.items())))

    def _checked(
        self,
        user: User,
        kind: str,
        texts: dict[str, str],
        nationality: str | None,
        place: str | None,
        language: str | None,
        template: str | None,
    ) -> Alert:
        """The alert these fields make, not stored; or the refusal of what is wrong."""
        if kind not in KINDS:
            raise Invalid(f"kind must be one of {', '.join(KINDS)}", "bad_alert_kind")
        texts = {lang: text.strip() for lang, text in texts.items() if text and text.strip()}
        if not texts:
            raise Invalid("an alert needs a text in at least one language", "alert_text_required")
        if set(texts) - set(LANGUAGES):
            raise Invalid(f"languages must be among {', '.join(LANGUAGES)}", "bad_language")
        if any(len(text) > MAX_TEXT for text in texts.values()):
            raise Invalid(
                f"an alert text has at most {MAX_TEXT} characters", "alert_too_long", max=MAX_TEXT
            )
        nationality = (nationality or "").strip().upper() or None
        if nationality and self.directory.country(nationality) is None:
            raise Invalid("unknown nationality", "unknown_nationality")
        nationality = self._scope(user, nationality)
        city = self.directory.find_city(place) if place else None
        if place and city is None:
            raise Invalid("unknown place", "unknown_place")
        if language and language not in LANGUAGES:
            raise Invalid(f"languages must be among {', '.join(LANGUAGES)}", "bad_language")
        return Alert(
            kind=kind,
            created_by=user.id,
            nationality=nationality,
            place=city.id if city else None,
            language=language or None,
            texts=texts,
            template=(template or "").strip() or None,
            status="queued",
        )

    def recipients(
        self, nationality: str | None, place: str | None, language: str | None
    ) -> list[Recipient]:
        """Registrants and past contacts matching the filters, one per conversation, none
        opted out. A past contact's nationality and place are what they told the bot (their
        conversation, else their latest case)."""
        with self.store.transaction() as session:
            registrants = {
                row[0]: row[1:]
                for row in session.exec(
                    select(
                        Person.conversation_id, Person.nationality, Person.place, Person.language
                    )
                    .where(Person.kind == "registrant")
                    .where(col(Person.conversation_id).is_not(None))
                )
            }
            cases: dict[int | None, tuple[str | None, str | None]] = {}
            if nationality or place:
                for conv_id, case_nat, case_place in session.exec(
                    select(Case.conversation_id, Case.nationality, Case.place)
                    .where(col(Case.conversation_id).is_not(None))
                    .order_by(col(Case.id))
                ):
                    cases[conv_id] = (case_nat, case_place)  # the latest wins
            opted_out = set(session.exec(select(OptOut.sender_hash)))
            rows = session.exec(
                select(  # type: ignore[call-overload]  # sqlmodel types select() up to 4 columns
                    Conversation.id,
                    Conversation.channel,
                    Conversation.sender,
                    Conversation.language,
                    Conversation.last_inbound_at,
                    Conversation.slots,
                ).where(col(Conversation.channel).in_(TEXT_CHANNELS))
            ).all()
        cities: dict[str, str | None] = {}

        def city_of(text: Any) -> str | None:
            if not isinstance(text, str):
                return None
            if text not in cities:
                found = self.directory.find_city(text)
                cities[text] = found.id if found else None
            return cities[text]

        found = []
        for conv_id, channel, sender, conv_language, last_inbound, slots in rows:
            reg_nat, reg_place, reg_lang = registrants.get(conv_id, (None, None, None))
            case_nat, case_place = cases.get(conv_id, (None, None))
            slots = slots or {}
            if nationality:
                said = slots.get("nationality")
                said = said if isinstance(said, str) and said.isupper() else None
                if (reg_nat or said or case_nat) != nationality:
                    continue
            if place and (reg_place or city_of(slots.get("place")) or case_place) != place:
                continue
            lang = reg_lang or conv_language
            if language and lang != language:
                continue
            if self.store.sender_hash(channel, sender) in opted_out:
                continue  # never even queued; the sender checks again before sending
            found.append(Recipient(conv_id, channel, sender, lang, last_inbound))
        return found

    def _queue(self, alert: Alert, recipients: Sequence[Recipient]) -> int:
        """Outbox rows, transcript lines and deliveries in bulk, one transaction a chunk."""
        texts = self._texts(alert)
        default = self.default_language if self.default_language in alert.texts else None
        default = default or next(iter(alert.texts))
        now = utcnow()
        cutoff = now - WINDOW
        queued = 0
        for chunk in _chunks(recipients, CHUNK):
            outbox_rows, messages, conversations = [], [], []
            for r in chunk:
                lang = r.language if r.language in alert.texts else default
                text, buttons = texts[lang]
                template = None
                last = r.last_inbound_at
                if r.channel == "whatsapp" and (last is None or as_utc(last) < cutoff):
                    template = alert.template  # only a template may open the window
                parts = sms_parts(text, []) if r.channel == "sms" else [text]
                for part in parts:
                    outbox_rows.append(
                        {
                            "conversation_id": r.conversation_id,
                            "channel": r.channel,
                            "recipient": r.sender,
                            "payload": {
                                "text": part,
                                "buttons": [] if r.channel == "sms" else buttons,
                                "language": lang,
                                "after_opt_out": False,
                                "template": template,
                                "priority": BULK,
                                "alert_id": alert.id,
                            },
                            "bulk": True,
                            "status": "queued",
                            "attempts": 0,
                            "next_attempt_at": now,
                            "created_at": now,
                            "updated_at": now,
                        }
                    )
                messages.append(
                    {
                        "conversation_id": r.conversation_id,
                        "direction": "out",
                        "text": text,
                        "language": lang,
                        "media": [],
                        "created_at": now,
                    }
                )
                conversations.append(r.conversation_id)
            with self.store.transaction() as session:
                ids = session.execute(
                    insert(OutboxMessage).returning(
                        col(OutboxMessage.id),
                        col(OutboxMessage.conversation_id),
                        sort_by_parameter_order=True,
                    ),
                    outbox_rows,
                ).all()
                first: dict[int, int] = {}
                for outbox_id, conv_id in ids:
                    first.setdefault(conv_id, outbox_id)  # an SMS may be several parts
                session.execute(
                    insert(AlertDelivery),
                    [
                        {
                            "alert_id": alert.id,
                            "conversation_id": conv_id,
                            "outbox_id": first[conv_id],
                            "created_at": now,
                        }
                        for conv_id in conversations
                    ],
                )
                session.execute(insert(Message), messages)
                if alert.kind == "safety_check":
                    self.runner.ask_many(conversations, Question("safety", alert.id))
            queued += len(chunk)
        return queued

    def _texts(self, alert: Alert) -> dict[str, tuple[str, list[tuple[str, str]]]]:
        """Each language's message: the alert's text, and for a safety check the question."""
        out = {}
        for lang, text in alert.texts.items():
            if alert.kind == "safety_check":
                question = self.responses.render("utter_safety_check_options", lang)
                buttons = [(b.title, b.payload) for b in question.buttons]
                out[lang] = (f"{text}\n\n{question.text}", buttons)
            else:
                out[lang] = (text, [])
        return out

    # reading

    def list(self, user: User) -> list[Alert]:
        """The alerts this user may see, newest first."""
        with self.store.transaction() as session:
            alerts = session.exec(select(Alert).order_by(col(Alert.id).desc()).limit(200)).all()
        return [a for a in alerts if self.visible(user, a)]

    def get(self, user: User, alert_id: int) -> Alert:
        with self.store.transaction() as session:
            alert = session.get(Alert, alert_id)
        if alert is None or not self.visible(user, alert):
            raise NotFound(f"no alert {alert_id}")
        return alert

    def audience(
        self,
        user: User,
        texts: dict[str, str],
        *,
        nationality: str | None = None,
        place: str | None = None,
        language: str | None = None,
    ) -> dict[str, int]:
        """Before sending: the languages of the audience these filters reach that have no
        text, with how many recipients speak each (not audited: counts, no one's details)."""
        nationality = self._scope(user, (nationality or "").strip().upper() or None)
        city = self.directory.find_city(place) if place else None
        if place and city is None:
            raise Invalid("unknown place", "unknown_place")
        written = {lang for lang, text in texts.items() if text and text.strip()}
        missing: dict[str, int] = {}
        for r in self.recipients(nationality, city.id if city else None, language or None):
            lang = r.language or self.default_language
            if lang not in written:
                missing[lang] = missing.get(lang, 0) + 1
        return dict(sorted(missing.items()))

    def untranslated(self, alert: Alert) -> dict[str, int]:
        """The languages of the alert's audience it has no text in, with how many recipients
        speak each: they got it in another language (the console warns)."""
        with self.store.transaction() as session:
            spoken = session.exec(
                select(Conversation.language, func.count())
                .join(AlertDelivery, col(AlertDelivery.conversation_id) == Conversation.id)
                .where(AlertDelivery.alert_id == alert.id)
                .group_by(col(Conversation.language))
            ).all()
        missing: dict[str, int] = {}
        for language, count in spoken:
            lang = language or self.default_language
            if lang not in alert.texts:
                missing[lang] = missing.get(lang, 0) + count
        return dict(sorted(missing.items()))

    def stats(self, alert: Alert) -> dict[str, int]:
        """Where the alert's messages are: queued, sent, delivered, read, failed, held,
        unknown; how many recipients replied, and the safety check's answers."""
        counts = dict.fromkeys(
            ("queued", "sent", "delivered", "read", "failed", "held", "unknown"), 0
        )
        with self.store.transaction() as session:
            rows = session.exec(
                select(OutboxMessage.status, func.count())
                .select_from(AlertDelivery)
                .join(OutboxMessage, col(OutboxMessage.id) == col(AlertDelivery.outbox_id))
                .where(AlertDelivery.alert_id == alert.id)
                .group_by(col(OutboxMessage.status))
            ).all()
            for status, n in rows:
                key = "queued" if status in PENDING else status
                counts[key] = counts.get(key, 0) + n
            answers = dict(
                session.exec(
                    select(AlertDelivery.answer, func.count())
                    .where(AlertDelivery.alert_id == alert.id)
                    .where(col(AlertDelivery.answer).is_not(None))
                    .group_by(col(AlertDelivery.answer))
                ).all()
            )
            replied = session.exec(
                select(func.count(func.distinct(Message.conversation_id)))
                .where(Message.direction == "in")
                .where(col(Message.created_at) >= alert.created_at)
                .where(
                    col(Message.conversation_id).in_(
                        select(AlertDelivery.conversation_id).where(
                            AlertDelivery.alert_id == alert.id
                        )
                    )
                )
            ).one()
            if alert.status != "done" and alert.recipients and counts["queued"] == 0:
                alert.status = "done"
                session.add(alert)
        return {
            "recipients": alert.recipients,
            **counts,
            "replied": int(replied),
            "answered": sum(answers.values()),
            "safe": answers.get("safe", 0),
            "need_help": answers.get("need_help", 0),
        }

    # the safety check's answers: the core decides, the runner hands the answer here

    def safety_answered(self, session: Session, conv: DialogueState, answer: AnswerSafety) -> None:
        """Count the answer on the alert's delivery (its case or check-in the runner stores)."""
        if answer.alert_id is None:
            return
        session.exec(
            update(AlertDelivery)
            .where(
                col(AlertDelivery.alert_id) == answer.alert_id,
                col(AlertDelivery.conversation_id) == conv.conversation_id,
            )
            .values(answer=answer.answer)
        )
        self.events.publish("alert", alert_id=answer.alert_id)


def _chunks(items: Sequence[Recipient], size: int) -> Iterator[Sequence[Recipient]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
