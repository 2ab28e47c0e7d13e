"""Tables of the case store (SQLModel). Migrations in data/migrations follow these."""

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    """Timezone-aware now, for timestamps."""
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; they are UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class Conversation(SQLModel, table=True):
    """One person on one channel, with the dialogue state the core keeps between messages."""

    __table_args__ = (UniqueConstraint("channel", "sender"),)

    id: int | None = Field(default=None, primary_key=True)
    channel: str = Field(index=True)
    sender: str
    language: str | None = None
    active_form: str | None = None
    requested_slot: str | None = None
    slots: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    pending: str | None = None
    # the numbered list last offered (payloads); None: stored before lists were kept
    choices: list[str] | None = Field(default=None, sa_column=Column(JSON))
    case_id: int | None = None  # the case this conversation is filling (no FK: cycle)
    human_requested: bool = False
    held_by: int | None = Field(default=None, foreign_key="user.id")  # an agent took over
    held_at: datetime | None = None
    last_inbound_at: datetime | None = None  # opens WhatsApp's 24-hour service window
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class Message(SQLModel, table=True):
    """One message in or out: the conversation's transcript."""

    id: int | None = Field(default=None, primary_key=True)
    conversation_id: int = Field(foreign_key="conversation.id", index=True)
    direction: str  # "in" or "out"
    text: str
    intent: str | None = None
    language: str | None = None
    media: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    location: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    provider_message_id: str | None = None
    author_id: int | None = Field(default=None, foreign_key="user.id")  # an agent wrote it
    # the choices sent with it (buttons, list rows, an SMS's numbered lines), in order
    buttons: list[str] | None = Field(default=None, sa_column=Column(JSON))
    # its outbox rows (an agent's reply: the console shows what became of it)
    outbox_ids: list[int] | None = Field(default=None, sa_column=Column(JSON))
    created_at: datetime = Field(default_factory=utcnow)


class Case(SQLModel, table=True):
    """A distress report, missing-person query or assistance request for a consulate."""

    id: int | None = Field(default=None, primary_key=True)
    ref: str = Field(index=True, unique=True)
    kind: str = Field(index=True)
    priority: int = Field(index=True)  # 1 urgent … 4 low
    priority_reasons: list[str] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )
    status: str = Field(default="new", index=True)
    conversation_id: int | None = Field(default=None, foreign_key="conversation.id")
    channel: str
    language: str
    nationality: str | None = Field(default=None, index=True)
    place: str | None = None
    consulate_id: str | None = Field(default=None, index=True)
    contact: str | None = None
    details: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    callback_due: bool = Field(default=False, index=True)  # someone must phone this person back
    assigned_to: int | None = Field(default=None, foreign_key="user.id", index=True)
    acknowledged_at: datetime | None = None
    escalation_level: int = 0  # 0 none, 1 the consulate's duty officer, 2 the crisis unit
    escalated_at: datetime | None = None
    # Who set the priority by hand (the bot's reassessments then leave it as they set it).
    priority_set_by: int | None = Field(default=None, foreign_key="user.id")
    # A duplicate of another case of the same conversation, closed into it: counted once.
    merged_into: int | None = Field(default=None, foreign_key="case.id", index=True)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class CaseEvent(SQLModel, table=True):
    """The timeline of a case: filed, updated, status changes, notes, referrals, escalations."""

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(foreign_key="case.id", index=True)
    user_id: int | None = Field(default=None, foreign_key="user.id")  # None: the bot or a clock
    kind: str
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)


class SafeCheckin(SQLModel, table=True):
    """'I am safe' (and the companions named), for families and consulates."""

    id: int | None = Field(default=None, primary_key=True)
    conversation_id: int | None = Field(default=None, foreign_key="conversation.id")
    language: str
    place: str | None = None
    nationality: str | None = None
    companions: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    people_count: int | None = None  # the speaker included: "we are four, all fine"
    # who among them is vulnerable ("the two kids", "my mother of 80"): a family safe today
    # with a baby is the one the consulate checks on first when the next storm comes
    facts: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # a number to reach them given after "we're fine" ("if you need anything, 786…, this phone
    # is my boss's"); none: the one they wrote from. Erased with the check-in.
    contact: str | None = None
    created_at: datetime = Field(default_factory=utcnow)


class OptOut(SQLModel, table=True):
    """Senders who opted out, kept only as a keyed hash so an erased person stays opted out."""

    sender_hash: str = Field(primary_key=True)
    channel: str
    created_at: datetime = Field(default_factory=utcnow)


