"""Short-lived keys: flood counters and seen update ids, in Redis or in this process."""

from __future__ import annotations

import heapq
import time
from typing import Protocol

from redis.asyncio import Redis


class EphemeralStore(Protocol):
    async def count_hit(self, key: str, window_seconds: float) -> int:
        """Count one hit in the current window for `key`; returns the count so far."""

    async def claim(self, key: str, ttl_seconds: int) -> bool:
        """True the first time `key` is claimed within `ttl_seconds`, False after."""

    async def forget(self, key: str) -> None:
        """Drop the counter for `key` (a person declined or erased themselves)."""


class MemoryEphemeralStore:
    """For a single process (the embedded default)."""

    def __init__(self) -> None:
        self._expiry: dict[str, float] = {}
        self._counts: dict[str, int] = {}
        # (expires, key) in expiry order: pruning looks only at what has expired, however
        # many keys there are. An entry whose key was renewed or forgotten is skipped.
        self._queue: list[tuple[float, str]] = []

    def _prune(self, now: float) -> None:
        while self._queue and self._queue[0][0] <= now:
            expires, key = heapq.heappop(self._queue)
            if self._expiry.get(key) == expires:
                del self._expiry[key]
                self._counts.pop(key, None)

    def _expire_at(self, key: str, expires: float) -> None:
        self._expiry[key] = expires
        heapq.heappush(self._queue, (expires, key))

    def _live(self, key: str, now: float) -> bool:
        expires = self._expiry.get(key)
        if expires is None or expires <= now:
            self._expiry.pop(key, None)
            self._counts.pop(key, None)
            return False
        return True

    async def count_hit(self, key: str, window_seconds: float) -> int:
        now = time.monotonic()
        self._prune(now)
        if not self._live(key, now):
            self._expire_at(key, now + window_seconds)
        self._counts[key] = self._counts.get(key, 0) + 1
        return self._counts[key]

    async def claim(self, key: str, ttl_seconds: int) -> bool:
        now = time.monotonic()
        self._prune(now)
        if self._live(key, now):
            return False
        self._expire_at(key, now + ttl_seconds)
        return True

    async def forget(self, key: str) -> None:
        self._expiry.pop(key, None)
        self._counts.pop(key, None)


class RedisEphemeralStore:
    """Shared by every replica of the bot, so limits hold across processes."""

    def __init__(self, redis: Redis, prefix: str = "peacebot"):
        self._redis, self._prefix = redis, prefix

    async def count_hit(self, key: str, window_seconds: float) -> int:
        name = f"{self._prefix}:hits:{key}"
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.incr(name)
            pipe.pexpire(name, int(window_seconds * 1000), nx=True)
            count, _ = await pipe.execute()
        return int(count)

    async def claim(self, key: str, ttl_seconds: int) -> bool:
        return bool(
            await self._redis.set(f"{self._prefix}:claim:{key}", b"1", nx=True, ex=ttl_seconds)
        )

    async def forget(self, key: str) -> None:
        await self._redis.delete(f"{self._prefix}:hits:{key}")
