"""What the bot has stored, everywhere: every database row, every Redis key (or, without Redis,
the in-process state), so a test can compare before and after or search for a person."""

from __future__ import annotations

from typing import Any

from aiogram.fsm.storage.memory import MemoryStorage
from sqlalchemy import select

from bot.traces import Traces
from emulator import SimulatedPerson
from services.pseudonyms import pseudonym_for
from storage.ephemeral import MemoryEphemeralStore
from storage.models import Base, Participant
from storage.recent_messages import MemoryRecentMessages
from tests.conftest import TEST_PEPPER, RunningBot

# Repeat detection keeps "this update id was handled" for a day. The key names only the
# bot and Telegram's running update number, nothing about the person; tests leave them out.
_UPDATE_CLAIMS = "peacebot:claim:update:"


async def database_rows(running_bot: RunningBot) -> dict[str, list[tuple[Any, ...]]]:
    rows: dict[str, list[tuple[Any, ...]]] = {}
    async with running_bot.runtime.session_factory() as session:
        for table in Base.metadata.sorted_tables:
            result = await session.execute(select(table))
            rows[table.name] = sorted((tuple(row) for row in result), key=repr)
    return rows


async def ephemeral_state(running_bot: RunningBot) -> dict[str, Any]:
    """Redis keys and values, or the in-process equivalents (conversation state, counters,
    recent message ids)."""
    redis = running_bot.runtime.redis
    if redis is not None:
        state: dict[str, Any] = {}
        async for raw in redis.scan_iter(count=1000):
            key = raw.decode()
            if key.startswith(_UPDATE_CLAIMS):
                continue
            state[key] = await _redis_value(redis, raw)
        return state
    storage = running_bot.dispatcher.storage
    assert isinstance(storage, MemoryStorage)
    traces: Traces = running_bot.dispatcher["traces"]
    recent = traces.recent
    flood_store = traces._flood._store
    assert isinstance(recent, MemoryRecentMessages)
    assert isinstance(flood_store, MemoryEphemeralStore)
    conversations = {
        repr(key): (record.state, dict(record.data))
        for key, record in storage.storage.items()
        if record.state is not None or record.data
    }
    return {
        "conversations": conversations,
        "counters": dict(flood_store._counts),
        "recent": {k: dict(v) for k, v in recent._ids.items()},
    }


def pseudonym_of(person: SimulatedPerson) -> str:
    return pseudonym_for(TEST_PEPPER.encode(), person.user_id)


async def stored_participant(
    running_bot: RunningBot, person: SimulatedPerson
) -> Participant | None:
    """Their participant row, if there is one."""
    async with running_bot.runtime.session_factory() as session:
        return await session.scalar(
            select(Participant).where(Participant.pseudonym == pseudonym_of(person))
        )


async def participant_of(running_bot: RunningBot, person: SimulatedPerson) -> Participant:
    """Their participant row, which must exist."""
    found = await stored_participant(running_bot, person)
    assert found is not None
    return found


def without_flood_counters(state: dict[str, Any]) -> dict[str, Any]:
    """The state less the flood counters (a hashed id and a count of recent updates, gone
    within seconds): for comparing before and after actions that must keep nothing."""
    return {
        key: value
        for key, value in state.items()
        if key != "counters" and not key.startswith("peacebot:hits:")
    }


async def _redis_value(redis: Any, key: bytes) -> Any:
    kind = (await redis.type(key)).decode()
    if kind == "string":
        return await redis.get(key)
    if kind == "hash":
        return await redis.hgetall(key)
    if kind == "zset":
        return await redis.zrange(key, 0, -1)
    if kind == "set":
        return sorted(await redis.smembers(key))
    if kind == "list":
        return await redis.lrange(key, 0, -1)
    return kind


async def mentions(running_bot: RunningBot, *needles: str) -> list[str]:
    """Every place (table row, Redis key or value, in-process entry) containing a needle."""
    found = []
    for table, rows in (await database_rows(running_bot)).items():
        for row in rows:
            if any(needle in repr(row) for needle in needles):
                found.append(f"{table}: {row!r}")
    for key, value in (await ephemeral_state(running_bot)).items():
        text = f"{key} {value!r}"
        if any(needle in text for needle in needles):
            found.append(text)
    return found
