"""Triage: the console's queue as an agent reads it in a crisis.

Each row says at a glance what the case and conversation are (priority and why, kind,
language, channel, place), how long it may still wait, the last thing said, who holds or owns
it, whether it escalated or the person reported safe, and how many messages this user has not
read. Rows come from Casework's checked and audited lists, so a consul sees only their
consulate's; the extra columns are read here in a few grouped queries, not one per row.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlmodel import col, func, select

from amparo.casework.cases import CaseFilters, Casework, QueueItem
from data.models import (
    Case,
    CaseEvent,
    Conversation,
    ConversationRead,
    Message,
    User,
    as_utc,
)
from data.store import Store

LAST_MESSAGE_CHARS = 90


@dataclass(frozen=True)
class QueueFilters:
    """What the queue shows: remembered per user, so it survives reloads and devices."""

    language: str | None = None
    channel: str | None = None
    place: str | None = None
    kind: str | None = None
    mine: bool = False  # held by me or assigned to me

    @classmethod
    def of(cls, saved: Mapping[str, Any]) -> "QueueFilters":
        """From a user's saved preferences (or a form): unknown or empty values are ignored."""

        def text(name: str) -> str | None:
            value = saved.get(name)
            return str(value).strip() or None if value else None

        return cls(
            language=text("language"),
            channel=text("channel"),
            place=text("place"),
            kind=text("kind"),
            mine=saved.get("mine") in (True, "1", "on", "true"),
        )

    def saved(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v not in (None, False)}

    @property
    def active(self) -> bool:
        return bool(self.saved())


@dataclass
class Row:
    """One line of the queue: a conversation waiting for a person, or an open case."""

    case: Case | None
    conversation: Conversation | None
    priority: int
    since: datetime  # waiting since (asked for a person, or the case filed)
    due: datetime | None  # when someone must answer; None once acknowledged
    # why a person is wanted: distress, human_requested, reply_undelivered
    reason: str | None = None
    last_message: Message | None = None
    unread: int = 0
    reported_safe: datetime | None = None

    @property
    def language(self) -> str | None:
        return (self.case.language if self.case else None) or (
            self.conversation.language if self.conversation else None
        )

    @property
    def channel(self) -> str:
        return self.case.channel if self.case else self.conversation.channel  # type: ignore[union-attr]

    @property
    def holder(self) -> int | None:
        return self.conversation.held_by if self.conversation else None

    @property
    def assignee(self) -> int | None:
        return self.case.assigned_to if self.case else None

    @property
    def escalation(self) -> int:
        return self.case.escalation_level if self.case else 0

    @property
    def snippet(self) -> str:
        """The last message, short enough for one line of the queue."""
        text = " ".join((self.last_message.text if self.last_message else "").split())
        if len(text) <= LAST_MESSAGE_CHARS:
            return text
        return text[: LAST_MESSAGE_CHARS - 1].rstrip() + "…"

    def urgency(self) -> tuple[bool, datetime, int]:
        """Sort key: a person reported safe goes after everyone still in danger; then the
        nearest deadline, then the priority."""
        due = as_utc(self.due or self.since)
        return (self.reported_safe is not None, due, self.priority)


@dataclass
class Queue:
    waiting: list[Row]
    cases: list[Row]
    filters: QueueFilters
    escalated: list[Row] = field(default_factory=list)