class InboxMessage(SQLModel, table=True):
    """An inbound message as accepted from a webhook, before the core has handled it.

    Stored before the webhook answers, so a crash after the acknowledgement loses nothing;
    unique per provider message id, so a provider's retry is handled once.
    """

    __table_args__ = (
        UniqueConstraint("channel", "provider_message_id"),
        # the worker's question: this conversation's oldest message still unhandled
        Index("ix_inbox_unhandled", "conversation_key", "processed_at", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    channel: str
    provider_message_id: str
    conversation_key: str
    payload: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    received_at: datetime = Field(default_factory=utcnow)
    processed_at: datetime | None = Field(default=None, index=True)
    error: str | None = None  # a bug met while handling it (never the message text)


class OutboxMessage(SQLModel, table=True):
    """A reply waiting to leave, leaving, or gone: one row per message to a provider.

    status: queued → sent → delivered/read, or failed (permanent, with the reason), held (not
    allowed now, e.g. outside WhatsApp's 24-hour window), unknown (a timeout after the request
    left: it may have been delivered, so it is never resent blindly).
    """

    __table_args__ = (
        # the sender's two questions: what is waiting (replies, or bulk per channel), and
        # whether this recipient has something older still waiting (order per person)
        Index("ix_outbox_waiting", "bulk", "status", "channel", "id"),
        Index("ix_outbox_recipient", "channel", "recipient", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    conversation_id: int | None = Field(default=None, foreign_key="conversation.id", index=True)
    channel: str = Field(index=True)
    recipient: str
    payload: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    bulk: bool = False  # an alert: sent after replies, at the channel's pace
    status: str = Field(default="queued", index=True)
    attempts: int = 0
    next_attempt_at: datetime = Field(default_factory=utcnow, index=True)
    retrying_since: datetime | None = None  # its first failed try: the retry budget's start
    provider_message_id: str | None = Field(default=None, index=True)
    error: str | None = None
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class Call(SQLModel, table=True):
    """One phone call's place in the call flow, so each Twilio request continues it.

    `turn` numbers the questions asked; a request for an older turn (Twilio retrying, or a
    request out of order) is answered from `steps` again instead of being handled twice.
    """

    call_sid: str = Field(primary_key=True)
    conversation_id: int | None = Field(default=None, foreign_key="conversation.id", index=True)
    stage: str = "language"  # language, second_language, dialogue, handoff, record, done, ended
    language: str | None = None  # the menu choice (may have no text-to-speech)
    second_language: str | None = None  # spoken, for prompts not recorded in `language`
    misses: int = 0  # silences and no-matches in a row
    turn: int = 0
    prompts: list[dict[str, Any]] = Field(
        default_factory=list, sa_column=Column(JSON, nullable=False)
    )  # the last question, repeated after a silence
    expect: str = "menu"  # what the last question expects: menu, yes_no, number, speech
    # each answered turn's step, by the turn of the request it answered (0: the call's first)
    steps: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    status: str | None = None  # Twilio's CallStatus
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class User(SQLModel, table=True):
    """A person on the other side of the hotline: admin, supervisor, agent or consul."""

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(index=True, unique=True)
    name: str
    password_hash: str
    role: str  # admin, supervisor, agent, consul
    consulate_id: str | None = Field(default=None, index=True)  # a consul's only consulate
    language: str = "es"  # of the console
    # the console's choices that follow the user from page to page (the queue's filters)
    preferences: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False)
    )
    active: bool = True
    failed_logins: int = 0
    locked_until: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)


class ConversationRead(SQLModel, table=True):
    """How far a console user has read a conversation: the queue counts what came after."""

    user_id: int = Field(foreign_key="user.id", primary_key=True)
    conversation_id: int = Field(foreign_key="conversation.id", primary_key=True)
    message_id: int  # the last message shown to them
    at: datetime = Field(default_factory=utcnow)


class AuthSession(SQLModel, table=True):
    """A bearer token or a console cookie, stored as a hash; logout deletes it."""

    token_hash: str = Field(primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    kind: str  # "bearer" or "cookie"
    csrf: str | None = None  # the console's form token, for cookie sessions
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime


class AuditEntry(SQLModel, table=True):
    """Who viewed or changed what, when: every case view and change, logins, takeovers."""

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    user_id: int | None = Field(default=None, foreign_key="user.id", index=True)
    action: str = Field(index=True)
    case_id: int | None = Field(default=None, index=True)
    conversation_id: int | None = Field(default=None, index=True)
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class Person(SQLModel, table=True):
    """Someone known to the hotline by name, for family tracing and consular registration:
    a missing person asked about, someone who checked in safe, a registrant, or a record
    loaded from a partner's list (PFIF).

    A protected person (fleeing an abuser, or who refused) is never proposed as a match, and
    nobody learns where anyone is before that person agreed (`consent`).
    """

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(index=True)  # missing, safe, registrant, imported
    full_name: str
    given_name: str | None = None
    family_name: str | None = None
    name_key: str = Field(index=True)  # normalised tokens, for display and exact lookups
    age: int | None = None
    nationality: str | None = Field(default=None, index=True)
    place: str | None = Field(default=None, index=True)  # a city id, or the words given
    language: str | None = None
    contact: str | None = None
    emergency_contact: str | None = None
    household_size: int | None = None
    conversation_id: int | None = Field(default=None, foreign_key="conversation.id", index=True)
    case_id: int | None = Field(default=None, foreign_key="case.id", index=True)
    source: str = "amparo"  # amparo, or the PFIF domain a record came from
    pfif_record_id: str | None = Field(default=None, unique=True)  # domain/id
    consent: str = "unknown"  # to share whereabouts: unknown, asked, share, refuse
    protected: bool = False
    details: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class PersonKey(SQLModel, table=True):
    """Search keys of a person's name (spelling-, order- and nickname-proof), indexed."""

    __table_args__ = (UniqueConstraint("key", "person_id"),)

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(index=True)
    person_id: int = Field(foreign_key="person.id", index=True)


class PersonNote(SQLModel, table=True):
    """A PFIF note about a person: who said what, when (status, last known location)."""

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    pfif_note_id: str | None = Field(default=None, unique=True)
    author_name: str | None = None
    status: str | None = None  # information_sought, is_note_author, believed_alive, …
    text: str = ""
    fields: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    source_date: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)


class Match(SQLModel, table=True):
    """A possible answer to a search: proposed to an agent, never told to the inquirer before
    the found person agreed.

    status: proposed → asked (the found person was asked) → consented / refused → told;
    or rejected by the agent.
    """

    __table_args__ = (UniqueConstraint("sought_id", "found_id"),)

    id: int | None = Field(default=None, primary_key=True)
    sought_id: int = Field(foreign_key="person.id", index=True)
    found_id: int = Field(foreign_key="person.id", index=True)
    score: float
    status: str = Field(default="proposed", index=True)
    agent_id: int | None = Field(default=None, foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class Alert(SQLModel, table=True):
    """A warning or safety check sent by a consulate to registrants and past contacts."""

    id: int | None = Field(default=None, primary_key=True)
    kind: str  # warning, safety_check
    created_by: int | None = Field(default=None, foreign_key="user.id")
    nationality: str | None = None
    place: str | None = None
    language: str | None = None
    texts: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    template: str | None = None  # WhatsApp template for people outside the 24-hour window
    status: str = "queued"  # queued, sending, done
    recipients: int = 0
    created_at: datetime = Field(default_factory=utcnow)


class AlertDelivery(SQLModel, table=True):
    """One recipient of an alert: its outbox message and what they answered."""

    __table_args__ = (UniqueConstraint("alert_id", "conversation_id"),)

    id: int | None = Field(default=None, primary_key=True)
    alert_id: int = Field(foreign_key="alert.id", index=True)
    conversation_id: int = Field(foreign_key="conversation.id", index=True)
    outbox_id: int | None = Field(default=None, foreign_key="outboxmessage.id")
    answer: str | None = None  # safe, need_help
    created_at: datetime = Field(default_factory=utcnow)


class RequestKey(SQLModel, table=True):
    """An `Idempotency-Key` (or a console form's one-time token) a user has sent: while
    `done_at` is None the first request with it is still running; then what it did, so that a
    retry or a double click gets the same answer and nothing is done twice. Only the id of
    what it made or changed is kept, never the response's words: an erased person's data must
    not survive here."""

    __table_args__ = (UniqueConstraint("user_id", "key"),)

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id")
    key: str
    fingerprint: str  # a hash of the method, path and body the key was first sent with
    result_id: int | None = None  # the message, case, alert… it made or changed
    done_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow, index=True)
