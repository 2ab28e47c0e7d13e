"""The turn runner: the one owner of dialogue state, as Rasa's processor owns the tracker.

For each message it loads the conversation's state in one read, lets the core read and decide
(pure, no store), and carries the decision out in one transaction: the state, the transcript,
the effects (cases, check-ins, opt-outs, registrations…), the outbox rows and the inbox's
handled mark. Everything else that changes a conversation's state (an alert's safety question,
a consent question, a call starting, an agent taking over) hands the runner a `StateEvent`.

One conversation is handled by one worker at a time (the queue's partitions), so the runner
takes no lock of its own beyond the inbox row's. A turn reads and writes with plain SQL
statements, not ORM objects: building and flushing SQLModel instances cost more than the
dialogue itself. ORM copies of the rows it changed are expired, so nobody reads a stale one.
"""

import logging
import secrets
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, and_, bindparam, exists, func, insert, literal, or_
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm.util import identity_key
from sqlmodel import Session, col, select, update

from amparo.observability import conversation_id
from bot.dialogue import Core, Decision, Reading, location_dict
from bot.effects import (
    AnswerConsent,
    AnswerSafety,
    Effect,
    Erase,
    FileCase,
    NoteOnCase,
    OptIn,
    OptOut,
    RecordCheckin,
    SaveRegistrant,
    UpdateCase,
    WithdrawCase,
)
from bot.nlu import ParseResult
from bot.state import (
    CaseFacts,
    DialogueState,
    Held,
    Question,
    Registrant,
    Released,
    StateEvent,
    apply_event,
    frozen,
)
from channels.messages import InboundMessage, Reply
from data.models import (
    Case,
    CaseEvent,
    Conversation,
    InboxMessage,
    Message,
    Person,
    SafeCheckin,
    utcnow,
)
from data.models import OptOut as OptOutRow
from data.prepared import Prepared
from data.store import Store, Transaction

log = logging.getLogger(__name__)

# Unambiguous letters and digits for case references read out over the phone.
REF_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"

_CONV = Conversation.__table__.c  # type: ignore[attr-defined]
_CASE = Case.__table__.c  # type: ignore[attr-defined]
_STATE_COLUMNS = (
    "id", "language", "active_form", "requested_slot", "slots", "pending", "choices", "case_id",
    "human_requested", "held_by",
)  # fmt: skip
_CASE_COLUMNS = ("ref", "kind", "priority", "nationality", "place", "consulate_id", "details",
                 "language", "status")  # fmt: skip
# The state, its case and the opt-out in one statement, built once.
_LOAD = Prepared(
    select(
        exists().where(col(OptOutRow.sender_hash) == bindparam("digest")).label("opted_out"),
        *(_CONV[name] for name in _STATE_COLUMNS),
        *(_CASE[name].label(f"case_{name}") for name in _CASE_COLUMNS),
    )
    .select_from(select(literal(1).label("one")).subquery())
    .outerjoin(
        Conversation.__table__,  # type: ignore[attr-defined]
        and_(_CONV.channel == bindparam("channel"), _CONV.sender == bindparam("sender")),
    )
    .outerjoin(Case.__table__, _CASE.id == _CONV.case_id)  # type: ignore[attr-defined]
)


_CONVERSATIONS = Conversation.__table__  # type: ignore[attr-defined]
_CASES = Case.__table__  # type: ignore[attr-defined]
_STATE_FIELDS = (
    "language", "active_form", "requested_slot", "slots", "pending", "choices", "case_id",
    "human_requested", "held_by", "updated_at",
)  # fmt: skip
# A turn's statements, built once with bound parameters and compiled once (`Prepared`: run
# on the DBAPI cursor, SQLAlchemy's execution layer cost more than the statements).
_SAVE_STATE = Prepared(
    update(_CONVERSATIONS)
    .where(_CONV.id == bindparam("conversation"))
    .values({name: bindparam(f"new_{name}") for name in (*_STATE_FIELDS, "last_inbound_at")})
)
_REF_TAKEN = Prepared(select(_CASE.id).where(_CASE.ref == bindparam("ref")))
_TOUCH_CASE = Prepared(
    update(_CASES).where(_CASE.id == bindparam("case")).values(updated_at=bindparam("now"))
)
_ADD_CASE_EVENT = Prepared(insert(CaseEvent.__table__))  # type: ignore[attr-defined]
_CHECKINS = SafeCheckin.__table__.c  # type: ignore[attr-defined]
# The conversation's last check-in, completed with what was said after it.
_AMEND_CHECKIN = (
    update(SafeCheckin.__table__)  # type: ignore[attr-defined]
    .where(
        _CHECKINS.id
        == select(func.max(_CHECKINS.id))
        .where(_CHECKINS.conversation_id == bindparam("conv"))
        .scalar_subquery()
    )
    .values(
        place=func.coalesce(bindparam("place"), _CHECKINS.place),
        nationality=func.coalesce(bindparam("nationality"), _CHECKINS.nationality),
        people_count=func.coalesce(bindparam("people"), _CHECKINS.people_count),
        facts=bindparam("facts", type_=JSON),  # all told so far
        contact=func.coalesce(bindparam("contact"), _CHECKINS.contact),
    )
)
_ADD_MESSAGES = Prepared(insert(Message.__table__))  # type: ignore[attr-defined]
_HANDLED = Prepared(
    update(InboxMessage)
    .where(col(InboxMessage.id) == bindparam("inbox"))
    .values(processed_at=bindparam("now"))
)


