"""Live events for the console: a message arrived, a reply left, a case changed.

Publishers (the worker's threads, API handlers) call `publish`; each console connection
subscribes and gets the events as they happen. In one process this is an in-memory fan-out;
with REDIS_URL the events cross processes through Redis pub/sub (amparo/events_redis.py).
"""

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterator
from typing import Any

log = logging.getLogger(__name__)


class EventBus:
    """In-process fan-out to asyncio subscribers; `publish` is safe from any thread."""

    def __init__(self, buffer: int = 256) -> None:
        self.buffer = buffer
        self.subscribers: set[tuple[asyncio.AbstractEventLoop, asyncio.Queue[str]]] = set()

    def publish(self, kind: str, **fields: Any) -> None:
        self.deliver(json.dumps({"type": kind, **fields}, default=str))

    def deliver(self, event: str) -> None:
        """Hand one serialised event to every local subscriber."""
        for loop, queue in list(self.subscribers):
            with contextlib.suppress(RuntimeError):  # that subscriber's loop has closed
                loop.call_soon_threadsafe(_offer, queue, event)

    @contextlib.asynccontextmanager
    async def subscribe(self) -> AsyncIterator[asyncio.Queue[str]]:
        entry = (asyncio.get_running_loop(), asyncio.Queue[str](self.buffer))
        self.subscribers.add(entry)
        try:
            yield entry[1]
        finally:
            self.subscribers.discard(entry)

    async def start(self) -> None:
        """Nothing to connect to in process."""

    async def stop(self) -> None:
        """Nothing to disconnect."""


def _offer(queue: asyncio.Queue[str], event: str) -> None:
    if queue.full():  # a slow console misses old events rather than slowing everyone
        with contextlib.suppress(asyncio.QueueEmpty):
            queue.get_nowait()
    queue.put_nowait(event)


class RedisEventBus(EventBus):
    """Events of every process, through one Redis pub/sub channel: a message handled by a
    worker process reaches the console connected to an API process."""

    def __init__(self, url: str, channel: str = "amparo:events", buffer: int = 256) -> None:
        import redis

        super().__init__(buffer)
        self.url = url
        self.channel = channel
        self.publisher = redis.Redis.from_url(url)  # thread-safe pool, for worker threads
        self._task: asyncio.Task[None] | None = None

    def publish(self, kind: str, **fields: Any) -> None:
        try:
            self.publisher.publish(self.channel, json.dumps({"type": kind, **fields}, default=str))
        except Exception:  # a console that misses an event re-reads on its next one
            log.warning("could not publish a %s event to Redis", kind)

    async def start(self) -> None:
        self._task = asyncio.create_task(self._listen())

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _listen(self) -> None:
        import redis.asyncio as aioredis

        while True:  # reconnects after Redis restarts
            try:
                client = aioredis.from_url(self.url)
                async with client.pubsub() as pubsub:
                    await pubsub.subscribe(self.channel)
                    async for message in pubsub.listen():
                        if message.get("type") == "message":
                            self.deliver(message["data"].decode())
            except asyncio.CancelledError:
                raise
            except Exception:
                log.warning("lost the Redis event subscription; retrying")
                await asyncio.sleep(1)
