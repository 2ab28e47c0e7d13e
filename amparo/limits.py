"""Rate limits: per sender (one flooding number must not starve everyone else) and per client
IP on the API and console. Fixed one-minute windows, counted in this process, or in Redis
when REDIS_URL is set so that every process counts together."""

import time
from typing import Protocol


class Limiter(Protocol):
    async def allow(self, key: str, per_minute: int) -> bool: ...


class MemoryLimiter:
    def __init__(self) -> None:
        self.window = 0
        self.counts: dict[str, int] = {}

    async def allow(self, key: str, per_minute: int) -> bool:
        window = int(time.time() // 60)
        if window != self.window:  # a new minute: forget the last one
            self.window, self.counts = window, {}
        self.counts[key] = self.counts.get(key, 0) + 1
        return self.counts[key] <= per_minute


class RedisLimiter:
    def __init__(self, url: str, prefix: str = "amparo:limit") -> None:
        import redis.asyncio as aioredis

        self.redis = aioredis.from_url(url)
        self.prefix = prefix

    async def allow(self, key: str, per_minute: int) -> bool:
        name = f"{self.prefix}:{int(time.time() // 60)}:{key}"
        try:
            async with self.redis.pipeline(transaction=True) as pipe:
                count, _ = await pipe.incr(name).expire(name, 120).execute()
        except Exception:  # Redis away: better to let people through than to refuse them
            return True
        return int(count) <= per_minute
