"""The global send pace for broadcasts, and the one-message-a-second gate for each chat.

The pace is GCRA, a token bucket of capacity one: each send reserves the next free slot, slots
are exactly 1/R apart (in whole microseconds, rounded up), and the sender sleeps until its slot.
So no half-open one-second window ever holds more than R sends and idle time saves up no burst,
where a fixed "R per second" window lets nearly 2R through across a window boundary.

A 429 pauses the pace for everyone sharing it: no slot is given before it ends, and a sender
whose slot (reserved earlier) comes during the pause waits for its end and takes a new one
(`wait_for_slot`). Chat keys are never raw Telegram chat ids: callers pass a pseudonymous key
(e.g. the delivery's participant id).
"""

from __future__ import annotations

import asyncio
import heapq
import math
import time
from collections.abc import Callable
from typing import Protocol

from redis.asyncio import Redis

MICROSECONDS = 1_000_000
CHAT_GATE_SECONDS = 1.0
"""Telegram allows about one message a second in one chat."""


class SendPace(Protocol):
    async def reserve(self) -> float:
        """Reserve the next send slot; returns how many seconds to wait before sending (0.0 when
        the slot is now)."""

    async def pause(self, seconds: float) -> None:
        """Telegram said 429 retry_after=seconds: no slot is given before now + seconds, to
        anyone sharing this pace."""

    async def paused_for(self) -> float:
        """Seconds left of the latest pause (0.0 when there is none)."""


def _interval_microseconds(per_second: float) -> int:
    if not (per_second > 0 and math.isfinite(per_second)):
        raise ValueError(f"the send pace must be a positive number per second, not {per_second}")
    # Rounded up: R slots then span at least a full second.
    return max(1, math.ceil(MICROSECONDS / per_second))


class LocalPace:
    """The pace for the tasks of one process. Each method runs without awaiting anything, so
    asyncio never interleaves two of them and no lock is needed (not for use across threads)."""

    def __init__(self, per_second: float, clock: Callable[[], float] = time.monotonic):
        self._interval = _interval_microseconds(per_second)
        self._clock = clock
        self._next_slot: int | None = None  # microseconds on `clock`; None before the first send
        self._paused_until = 0

    def _now(self) -> int:
        return round(self._clock() * MICROSECONDS)

    async def reserve(self) -> float:
        now = self._now()
        slot = now if self._next_slot is None else max(self._next_slot, now)
        self._next_slot = slot + self._interval
        return (slot - now) / MICROSECONDS

    async def pause(self, seconds: float) -> None:
        resume = self._now() + math.ceil(seconds * MICROSECONDS)
        if self._next_slot is None or resume > self._next_slot:
            self._next_slot = resume
        self._paused_until = max(self._paused_until, resume)

    async def paused_for(self) -> float:
        return max(0, self._paused_until - self._now()) / MICROSECONDS


# KEYS[1] holds the next free slot in microseconds of Redis's clock. ARGV[1] is "reserve" (then
# ARGV[2] is the spacing) or "pause" (then ARGV[2] is its length); both in microseconds. The key
# expires a second after its slot has passed, when it no longer says anything. KEYS[2] exists
# while a pause lasts (its time to live is what is left of it).
_PACE_SCRIPT = """
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
local stored = tonumber(redis.call('GET', KEYS[1]) or '0')
local amount = tonumber(ARGV[2])
local wait = 0
local next_slot
if ARGV[1] == 'reserve' then
  local slot = math.max(stored, now)
  wait = slot - now
  next_slot = slot + amount
else
  next_slot = math.max(stored, now + amount)
  local pause_ms = math.ceil(amount / 1000)
  if redis.call('PTTL', KEYS[2]) < pause_ms then
    redis.call('SET', KEYS[2], '1', 'PX', pause_ms)
  end
end
local expire_ms = math.floor((next_slot - now) / 1000) + 1000
redis.call('SET', KEYS[1], string.format('%.0f', next_slot), 'PX', expire_ms)
return wait
"""


class RedisPace:
    """The pace shared by every worker on every machine through one Redis key."""

    def __init__(self, redis: Redis, per_second: float, key: str = "peacebot:send-pace"):
        self._interval = _interval_microseconds(per_second)
        self._redis = redis
        self._keys = [key, f"{key}:paused"]
        self._script = redis.register_script(_PACE_SCRIPT)

    async def reserve(self) -> float:
        wait = await self._script(keys=self._keys, args=["reserve", self._interval])
        return int(wait) / MICROSECONDS

    async def pause(self, seconds: float) -> None:
        length = max(0, math.ceil(seconds * MICROSECONDS))
        await self._script(keys=self._keys, args=["pause", length])

    async def paused_for(self) -> float:
        return max(0, int(await self._redis.pttl(self._keys[1]))) / 1000


async def wait_for_slot(pace: SendPace) -> None:
    """Return when it is this sender's turn: at its slot, unless a pause began meanwhile;
    then at a new slot, which the pause has already put after its end, spaced like any
    other (sleeping to the pause's end instead would wake every waiting sender at once)."""
    while True:
        wait = await pace.reserve()
        if wait > 0:
            await asyncio.sleep(wait)
        if await pace.paused_for() <= 0:
            return


class ChatGate(Protocol):
    async def try_enter(self, chat_key: str) -> float:
        """0.0 if this chat may get a message now (and marks it for one second); else seconds
        until it may. `chat_key` is pseudonymous (e.g. a participant id), never a chat id."""


class LocalChatGate:
    """The chat gate for one process."""

    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self._clock = clock
        self._free_at: dict[str, int] = {}  # microseconds on `clock`
        # (free at, key) in time order: pruning looks only at what has passed, however many
        # chats there are. An entry whose key was entered again since is skipped.
        self._queue: list[tuple[int, str]] = []

    def _prune(self, now: int) -> None:
        while self._queue and self._queue[0][0] <= now:
            free_at, chat_key = heapq.heappop(self._queue)
            if self._free_at.get(chat_key) == free_at:
                del self._free_at[chat_key]

    async def try_enter(self, chat_key: str) -> float:
        now = round(self._clock() * MICROSECONDS)
        self._prune(now)
        free_at = self._free_at.get(chat_key)
        if free_at is not None:
            return (free_at - now) / MICROSECONDS
        free_at = now + round(CHAT_GATE_SECONDS * MICROSECONDS)
        self._free_at[chat_key] = free_at
        heapq.heappush(self._queue, (free_at, chat_key))
        return 0.0

    def __len__(self) -> int:
        """How many chats are marked now (what pruning keeps small)."""
        return len(self._free_at)


class RedisChatGate:
    """The chat gate shared through Redis: one short-lived key per chat that got a message."""

    def __init__(self, redis: Redis, prefix: str = "peacebot:chat-gate"):
        self._redis = redis
        self._prefix = prefix

    async def try_enter(self, chat_key: str) -> float:
        key = f"{self._prefix}:{chat_key}"
        gate_ms = round(CHAT_GATE_SECONDS * 1000)
        while True:
            if await self._redis.set(key, b"1", nx=True, px=gate_ms):
                return 0.0
            remaining_ms = await self._redis.pttl(key)
            if remaining_ms > 0:
                return remaining_ms / 1000
            if remaining_ms == -1:
                # A key without an expiry (not written here) would close the chat for good.
                await self._redis.pexpire(key, gate_ms)
                return CHAT_GATE_SECONDS
            # It expired between the two commands: try again.
