"""The inbox: every accepted inbound message, stored once, before the webhook answers."""

import functools
import uuid
from dataclasses import fields as dataclass_fields
from datetime import timedelta
from typing import Any

from sqlalchemy import Connection, bindparam, func
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import col, select, update

from amparo.runtime.batching import GroupCommit
from channels.messages import InboundMessage, Location, Media
from data.models import InboxMessage, utcnow
from data.prepared import Prepared
from data.store import Store, conversation_key

_FIELDS = [f.name for f in dataclass_fields(InboundMessage)]
# The first key of the conversations' advisory locks on PostgreSQL (any constant of our own).
_LOCK_SPACE = 0x414D50  # "AMP"

_TABLE = InboxMessage.__table__  # type: ignore[attr-defined]
_KEY = select(_TABLE.c.conversation_key).where(_TABLE.c.id == bindparam("inbox"))
# The worker's read of a message to handle, as plain SQL (the ORM's load of the row cost a
# tenth of the process's time under load): not the row it was given, but its conversation's
# oldest unhandled one up to it. The queue may deliver a conversation's messages out of order
# (ids re-queued after a queue outage, by another API process, or by the sweep): handled this
# way, they are handled in arrival order whatever it delivers, and a row delivered again once
# handled finds nothing. FOR UPDATE on PostgreSQL (SQLite renders nothing: its one write lock
# serialises the handlers): a second worker given the same row waits for the first's commit.
_OLDEST_UNHANDLED = Prepared(
    select(_TABLE.c.id, _TABLE.c.payload)
    .where(
        _TABLE.c.conversation_key == _KEY.scalar_subquery(),
        _TABLE.c.processed_at.is_(None),
        _TABLE.c.id <= bindparam("inbox"),
    )
    .order_by(_TABLE.c.id)
    .limit(1)
    .with_for_update()
)
# PostgreSQL: the conversation's lock for the transaction, taken before the read above, so
# that two workers holding one conversation's messages (a lease lost in a pause) take turns
# and the second reads what the first committed. (Waiting on a row lock instead, a SELECT …
# LIMIT 1 FOR UPDATE can come back empty when the row it waited for no longer matches.)
_LOCK = func.pg_advisory_xact_lock(_LOCK_SPACE, func.hashtext(_TABLE.c.conversation_key))
_CONVERSATION_LOCK = Prepared(select(_LOCK).where(_TABLE.c.id == bindparam("inbox")))


@functools.cache
def _insert(dialect: str) -> Any:
    """Skip what was accepted before. Executed with a batch's rows, SQLAlchemy sends them as
    multi-row INSERTs (its "insertmanyvalues"), not one round trip per message."""
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return (
        insert(_TABLE)
        .on_conflict_do_nothing(index_elements=["channel", "provider_message_id"])
        .returning(_TABLE.c.id, _TABLE.c.channel, _TABLE.c.provider_message_id)
    )


def to_payload(msg: InboundMessage) -> dict[str, Any]:
    # By hand: dataclasses.asdict deep-copies every field, on the webhooks' path.
    payload = {name: getattr(msg, name) for name in _FIELDS}
    payload["media"] = [{"url": m.url, "content_type": m.content_type} for m in msg.media]
    if (pin := msg.location) is not None:
        payload["location"] = {"latitude": pin.latitude, "longitude": pin.longitude,
                               "label": pin.label}  # fmt: skip
    if isinstance(msg.text, bytes):
        payload["text"] = msg.text.decode("utf-8", errors="replace")
    return payload


def from_payload(payload: dict[str, Any]) -> InboundMessage:
    fields = dict(payload)
    fields["media"] = tuple(Media(**m) for m in fields.get("media") or ())
    fields["location"] = Location(**fields["location"]) if fields.get("location") else None
    return InboundMessage(**fields)


def oldest_unhandled(connection: Connection, inbox_id: int) -> tuple[int, InboundMessage] | None:
    """The oldest message of `inbox_id`'s conversation not handled yet, up to `inbox_id`
    itself, with its id, locked for the transaction begun on `connection`; None if none is
    left (all handled, or erased)."""
    if connection.dialect.name == "postgresql":
        _CONVERSATION_LOCK.run(connection, {"inbox": inbox_id})
    found = _OLDEST_UNHANDLED.run(connection, {"inbox": inbox_id})
    return (found[0].id, from_payload(found[0].payload)) if found else None


class Inbox:
    """Stores inbound messages, deduplicated on the provider's message id."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def accept(self, msg: InboundMessage) -> int | None:
        """Store `msg`; its inbox id, or None if the provider already delivered it."""
        return self.accept_many([msg])[0]

    def accept_many(self, messages: list[InboundMessage]) -> list[int | None]:
        """Store several messages in one transaction (one commit, one disk sync); None for a
        message accepted before, or twice in the batch."""
        rows = [
            {
                "channel": msg.channel,
                "provider_message_id": msg.provider_message_id or f"local-{uuid.uuid4()}",
                "conversation_key": conversation_key(msg.channel, msg.sender),
                "payload": to_payload(msg),
                "received_at": utcnow(),
            }
            for msg in messages
        ]
        if not rows:
            return []
        engine = self.store.engine
        with self.store.first_in_line(), engine.begin() as db:
            stored = db.execute(_insert(engine.dialect.name), rows).all()
        # Rows come back in no promised order, and not at all for a repeat.
        new = {(channel, provider_id): inbox_id for inbox_id, channel, provider_id in stored}
        return [new.pop((row["channel"], row["provider_message_id"]), None) for row in rows]

    def first_unhandled(self, inbox_id: int) -> int | None:
        """The id of the row a worker given `inbox_id` handles first (`oldest_unhandled`)."""
        with self.store.begin() as tx:
            found = oldest_unhandled(tx.connection, inbox_id)
            return found[0] if found else None

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

    def unprocessed(self, older_than: timedelta | None = None) -> list[tuple[str, int]]:
        """(conversation key, id) of messages accepted but not yet handled, oldest first."""
        query = select(InboxMessage.conversation_key, InboxMessage.id).where(
            col(InboxMessage.processed_at).is_(None)
        )
        if older_than is not None:
            query = query.where(col(InboxMessage.received_at) <= utcnow() - older_than)
        with self.store.transaction() as session:
            rows = session.exec(query.order_by(col(InboxMessage.id)))
            return [(key, i) for key, i in rows if i is not None]  # stored rows: never None


class InboxWriter:
    """Group commit for webhooks: messages arriving together are stored in one transaction.

    Each webhook still waits until its own message is committed before it answers; under load
    one disk sync serves many webhooks instead of one each.
    """

    def __init__(self, inbox: Inbox, max_batch: int = 256) -> None:
        self.inbox = inbox
        self._writes: GroupCommit[InboundMessage, int | None] = GroupCommit(
            inbox.accept_many, "inbox", max_batch
        )

    async def accept(self, msg: InboundMessage) -> int | None:
        """Its inbox id once committed, or None if the provider already delivered it."""
        return await self._writes.submit(msg)

    async def close(self) -> None:
        await self._writes.close()
