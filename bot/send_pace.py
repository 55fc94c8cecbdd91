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
import collections
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
# ARGV[2] is the spacing), "block" (ARGV[2] the spacing, ARGV[3] how many slots in a row; the
# answer is the wait for the first and what is left of any pause, in milliseconds) or "pause"
# (then ARGV[2] is its length); times in microseconds. The key expires a second after its slot
# has passed, when it no longer says anything. KEYS[2] exists while a pause lasts (its time to
# live is what is left of it).
_PACE_SCRIPT = """
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
local stored = tonumber(redis.call('GET', KEYS[1]) or '0')
local amount = tonumber(ARGV[2])
local wait = 0
local next_slot
if ARGV[1] == 'reserve' or ARGV[1] == 'block' then
  local slot = math.max(stored, now)
  wait = slot - now
  next_slot = slot + amount * tonumber(ARGV[3] or '1')
else
  next_slot = math.max(stored, now + amount)
  local pause_ms = math.ceil(amount / 1000)
  if redis.call('PTTL', KEYS[2]) < pause_ms then
    redis.call('SET', KEYS[2], '1', 'PX', pause_ms)
  end
end
local expire_ms = math.floor((next_slot - now) / 1000) + 1000
redis.call('SET', KEYS[1], string.format('%.0f', next_slot), 'PX', expire_ms)
if ARGV[1] == 'block' then
  return {wait, math.max(0, redis.call('PTTL', KEYS[2]))}
end
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

    async def reserve_block(self, count: int) -> tuple[float, float]:
        """Reserve `count` slots in a row: seconds until the first (the others follow it
        `interval` apart), and seconds left of any pause."""
        wait, paused_ms = await self._script(keys=self._keys, args=["block", self._interval, count])
        return int(wait) / MICROSECONDS, int(paused_ms) / 1000

    @property
    def interval(self) -> float:
        return self._interval / MICROSECONDS


class BatchedPace:
    """One process's use of a RedisPace: slots fetched a few at a time, a pause looked up at
    most every LOOK_EVERY seconds.

    Asking Redis before every send costs two round trips per message, and a round trip's
    delay (which varies) moves the send: at a few hundred messages a second that bunches
    them. Here the process reserves BLOCK_SECONDS' worth of consecutive slots in one call and
    hands them to its senders in order. Redis spaces the slots exactly 1/R apart among all
    processes; each process places them on its own clock from its own answer's round trip,
    so across processes two slots can come up to a round trip's difference closer (about a
    millisecond). A slot that has passed unused by more than a spacing is dropped, never
    sent late in a bunch. A pause that this process starts holds its senders back at once;
    one that another process starts, within LOOK_EVERY seconds, during which slots already
    held here are used (those sends would be answered 429 and pause again; nothing is
    lost)."""

    BLOCK_SECONDS = 0.02
    LOOK_EVERY = 0.02

    def __init__(self, shared: RedisPace, clock: Callable[[], float] = time.monotonic):
        self._shared = shared
        self._clock = clock
        self._interval = shared.interval
        self._block = max(1, round(self.BLOCK_SECONDS / self._interval))
        self._slots: collections.deque[float] = collections.deque()  # on `clock`
        self._fetching = asyncio.Lock()
        self._paused_until = -math.inf  # on `clock`
        self._looked_at = -math.inf
        self._last_slot = -math.inf
        self._looking: asyncio.Task[float] | None = None

    def _usable(self) -> bool:
        stale = self._clock() - self._interval
        while self._slots and self._slots[0] < stale:
            self._slots.popleft()
        return bool(self._slots)

    async def reserve(self) -> float:
        if not self._usable():
            async with self._fetching:
                if not self._usable():
                    wait, paused = await self._shared.reserve_block(self._block)
                    now = self._clock()
                    self._note_pause(now, paused)
                    self._looked_at = now
                    # Never closer to the last slot handed out than a spacing: the two
                    # answers' round trips may differ, the slots do not overlap for it.
                    first = max(now + wait, self._last_slot + self._interval)
                    self._slots.extend(first + i * self._interval for i in range(self._block))
                    self._last_slot = self._slots[-1]
        return max(0.0, self._slots.popleft() - self._clock())

    async def pause(self, seconds: float) -> None:
        self._note_pause(self._clock(), seconds)
        await self._shared.pause(seconds)

    async def paused_for(self) -> float:
        now = self._clock()
        if self._paused_until > now:
            return self._paused_until - now
        if now - self._looked_at >= self.LOOK_EVERY:
            if self._looking is None or self._looking.done():
                self._looking = asyncio.create_task(self._shared.paused_for())
            paused = await asyncio.shield(self._looking)
            now = self._clock()
            self._looked_at = now
            self._note_pause(now, paused)
        return max(0.0, self._paused_until - now)

    def _note_pause(self, now: float, seconds: float) -> None:
        if seconds > 0:
            self._paused_until = max(self._paused_until, now + seconds)
            self._slots.clear()


class CatchUp:
    """How the senders of one process keep their spacing when their event loop was held up.

    Slots are spaced exactly, but a sender leaves only when the event loop gets to it: after
    a hold-up of 10 ms (a batch of database work, say) the three or four senders whose slots
    passed meanwhile would all leave in the same millisecond, and a server that allows a
    burst of three answers the fourth 429, which pauses everyone for a second. So a sender
    more than MISSED_AFTER spacing late gives its slot up and takes a new one (a few slots
    lost, rather than a second), and the others leave no closer than half a spacing apart
    (a moment at twice the pace, which a burst of a few absorbs)."""

    MISSED_AFTER = 1  # in spacings (1/R)
    GIVE_UP_AT_MOST = 3  # times in a row, then the sender goes anyway (a loop always late)

    def __init__(self, per_second: float, clock: Callable[[], float] = time.monotonic):
        self.interval = _interval_microseconds(per_second) / MICROSECONDS
        self.clock = clock
        self._last = -math.inf

    def missed(self, slot_at: float) -> bool:
        return self.clock() - slot_at > self.MISSED_AFTER * self.interval

    async def turn(self) -> None:
        while True:
            now = self.clock()
            wait = self._last + self.interval / 2 - now
            if wait <= 0:
                self._last = now
                return
            await asyncio.sleep(wait)


async def wait_for_slot(pace: SendPace, catch_up: CatchUp | None = None) -> None:
    """Return when it is this sender's turn: at its slot, unless a pause began meanwhile;
    then at a new slot, which the pause has already put after its end, spaced like any
    other (sleeping to the pause's end instead would wake every waiting sender at once).
    With `catch_up`, a sender that woke too late takes a new slot, and late ones leave
    spaced as it says (after the pause is looked up, so that the look-up's own delay does
    not bunch them again)."""
    given_up = 0
    while True:
        wait = await pace.reserve()
        slot_at = catch_up.clock() + wait if catch_up is not None else 0.0
        if wait > 0:
            await asyncio.sleep(wait)
        if await pace.paused_for() > 0:
            continue
        if catch_up is None:
            return
        if catch_up.missed(slot_at) and given_up < catch_up.GIVE_UP_AT_MOST:
            given_up += 1
            continue
        await catch_up.turn()
        if await pace.paused_for() <= 0:  # a 429 may have come while it waited its turn
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
