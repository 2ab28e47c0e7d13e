"""Intake: the first step after a webhook arrives. Verify → parse → inbox → queue.

The webhook is acknowledged only after its messages are stored in the inbox, and handled after
that, so a provider never waits on the bot and a crash after the acknowledgement loses
nothing. The web layer (api/routes/webhooks.py) only reads the request and maps the two
refusals below to 403 and 400.
"""

import asyncio
import logging
from dataclasses import replace

from amparo.observability import WEBHOOKS
from amparo.runtime.inbox import InboxWriter
from amparo.runtime.limits import Limiter
from amparo.runtime.outbox import Outbox
from amparo.runtime.queue import MessageQueue, Traffic
from channels.base import ChannelAdapter, PayloadError, SignatureError, WebhookRequest
from data.store import conversation_key

log = logging.getLogger(__name__)


class Rejected(Exception):
    """A webhook without the provider's valid signature (403)."""


class Malformed(Exception):
    """A webhook whose body the adapter cannot read (400)."""


class Intake:
    """Takes webhooks in, one conversation's messages in order, each stored before it is queued."""

    def __init__(
        self,
        inbox_writer: InboxWriter,
        queue: MessageQueue,
        outbox: Outbox,
        limiter: Limiter,
        traffic: Traffic,
        sender_limit_per_minute: int,
    ) -> None:
        self.inbox_writer = inbox_writer
        self.queue = queue
        self.outbox = outbox
        self.limiter = limiter
        self.traffic = traffic
        self.sender_limit_per_minute = sender_limit_per_minute
        self.unqueued: list[tuple[str, int]] = []

    async def accept(
        self,
        adapter: ChannelAdapter,
        webhook: WebhookRequest,
        *,
        messages: bool = True,
        statuses: bool = True,
    ) -> int:
        """Verify, parse, store and queue; the number of new messages accepted."""
        async with self.traffic.webhook():
            return await self._accept(adapter, webhook, messages=messages, statuses=statuses)

    async def _accept(
        self, adapter: ChannelAdapter, webhook: WebhookRequest, *, messages: bool, statuses: bool
    ) -> int:
        try:
            adapter.verify(webhook)
        except SignatureError as exc:
            log.warning("rejected %s webhook: %s", adapter.name, exc)
            raise Rejected(str(exc)) from exc
        try:
            parsed = adapter.parse(webhook) if messages else []
            reports = adapter.statuses(webhook) if statuses else []
        except PayloadError as exc:
            raise Malformed(str(exc)) from exc
        accepted = 0
        for msg in parsed:
            key = conversation_key(msg.channel, msg.sender)
            if not await self.limiter.allow(f"sender:{key}", self.sender_limit_per_minute):
                msg = replace(msg, throttled=True)
            inbox_id = await self.inbox_writer.accept(msg)
            if inbox_id is None:
                continue  # the provider retried a message already accepted
            await self.queue_message(key, inbox_id)
            WEBHOOKS.labels(msg.channel).inc()
            accepted += 1
        for report in reports:
            await asyncio.to_thread(self.outbox.apply_status, report)
        return accepted

    async def queue_message(self, key: str, inbox_id: int) -> None:
        """Hand a stored message to the queue. If the queue's server is away, the message is
        already safe in the inbox: acknowledge anyway and queue it when the server is back."""
        try:
            await self.queue.put(key, inbox_id)
        except Exception:
            log.warning("queue unavailable; inbox %s will be queued when it is back", inbox_id)
            self.unqueued.append((key, inbox_id))

    async def requeue_forever(self, every: float = 1.0) -> None:
        """Queue what could not be queued, in order, as soon as the queue answers again."""
        while True:
            await asyncio.sleep(every)
            while self.unqueued:
                key, inbox_id = self.unqueued[0]
                try:
                    await self.queue.put(key, inbox_id)
                except Exception:
                    break
                self.unqueued.pop(0)
