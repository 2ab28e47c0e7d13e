"""The turn runner: the one owner of dialogue state, as Rasa's processor owns the tracker.

For each message it loads the conversation's state in one read, lets the core read and decide
(pure, no store), and carries the decision out in one transaction: the state, the transcript,
the effects (cases, check-ins, opt-outs, registrations…), the outbox rows and the inbox's
handled mark. Everything else that changes a conversation's state (an alert's safety question,
a consent question, a call starting, an agent taking over) hands the runner a `StateEvent`.

One conversation is handled by one worker at a time (the queue's partitions), so the runner
takes no lock of its own beyond the inbox row's.
"""

import logging
import secrets
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import and_, exists, literal, or_
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select, update

from amparo.observability import conversation_id
from bot.dialogue import Core, Decision, location_dict
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
from data.models import (
    OptOut as OptOutRow,
)
from data.store import Store

log = logging.getLogger(__name__)

# Unambiguous letters and digits for case references read out over the phone.
REF_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def fresh_ref() -> str:
    return "AMP-" + "".join(secrets.choice(REF_ALPHABET) for _ in range(6))


@dataclass
class Turn:
    """What one inbound message produced, once stored."""

    replies: list[Reply]
    conversation_id: int | None = None
    case: Case | None = None
    parse: ParseResult | None = None
    events: list[str] = field(default_factory=list)
    state: DialogueState | None = None


# Effects another room carries out (tracing: consent; alerts: safety answers), in the turn's
# transaction: (session, conversation row, effect) → None.
EffectHandler = Callable[[Session, Conversation, Any], None]
# Called after every turn, in its transaction (family tracing records the people named).
Observer = Callable[[Conversation, Turn], None]


def to_state(conv: Conversation | None, case: Case | None, opted_out: bool, channel: str,
             sender: str) -> DialogueState:  # fmt: skip
    """The dialogue state of a stored conversation (or of one not stored yet)."""
    if conv is None:
        return DialogueState(channel=channel, sender=sender, opted_out=opted_out)
    return DialogueState(
        channel=conv.channel,
        sender=conv.sender,
        conversation_id=conv.id,
        language=conv.language,
        active_form=conv.active_form,
        requested_slot=conv.requested_slot,
        slots=conv.slots or {},
        pending=_question(conv.pending),
        case=case_facts(case),
        human_requested=conv.human_requested,
        held_by=conv.held_by,
        opted_out=opted_out,
    )


def _question(stored: str | None) -> Question | None:
    """The stored form of a pending question: "erase_confirm", "safety:12", "consent:7"."""
    if not stored:
        return None
    topic, _, ref = stored.removeprefix("asked:").partition(":")  # "asked:…": before 0.2
    if topic not in ("erase_confirm", "safety", "consent"):
        return None
    return Question(topic, int(ref) if ref.isdigit() else None)  # type: ignore[arg-type]


def stored_question(question: Question | None) -> str | None:
    if question is None:
        return None
    return question.topic if question.ref is None else f"{question.topic}:{question.ref}"


def case_facts(case: Case | None) -> CaseFacts | None:
    """What the dialogue knows of a stored case."""
    if case is None:
        return None
    return CaseFacts(
        id=case.id,
        ref=case.ref,
        kind=case.kind,
        priority=case.priority,
        nationality=case.nationality,
        place=case.place,
        consulate_id=case.consulate_id,
        details=frozen(case.details),
    )


