"""The queue between the inbox and the core: put, get, ack, partitioned by conversation so that
one conversation's messages are handled in order, by one consumer at a time."""

import asyncio
import contextlib
import zlib
from collections.abc import AsyncIterator
from typing import Protocol


class MessageQueue(Protocol):
    """Carries inbox ids; the inbox itself is the durable record."""

    partitions: int

    def partition(self, key: str) -> int: ...

    async def put(self, key: str, item: int) -> None: ...

    async def get(self, partition: int) -> int: ...

    def get_waiting(self, partition: int, limit: int) -> list[int]:
        """Up to `limit` more items of this partition that are already here, in order, without
        waiting (after a `get`: the worker takes them in one go); a queue may return none."""
        ...

    async def ack(self, partition: int, item: int) -> None: ...


class InProcessQueue:
    """The embedded default: one asyncio queue per partition, in this process.

    What it holds is lost with the process, but never the messages: the inbox rows stay
    unprocessed and are put back on the queue at the next start.
    """

    def __init__(self, partitions: int = 4) -> None:
        self.partitions = partitions
        self._queues: list[asyncio.Queue[int]] = [asyncio.Queue() for _ in range(partitions)]

    def partition(self, key: str) -> int:
        return zlib.crc32(key.encode()) % self.partitions

    async def put(self, key: str, item: int) -> None:
        await self._queues[self.partition(key)].put(item)

    async def get(self, partition: int) -> int:
        return await self._queues[partition].get()

    def get_waiting(self, partition: int, limit: int) -> list[int]:
        queue = self._queues[partition]
        return [queue.get_nowait() for _ in range(min(limit, queue.qsize()))]

    async def ack(self, partition: int, item: int) -> None:
        self._queues[partition].task_done()

    def depth(self) -> int:
        return sum(q.qsize() for q in self._queues)


class Traffic:
    """Webhooks first: in one process, the worker starts its next piece of work only when no
    webhook is waiting for its acknowledgement (or after `patience`, so that a flood cannot
    stop handling altogether), and after a piece of work during which webhooks came in, it
    rests so that it takes at most `share` of the process. Threads share one interpreter
    lock: a worker that never rests slows every acknowledgement down. Providers time out on
    slow acknowledgements; handling a message a moment later costs nobody anything."""

    def __init__(self, patience: float = 2.0, share: float = 0.5) -> None:
        self.patience = patience
        self.share = share
        self.active = 0
        self.arrived = 0  # webhooks so far
        self._quiet = asyncio.Event()
        self._quiet.set()

    @contextlib.asynccontextmanager
    async def webhook(self) -> AsyncIterator[None]:
        """Hold the worker back while a webhook is being answered."""
        self.active += 1
        self.arrived += 1
        self._quiet.clear()
        try:
            yield
        finally:
            self.active -= 1
            if self.active == 0:
                self._quiet.set()

    async def quiet(self) -> None:
        """Return when no webhook is in flight, or after `patience` seconds."""
        if self.active:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._quiet.wait(), self.patience)

    @contextlib.asynccontextmanager
    async def work(self) -> AsyncIterator[None]:
        """One piece of the worker's work: after it, rest in proportion if webhooks came in
        meanwhile (a flood), so that they keep at least `1 - share` of the process."""
        loop = asyncio.get_running_loop()
        arrived, started = self.arrived, loop.time()
        yield
        if self.arrived != arrived:
            await asyncio.sleep((loop.time() - started) * (1 - self.share) / self.share)
