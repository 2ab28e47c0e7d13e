"""The pipeline after the inbox: queue → core → outbox (one transaction), and the outbox sender.

Inbox ids come off the queue one conversation at a time (partitions), the turn runner handles
the message, and its replies are written to the outbox in the same transaction that marks the
inbox row processed: a crash before the commit leaves the message to be handled again, never
half-handled. The sender drains the outbox, one message per recipient at a time, in order.
"""

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import TypeVar

from sqlalchemy.exc import InterfaceError, OperationalError

from amparo.observability import SENDS, timed_processing
from amparo.runtime.batching import GroupCommit
from amparo.runtime.events import EventBus
from amparo.runtime.inbox import Inbox
from amparo.runtime.limits import SendPace
from amparo.runtime.outbox import NOT_SENT, Outbox
from amparo.runtime.queue import MessageQueue, Traffic
from amparo.runtime.turns import Turn, TurnRunner
from channels.base import ChannelAdapter, Outgoing, SendResult
from data.models import OutboxMessage
from data.store import Store

log = logging.getLogger(__name__)
# Connection trouble, not a bug: retry rather than give a message up.
UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_SECONDS = 1.0
MAX_WAIT_SECONDS = 10.0
RECORD_TRIES = 60
SWEEP_SECONDS = 60.0
STALE = timedelta(minutes=2)
T = TypeVar("T")


async def patiently(what: str, attempt: Callable[[], Awaitable[T]]) -> T:
    """`attempt()` until it succeeds. At start-up the database or the queue's server may not
    be up yet (a restart, a deployment starting in any order): wait for it and say so, as a
    running worker waits out an outage, rather than exit."""
    delay = RETRY_SECONDS
    while True:
        try:
            return await attempt()
        except Exception as exc:
            first_line = next(iter(str(exc).strip().splitlines()), "")[:200]
            log.warning(
                "waiting for %s (%s: %s); trying again in %.0f s",
                what, type(exc).__name__, first_line, delay,
            )  # fmt: skip
            await asyncio.sleep(delay)
            delay = min(2 * delay, MAX_WAIT_SECONDS)


