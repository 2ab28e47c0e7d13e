"""Rate limits: per sender (one flooding number must not starve everyone else) and per client
IP on the API and console. Fixed one-minute windows, counted in this process, or in Redis
when REDIS_URL is set so that every process counts together."""

import time
from collections.abc import Callable
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
                pipe.incr(name)
                pipe.expire(name, 120)
                count, _ = await pipe.execute()
        except Exception:  # Redis away: better to let people through than to refuse them
            return True
        return int(count) <= per_minute


class SendPace:
    """Token buckets per channel for bulk sends (alerts): `rates` messages a second, in bursts
    of at most one second's worth. Replies to live conversations are never held back, but they
    spend tokens too, so an alert fills only what the provider's rate leaves over. Counted in
    this sender process: with several senders, divide the rates among them."""

    def __init__(self, rates: dict[str, float], clock: Callable[[], float] = time.monotonic):
        self.rates = dict(rates)
        self.clock = clock
        now = clock()
        self.tokens = {channel: min(1.0, rate) for channel, rate in self.rates.items()}
        self.stamp = {channel: now for channel in self.rates}

    def _refill(self, channel: str) -> float:
        now, rate = self.clock(), self.rates[channel]
        elapsed = now - self.stamp[channel]
        self.stamp[channel] = now
        self.tokens[channel] = min(max(1.0, rate), self.tokens[channel] + elapsed * rate)
        return self.tokens[channel]

    def budget(self) -> dict[str, int]:
        """How many bulk messages each limited channel may send now."""
        return {channel: max(0, int(self._refill(channel))) for channel in self.rates}

    def spend(self, channel: str) -> None:
        if channel in self.rates:
            # A burst of replies may overdraw by a second's worth at most: alerts then wait.
            self.tokens[channel] = max(-self.rates[channel], self.tokens[channel] - 1)

    def wait(self) -> float | None:
        """Seconds until an exhausted channel has a token again (None: none is exhausted)."""
        waits = [(1 - self.tokens[c]) / self.rates[c] for c in self.rates if self.tokens[c] < 1]
        return min(waits) if waits else None