# A new case's columns beyond what the core decides (SQLModel's defaults apply to objects only).
_NEW_CASE: dict[str, Any] = {
    "priority_reasons": [], "status": "new", "nationality": None, "place": None,
    "consulate_id": None, "contact": None, "callback_due": False, "assigned_to": None,
    "acknowledged_at": None, "escalation_level": 0, "escalated_at": None,
}  # fmt: skip
_FILE_CASE = Prepared(insert(_CASES).returning(_CASE.id))
# A first contact's conversation: one statement, no savepoint, whoever creates it first.
_NEW_CONVERSATION = {
    name: Prepared(
        dialect_insert(_CONVERSATIONS)
        .on_conflict_do_nothing(index_elements=["channel", "sender"])
        .returning(_CONV.id)
    )
    for name, dialect_insert in (("sqlite", sqlite_insert), ("postgresql", postgresql_insert))
}
_CASE_UPDATES: dict[tuple[str, ...], Prepared] = {}


# A case's fields as they were before an update, for the timeline's "place: Katy → Houston".
_DIFFED = ("kind", "priority", "nationality", "place", "consulate_id", "language", "contact")
_CASE_BEFORE = Prepared(
    select(*(_CASE[name] for name in (*_DIFFED, "details", "priority_set_by"))).where(
        _CASE.id == bindparam("case")
    )
)


def case_changes(before: Any, values: dict[str, Any], slots: Sequence[str]) -> list[dict[str, Any]]:
    """The fields and the slots of a case that an update changed: [{field, from, to}]."""
    if before is None:
        return []
    changes = [
        {"field": name, "from": getattr(before, name), "to": values[name]}
        for name in _DIFFED
        if name in values and values[name] != getattr(before, name)
    ]
    old, new = before.details or {}, values.get("details") or {}
    changes += [
        {"field": slot, "from": old.get(slot), "to": new.get(slot)}
        for slot in dict.fromkeys(slots)
        if slot not in _DIFFED and old.get(slot) != new.get(slot)
    ]
    return changes


def _case_update(columns: tuple[str, ...]) -> Prepared:
    """An UPDATE of these columns of one case, built once per set of columns."""
    if columns not in _CASE_UPDATES:
        _CASE_UPDATES[columns] = Prepared(
            update(_CASES)
            .where(_CASE.id == bindparam("case"))
            .values({name: bindparam(f"new_{name}") for name in columns})
        )
    return _CASE_UPDATES[columns]


def fresh_ref() -> str:
    # 32 letters: 30 random bits are the 6 letters, one call to the system's randomness
    # instead of six (the same uniform choice of each letter).
    bits = secrets.randbits(30)
    return "AMP-" + "".join(REF_ALPHABET[(bits >> shift) & 31] for shift in range(0, 30, 5))


@dataclass
class Turn:
    """What one inbound message produced, once stored."""

    replies: list[Reply]
    conversation_id: int | None = None
    case: CaseFacts | None = None  # the case filed or updated in this turn
    parse: ParseResult | None = None
    events: list[str] = field(default_factory=list)
    state: DialogueState | None = None


# Effects another room carries out (tracing: consent; alerts: safety answers), in the turn's
# transaction: (tx, the conversation's state, effect) → None.
EffectHandler = Callable[[Session, DialogueState, Any], None]
# Called after every turn, in its transaction (family tracing records the people named).
Observer = Callable[[DialogueState, Turn], None]


