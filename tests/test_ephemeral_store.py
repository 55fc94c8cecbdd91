"""Flood counters and update claims, in process and in Redis (PEACEBOT_TEST_REDIS_URL)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis

from storage.ephemeral import EphemeralStore, MemoryEphemeralStore, RedisEphemeralStore
from tests.conftest import TEST_REDIS_URL

KINDS = ["memory", "redis"] if TEST_REDIS_URL else ["memory"]


@pytest.fixture(params=KINDS)
async def store(
    request: pytest.FixtureRequest, redis_url: str | None
) -> AsyncIterator[EphemeralStore]:
    if request.param == "memory":
        yield MemoryEphemeralStore()
        return
    assert redis_url is not None
    redis = Redis.from_url(redis_url)
    yield RedisEphemeralStore(redis, prefix="test")
    await redis.aclose()


async def test_a_key_is_claimed_once(store: EphemeralStore) -> None:
    assert await store.claim("update:1", 60)
    assert not await store.claim("update:1", 60)
    assert await store.claim("update:2", 60)


async def test_a_claim_expires(store: EphemeralStore) -> None:
    assert await store.claim("short", 1)
    await asyncio.sleep(1.1)
    assert await store.claim("short", 1)


async def test_hits_are_counted_per_key_and_window(store: EphemeralStore) -> None:
    assert [await store.count_hit("a", 0.3) for _ in range(3)] == [1, 2, 3]
    assert await store.count_hit("b", 0.3) == 1
    await asyncio.sleep(0.4)
    assert await store.count_hit("a", 0.3) == 1


async def test_concurrent_claims_have_one_winner(store: EphemeralStore) -> None:
    results = await asyncio.gather(*(store.claim("race", 60) for _ in range(20)))
    assert results.count(True) == 1
