"""The pipeline after the inbox: queue → core → outbox (one transaction), and the outbox sender.

Inbox ids come off the queue one conversation at a time (partitions), the core handles the
message, and its replies are written to the outbox in the same transaction that marks the
inbox row processed: a crash before the commit leaves the message to be handled again, never
half-handled. The sender drains the outbox, one message per recipient at a time, in order.
"""

import asyncio
import contextlib
import logging
from datetime import datetime

from amparo.inbox import Inbox, from_payload
from amparo.outbox import Outbox
from amparo.queue import MessageQueue, Traffic
from bot.dialogue import Core
from channels.base import ChannelAdapter, Outgoing, SendResult
from data.models import Conversation, OutboxMessage
from data.store import Store

log = logging.getLogger(__name__)


class Worker:
    """Runs the consumers and the sender as asyncio tasks in the current process."""

    def __init__(
        self,
        store: Store,
        core: Core,
        queue: MessageQueue,
        adapters: dict[str, ChannelAdapter],
        *,
        outbox: Outbox | None = None,
        poll_seconds: float = 0.5,
        concurrent_sends: int = 16,
        handling_threads: int = 1,
        traffic: Traffic | None = None,
    ) -> None:
        self.store = store
        self.core = core
        self.queue = queue
        self.adapters = adapters
        self.inbox = Inbox(store)
        self.outbox = outbox or Outbox(store)
        self.poll_seconds = poll_seconds
        self.sends = asyncio.Semaphore(concurrent_sends)
        # The core is CPU-bound Python: more threads only fight the webhooks for the GIL.
        self.handling = asyncio.Semaphore(handling_threads)
        self.traffic = traffic or Traffic()
        self.wake = asyncio.Event()
        self.tasks: list[asyncio.Task[None]] = []

    async def start(self) -> None:
        """Put back what an earlier process accepted but did not handle, then run."""
        for key, inbox_id in await asyncio.to_thread(self.inbox.unprocessed):
            await self.queue.put(key, inbox_id)
        self.tasks = [asyncio.create_task(self._consume(p)) for p in range(self.queue.partitions)]
        self.tasks.append(asyncio.create_task(self._send_loop()))

    async def stop(self) -> None:
        for task in self.tasks:
            task.cancel()
        for task in self.tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self.tasks = []

    # queue → core → outbox

    async def _consume(self, partition: int) -> None:
        while True:
            inbox_id = await self.queue.get(partition)
            try:
                await self.traffic.quiet()
                async with self.handling:
                    await asyncio.to_thread(self.process, inbox_id)
            finally:
                await self.queue.ack(partition, inbox_id)
            self.wake.set()

    def process(self, inbox_id: int) -> None:
        """Handle one inbox message exactly once."""
        row = self.inbox.get(inbox_id)
        if row is None or row.processed_at is not None:
            return
        msg = from_payload(row.payload)
        try:
            with self.store.transaction():
                turn = self.core.handle(msg)
                self.outbox.enqueue(msg.channel, msg.sender, turn.conversation_id, turn.replies)
                self.inbox.mark_processed(inbox_id)
        except Exception as exc:
            # A bug, not the person's fault: keep the message, say which, and move on.
            log.exception("inbox message %s could not be handled", inbox_id)
            self.inbox.mark_processed(inbox_id, error=type(exc).__name__)

    # outbox → provider

    async def _send_loop(self) -> None:
        while True:
            await self.traffic.quiet()
            rows = await asyncio.to_thread(self.outbox.due)
            if rows:
                await asyncio.gather(*(self._send(row) for row in rows))
                continue
            self.wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.wake.wait(), self.poll_seconds)

    async def _send(self, row: OutboxMessage) -> None:
        await self.traffic.quiet()
        async with self.sends:
            result = await self._attempt(row)
            await asyncio.to_thread(self.outbox.record, row.id, result)
            if result.outcome in ("failed", "held", "unknown"):
                log.warning("outbox %s on %s: %s", row.id, row.channel, result.outcome)

    async def _attempt(self, row: OutboxMessage) -> SendResult:
        adapter = self.adapters.get(row.channel)
        if adapter is None:
            return SendResult("failed", error=f"channel {row.channel} is not configured")
        opted_out, last_inbound = await asyncio.to_thread(self._recipient, row)
        if opted_out and not row.payload.get("after_opt_out"):
            return SendResult("failed", error="not sent: the person opted out")
        outgoing = Outgoing(
            channel=row.channel,
            recipient=row.recipient,
            text=row.payload["text"],
            buttons=tuple(tuple(b) for b in row.payload.get("buttons", [])),
            language=row.payload.get("language", "es"),
            template=row.payload.get("template"),
            last_inbound_at=last_inbound,
        )
        try:
            return await adapter.send(outgoing)
        except Exception as exc:  # an adapter bug must not stop the sender
            log.exception("adapter %s raised on outbox %s", row.channel, row.id)
            return SendResult("failed", error=f"adapter error: {type(exc).__name__}")

    def _recipient(self, row: OutboxMessage) -> tuple[bool, datetime | None]:
        """Whether the recipient opted out, and when they last wrote (one transaction)."""
        with self.store.transaction() as session:
            conv = session.get(Conversation, row.conversation_id) if row.conversation_id else None
            opted_out = self.store.is_opted_out(row.channel, row.recipient)
            return opted_out, conv.last_inbound_at if conv else None