def _question(stored: str | None) -> Question | None:
    """The stored form of a pending question: "erase_confirm", "safety:12", "consent:7"."""
    if not stored:
        return None
    topic, _, ref = stored.removeprefix("asked:").partition(":")  # "asked:…": before 0.2
    if topic not in ("erase_confirm", "stop_confirm", "safety", "consent"):
        return None
    return Question(topic, int(ref) if ref.isdigit() else None)  # type: ignore[arg-type]


def stored_question(question: Question | None) -> str | None:
    if question is None:
        return None
    return question.topic if question.ref is None else f"{question.topic}:{question.ref}"


def case_facts(case: Any, prefix: str = "") -> CaseFacts:
    """What the dialogue knows of a stored case: a Case, or a loaded row's `case_…` columns."""
    return CaseFacts(
        id=getattr(case, f"{prefix}id"),
        **{name: getattr(case, f"{prefix}{name}") for name in _CASE_COLUMNS},
    )


def to_state(row: Any, channel: str, sender: str, opted_out: bool) -> DialogueState:
    """The dialogue state of a stored conversation: a loaded row, an ORM row, or None."""
    if row is None or row.id is None:
        return DialogueState(channel=channel, sender=sender, opted_out=opted_out)
    case = case_facts(row, "case_") if getattr(row, "case_ref", None) is not None else None
    return DialogueState(
        channel=channel,
        sender=sender,
        conversation_id=row.id,
        language=row.language,
        active_form=row.active_form,
        requested_slot=row.requested_slot,
        slots=row.slots or {},
        pending=_question(row.pending),
        choices=None if row.choices is None else tuple(row.choices),
        case=case,
        human_requested=row.human_requested,
        held_by=row.held_by,
        opted_out=opted_out,
    )


def _state_values(state: DialogueState) -> dict[str, Any]:
    """The conversation row's columns for a state."""
    return {
        "language": state.language,
        "active_form": state.active_form,
        "requested_slot": state.requested_slot,
        "slots": dict(state.slots),
        "pending": stored_question(state.pending),
        "choices": None if state.choices is None else list(state.choices),
        "case_id": state.case.id if state.case else None,
        "human_requested": state.human_requested,
        "held_by": state.held_by,
        "updated_at": utcnow(),
    }


