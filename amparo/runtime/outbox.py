"""The outbox: replies waiting to leave, with retries, backoff, and every outcome recorded."""

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, or_
from sqlalchemy.orm import aliased
from sqlmodel import col, select, update

from channels.base import SendResult
from channels.messages import DeliveryStatus, Reply
from channels.sms import sms_parts
from data.models import Conversation, OptOut, OutboxMessage, utcnow
from data.prepared import Prepared
from data.store import Store

PENDING = "queued"
CLAIMED, SENDING = "claimed", "sending"
# Provider statuses that mean the message did not reach the person.
_FAILED_STATUSES = {"failed", "undelivered"}
_OPTED_OUT_CODES = {"21610"}
_PROGRESS = {"unknown": 1, "sent": 2, "delivered": 3, "read": 4}
# The error of a message withheld on purpose (the person opted out, or was erased).
NOT_SENT = "not sent: "
# What reached the provider, or the person.
_REACHED = ("sent", "delivered", "read")
# payload["priority"] of bulk messages (alerts), mirrored in the `bulk` column the sender reads.
BULK = "bulk"
_OUTBOX = OutboxMessage.__table__  # type: ignore[attr-defined]
# A new row's columns beyond the message (SQLModel's defaults apply to objects only).
_NEW_ROW: dict[str, Any] = {"status": PENDING, "attempts": 0, "provider_message_id": None,
                            "error": None}  # fmt: skip
# One row a statement, on the DBAPI cursor: a turn queues one to three rows, and SQLAlchemy's
# ordered multi-row RETURNING cost more than the rows (~0.2 ms a turn).
_ADD = Prepared(insert(_OUTBOX).returning(_OUTBOX.c.id))


