"""The Redis parts of production mode against a real redis-server: the stream queue (order,
leases, a dead worker's messages claimed by another), console events across processes, and
the shared rate limits."""

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from amparo.runtime.events import RedisEventBus
from amparo.runtime.limits import RedisLimiter
from amparo.runtime.redis_queue import RedisStreamQueue
from tests.servers import RedisServer


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    server = RedisServer(tmp_path / "redis").start()
    yield server.url
    server.stop()


def test_one_conversation_is_read_in_order_by_one_worker(redis_url: str) -> None:
    async def main() -> None:
        first = RedisStreamQueue(redis_url, partitions=2, consumer="a", block_ms=100)
        second = RedisStreamQueue(redis_url, partitions=2, consumer="b", block_ms=100)
        key = "sms:+17135550123"
        p = first.partition(key)
        for item in range(1, 6):
            await first.put(key, item)
        got = [await first.get(p) for _ in range(2)]
        await first.ack(p, got[0])
        # the partition is held by `a`: `b` gets nothing from it meanwhile
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(second.get(p), 0.5)
        await first.ack(p, got[1])
        rest = [await first.get(p) for _ in range(3)]
        assert got + rest == [1, 2, 3, 4, 5]
        for item in rest:
            await first.ack(p, item)
        await first.release()
        await second.release()

    asyncio.run(main())


def test_a_dead_workers_messages_are_claimed_by_the_next_holder(redis_url: str) -> None:
    async def main() -> None:
        dead = RedisStreamQueue(redis_url, partitions=1, consumer="dead", lease_seconds=0.3)
        key = "whatsapp:MX.1"
        for item in (10, 11, 12):
            await dead.put(key, item)
        assert await dead.get(0) == 10  # read, then the process is killed: never acknowledged
        await dead.redis.aclose()
        heir = RedisStreamQueue(redis_url, partitions=1, consumer="heir", block_ms=100)
        await asyncio.sleep(0.5)  # the dead worker's lease runs out
        got = [await asyncio.wait_for(heir.get(0), 5) for _ in range(3)]
        assert got == [10, 11, 12]  # the unacknowledged one first: order is kept
        for item in got:
            await heir.ack(0, item)
        assert await heir.depth() == 0
        await heir.release()

    asyncio.run(main())


def test_partitions_are_shared_among_live_workers(redis_url: str) -> None:
    async def main() -> None:
        queues = [
            RedisStreamQueue(redis_url, partitions=4, consumer=name, block_ms=50)
            for name in ("w1", "w2")
        ]
        for q in queues:  # both announce themselves before taking leases
            await q._workers()
        for q in queues:
            q._counted_at = -10.0
        held = {q.consumer: [p for p in range(4) if await q._hold(p)] for q in queues}
        assert sorted(held["w1"] + held["w2"]) == [0, 1, 2, 3]
        assert len(held["w1"]) == len(held["w2"]) == 2
        for q in queues:
            await q.release()

    asyncio.run(main())


def test_console_events_cross_processes_through_pub_sub(redis_url: str) -> None:
    async def main() -> None:
        api, worker = RedisEventBus(redis_url), RedisEventBus(redis_url)
        await api.start()
        async with api.subscribe() as queue:
            await asyncio.sleep(0.3)  # subscribed
            await asyncio.to_thread(worker.publish, "message", conversation_id=7, direction="in")
            event = json.loads(await asyncio.wait_for(queue.get(), 5))
        await api.stop()
        assert event == {"type": "message", "conversation_id": 7, "direction": "in"}

    asyncio.run(main())


def test_rate_limits_are_counted_together(redis_url: str) -> None:
    async def main() -> None:
        one, two = RedisLimiter(redis_url), RedisLimiter(redis_url)
        allowed = [await (one if n % 2 else two).allow("sender:sms:+1", 5) for n in range(8)]
        assert allowed == [True] * 5 + [False] * 3
        assert await one.allow("sender:sms:+2", 5)  # another sender is not affected

    asyncio.run(main())
