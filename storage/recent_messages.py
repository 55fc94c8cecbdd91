"""Ids of a participant's recent chat messages, kept 48 hours for the quick exit, no longer.

Telegram lets a bot delete messages in a private chat only within 48 hours, so nothing older
is worth keeping. Only ids are kept, never content; the key is the participant's pseudonym,
so erasure can find and remove it.
"""

from __future__ import annotations

import time
from typing import Protocol

from redis.asyncio import Redis

WINDOW_SECONDS = 48 * 3600


class RecentMessages(Protocol):
    async def remember(self, pseudonym: str, message_id: int) -> None: ...

    async def recent(self, pseudonym: str) -> list[int]:
        """Message ids younger than 48 hours, oldest first."""

    async def forget(self, pseudonym: str) -> None:
        """Forget all of this participant's ids."""


class MemoryRecentMessages:
    def __init__(self) -> None:
        self._ids: dict[str, dict[int, float]] = {}

    async def remember(self, pseudonym: str, message_id: int) -> None:
        self._ids.setdefault(pseudonym, {})[message_id] = time.time()

    async def recent(self, pseudonym: str) -> list[int]:
        cutoff = time.time() - WINDOW_SECONDS
        ids = self._ids.get(pseudonym, {})
        for message_id in [m for m, at in ids.items() if at < cutoff]:
            del ids[message_id]
        return sorted(ids, key=lambda m: (ids[m], m))

    async def forget(self, pseudonym: str) -> None:
        self._ids.pop(pseudonym, None)


class RedisRecentMessages:
    """A sorted set per participant, scored by time; the whole key expires after 48 hours."""

    def __init__(self, redis: Redis, prefix: str = "peacebot") -> None:
        self._redis, self._prefix = redis, prefix

    def _key(self, pseudonym: str) -> str:
        return f"{self._prefix}:recent:{pseudonym}"

    async def remember(self, pseudonym: str, message_id: int) -> None:
        key, now = self._key(pseudonym), time.time()
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.zadd(key, {str(message_id): now})
            pipe.zremrangebyscore(key, "-inf", now - WINDOW_SECONDS)
            pipe.expire(key, WINDOW_SECONDS)
            await pipe.execute()

    async def recent(self, pseudonym: str) -> list[int]:
        cutoff = time.time() - WINDOW_SECONDS
        members = await self._redis.zrangebyscore(self._key(pseudonym), cutoff, "+inf")
        return [int(member) for member in members]  # type: ignore[arg-type]

    async def forget(self, pseudonym: str) -> None:
        await self._redis.delete(self._key(pseudonym))
