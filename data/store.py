"""The case store: conversations, transcripts, cases, check-ins and opt-outs."""

import hmac
import secrets
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from contextvars import ContextVar
from typing import Any

from pydantic import SecretStr
from sqlalchemy import Connection, Engine, or_
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, create_engine, delete, select, update

from data.models import (
    AlertDelivery,
    Call,
    Case,
    CaseEvent,
    Conversation,
    ConversationRead,
    InboxMessage,
    Match,
    Message,
    OptOut,
    OutboxMessage,
    Person,
    PersonKey,
    PersonNote,
    SafeCheckin,
    utcnow,
)
from data.sqlite import gate_for, sqlite_engine

# Unambiguous letters and digits for case references read out over the phone.
_REF_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def conversation_key(channel: str, sender: str) -> str:
    """One conversation's identity across the inbox, the queue and the store."""
    return f"{channel}:{sender}"


def make_engine(url: str) -> Engine:
    """An engine for any SQLAlchemy URL; SQLite gets WAL, foreign keys and the write gate."""
    if url.startswith("sqlite"):
        return sqlite_engine(url)
    return create_engine(url, pool_pre_ping=True)


def forget_people(session: Session, condition: Any) -> None:
    """Delete the people matching `condition`, with their search keys, notes and matches."""
    people = select(Person.id).where(condition)
    session.exec(
        delete(Match).where(or_(col(Match.sought_id).in_(people), col(Match.found_id).in_(people)))
    )
    session.exec(delete(PersonNote).where(col(PersonNote.person_id).in_(people)))
    session.exec(delete(PersonKey).where(col(PersonKey.person_id).in_(people)))
    session.exec(delete(Person).where(col(Person.id).in_(people)))


class Transaction:
    """One database transaction: a connection, and an ORM session on it made only when asked.

    A turn mostly runs plain statements on the connection (`Prepared`): building a session,
    its transaction and its commit cost ~50 µs, several times the statements. Whatever asks
    for `session` gets one joined to the connection's transaction: its flushes land in it,
    and it never commits it (the transaction does, once, everything together).
    """

    def __init__(self, engine: Engine) -> None:
        self.connection = engine.connect()
        self.connection.begin()
        self._session: Session | None = None

    @property
    def session(self) -> Session:
        if self._session is None:
            self._session = Session(
                self.connection,
                expire_on_commit=False,
                join_transaction_mode="rollback_only",  # commits are the transaction's
            )
        return self._session

    @property
    def has_session(self) -> bool:
        """Whether something asked for the ORM session (it may hold objects or changes)."""
        return self._session is not None

    def sql(self) -> Connection:
        """The connection, for plain statements that skip the ORM's execution layer (~30 µs a
        statement; making a session costs as much as a commit). ORM changes still pending are
        flushed first, so the statements see them."""
        if self._session is not None and (
            self._session.new or self._session.dirty or self._session.deleted
        ):
            self._session.flush()
        return self.connection

    def commit(self) -> None:
        if self._session is not None:
            self._session.commit()  # flushes what is pending into the connection's transaction
        self.connection.commit()

    def close(self) -> None:
        """The end, committed or not: what was not committed is rolled back."""
        try:
            if self._session is not None:
                self._session.close()
        finally:
            self.connection.close()