class TurnRunner:
    """Loads, decides, applies: the only writer of dialogue state."""

    def __init__(self, store: Store, core: Core | None = None) -> None:
        self.store = store
        self._core = core  # None: outside events only (the CLI's people commands)
        self.handlers: dict[type, EffectHandler] = {}
        self.observers: list[Observer] = []
        self.outbox: Any = None  # set by the service: replies are queued in the turn

    @property
    def core(self) -> Core:
        assert self._core is not None, "this runner was built without a core"
        return self._core

    # loading

    def _load(self, tx: Transaction, channel: str, sender: str) -> DialogueState:
        """The conversation's state with its case and opt-out, in one query."""
        digest = self.store.sender_hash(channel, sender)
        (row,) = _LOAD.run(tx.sql(), {"digest": digest, "channel": channel, "sender": sender})
        return to_state(row, channel, sender, bool(row.opted_out))

    def state(self, channel: str, sender: str) -> DialogueState:
        """One conversation's state as stored (read only)."""
        with self.store.begin() as tx:
            return self._load(tx, channel, sender)

    # one message

    def handle(self, msg: InboundMessage, transcribe_replies: bool = True) -> Turn:
        """Handle one message in one transaction (nested in the caller's, if any).

        A channel that words the replies its own way (the phone line) transcribes them itself.
        """
        with self.store.begin() as tx:
            state = self._load(tx, msg.channel, msg.sender)
            if state.pending and state.pending.topic == "safety":
                state = replace(state, registrant=self._registrant(tx, state))
            # Understand before the first write: SQLite's one write lock, which the webhooks
            # need to store messages, is taken at the first write and held until the commit.
            reading = self.core.read(state, msg)
            decision = self._decide(tx, state, msg, reading)
            return self._apply(tx, state, msg, decision, transcribe_replies)

    def handle_inbox(self, inbox_id: int) -> tuple[int | None, Turn | None]:
        """The worker's turn for a message it was given: its conversation's oldest unhandled
        message up to it (arrival order, whatever the queue delivered), the row locked, the
        turn, its outbox rows and the handled mark in one transaction. The id of the message
        handled (None: nothing was left to handle) and its turn (None: nothing to say)."""
        from amparo.runtime.inbox import oldest_unhandled  # the inbox's stored form

        with self.store.begin() as tx:
            found = oldest_unhandled(tx.sql(), inbox_id)
            if found is None:
                return None, None
            handled, msg = found
            turn = None
            if msg.throttled:  # a flood: kept for an agent to read, not worth the core
                state = self._load(tx, msg.channel, msg.sender)
                conv_id = self._conversation_id(tx, state)
                self._messages(tx, conv_id, [self._inbound(msg, str(msg.text)[:4096])])
            else:
                turn = self.handle(msg)
                self.outbox.add(msg.channel, msg.sender, turn.conversation_id, turn.replies)
            # An UPDATE, not the row: an erasure in this turn deleted the person's inbox rows.
            _HANDLED.run(tx.sql(), {"inbox": handled, "now": utcnow()})
            return handled, turn

    def _decide(
        self, tx: Transaction, state: DialogueState, msg: InboundMessage, reading: Reading
    ) -> Decision:
        # The core is pure: when the reference it was handed is taken (one in a billion per
        # case), it decides again with another.
        while True:
            decision = self.core.decide(state, msg, reading, fresh_ref())
            filed = next((e for e in decision.effects if isinstance(e, FileCase)), None)
            if filed is None:
                return decision
            if not _REF_TAKEN.run(tx.sql(), {"ref": filed.ref}):
                return decision

    def _registrant(self, tx: Transaction, state: DialogueState) -> Registrant | None:
        if state.conversation_id is None:
            return None
        person = tx.session.exec(
            select(Person)
            .where(Person.conversation_id == state.conversation_id, Person.kind == "registrant")
            .limit(1)
        ).first()
        if person is None:
            return None
        return Registrant(person.nationality, person.place, person.contact)

    def _conversation_id(self, tx: Transaction, state: DialogueState) -> int:
        """The conversation's id, its row created on first contact. Another process may create
        it at the same moment: the insert then does nothing and the row is read."""
        if state.conversation_id is not None:
            return state.conversation_id
        now = utcnow()
        dialect = tx.connection.dialect.name
        row = {"channel": state.channel, "sender": state.sender, "slots": {},
               "human_requested": False, "created_at": now, "updated_at": now}  # fmt: skip
        inserted = _NEW_CONVERSATION[dialect].run(tx.sql(), row)
        created = inserted[0].id if inserted else None
        if created is None:
            created = (
                tx.sql()
                .execute(
                    select(_CONV.id).where(
                        _CONV.channel == state.channel, _CONV.sender == state.sender
                    )
                )
                .scalar_one()
            )
        return int(created)

    # applying a decision

    def _apply(
        self,
        tx: Transaction,
        before: DialogueState,
        msg: InboundMessage,
        decision: Decision,
        transcribe_replies: bool,
    ) -> Turn:
        reading = decision.reading
        parse = reading.parse
        turn = Turn(replies=list(decision.replies), parse=parse, events=list(decision.events))
        conv_id = self._conversation_id(tx, before)
        conversation_id.set(conv_id)  # on every log line of this thread from here
        if decision.state is None:  # erased: nothing of the conversation is kept
            for effect in decision.effects:
                self._effect(tx, before, conv_id, msg, effect, turn)
            return turn
        turn.conversation_id = conv_id
        state = replace(decision.state, conversation_id=conv_id)
        for effect in decision.effects:
            self._effect(tx, state, conv_id, msg, effect, turn)
        if state.case is not None and state.case.id is None and turn.case is not None:
            state = replace(state, case=turn.case)
        turn.state = state
        values = _state_values(state)
        _SAVE_STATE.run(
            tx.sql(),
            {"conversation": conv_id, "new_last_inbound_at": values["updated_at"]}
            | {f"new_{name}": value for name, value in values.items()},
        )
        _expire(tx, Conversation, conv_id)
        rows = [self._inbound(msg, reading.text, parse)]
        rows += [
            _message(
                "out",
                reply.text,
                language=reply.language,
                buttons=[b.title for b in reply.buttons] or None,
            )
            for reply in (turn.replies if transcribe_replies else ())
        ]
        self._messages(tx, conv_id, rows)
        for observer in self.observers:
            observer(state, turn)
        return turn

    @staticmethod
    def _inbound(
        msg: InboundMessage, text: str, parse: ParseResult | None = None
    ) -> dict[str, Any]:
        return _message(
            "in",
            text,
            intent=parse.intent if parse else None,
            language=parse.language if parse else None,
            media=[{"url": m.url, "content_type": m.content_type} for m in msg.media],
            location=location_dict(msg.location),
            provider_message_id=msg.provider_message_id,
        )

    @staticmethod
    def _messages(tx: Transaction, conv_id: int, rows: list[dict[str, Any]]) -> None:
        for row in rows:
            row["conversation_id"] = conv_id
        _ADD_MESSAGES.run_many(tx.sql(), rows)

    def _effect(
        self,
        tx: Transaction,
        state: DialogueState,
        conv_id: int,
        msg: InboundMessage,
        effect: Effect,
        turn: Turn,
    ) -> None:
        """Carry out one effect."""
        case_id = state.case.id if state.case else None
        match effect:
            case FileCase(kind, ref, fields, details):
                now = utcnow()
                row = {**_NEW_CASE, **fields, "ref": ref, "kind": kind, "channel": msg.channel,
                       "conversation_id": conv_id, "details": dict(details),
                       "created_at": now, "updated_at": now}  # fmt: skip
                (filed,) = _FILE_CASE.run(tx.sql(), row)
                new_id = int(filed.id)
                self._case_event(tx, new_id, "filed", {"kind": kind}, touch=False)
                log.info("case filed id=%s kind=%s priority=%s", new_id, kind, row["priority"])
                turn.case = CaseFacts(
                    id=new_id,
                    ref=ref,
                    kind=kind,
                    priority=row["priority"],
                    nationality=row["nationality"],
                    place=row["place"],
                    consulate_id=row["consulate_id"],
                    details=frozen(details),
                    language=row["language"],
                )
            case UpdateCase(fields, details, changed):
                assert case_id is not None, "an update needs the conversation's case"
                values = {**fields, "details": dict(details), "updated_at": utcnow()}
                before = next(iter(_CASE_BEFORE.run(tx.sql(), {"case": case_id})), None)
                if before is not None and before.priority_set_by is not None:
                    values.pop("priority", None)  # an agent set it: the bot's reading yields
                _case_update(tuple(values)).run(
                    tx.sql(),
                    {"case": case_id} | {f"new_{name}": value for name, value in values.items()},
                )
                _expire(tx, Case, case_id)
                changes = case_changes(before, values, changed)
                if changes:  # what changed, old → new; nothing when a message changed nothing
                    detail = {"slots": list(changed), "changes": changes}
                    self._case_event(tx, case_id, "updated", detail, False)
                turn.case = state.case
            case NoteOnCase(event):
                if case_id is not None:
                    self._case_event(tx, case_id, event, {})
            case WithdrawCase(reason):
                assert case_id is not None, "a withdrawal needs the conversation's case"
                _case_update(("status", "callback_due", "updated_at")).run(
                    tx.sql(),
                    {"case": case_id, "new_status": "closed", "new_callback_due": False,
                     "new_updated_at": utcnow()},
                )  # fmt: skip
                _expire(tx, Case, case_id)
                self._case_event(tx, case_id, "withdrawn", {"reason": reason}, False)
                turn.case = state.case
            case RecordCheckin(
                language, place, nationality, companions, people, amend, told, contact
            ):
                facts = {"conv": conv_id, "place": place, "nationality": nationality,
                         "people": people, "facts": list(told), "contact": contact}  # fmt: skip
                if not (amend and tx.sql().execute(_AMEND_CHECKIN, facts).rowcount):
                    tx.sql().execute(
                        insert(SafeCheckin.__table__),  # type: ignore[attr-defined]
                        {"conversation_id": conv_id, "language": language, "place": place,
                         "nationality": nationality, "companions": list(companions),
                         "people_count": people, "facts": list(told),
                         "contact": contact, "created_at": utcnow()},
                    )  # fmt: skip
            case SaveRegistrant(fields):
                self._save_registrant(tx, state, conv_id, dict(fields))
            case OptOut():
                self.store.opt_out(msg.channel, msg.sender)
            case OptIn():
                self.store.opt_in(msg.channel, msg.sender)
            case Erase():  # an opt-out, if any, stays: an erasure alone is not one
                self.store.erase(conv_id)
            case AnswerSafety() | AnswerConsent():
                handler = self.handlers.get(type(effect))
                if handler is None:
                    log.warning("no handler for %s", type(effect).__name__)
                else:
                    handler(tx.session, replace(state, conversation_id=conv_id), effect)

    @staticmethod
    def _case_event(
        tx: Transaction, case_id: int, kind: str, detail: dict[str, Any], touch: bool = True
    ) -> None:
        now = utcnow()
        if touch:
            _TOUCH_CASE.run(tx.sql(), {"case": case_id, "now": now})
            _expire(tx, Case, case_id)
        _ADD_CASE_EVENT.run(
            tx.sql(), {"case_id": case_id, "kind": kind, "detail": detail, "created_at": now}
        )

    def _save_registrant(
        self, tx: Transaction, state: DialogueState, conv_id: int, fields: dict[str, Any]
    ) -> None:
        consent = {"registration": {"given_at": utcnow().isoformat(), "channel": state.channel}}
        person = tx.session.exec(
            select(Person).where(Person.conversation_id == conv_id, Person.kind == "registrant")
        ).first()
        if person is None:
            # Registration asks no name: the person stays anonymous unless tracing adds one.
            person = Person(kind="registrant", full_name="", name_key="", conversation_id=conv_id)
        for name, value in fields.items():
            setattr(person, name, value)
        person.details = {**person.details, **consent}
        person.updated_at = utcnow()
        tx.session.add(person)
        tx.session.flush()

    # changes from outside the dialogue

    def apply(self, channel: str, sender: str, *events: StateEvent) -> DialogueState:
        """Apply outside events to a conversation's state (created if new), in the caller's
        transaction if there is one."""
        with self.store.begin() as tx:
            state = self._load(tx, channel, sender)
            state = replace(state, conversation_id=self._conversation_id(tx, state))
            return self._apply_events(tx, state, events)

    def apply_to(self, conversation_id: int, *events: StateEvent) -> DialogueState | None:
        """Apply outside events to a stored conversation; None if it no longer exists."""
        with self.store.begin() as tx:
            found = (
                tx.sql()
                .execute(select(_CONV.channel, _CONV.sender).where(_CONV.id == conversation_id))
                .first()
            )
            if found is None:
                return None
            state = self._load(tx, found.channel, found.sender)
            return self._apply_events(tx, state, events)

    def _apply_events(
        self, tx: Transaction, state: DialogueState, events: Iterable[StateEvent]
    ) -> DialogueState:
        extra: dict[str, datetime | None] = {}
        for event in events:
            state = apply_event(state, event)
            if isinstance(event, Held | Released):  # when, for the console
                extra["held_at"] = event.at if isinstance(event, Held) else None
        tx.sql().execute(
            update(Conversation.__table__)  # type: ignore[attr-defined]
            .where(_CONV.id == state.conversation_id)
            .values(**_state_values(state), **extra)
        )
        _expire(tx, Conversation, state.conversation_id)
        return state

    def ask_many(self, conversation_ids: Sequence[int], question: Question) -> None:
        """Put one question to many conversations at once (an alert's safety check), except
        where another topic's question is still waiting: `Ask(question, unless_busy=True)` for
        each, in one UPDATE."""
        with self.store.begin() as tx:
            tx.sql().execute(
                update(Conversation.__table__)  # type: ignore[attr-defined]
                .where(_CONV.id.in_(conversation_ids))
                .where(
                    or_(
                        _CONV.pending.is_(None),
                        _CONV.pending.startswith(f"{question.topic}:"),
                        _CONV.pending.startswith(f"asked:{question.topic}:"),
                        _CONV.pending == question.topic,
                    )
                )
                .values(pending=stored_question(question))
            )
            for conv_id in conversation_ids:
                _expire(tx, Conversation, conv_id)


def _message(direction: str, text: str, **fields: Any) -> dict[str, Any]:
    """A transcript row's columns (SQLModel's defaults apply to objects, not statements)."""
    return {
        "direction": direction,
        "text": text,
        "intent": None,
        "language": None,
        "media": [],
        "location": None,
        "provider_message_id": None,
        "author_id": None,
        "buttons": None,
        "outbox_ids": None,
        "created_at": utcnow(),
        **fields,
    }


def _expire(tx: Transaction, model: type, row_id: int | None) -> None:
    """An ORM copy of a row this runner just wrote is read again on next use."""
    if not tx.has_session or not tx.session.identity_map:  # mostly no ORM object: no key
        return
    loaded = tx.session.identity_map.get(identity_key(model, row_id))
    if loaded is not None:
        tx.session.expire(loaded)
