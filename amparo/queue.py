"""The queue between the inbox and the core: put, get, ack, partitioned by conversation so that
one conversation's messages are handled in order, by one consumer at a time."""

import asyncio
import zlib
from typing import Protocol


class MessageQueue(Protocol):
    """Carries inbox ids; the inbox itself is the durable record."""

    partitions: int

    def partition(self, key: str) -> int: ...

    async def put(self, key: str, item: int) -> None: ...

    async def get(self, partition: int) -> int: ...

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

    async def ack(self, partition: int, item: int) -> None:
        self._queues[partition].task_done()

    def depth(self) -> int:
        return sum(q.qsize() for q in self._queues)