class Outbox:
    """Stores replies and what became of them; the worker's sender loop drains it."""

    def __init__(
        self,
        store: Store,
        retry_budget: timedelta = timedelta(hours=1),
        backoff: float = 1.0,
        max_backoff: float = 300.0,
        lease: float = 120.0,
    ) -> None:
        self.store = store
        self.lease = timedelta(seconds=lease)  # longer than any send (SEND_TIMEOUT_SECONDS)
        self._last_expiry: datetime | None = None
        # A time, not a number of tries: a provider's outage lasts minutes whatever the
        # tries, and a 429 answered fast would use tries up in seconds.
        self.retry_budget = retry_budget
        self.backoff = backoff
        self.max_backoff = max_backoff
        # Told (after the commit) of the conversation whose agent-written reply changed status,
        # so the console shows it live; bot replies are not announced (one event per send).
        self.on_agent_reply: Callable[[int], None] | None = None

    def enqueue(
        self,
        channel: str,
        recipient: str,
        conversation_id: int | None,
        replies: Sequence[Reply],
        bulk: bool = False,
        author_id: int | None = None,
    ) -> list[OutboxMessage]:
        """Queue the replies, in order (an SMS reply may become several messages); `bulk` ones
        (alerts) wait behind replies and go at the channel's pace; `author_id`: an agent wrote
        them. The rows, as stored."""
        with self.store.transaction() as session:
            ids = self.add(channel, recipient, conversation_id, replies, bulk, author_id)
            stored = {row.id: row for row in session.exec(
                select(OutboxMessage).where(col(OutboxMessage.id).in_(ids)))}  # fmt: skip
            return [stored[row_id] for row_id in ids]

    def add(
        self,
        channel: str,
        recipient: str,
        conversation_id: int | None,
        replies: Sequence[Reply],
        bulk: bool = False,
        author_id: int | None = None,
    ) -> list[int]:
        """`enqueue` without reading the rows back: their ids. One plain INSERT, as a turn
        stores its replies (ORM objects cost more than the rest of the turn's writes)."""
        now = utcnow()
        rows = []
        for reply in replies:
            buttons = [(b.title, b.payload) for b in reply.buttons]
            parts = sms_parts(reply.text, buttons) if channel == "sms" else [reply.text]
            payload = {
                "buttons": [] if channel == "sms" else buttons,
                "language": reply.language,
                "after_opt_out": reply.after_opt_out,
            } | ({"priority": BULK} if bulk else {})
            if author_id is not None:
                payload["author_id"] = author_id
            rows += [
                {**_NEW_ROW, "conversation_id": conversation_id, "channel": channel,
                 "recipient": recipient, "payload": {"text": part, **payload}, "bulk": bulk,
                 "next_attempt_at": now, "created_at": now, "updated_at": now}
                for part in parts
            ]  # fmt: skip
        if not rows:
            return []
        with self.store.begin() as tx:
            connection = tx.sql()  # a turn mostly has no ORM session: none is made for this
            return [_ADD.run(connection, row)[0].id for row in rows]

    def due(self, limit: int = 200, budget: Mapping[str, int] | None = None) -> list[OutboxMessage]:
        """Claim, for each recipient, its oldest unsent message if its time has come.

        With a `budget` (bulk messages each channel may send now), replies go first and
        unpaced, then bulk messages within each channel's budget; a reply never waits behind a
        bulk message to the same person.

        A claimed row is `claimed`, then `sending` while the request is out, until its outcome
        is recorded: several sender processes never send one message twice, and a recipient's
        next message waits for the one before it (order). A claim left by a process that died
        expires: back to the queue if the request never left, `unknown` if it may have gone
        (never sent again blindly).
        """
        now = utcnow()
        waiting = (PENDING, CLAIMED, SENDING)
        expired = col(OutboxMessage.next_attempt_at) <= now
        older = aliased(OutboxMessage)

        def nothing_older(*where: Any) -> Any:
            """Nothing older still waiting for the same person (an index probe per row)."""
            return ~(
                select(older.id)
                .where(
                    older.channel == OutboxMessage.channel,
                    older.recipient == OutboxMessage.recipient,
                    col(older.id) < col(OutboxMessage.id),
                    col(older.status).in_(waiting),
                    *where,
                )
                .exists()
            )

        first_in_line = nothing_older()

        def ready(*where: Any) -> Any:
            return (
                select(OutboxMessage.id)
                .where(OutboxMessage.status == PENDING, expired, *where)
                .order_by(col(OutboxMessage.id))
            )

        with self.store.transaction() as session:
            if self._expiry_due(now):
                self._expire(session, now)
            if budget is None:
                candidates = list(session.exec(ready(first_in_line).limit(limit)).all())
            else:
                # A reply may pass a bulk message to the same person; it never waits for one.
                replies_first = nothing_older(col(older.bulk).is_(False))
                not_bulk, is_bulk = col(OutboxMessage.bulk).is_(False), col(OutboxMessage.bulk)
                candidates = list(session.exec(ready(not_bulk, replies_first).limit(limit)).all())
                channel = col(OutboxMessage.channel)
                for name, allowed in budget.items():
                    if allowed > 0:
                        query = ready(is_bulk, channel == name, first_in_line).limit(allowed)
                        candidates += session.exec(query).all()
                unpaced = ready(is_bulk, channel.not_in(list(budget)), first_in_line)
                candidates += session.exec(unpaced.limit(limit)).all()
        if not candidates:
            return []
        with self.store.transaction() as session:  # one write: what another sender took is skipped
            won = session.exec(
                update(OutboxMessage)
                .where(col(OutboxMessage.id).in_(candidates), col(OutboxMessage.status) == PENDING)
                .values(status=CLAIMED, next_attempt_at=now + self.lease)
                .returning(col(OutboxMessage.id))
            ).all()
            ids = {row_id for (row_id,) in won}
            rows = {
                row.id: row
                for row in session.exec(select(OutboxMessage).where(col(OutboxMessage.id).in_(ids)))
            }
            return [rows[row_id] for row_id in candidates if row_id in rows]  # replies first

    def _expiry_due(self, now: datetime) -> bool:
        """Claims expire after a lease: looking for them a few times a lease is enough, and
        spares the write lock on every pass of the sender."""
        if self._last_expiry is not None and now - self._last_expiry < self.lease / 4:
            return False
        self._last_expiry = now
        return True

    def _expire(self, session: Any, now: datetime) -> None:
        """Claims left by a sender that died: back to the queue if the request never left,
        `unknown` if it may have (never sent again blindly)."""
        expired = col(OutboxMessage.next_attempt_at) <= now
        session.exec(
            update(OutboxMessage)
            .where(col(OutboxMessage.status) == CLAIMED, expired)
            .values(status=PENDING, updated_at=now)
        )
        session.exec(
            update(OutboxMessage)
            .where(col(OutboxMessage.status) == SENDING, expired)
            .values(status="unknown", error="the sender stopped during the send", updated_at=now)
        )

    def begin_send(self, row_id: int) -> tuple[bool, datetime | None]:
        """Mark a claimed row as going out now; whether its recipient opted out, and when they
        last wrote (for service windows) — one transaction."""
        [begun] = self.begin_sends([row_id])
        assert begun is not None, f"outbox row {row_id} vanished"
        return begun

    def begin_sends(self, row_ids: Sequence[int]) -> list[tuple[bool, datetime | None] | None]:
        """`begin_send` for several rows in one transaction (the sender's group commit); None
        for a row that is gone (its conversation was erased meanwhile)."""
        with self.store.transaction() as session:
            # One UPDATE … RETURNING what the checks need: loading the rows as ORM objects
            # and flushing them back cost the sender more than the statement.
            marked = session.exec(
                update(OutboxMessage)
                .where(col(OutboxMessage.id).in_(row_ids))
                .values(status=SENDING)
                .returning(
                    col(OutboxMessage.id),
                    col(OutboxMessage.channel),
                    col(OutboxMessage.recipient),
                    col(OutboxMessage.conversation_id),
                )
            ).all()
            rows = {row.id: row for row in marked}
            conversations = {row.conversation_id for row in marked} - {None}
            last_inbound = dict(
                session.exec(
                    select(Conversation.id, Conversation.last_inbound_at).where(
                        col(Conversation.id).in_(conversations)
                    )
                ).all()
                if conversations
                else []
            )
            digests = {row.id: self.store.sender_hash(row.channel, row.recipient) for row in marked}
            opted_out = set(
                session.exec(
                    select(OptOut.sender_hash).where(col(OptOut.sender_hash).in_(digests.values()))
                ).all()
                if digests
                else []
            )
            return [
                (digests[row_id] in opted_out, last_inbound.get(found.conversation_id))
                if (found := rows.get(row_id)) is not None
                else None
                for row_id in row_ids
            ]

    def record(self, row_id: int, result: SendResult) -> OutboxMessage:
        """What a send attempt did: sent, retry later (with backoff), or a final outcome."""
        [recorded] = self.record_many([(row_id, result)])
        assert recorded is not None, f"outbox row {row_id} vanished"
        return recorded

    def record_many(self, outcomes: Sequence[tuple[int, SendResult]]) -> list[OutboxMessage | None]:
        """`record` for several send attempts in one transaction (the sender's group commit);
        None for a row that is gone (its conversation was erased during the send)."""
        with self.store.transaction() as session:
            rows = self._rows(session, [row_id for row_id, _ in outcomes])
            for row_id, result in outcomes:
                if (row := rows.get(row_id)) is not None:
                    self._outcome(row, result)
        self._announce(rows.values())
        return [rows.get(row_id) for row_id, _ in outcomes]

    def _announce(self, rows: Iterable[OutboxMessage]) -> None:
        if self.on_agent_reply is None:
            return
        for conversation_id in {r.conversation_id for r in rows if r.payload.get("author_id")}:
            if conversation_id is not None:
                self.on_agent_reply(conversation_id)

    def _outcome(self, row: OutboxMessage, result: SendResult) -> None:
        now = utcnow()
        row.attempts += 1
        row.updated_at = now
        row.error = result.error
        if result.outcome == "sent":
            row.status, row.provider_message_id = "sent", result.provider_message_id
        elif result.outcome == "retry":
            row.retrying_since = row.retrying_since or now
            if now - row.retrying_since < self.retry_budget:
                # At least the backoff, and at least what the provider asked: a short
                # Retry-After on every 429 must not make the tries come faster.
                backoff = min(self.max_backoff, self.backoff * 2 ** (row.attempts - 1))
                delay = max(backoff, result.retry_after or 0.0)
                row.status, row.next_attempt_at = PENDING, now + timedelta(seconds=delay)
            else:
                minutes = (now - row.retrying_since).total_seconds() / 60
                row.status = "failed"
                row.error = (
                    f"gave up after {row.attempts} attempts in {minutes:.0f} min: {result.error}"
                )
        else:
            row.status = result.outcome
        if result.opted_out:
            self.store.opt_out(row.channel, row.recipient)

    @staticmethod
    def _rows(session: Any, row_ids: Sequence[int]) -> dict[int, OutboxMessage]:
        """The rows still there, by id, loaded in one query."""
        found = session.exec(select(OutboxMessage).where(col(OutboxMessage.id).in_(row_ids)))
        return {row.id: row for row in found}

    def apply_status(self, status: DeliveryStatus) -> bool:
        """A provider's delivery report; False if no message of ours has that id."""
        with self.store.transaction() as session:
            row = session.exec(
                select(OutboxMessage).where(
                    OutboxMessage.provider_message_id == status.provider_message_id
                )
            ).first()
            if row is None:
                return False
            row.updated_at = utcnow()
            if status.status in _FAILED_STATUSES:
                row.status = "failed"
                row.error = (
                    f"{status.status} {status.error_code or ''} {status.error or ''}".strip()
                )
            elif _PROGRESS.get(status.status, 0) > _PROGRESS.get(row.status, 0):
                row.status = status.status  # reports can arrive out of order: only move forward
            if status.error_code in _OPTED_OUT_CODES:
                self.store.opt_out(row.channel, row.recipient)
            session.add(row)
        self._announce([row])
        return True

    def undelivered(self) -> list[tuple[int, datetime]]:
        """Conversations left without a reply: one failed for good or ended unknown (not
        withheld on purpose; alerts have their own page), and nothing reached the person since.
        (conversation id, when the last such reply ended)."""
        later = aliased(OutboxMessage)
        error = col(OutboxMessage.error)
        with self.store.transaction() as session:
            rows = session.exec(
                select(OutboxMessage.conversation_id, func.max(OutboxMessage.updated_at))
                .where(
                    col(OutboxMessage.status).in_(("failed", "unknown")),
                    col(OutboxMessage.bulk).is_(False),
                    col(OutboxMessage.conversation_id).is_not(None),
                    or_(error.is_(None), ~error.startswith(NOT_SENT)),
                    ~select(later.id)
                    .where(
                        later.conversation_id == OutboxMessage.conversation_id,
                        col(later.id) > col(OutboxMessage.id),
                        col(later.status).in_(_REACHED),
                    )
                    .exists(),
                )
                .group_by(col(OutboxMessage.conversation_id))
            ).all()
            return [(conv_id, when) for conv_id, when in rows if conv_id is not None]

    def for_conversation(self, conversation_id: int) -> list[OutboxMessage]:
        with self.store.transaction() as session:
            return list(
                session.exec(
                    select(OutboxMessage)
                    .where(OutboxMessage.conversation_id == conversation_id)
                    .order_by(col(OutboxMessage.id))
                )
            )


def reply_status(rows: Iterable[OutboxMessage]) -> str | None:
    """What became of one reply (its SMS parts, or its one message), as an agent reads it:
    failed, held or unknown if any part was; else queued until every part left; else the
    least progress (sent, delivered, read). None if nothing was queued."""
    statuses = [r.status for r in rows]
    for worst in ("failed", "held", "unknown"):
        if worst in statuses:
            return worst
    if not statuses:
        return None
    if any(s not in _PROGRESS for s in statuses):
        return PENDING  # queued, claimed, sending: not gone yet
    return min(statuses, key=_PROGRESS.__getitem__)
