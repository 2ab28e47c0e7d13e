"""The inbox: every accepted inbound message, stored once, before the webhook answers."""

import uuid
from dataclasses import asdict
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlmodel import col, select, update

from channels.messages import InboundMessage, Location, Media
from data.models import InboxMessage, utcnow
from data.store import Store, conversation_key


def to_payload(msg: InboundMessage) -> dict[str, Any]:
    payload = asdict(msg)
    if isinstance(msg.text, bytes):
        payload["text"] = msg.text.decode("utf-8", errors="replace")
    return payload


def from_payload(payload: dict[str, Any]) -> InboundMessage:
    fields = dict(payload)
    fields["media"] = tuple(Media(**m) for m in fields.get("media") or ())
    fields["location"] = Location(**fields["location"]) if fields.get("location") else None
    return InboundMessage(**fields)


class Inbox:
    """Stores inbound messages, deduplicated on the provider's message id."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def accept(self, msg: InboundMessage) -> int | None:
        """Store `msg`; its inbox id, or None if the provider already delivered it."""
        row = InboxMessage(
            channel=msg.channel,
            provider_message_id=msg.provider_message_id or f"local-{uuid.uuid4()}",
            conversation_key=conversation_key(msg.channel, msg.sender),
            payload=to_payload(msg),
        )
        try:
            with self.store.transaction() as session:
                session.add(row)
        except IntegrityError:
            return None
        return row.id

    def get(self, inbox_id: int) -> InboxMessage | None:
        with self.store.transaction() as session:
            return session.get(InboxMessage, inbox_id)

    def mark_processed(self, inbox_id: int, error: str | None = None) -> None:
        with self.store.transaction() as session:
            session.exec(
                update(InboxMessage)
                .where(col(InboxMessage.id) == inbox_id)
                .values(processed_at=utcnow(), error=error)
            )

    def unprocessed(self) -> list[tuple[str, int]]:
        """(conversation key, id) of messages accepted but not yet handled, oldest first."""
        with self.store.transaction() as session:
            rows = session.exec(
                select(InboxMessage.conversation_key, InboxMessage.id)
                .where(col(InboxMessage.processed_at).is_(None))
                .order_by(col(InboxMessage.id))
            )
            return [(key, int(i)) for key, i in rows]
