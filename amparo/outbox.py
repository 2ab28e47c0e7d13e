"""The outbox: replies waiting to leave, with retries, backoff, and every outcome recorded."""

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlmodel import col, func, select, update

from channels.base import SendResult
from channels.messages import DeliveryStatus, Reply
from channels.sms import sms_parts
from data.models import Conversation, OutboxMessage, utcnow
from data.store import Store

PENDING = "queued"
CLAIMED, SENDING = "claimed", "sending"
# Provider statuses that mean the message did not reach the person.
_FAILED_STATUSES = {"failed", "undelivered"}
_OPTED_OUT_CODES = {"21610"}
_PROGRESS = {"unknown": 1, "sent": 2, "delivered": 3, "read": 4}


class Outbox:
    """Stores replies and what became of them; the sender loop in amparo.worker drains it."""

    def __init__(
        self,
        store: Store,
        max_attempts: int = 8,
        backoff: float = 1.0,
        max_backoff: float = 300.0,
        lease: float = 120.0,
    ) -> None:
        self.store = store
        self.lease = timedelta(seconds=lease)  # longer than any send (SEND_TIMEOUT_SECONDS)
        self.max_attempts = max_attempts
        self.backoff = backoff
        self.max_backoff = max_backoff

    def enqueue(
        self, channel: str, recipient: str, conversation_id: int | None, replies: Sequence[Reply]
    ) -> list[OutboxMessage]:
        """Queue the replies, in order (an SMS reply may become several messages)."""
        rows = []
        for reply in replies:
            buttons = [(b.title, b.payload) for b in reply.buttons]
            parts = sms_parts(reply.text, buttons) if channel == "sms" else [reply.text]
            for part in parts:
                rows.append(
                    OutboxMessage(
                        conversation_id=conversation_id,
                        channel=channel,
                        recipient=recipient,
                        payload={
                            "text": part,
                            "buttons": [] if channel == "sms" else buttons,
                            "language": reply.language,
                            "after_opt_out": reply.after_opt_out,
                        },
                    )
                )
        with self.store.transaction() as session:
            session.add_all(rows)
            session.flush()
        return rows

    def due(self, limit: int = 200) -> list[OutboxMessage]:
        """Claim, for each recipient, its oldest unsent message if its time has come.

        A claimed row is `claimed`, then `sending` while the request is out, until its outcome
        is recorded: several sender processes never send one message twice, and a recipient's
        next message waits for the one before it (order). A claim left by a process that died
        expires: back to the queue if the request never left, `unknown` if it may have gone
        (never sent again blindly).
        """
        now = utcnow()
        oldest = (
            select(func.min(OutboxMessage.id))
            .where(col(OutboxMessage.status).in_((PENDING, CLAIMED, SENDING)))
            .group_by(col(OutboxMessage.channel), col(OutboxMessage.recipient))
        )
        expired = col(OutboxMessage.next_attempt_at) <= now
        with self.store.transaction() as session:
            session.exec(
                update(OutboxMessage)
                .where(OutboxMessage.status == CLAIMED, expired)
                .values(status=PENDING, updated_at=now)
            )
            session.exec(
                update(OutboxMessage)
                .where(OutboxMessage.status == SENDING, expired)
                .values(
                    status="unknown", error="the sender stopped during the send", updated_at=now
                )
            )
            candidates = session.exec(
                select(OutboxMessage.id)
                .where(col(OutboxMessage.id).in_(oldest))
                .where(OutboxMessage.status == PENDING)
                .where(col(OutboxMessage.next_attempt_at) <= now)
                .order_by(col(OutboxMessage.id))
                .limit(limit)
            ).all()
        claimed = []
        for row_id in candidates:
            with self.store.transaction() as session:
                won = session.exec(  # type: ignore[call-overload]
                    update(OutboxMessage)
                    .where(OutboxMessage.id == row_id, OutboxMessage.status == PENDING)
                    .values(status=CLAIMED, next_attempt_at=now + self.lease)
                ).rowcount
                if won:
                    claimed.append(session.get(OutboxMessage, row_id))
        return claimed

    def begin_send(self, row_id: int) -> tuple[bool, datetime | None]:
        """Mark a claimed row as going out now; whether its recipient opted out, and when they
        last wrote (for service windows) — one transaction."""
        with self.store.transaction() as session:
            row = session.get(OutboxMessage, row_id)
            assert row is not None, f"outbox row {row_id} vanished"
            row.status = SENDING
            conv = session.get(Conversation, row.conversation_id) if row.conversation_id else None
            opted_out = self.store.is_opted_out(row.channel, row.recipient)
            return opted_out, conv.last_inbound_at if conv else None

    def record(self, row_id: int, result: SendResult) -> OutboxMessage:
        """What a send attempt did: sent, retry later (with backoff), or a final outcome."""
        with self.store.transaction() as session:
            row = session.get(OutboxMessage, row_id)
            assert row is not None, f"outbox row {row_id} vanished"
            row.attempts += 1
            row.updated_at = utcnow()
            row.error = result.error
            if result.outcome == "sent":
                row.status, row.provider_message_id = "sent", result.provider_message_id
            elif result.outcome == "retry" and row.attempts < self.max_attempts:
                delay = result.retry_after or min(
                    self.max_backoff, self.backoff * 2 ** (row.attempts - 1)
                )
                row.status, row.next_attempt_at = PENDING, utcnow() + timedelta(seconds=delay)
            elif result.outcome == "retry":
                row.status = "failed"
                row.error = f"gave up after {row.attempts} attempts: {result.error}"
            else:
                row.status = result.outcome
            if result.opted_out:
                self.store.opt_out(row.channel, row.recipient)
            session.add(row)
            return row

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
            return True

    def for_conversation(self, conversation_id: int) -> list[OutboxMessage]:
        with self.store.transaction() as session:
            return list(
                session.exec(
                    select(OutboxMessage)
                    .where(OutboxMessage.conversation_id == conversation_id)
                    .order_by(col(OutboxMessage.id))
                )
            )