class Worker:
    """Runs the consumers and the sender as asyncio tasks in the current process."""

    def __init__(
        self,
        store: Store,
        runner: TurnRunner,
        queue: MessageQueue,
        adapters: dict[str, ChannelAdapter],
        *,
        outbox: Outbox | None = None,
        poll_seconds: float = 0.5,
        concurrent_sends: int = 16,
        handling_threads: int = 1,
        chunk: int = 32,
        traffic: Traffic | None = None,
        events: EventBus | None = None,
        pace: SendPace | None = None,
    ) -> None:
        self.store = store
        self.runner = runner
        self.queue = queue
        self.adapters = adapters
        self.inbox = Inbox(store)
        self.outbox = outbox or Outbox(store)
        self.poll_seconds = poll_seconds
        self.sends = asyncio.Semaphore(concurrent_sends)
        # The core is CPU-bound Python: more threads only fight the webhooks for the GIL.
        self.handling = asyncio.Semaphore(handling_threads)
        self.chunk = chunk  # messages of one partition handled in one hop to a thread
        self.traffic = traffic or Traffic()
        self.events = events or EventBus()
        self.wake = asyncio.Event()
        self.pace = pace  # bulk sends (alerts) at each channel's rate; None: unpaced
        self.alert_events: dict[int, float] = {}  # alert id → last progress event (throttle)
        self.tasks: list[asyncio.Task[None]] = []
        # The sends' two writes, group-committed: concurrent sends share their transactions
        # (and SQLite's write lock) instead of taking two each.
        self.begins: GroupCommit[int, tuple[bool, datetime | None] | None] = GroupCommit(
            self.outbox.begin_sends, "outbox-begin"
        )
        self.records: GroupCommit[tuple[int, SendResult], OutboxMessage | None] = GroupCommit(
            self.outbox.record_many, "outbox-record"
        )

    async def start(self) -> None:
        """Put back what an earlier process accepted but did not handle, then run; first wait
        for the database and the queue's server, if they are away."""
        await patiently("the database and the queue", self._requeue_unhandled)
        self.tasks = [asyncio.create_task(self._consume(p)) for p in range(self.queue.partitions)]
        self.tasks.append(asyncio.create_task(self._send_loop()))
        self.tasks.append(asyncio.create_task(self._sweep()))

    async def _requeue_unhandled(self) -> None:
        for key, inbox_id in await asyncio.to_thread(self.inbox.unprocessed):
            await self.queue.put(key, inbox_id)

    async def stop(self) -> None:
        # Python 3.11's asyncio.wait_for can swallow a cancellation that lands just as the
        # event it waits for is set (the send loop's wake-up): cancel again until all have
        # ended, or stop would wait for ever on a loop that carried on.
        while busy := [task for task in self.tasks if not task.done()]:
            for task in busy:
                task.cancel()
            await asyncio.wait(busy, timeout=0.5)
        for task in self.tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self.tasks = []
        await self.begins.close()
        await self.records.close()

    # queue → core → outbox

    async def _consume(self, partition: int) -> None:
        while True:
            try:
                # What else of this partition is already waiting goes in the same hop to a
                # thread: the core runs back to back instead of waiting, message after
                # message, for the event loop to hand it the next one.
                first = await self.queue.get(partition)
                chunk = deque([first, *self.queue.get_waiting(partition, self.chunk - 1)])
            except Exception:  # the queue's server is away: wait for it, lose nothing
                log.warning("queue partition %s unavailable; retrying", partition)
                await asyncio.sleep(RETRY_SECONDS)
                continue
            while chunk:
                taken = list(chunk)
                try:
                    await self.traffic.quiet()
                    async with self.handling, self.traffic.work():
                        await asyncio.to_thread(self.process_many, chunk)
                except UNAVAILABLE:  # the database is away: the message waits, unacked
                    log.warning("database unavailable; inbox %s will be retried", chunk[0])
                    await asyncio.sleep(RETRY_SECONDS)
                for inbox_id in taken[: len(taken) - len(chunk)]:
                    with contextlib.suppress(Exception):  # unacked, it is claimed again
                        await self.queue.ack(partition, inbox_id)
                self.wake.set()

    def process_many(self, chunk: deque[int]) -> None:
        """Handle the chunk's messages in order, each in its own transaction as `process` does,
        taking each off the chunk once handled; stop early for webhooks that came in."""
        while chunk:
            self.process(chunk[0])
            chunk.popleft()
            if self.traffic.active:  # webhooks first: the rest waits for them
                return

    def process(self, inbox_id: int) -> None:
        """Handle one inbox message exactly once, after its conversation's older ones that
        are still unhandled (they come first, whatever order the queue delivered them in)."""
        while True:
            with timed_processing():
                handled, turn = self._handle(inbox_id)
            if turn is not None:
                self._published(turn)
            if handled is None or handled == inbox_id:
                return

    def _published(self, turn: Turn) -> None:
        if turn.conversation_id is not None:  # the console shows it as it happens
            self.events.publish("message", conversation_id=turn.conversation_id, direction="in")
            if "human_requested" in turn.events:  # the console's queue and its notifications
                self.events.publish("human_requested", conversation_id=turn.conversation_id)
        if turn.case is not None:
            kind = "case_filed" if "case_filed" in turn.events else "case_updated"
            case = turn.case
            self.events.publish(kind, case_id=case.id, priority=case.priority, case_kind=case.kind)

    def _handle(self, inbox_id: int) -> tuple[int | None, Turn | None]:
        """The runner's turn (`TurnRunner.handle_inbox`): the id of the message handled, and
        its turn, None if there is nothing to say (throttled, or failed)."""
        try:
            return self.runner.handle_inbox(inbox_id)
        except UNAVAILABLE:
            raise
        except Exception as exc:
            # A bug, not the person's fault: keep the message, say which, and move on. The
            # turn rolled back, so the message it was handling is still the oldest unhandled.
            failed = self.inbox.first_unhandled(inbox_id)
            log.exception("inbox message %s could not be handled", failed)
            if failed is not None:
                self.inbox.mark_processed(failed, error=type(exc).__name__)
            return failed, None

    async def _sweep(self) -> None:
        """Queue again what was accepted long ago and is still not handled: a queue put lost
        with a process or a queue server (handling twice is prevented by the inbox)."""
        recent: dict[int, float] = {}
        loop = asyncio.get_running_loop()
        while True:
            await asyncio.sleep(SWEEP_SECONDS)
            try:
                stale = await asyncio.to_thread(self.inbox.unprocessed, STALE)
                for key, inbox_id in stale:
                    if loop.time() - recent.get(inbox_id, -1e9) > STALE.total_seconds():
                        await self.queue.put(key, inbox_id)
                        recent[inbox_id] = loop.time()
            except Exception:
                log.warning("inbox sweep failed; trying again later")

    # outbox → provider

    async def _send_loop(self) -> None:
        while True:
            await self.traffic.quiet()
            budget = self.pace.budget() if self.pace else None
            try:
                rows = await asyncio.to_thread(self.outbox.due, 200, budget)
            except UNAVAILABLE:
                log.warning("database unavailable; the outbox waits")
                await asyncio.sleep(RETRY_SECONDS)
                continue
            if self.pace:
                for row in rows:
                    self.pace.spend(row.channel)
            if rows:
                await asyncio.gather(*(self._send(row) for row in rows))
                continue
            self.wake.clear()
            # A channel out of tokens is due again sooner than the next poll.
            wait = self.pace.wait() if self.pace else None
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.wake.wait(), min(self.poll_seconds, wait or 1e9))

    async def _send(self, row: OutboxMessage) -> None:
        assert row.id is not None  # a claimed row
        await self.traffic.quiet()
        async with self.sends:
            try:
                result = await self._attempt(row)
                SENDS.labels(row.channel, result.outcome).inc()
            except UNAVAILABLE:  # nothing left: the claim expires back into the queue
                log.warning("database unavailable before sending outbox %s", row.id)
                return
            recorded = None
            for _ in range(RECORD_TRIES):  # what happened must not be forgotten
                try:
                    recorded = await self.records.submit((row.id, result))
                    break
                except UNAVAILABLE:
                    await asyncio.sleep(RETRY_SECONDS)
            if result.outcome in ("failed", "held", "unknown"):
                log.warning("outbox %s on %s: %s", row.id, row.channel, result.outcome)
            if (
                recorded is not None
                and recorded.status in ("failed", "unknown")
                and row.conversation_id is not None
                and not row.bulk  # an alert's failures are counted on its own page
            ):
                # The console's queue and conversation show replies that did not get through.
                self.events.publish("message", conversation_id=row.conversation_id, direction="out")
            if alert_id := row.payload.get("alert_id"):
                self._alert_progress(int(alert_id))

    def _alert_progress(self, alert_id: int) -> None:
        """The console's alert page follows its sends, at most a few events a second."""
        now = asyncio.get_running_loop().time()
        if now - self.alert_events.get(alert_id, -1.0) >= 0.5:
            self.alert_events[alert_id] = now
            self.events.publish("alert", alert_id=alert_id)

    async def _attempt(self, row: OutboxMessage) -> SendResult:
        assert row.id is not None  # a claimed row
        adapter = self.adapters.get(row.channel)
        if adapter is None:
            return SendResult("failed", error=f"channel {row.channel} is not configured")
        begun = await self.begins.submit(row.id)
        if begun is None:  # erased with its conversation since it was claimed
            return SendResult("failed", error=f"{NOT_SENT}the conversation was erased")
        opted_out, last_inbound = begun
        if opted_out and not row.payload.get("after_opt_out"):
            return SendResult("failed", error=f"{NOT_SENT}the person opted out")
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
