"""The production queue: Redis Streams, shared by every API and worker process.

One stream per partition (a conversation always hashes to the same one) and one consumer
group. A worker reads a partition only while it holds that partition's lease, so one
conversation's messages are handled by one worker at a time, in order. Leases are shared out
fairly among the live workers. When a worker dies, its leases run out; the next holder first
claims the entries the dead worker had read but not acknowledged (XAUTOCLAIM), then reads on.
The inbox in the database stays the durable record: the stream only carries inbox ids.
"""

import asyncio
import math
import os
import socket
import uuid
import zlib
from typing import Any, cast

import redis.asyncio as aioredis

GROUP = "workers"
PEEK = 16  # pending entries looked at per read (more than a worker ever holds at once)
# An XREADGROUP reply in RESP2, the client's protocol: [[stream, [(entry id, fields), ...]]].
StreamReply = list[list[Any]]


class RedisStreamQueue:
    def __init__(
        self,
        url: str,
        partitions: int = 16,
        *,
        prefix: str = "amparo",
        consumer: str | None = None,
        lease_seconds: float = 10.0,
        block_ms: int = 1000,
    ) -> None:
        self.redis = aioredis.from_url(url)
        self.partitions = partitions
        self.prefix = prefix
        self.consumer = consumer or f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:6]}"
        self.lease_ms = int(lease_seconds * 1000)
        self.block_ms = block_ms
        self._entries: dict[tuple[int, int], bytes] = {}  # (partition, inbox id) → entry id
        self._groups: set[int] = set()
        self._worker_count, self._counted_at = 1, -10.0

    def partition(self, key: str) -> int:
        return zlib.crc32(key.encode()) % self.partitions

    def _stream(self, partition: int) -> str:
        return f"{self.prefix}:inbox:{partition}"

    def _lease(self, partition: int) -> str:
        return f"{self.prefix}:lease:{partition}"

    async def _group(self, partition: int) -> None:
        if partition in self._groups:
            return
        try:
            await self.redis.xgroup_create(self._stream(partition), GROUP, id="0", mkstream=True)
        except aioredis.ResponseError as exc:
            if "BUSYGROUP" not in str(exc):
                raise
        self._groups.add(partition)

    async def put(self, key: str, item: int) -> None:
        await self.redis.xadd(self._stream(self.partition(key)), {"id": str(item)})

    async def get(self, partition: int) -> int:
        """The next inbox id of this partition, once this worker holds its lease."""
        await self._group(partition)
        stream = self._stream(partition)
        while True:
            if not await self._hold(partition):
                await asyncio.sleep(self.block_ms / 1000)
                continue
            # Entries read by an earlier holder and never acknowledged come first (order);
            # then this worker's own unacknowledged ones (after a reconnect), then new ones.
            in_hand = {e for (p, _), e in self._entries.items() if p == partition}
            # [next start, entries] on Redis 6.2; Redis 7 adds the ids of deleted entries.
            claimed = (
                await self.redis.xautoclaim(
                    stream, GROUP, self.consumer, min_idle_time=0, start_id="0-0", count=PEEK
                )
            )[1]
            waiting = [entry for entry in claimed if entry[0] not in in_hand]
            if not waiting:
                own = cast(
                    StreamReply,
                    await self.redis.xreadgroup(GROUP, self.consumer, {stream: "0"}, count=PEEK),
                )
                pending = own[0][1] if own and own[0][1] else []
                waiting = [entry for entry in pending if entry[0] not in in_hand]
            if not waiting:
                fresh = cast(
                    StreamReply,
                    await self.redis.xreadgroup(
                        GROUP, self.consumer, {stream: ">"}, count=1, block=self.block_ms
                    ),
                )
                waiting = fresh[0][1] if fresh else []
            if waiting:
                entry_id, fields = waiting[0]
                item = int(fields[b"id"])
                self._entries[(partition, item)] = entry_id
                return item

    def get_waiting(self, partition: int, limit: int) -> list[int]:
        """None: each item is taken under the partition's lease, one `get` at a time."""
        return []

    async def ack(self, partition: int, item: int) -> None:
        entry_id = self._entries.pop((partition, item), None)
        if entry_id is not None:
            stream = self._stream(partition)
            await self.redis.xack(stream, GROUP, entry_id)
            await self.redis.xdel(stream, entry_id)

    async def _hold(self, partition: int) -> bool:
        """Take or renew this partition's lease, giving it up beyond a fair share."""
        lease = self._lease(partition)
        me = self.consumer.encode()
        leases = await self.redis.mget([self._lease(p) for p in range(self.partitions)])
        held = sum(1 for holder in leases if holder == me)
        share = math.ceil(self.partitions / await self._workers())
        if leases[partition] == me:
            if held > share:
                await self.redis.delete(lease)  # another worker takes it at its next look
                return False
            await self.redis.pexpire(lease, self.lease_ms)
            return True
        if leases[partition] is not None or held >= share:
            return False
        return bool(await self.redis.set(lease, me, nx=True, px=self.lease_ms))

    async def _workers(self) -> int:
        """Live workers (each renews its own key), looked up at most once a second."""
        now = asyncio.get_running_loop().time()
        if now - self._counted_at > 1.0:
            await self.redis.set(f"{self.prefix}:worker:{self.consumer}", 1, px=self.lease_ms)
            self._worker_count = max(
                1, len([k async for k in self.redis.scan_iter(f"{self.prefix}:worker:*")])
            )
            self._counted_at = now
        return self._worker_count

    async def release(self) -> None:
        """Give up this worker's leases at a clean stop, so others take over at once."""
        me = self.consumer.encode()
        for p in range(self.partitions):
            if await self.redis.get(self._lease(p)) == me:
                await self.redis.delete(self._lease(p))
        await self.redis.delete(f"{self.prefix}:worker:{self.consumer}")
        await self.redis.aclose()

    async def depth(self) -> int:
        """Messages waiting or in hand, over all partitions (for /metrics)."""
        total = 0
        for p in range(self.partitions):
            total += await self.redis.xlen(self._stream(p))
        return total