class Store:
    """Repository over the SQL database; every method is one short transaction."""

    def __init__(self, url: str, secret_key: str | SecretStr) -> None:
        self.url = url
        self.engine = make_engine(url)
        if isinstance(secret_key, SecretStr):  # as settings hold it
            secret_key = secret_key.get_secret_value()
        self._key = secret_key.encode()
        self._current: ContextVar[Transaction | None] = ContextVar(
            f"transaction-{id(self)}", default=None
        )

    @contextmanager
    def begin(self) -> Iterator[Transaction]:
        """A transaction (the caller's, if one is open): everything done on its connection or
        its session inside this block commits together, or not at all."""
        if (outer := self._current.get()) is not None:
            yield outer
            return
        tx = Transaction(self.engine)
        token = self._current.set(tx)
        try:
            yield tx
            tx.commit()
        finally:
            self._current.reset(token)
            tx.close()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """Everything the store does inside this block commits together, or not at all."""
        with self.begin() as tx:
            yield tx.session

    def first_in_line(self) -> AbstractContextManager[None]:
        """This thread's writes go before other threads' of this process: webhooks must not
        wait behind the core (SQLite's single write lock; PostgreSQL locks rows, not files)."""
        return gate_for(self.url).urgent() if self.url.startswith("sqlite") else nullcontext()

    @contextmanager
    def _session(self) -> Iterator[Session]:
        # No flush here: inside a long transaction, writes wait for the commit (or a query),
        # which keeps SQLite's single write lock held for as short a time as possible.
        with self.transaction() as session:
            yield session

    # conversations and transcript

    def conversation(self, channel: str, sender: str) -> Conversation:
        """The conversation of this sender on this channel, created on first contact."""
        query = select(Conversation).where(
            Conversation.channel == channel, Conversation.sender == sender
        )
        with self._session() as s:
            # One lookup per transaction: the worker and the core both ask for it.
            known: dict[tuple[str, str], Conversation] = s.info.setdefault("conversations", {})
            if (channel, sender) in known and known[(channel, sender)] in s:
                return known[(channel, sender)]
            found = s.exec(query).first()
            if found is None:
                found = Conversation(channel=channel, sender=sender)
                try:
                    with s.begin_nested():  # another process may create it at the same moment
                        s.add(found)
                except IntegrityError:
                    found = s.exec(query).one()
            known[(channel, sender)] = found
            return found

    def add_message(
        self, conversation_id: int, direction: str, text: str, **fields: Any
    ) -> Message:
        """Append one message to a conversation's transcript."""
        msg = Message(conversation_id=conversation_id, direction=direction, text=text, **fields)
        with self._session() as s:
            s.add(msg)
        return msg

    def transcript(self, conversation_id: int) -> list[Message]:
        """A conversation's messages, oldest first."""
        with self._session() as s:
            return list(
                s.exec(
                    select(Message)
                    .where(Message.conversation_id == conversation_id)
                    .order_by(col(Message.id))
                )
            )

    # cases

    def create_case(self, **fields: Any) -> Case:
        """File a new case with a fresh short reference."""
        with self._session() as s:
            while True:
                ref = "AMP-" + "".join(secrets.choice(_REF_ALPHABET) for _ in range(6))
                if not s.exec(select(Case.id).where(Case.ref == ref)).first():
                    break
            case = Case(ref=ref, **fields)
            s.add(case)
            s.flush()
            assert case.id is not None  # the flush gave it one
            s.add(CaseEvent(case_id=case.id, kind="filed", detail={"kind": case.kind}))
            return case

    def update_case(self, case: Case, event_kind: str, detail: dict[str, Any]) -> None:
        """Save a case and note the change on its timeline (slot names, never values)."""
        assert case.id is not None, "a stored case"
        case.updated_at = utcnow()
        with self._session() as s:
            s.merge(case)
            s.add(CaseEvent(case_id=case.id, kind=event_kind, detail=detail))

    def case(self, case_id: int) -> Case | None:
        """One case by id."""
        with self._session() as s:
            return s.get(Case, case_id)

    def cases(self, kind: str | None = None, status: str | None = None) -> Sequence[Case]:
        """Cases, most urgent first, then oldest first."""
        query = select(Case)
        if kind:
            query = query.where(Case.kind == kind)
        if status:
            query = query.where(Case.status == status)
        with self._session() as s:
            return list(s.exec(query.order_by(col(Case.priority), col(Case.created_at))))

    def case_events(self, case_id: int) -> list[CaseEvent]:
        """A case's timeline, oldest first."""
        with self._session() as s:
            return list(
                s.exec(
                    select(CaseEvent)
                    .where(CaseEvent.case_id == case_id)
                    .order_by(col(CaseEvent.id))
                )
            )

    def add_checkin(self, checkin: SafeCheckin) -> SafeCheckin:
        """Record a safe check-in."""
        with self._session() as s:
            s.add(checkin)
        return checkin

    def checkins(self) -> list[SafeCheckin]:
        """All safe check-ins, oldest first."""
        with self._session() as s:
            return list(s.exec(select(SafeCheckin).order_by(col(SafeCheckin.id))))

    # opt-out and erasure

    def sender_hash(self, channel: str, sender: str) -> str:
        # hmac.digest: the same HMAC-SHA256 in one C call (hmac.new builds two hash objects).
        return hmac.digest(self._key, f"{channel}:{sender}".encode(), "sha256").hex()

    def opt_out(self, channel: str, sender: str) -> None:
        """Never write to this sender again until they ask to restart."""
        digest = self.sender_hash(channel, sender)
        with self._session() as s:
            if not s.get(OptOut, digest):
                s.add(OptOut(sender_hash=digest, channel=channel))

    def opt_in(self, channel: str, sender: str) -> None:
        """The sender asked to talk again."""
        with self._session() as s:
            digest = self.sender_hash(channel, sender)
            s.exec(delete(OptOut).where(col(OptOut.sender_hash) == digest))

    def is_opted_out(self, channel: str, sender: str) -> bool:
        """Whether this sender opted out."""
        with self._session() as s:
            return s.get(OptOut, self.sender_hash(channel, sender)) is not None

    def anonymise(self, case: Case, reason: str) -> None:
        """Keep a case only as a count: kind, nationality, priority, status, dates; an open case
        is closed (the event says why). Notes and status reasons may name the person, so the
        timeline keeps its kinds only."""
        assert case.id is not None, "a stored case"
        with self._session() as s:
            case.details = {reason: True}
            case.contact = case.place = case.conversation_id = None
            case.callback_due = False
            if case.status not in ("resolved", "closed"):  # no deadline runs for nobody
                case.status = "closed"
            s.add(case)
            s.exec(update(CaseEvent).where(col(CaseEvent.case_id) == case.id).values(detail={}))
            forget_people(s, col(Person.case_id) == case.id)  # the missing person's name
            s.add(CaseEvent(case_id=case.id, kind=reason, detail={}))

    def erase(self, conversation_id: int) -> None:
        """Remove a person's messages, check-ins and personal case details.

        Cases stay as anonymous counts for the consular statistics; the opt-out hash stays so
        that nothing is ever sent to the person again.
        """
        with self._session() as s:
            conv = s.get(Conversation, conversation_id)
            if conv is not None:
                key = conversation_key(conv.channel, conv.sender)
                s.exec(delete(InboxMessage).where(col(InboxMessage.conversation_key) == key))
            # Family tracing: the people this conversation named, with their keys, notes, matches.
            forget_people(s, col(Person.conversation_id) == conversation_id)
            # Alert deliveries point at the conversation and its outbox (registrants went above).
            s.exec(
                delete(AlertDelivery).where(col(AlertDelivery.conversation_id) == conversation_id)
            )
            s.exec(
                delete(OutboxMessage).where(col(OutboxMessage.conversation_id) == conversation_id)
            )
            for case in s.exec(select(Case).where(Case.conversation_id == conversation_id)):
                self.anonymise(case, "erased")
            s.exec(delete(Message).where(col(Message.conversation_id) == conversation_id))
            s.exec(
                delete(ConversationRead).where(
                    col(ConversationRead.conversation_id) == conversation_id
                )
            )
            s.exec(delete(SafeCheckin).where(col(SafeCheckin.conversation_id) == conversation_id))
            s.exec(delete(Call).where(col(Call.conversation_id) == conversation_id))
            s.exec(delete(Conversation).where(col(Conversation.id) == conversation_id))