def _write_state(conv: Conversation, state: DialogueState) -> None:
    conv.language = state.language
    conv.active_form = state.active_form
    conv.requested_slot = state.requested_slot
    conv.slots = dict(state.slots)
    conv.pending = stored_question(state.pending)
    conv.case_id = state.case.id if state.case else None
    conv.human_requested = state.human_requested
    conv.held_by = state.held_by
    conv.updated_at = utcnow()


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

    def _load(
        self, session: Session, channel: str, sender: str
    ) -> tuple[Conversation | None, Case | None, bool]:
        """The conversation, its case and the opt-out, in one query."""
        digest = self.store.sender_hash(channel, sender)
        one = select(literal(1).label("one")).subquery()
        opted = exists().where(OptOutRow.sender_hash == digest)
        row = session.exec(
            select(opted.label("opted_out"), Conversation, Case)  # type: ignore[call-overload]
            .select_from(one)
            .outerjoin(
                Conversation,
                and_(Conversation.channel == channel, Conversation.sender == sender),
            )
            .outerjoin(Case, col(Case.id) == col(Conversation.case_id))
        ).one()
        return row[1], row[2], bool(row[0])

    def state(self, channel: str, sender: str) -> DialogueState:
        """One conversation's state as stored (read only)."""
        with self.store.transaction() as session:
            conv, case, opted_out = self._load(session, channel, sender)
            return to_state(conv, case, opted_out, channel, sender)

    # one message

    def handle(self, msg: InboundMessage, transcribe_replies: bool = True) -> Turn:
        """Handle one message in one transaction (nested in the caller's, if any).

        A channel that words the replies its own way (the phone line) transcribes them itself.
        """
        with self.store.transaction() as session:
            conv, case, opted_out = self._load(session, msg.channel, msg.sender)
            state = to_state(conv, case, opted_out, msg.channel, msg.sender)
            if state.pending and state.pending.topic == "safety":
                state = replace(state, registrant=self._registrant(session, conv))
            # Understand before the first write: SQLite's one write lock, which the webhooks
            # need to store messages, is taken at the first write and held until the commit.
            reading = self.core.read(state, msg)
            decision = self._decide(session, state, msg, reading)
            return self._apply(session, conv, case, msg, decision, transcribe_replies)

    def handle_inbox(self, inbox_id: int) -> tuple[Turn | None, InboundMessage | None]:
        """The worker's turn: the inbox row locked, the turn, its outbox rows and the handled
        mark in one transaction. (None, …) when there is nothing to say."""
        from amparo.runtime.inbox import from_payload  # the inbox's stored form of a message

        with self.store.transaction() as session:
            # The row lock makes a second worker that got the same id (a lease lost in a
            # pause) wait for this commit, then see the message handled (PostgreSQL).
            row = session.get(InboxMessage, inbox_id, with_for_update=True)
            if row is None or row.processed_at is not None:
                return None, None
            msg = from_payload(row.payload)
            if msg.throttled:  # a flood: kept for an agent to read, not worth the core
                conv = self._conversation(session, None, msg.channel, msg.sender)
                session.add(
                    Message(conversation_id=conv.id, direction="in", text=str(msg.text)[:4096])
                )
                row.processed_at = utcnow()
                session.add(row)
                return None, msg
            turn = self.handle(msg)
            self.outbox.enqueue(msg.channel, msg.sender, turn.conversation_id, turn.replies)
            # An UPDATE, not the row: an erasure in this turn deleted the person's inbox rows.
            session.exec(
                update(InboxMessage)  # type: ignore[call-overload]
                .where(col(InboxMessage.id) == inbox_id)
                .values(processed_at=utcnow())
            )
            return turn, msg

    def _decide(
        self, session: Session, state: DialogueState, msg: InboundMessage, reading: Any
    ) -> Decision:
        # The core is pure: when the reference it was handed is taken (one in a billion per
        # case), it decides again with another.
        while True:
            decision = self.core.decide(state, msg, reading, fresh_ref())
            filed = next((e for e in decision.effects if isinstance(e, FileCase)), None)
            if (
                filed is None
                or not session.exec(select(Case.id).where(Case.ref == filed.ref)).first()
            ):
                return decision

    def _registrant(self, session: Session, conv: Conversation | None) -> Registrant | None:
        if conv is None:
            return None
        person = session.exec(
            select(Person)
            .where(Person.conversation_id == conv.id, Person.kind == "registrant")
            .limit(1)
        ).first()
        if person is None:
            return None
        return Registrant(person.nationality, person.place, person.contact)

    def _conversation(
        self, session: Session, conv: Conversation | None, channel: str, sender: str
    ) -> Conversation:
        """The conversation row, created (and given an id) on first contact."""
        if conv is not None:
            return conv
        conv = Conversation(channel=channel, sender=sender)
        try:
            with session.begin_nested():  # another process may create it at the same moment
                session.add(conv)
        except IntegrityError:
            conv = session.exec(
                select(Conversation).where(
                    Conversation.channel == channel, Conversation.sender == sender
                )
            ).one()
        return conv

    # applying a decision

    def _apply(
        self,
        session: Session,
        conv: Conversation | None,
        case: Case | None,
        msg: InboundMessage,
        decision: Decision,
        transcribe_replies: bool,
    ) -> Turn:
        reading = decision.reading
        parse = reading.parse
        turn = Turn(
            replies=list(decision.replies),
            parse=parse,
            events=list(decision.events),
            state=decision.state,
        )
        conv = self._conversation(session, conv, msg.channel, msg.sender)
        turn.conversation_id = conv.id
        conversation_id.set(conv.id)  # on every log line of this thread from here
        if decision.state is None:  # erased: nothing of the conversation is kept
            for effect in decision.effects:
                self._effect(session, conv, case, msg, effect, turn)
            turn.conversation_id = None
            return turn
        conv.last_inbound_at = utcnow()
        session.add(
            Message(
                conversation_id=conv.id,
                direction="in",
                text=reading.text,
                intent=parse.intent if parse else None,
                language=parse.language if parse else None,
                media=[{"url": m.url, "content_type": m.content_type} for m in msg.media],
                location=location_dict(msg.location),
                provider_message_id=msg.provider_message_id,
            )
        )
        state = replace(decision.state, conversation_id=conv.id)
        for effect in decision.effects:
            case = self._effect(session, conv, case, msg, effect, turn) or case
        if state.case is not None and state.case.id is None and case is not None:
            state = replace(state, case=replace(state.case, id=case.id))
        turn.state = state
        _write_state(conv, state)
        session.add(conv)
        for observer in self.observers:
            observer(conv, turn)
        for reply in turn.replies if transcribe_replies else ():
            session.add(
                Message(
                    conversation_id=conv.id,
                    direction="out",
                    text=reply.text,
                    language=reply.language,
                )  # fmt: skip
            )
        return turn

    def _effect(
        self,
        session: Session,
        conv: Conversation,
        case: Case | None,
        msg: InboundMessage,
        effect: Effect,
        turn: Turn,
    ) -> Case | None:
        """Carry out one effect; returns the conversation's case when it changed."""
        match effect:
            case FileCase(kind, ref, fields, details):
                new = Case(
                    ref=ref,
                    kind=kind,
                    conversation_id=conv.id,
                    channel=msg.channel,
                    details=dict(details),
                    **dict(fields),
                )
                session.add(new)
                session.flush()
                session.add(CaseEvent(case_id=new.id, kind="filed", detail={"kind": kind}))
                log.info("case filed id=%s kind=%s priority=%s", new.id, kind, new.priority)
                turn.case = new
                return new
            case UpdateCase(fields, details, changed):
                assert case is not None, "an update needs the conversation's case"
                for name, value in fields.items():
                    setattr(case, name, value)
                case.details = dict(details)
                self._case_event(session, case, "updated", {"slots": list(changed)})
                turn.case = case
                return case
            case NoteOnCase(event):
                if case is not None:
                    self._case_event(session, case, event, {})
            case RecordCheckin(language, place, nationality, companions):
                session.add(
                    SafeCheckin(
                        conversation_id=conv.id,
                        language=language,
                        place=place,
                        nationality=nationality,
                        companions=list(companions),
                    )
                )
            case SaveRegistrant(fields):
                self._save_registrant(session, conv, dict(fields))
            case OptOut():
                self.store.opt_out(msg.channel, msg.sender)
            case OptIn():
                self.store.opt_in(msg.channel, msg.sender)
            case Erase():
                session.flush()
                self.store.erase(conv.id)  # type: ignore[arg-type]
                self.store.opt_out(msg.channel, msg.sender)
            case AnswerSafety() | AnswerConsent():
                handler = self.handlers.get(type(effect))
                if handler is None:
                    log.warning("no handler for %s", type(effect).__name__)
                else:
                    handler(session, conv, effect)
        return None

    def _case_event(self, session: Session, case: Case, kind: str, detail: dict[str, Any]) -> None:
        case.updated_at = utcnow()
        session.add(case)
        session.add(CaseEvent(case_id=case.id, kind=kind, detail=detail))

    def _save_registrant(
        self, session: Session, conv: Conversation, fields: dict[str, Any]
    ) -> None:
        consent = {"registration": {"given_at": utcnow().isoformat(), "channel": conv.channel}}
        person = session.exec(
            select(Person).where(Person.conversation_id == conv.id, Person.kind == "registrant")
        ).first()
        if person is None:
            # Registration asks no name: the person stays anonymous unless tracing adds one.
            person = Person(kind="registrant", full_name="", name_key="", conversation_id=conv.id)
        for name, value in fields.items():
            setattr(person, name, value)
        person.details = {**person.details, **consent}
        person.updated_at = utcnow()
        session.add(person)
        session.flush()

    # changes from outside the dialogue

    def apply(self, channel: str, sender: str, *events: StateEvent) -> DialogueState:
        """Apply outside events to a conversation's state (created if new), in the caller's
        transaction if there is one."""
        with self.store.transaction() as session:
            conv, case, opted_out = self._load(session, channel, sender)
            conv = self._conversation(session, conv, channel, sender)
            return self._apply_events(session, conv, case, opted_out, events)

    def apply_to(self, conversation_id: int, *events: StateEvent) -> DialogueState | None:
        """Apply outside events to a stored conversation; None if it no longer exists."""
        with self.store.transaction() as session:
            conv = session.get(Conversation, conversation_id)
            if conv is None:
                return None
            case = session.get(Case, conv.case_id) if conv.case_id else None
            opted_out = self.store.is_opted_out(conv.channel, conv.sender)
            return self._apply_events(session, conv, case, opted_out, events)

    def _apply_events(
        self,
        session: Session,
        conv: Conversation,
        case: Case | None,
        opted_out: bool,
        events: Iterable[StateEvent],
    ) -> DialogueState:
        state = to_state(conv, case, opted_out, conv.channel, conv.sender)
        for event in events:
            state = apply_event(state, event)
            if isinstance(event, Held | Released):
                conv.held_at = event.at if isinstance(event, Held) else None
        _write_state(conv, state)
        session.add(conv)
        return state

    def ask_many(self, conversation_ids: Sequence[int], question: Question) -> None:
        """Put one question to many conversations at once (an alert's safety check), except
        where another topic's question is still waiting: `Ask(question, unless_busy=True)` for
        each, in one UPDATE."""
        with self.store.transaction() as session:
            session.exec(
                update(Conversation)  # type: ignore[call-overload]
                .where(col(Conversation.id).in_(conversation_ids))
                .where(
                    or_(
                        col(Conversation.pending).is_(None),
                        col(Conversation.pending).startswith(f"{question.topic}:"),
                        col(Conversation.pending).startswith(f"asked:{question.topic}:"),
                        col(Conversation.pending) == question.topic,
                    )
                )
                .values(pending=stored_question(question))
            )