class Triage:
    def __init__(self, store: Store, casework: Casework) -> None:
        self.store = store
        self.casework = casework

    def queue(self, user: User, filters: QueueFilters) -> Queue:
        """The waiting conversations and the open cases this user may see, filtered."""
        work = self.casework
        # A consul takes over no conversation: the "waiting for a person" list is not theirs.
        takers = [] if user.role == "consul" else work.takeover_queue(user)
        waiting = [self._waiting_row(item) for item in takers if _keeps(item, filters, user)]
        found = work.list_cases(
            user,
            CaseFilters(
                kind=filters.kind,
                channel=filters.channel,
                language=filters.language,
                place=filters.place,
                open_only=True,
                limit=200,
            ),
        )
        cases = [Row(case, None, case.priority, case.created_at, _case_due(work, case))
                 for case in found]  # fmt: skip
        self._fill(user, [*waiting, *cases])
        if filters.mine:
            cases = [r for r in cases if user.id in (r.assignee, r.holder)]
        waiting.sort(key=Row.urgency)
        cases.sort(key=lambda r: (r.reported_safe is not None, r.priority, as_utc(r.since)))
        escalated = [r for r in cases if r.escalation and r.due is not None]
        return Queue(waiting, cases, filters, escalated)

    def attention(self, user: User) -> int:
        """How many things wait for someone now: people waiting for a person, and escalated
        cases nobody acknowledged (the console's title counts them). A number, fetched at
        every arrival by every open page: not a view of any case, so not audited."""
        work = self.casework
        # A consul takes over nobody: only their escalations wait for them.
        waiting = [] if user.role == "consul" else work.takeover_queue(user, audit=False)
        counted = {item.case.id for item in waiting if item.case}
        escalated = work.list_cases(user, CaseFilters(escalated=True, limit=500), audit=False)
        return len(waiting) + sum(1 for case in escalated if case.id not in counted)

    def _waiting_row(self, item: QueueItem) -> Row:
        if item.reason == "human_requested":
            due: datetime | None = self.casework.deadlines.human_due(item.waiting_since)
        else:
            due = _case_due(self.casework, item.case)
        return Row(
            item.case, item.conversation, item.priority, item.waiting_since, due, item.reason
        )

    def _fill(self, user: User, rows: list[Row]) -> None:
        """Conversations, last messages, unread counts and safety reports, a query each."""
        with self.store.transaction() as session:
            need = {r.case.conversation_id for r in rows if r.conversation is None and r.case}
            need.discard(None)
            convs = {
                c.id: c
                for c in session.exec(select(Conversation).where(col(Conversation.id).in_(need)))
            }
            for row in rows:
                if row.conversation is None and row.case and row.case.conversation_id:
                    row.conversation = convs.get(row.case.conversation_id)
            conv_ids = {r.conversation.id for r in rows if r.conversation}
            last_ids = select(func.max(Message.id)).where(
                col(Message.conversation_id).in_(conv_ids)
            )
            last = {
                m.conversation_id: m
                for m in session.exec(
                    select(Message).where(
                        col(Message.id).in_(last_ids.group_by(col(Message.conversation_id)))
                    )
                )
            }
            read = (
                select(ConversationRead.message_id)
                .where(
                    ConversationRead.user_id == user.id,
                    ConversationRead.conversation_id == Message.conversation_id,
                )
                .scalar_subquery()
            )
            unread = dict(
                session.exec(
                    select(Message.conversation_id, func.count())
                    .where(
                        col(Message.conversation_id).in_(conv_ids),
                        Message.direction == "in",
                        col(Message.id) > func.coalesce(read, 0),
                    )
                    .group_by(col(Message.conversation_id))
                ).all()
            )
            case_ids = {r.case.id for r in rows if r.case}
            latest = (
                select(CaseEvent.case_id, CaseEvent.kind, func.max(CaseEvent.created_at))
                .where(
                    col(CaseEvent.case_id).in_(case_ids),
                    col(CaseEvent.kind).in_(("reported_safe", "danger_again")),
                )
                .group_by(col(CaseEvent.case_id), col(CaseEvent.kind))
            )
            when = {(case_id, kind): at for case_id, kind, at in session.exec(latest).all()}
            # safe, unless hurt or in danger again since: then back among those in danger
            safe = {}
            for (case_id, kind), at in when.items():
                again = when.get((case_id, "danger_again"))
                if kind == "reported_safe" and (again is None or again < at):
                    safe[case_id] = at
        for row in rows:
            if row.conversation is not None and row.conversation.id is not None:
                row.last_message = last.get(row.conversation.id)
                row.unread = unread.get(row.conversation.id, 0)
            if row.case is not None and row.case.id in safe:
                row.reported_safe = as_utc(safe[row.case.id])


def _case_due(work: Casework, case: Case | None) -> datetime | None:
    if case is None or case.acknowledged_at is not None:
        return None
    return work.deadlines.due(case)


def _keeps(item: QueueItem, filters: QueueFilters, user: User) -> bool:
    """Whether a waiting conversation passes the filters (as list_cases filters the cases);
    nobody holds it yet, so it is "mine" only when its case is assigned to me."""
    case, conv = item.case, item.conversation
    checks: Iterable[tuple[str | None, str | None]] = (
        (filters.language, (case.language if case else None) or conv.language),
        (filters.channel, conv.channel),
        (filters.place, case.place if case else None),
        (filters.kind, case.kind if case else None),
    )
    if filters.mine and (case is None or case.assigned_to != user.id):
        return False
    return all(wanted is None or wanted == value for wanted, value in checks)
