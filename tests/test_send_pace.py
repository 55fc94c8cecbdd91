"""The broadcast send pace (never more than R sends in any one-second window, a 429 pauses
everyone) and the one-message-a-second gate per chat, in process and through Redis
(PEACEBOT_TEST_REDIS_URL)."""

from __future__ import annotations

import asyncio
import bisect
import itertools
import math
import time
from collections.abc import AsyncIterator, Sequence
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from redis.asyncio import BlockingConnectionPool, Redis

from bot.send_pace import (
    BatchedPace,
    CatchUp,
    LocalChatGate,
    LocalPace,
    RedisChatGate,
    RedisPace,
    SendPace,
    wait_for_slot,
)
from tests.conftest import TEST_REDIS_URL

SECOND = 1_000_000  # microseconds

needs_redis = pytest.mark.skipif(
    TEST_REDIS_URL is None,
    reason="the shared pace and chat gate live in Redis (REDIS_URL); "
    "CI runs this with PEACEBOT_TEST_REDIS_URL set",
)


class FakeClock:
    def __init__(self, start: float = 1000.0):
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def micros(seconds: float) -> int:
    return round(seconds * SECOND)


async def reserve_slot(pace: LocalPace, clock: FakeClock) -> int:
    """The time the caller would send at, in microseconds of the fake clock."""
    wait = await pace.reserve()
    assert wait >= 0
    return micros(clock.now + wait)


def most_in_one_second(slots: Sequence[int]) -> int:
    """The most slots any half-open one-second window holds. Every window is checked: the
    fullest window can always be slid right until it starts at one of the slots."""
    ordered = sorted(slots)
    return max(bisect.bisect_left(ordered, start + SECOND) - i for i, start in enumerate(ordered))


# --- in process, on a fake clock ---------------------------------------------------------------


async def test_a_burst_of_callers_gets_slots_exactly_one_interval_apart() -> None:
    clock = FakeClock()
    pace = LocalPace(25, clock=clock)
    slots = [await reserve_slot(pace, clock) for _ in range(100)]
    assert slots[0] == micros(clock.now), "the first caller sends at once"
    assert [b - a for a, b in itertools.pairwise(slots)] == [SECOND // 25] * 99


async def test_callers_arriving_faster_than_the_pace_are_spaced_out_evenly() -> None:
    clock = FakeClock()
    pace = LocalPace(25, clock=clock)
    slots = []
    for _ in range(100):
        slots.append(await reserve_slot(pace, clock))
        clock.advance(0.01)
    assert [b - a for a, b in itertools.pairwise(slots)] == [SECOND // 25] * 99
    assert most_in_one_second(slots) == 25, "never more than R, and R is reached"
    # The same, window by window, every millisecond across the whole run.
    for start in range(slots[0] - SECOND, slots[-1] + 1, 1000):
        inside = [s for s in slots if start <= s < start + SECOND]
        assert len(inside) <= 25, f"{len(inside)} sends in [{start}, {start + SECOND})"


async def test_idle_time_saves_up_no_burst() -> None:
    clock = FakeClock()
    pace = LocalPace(25, clock=clock)
    for _ in range(10):
        await pace.reserve()
    clock.advance(60)
    waits = [micros(await pace.reserve()) for _ in range(25)]
    assert waits == [k * SECOND // 25 for k in range(25)], "only the first goes at once"


async def test_a_pause_holds_back_the_next_slot() -> None:
    clock = FakeClock(100.0)
    pace = LocalPace(25, clock=clock)
    for _ in range(3):
        await pace.reserve()
    await pace.pause(2.0)
    first_after = await reserve_slot(pace, clock)
    assert first_after >= micros(100.0 + 2.0)
    assert first_after == micros(102.0), "and no later than that"
    assert await reserve_slot(pace, clock) == first_after + SECOND // 25


async def test_a_pause_shorter_than_what_is_reserved_changes_nothing() -> None:
    clock, twin_clock = FakeClock(), FakeClock()
    paused, unpaused = LocalPace(25, clock=clock), LocalPace(25, clock=twin_clock)
    for _ in range(50):  # reserved two seconds ahead
        await paused.reserve()
        await unpaused.reserve()
    await paused.pause(0.5)
    assert [await reserve_slot(paused, clock) for _ in range(5)] == [
        await reserve_slot(unpaused, twin_clock) for _ in range(5)
    ]


async def test_a_pause_after_idle_time_starts_from_now() -> None:
    clock = FakeClock()
    pace = LocalPace(25, clock=clock)
    await pace.reserve()
    clock.advance(30)
    await pace.pause(1.5)
    assert await pace.reserve() == 1.5


def test_the_rate_must_be_a_positive_number() -> None:
    for bad in (0, -5, math.inf, math.nan):
        with pytest.raises(ValueError, match="positive number per second"):
            LocalPace(bad)
        with pytest.raises(ValueError, match="positive number per second"):
            RedisPace(Redis(), bad)


CALL = st.tuples(
    # the time since the call before, in microseconds: bursts, close calls and long gaps
    st.one_of(st.just(0), st.integers(0, 5_000), st.integers(0, 3 * SECOND)),
    # a 429 before this call, or none
    st.one_of(st.none(), st.floats(0, 5, allow_nan=False)),
)


@settings(max_examples=200, deadline=None)
@given(
    rate=st.integers(1, 500),
    start=st.integers(0, 10**12),
    calls=st.lists(CALL, min_size=1, max_size=400),
)
async def test_no_one_second_window_ever_holds_more_than_the_rate(
    rate: int, start: int, calls: list[tuple[int, float | None]]
) -> None:
    clock = FakeClock(start / SECOND)
    pace = LocalPace(rate, clock=clock)
    slots: list[int] = []
    paused_until = 0
    for gap, pause in calls:
        clock.advance(gap / SECOND)
        now = micros(clock.now)
        if pause is not None:
            await pace.pause(pause)
            paused_until = max(paused_until, now + math.ceil(pause * SECOND))
        slot = await reserve_slot(pace, clock)
        assert slot >= now, "no slot in the past"
        assert slot >= paused_until, "no slot during a pause"
        if slots:
            assert slot - slots[-1] >= SECOND / rate, "slots at least 1/R apart"
        quiet = not slots or slots[-1] + SECOND / rate + 1 <= now
        if quiet and paused_until <= now:
            assert slot == now, "a caller after a quiet spell goes at once"
        slots.append(slot)
    assert most_in_one_second(slots) <= rate


# --- in process, with the real clock: what senders actually do ---------------------------------


class RecordedPace:
    """Passes through to a pace and notes, for each worker, when each of its slots was
    promised for (an estimate never later than the slot: the clock is read just before)."""

    def __init__(self, pace: SendPace):
        self.pace = pace
        self.promised: dict[asyncio.Task[Any] | None, list[float]] = {}

    async def reserve(self) -> float:
        asked_at = time.monotonic()
        wait = await self.pace.reserve()
        self.promised.setdefault(asyncio.current_task(), []).append(asked_at + wait)
        return wait

    async def pause(self, seconds: float) -> None:
        await self.pace.pause(seconds)

    async def paused_for(self) -> float:
        return await self.pace.paused_for()


async def test_a_pause_holds_back_senders_whose_slot_was_reserved_before_it() -> None:
    """Twenty senders reserve their slots (the last one 0.19 s ahead at R=100); a 429 comes
    after the first has sent: nobody else sends until the pause is over."""
    pace = LocalPace(100)
    sent: list[float] = []

    async def sender() -> None:
        await wait_for_slot(pace)
        sent.append(time.monotonic())
        if len(sent) == 1:
            await pace.pause(0.5)

    began = time.monotonic()
    await asyncio.gather(*(sender() for _ in range(20)))
    assert len(sent) == 20
    assert all(moment >= began + 0.5 for moment in sent[1:]), sorted(sent)[:3]
    assert await pace.paused_for() == 0.0


async def test_eight_workers_sharing_a_pace_keep_to_it_together() -> None:
    rate = 100
    pace = RecordedPace(LocalPace(rate))
    sent: list[float] = []
    lateness: list[float] = []

    async def worker() -> None:
        mine = []
        for _ in range(25):
            await wait_for_slot(pace)
            mine.append(time.monotonic())
        sent.extend(mine)
        promised = pace.promised[asyncio.current_task()]
        lateness.extend(s - p for s, p in zip(mine, promised, strict=True))

    began = time.monotonic()
    await asyncio.gather(*(worker() for _ in range(8)))

    assert len(sent) == 200
    assert max(sent) - began >= 199 / rate, "200 sends at R=100 take at least 1.99 s"
    # A send is never early, only late. When no send is more than 1/R late this is the R+1
    # bound (R slots, plus one late from the second before); on a machine so busy that sends
    # are `late` seconds behind, R*late more slots' sends can drift into the same second.
    late = max(lateness)
    sent.sort()
    most = max(bisect.bisect_left(sent, start + 1.0) - i for i, start in enumerate(sent))
    bound = rate + max(1, math.ceil(rate * late))
    assert most <= bound, f"{most} sends in one second (some up to {late:.4f} s late)"


async def test_senders_held_up_by_a_busy_loop_do_not_leave_together() -> None:
    """The event loop is held up for 45 ms (a batch of database work) while senders wait for
    their slots at R=100: without a catch-up rule the four or five whose slots passed would
    leave in the same millisecond. With it, no two sends are closer than half a spacing,
    one spacing never holds more than two, and everyone still sends."""
    rate, spacing = 100, 0.01
    pace, catch_up = LocalPace(rate), CatchUp(rate)
    sent: list[float] = []

    async def sender() -> None:
        await wait_for_slot(pace, catch_up)
        sent.append(time.monotonic())

    async def busy_loop() -> None:
        await asyncio.sleep(0.055)
        time.sleep(0.045)  # noqa: ASYNC251 -- the hold-up itself: nothing else runs meanwhile

    await asyncio.gather(busy_loop(), *(sender() for _ in range(30)))
    assert len(sent) == 30
    sent.sort()
    gaps = [b - a for a, b in itertools.pairwise(sent)]
    assert min(gaps) >= spacing / 2 - 1e-6, sorted(gaps)[:3]
    most = max(bisect.bisect_left(sent, start + spacing) - i for i, start in enumerate(sent))
    assert most <= 2


async def test_without_the_catch_up_rule_a_busy_loop_bunches_sends() -> None:
    """The same hold-up without CatchUp: what the rule above is there for."""
    pace = LocalPace(100)
    sent: list[float] = []

    async def sender() -> None:
        await wait_for_slot(pace)
        sent.append(time.monotonic())

    async def busy_loop() -> None:
        await asyncio.sleep(0.055)
        time.sleep(0.045)  # noqa: ASYNC251 -- the same hold-up

    await asyncio.gather(busy_loop(), *(sender() for _ in range(30)))
    sent.sort()
    most = max(bisect.bisect_left(sent, start + 0.001) - i for i, start in enumerate(sent))
    assert most >= 3, "several senders left within one millisecond"


# --- chat gates --------------------------------------------------------------------------------


async def test_a_chat_gets_one_message_a_second() -> None:
    clock = FakeClock()
    gate = LocalChatGate(clock=clock)
    assert await gate.try_enter("participant-1") == 0.0
    clock.advance(0.3)
    wait = await gate.try_enter("participant-1")
    assert micros(wait) == micros(0.7)
    assert await gate.try_enter("participant-2") == 0.0, "other chats are not held up"
    assert micros(await gate.try_enter("participant-1")) == micros(0.7), "asking again is free"
    clock.advance(wait)
    assert await gate.try_enter("participant-1") == 0.0, "free again after the wait"
    assert 0 < await gate.try_enter("participant-1") <= 1.0


async def test_a_chat_gate_forgets_chats_whose_second_has_passed() -> None:
    clock = FakeClock()
    gate = LocalChatGate(clock=clock)
    for n in range(1000):
        assert await gate.try_enter(f"participant-{n}") == 0.0
    assert len(gate) == 1000
    clock.advance(1.0)
    await gate.try_enter("participant-new")
    assert len(gate) == 1


# --- through Redis: several processes on several machines --------------------------------------


class ClockedRedis(Redis):
    """A client that reads Redis's TIME in the same MULTI as each script call, just before it,
    so the test knows within microseconds the "now" each returned wait is counted from."""

    calls: list[tuple[int, Any]]

    async def evalsha(self, sha: str, numkeys: int, *keys_and_args: Any) -> Any:
        async with self.pipeline(transaction=True) as pipe:
            pipe.time()
            pipe.evalsha(sha, numkeys, *keys_and_args)
            (seconds, microseconds), answer = await pipe.execute()
        self.calls.append((seconds * SECOND + microseconds, answer))
        return answer


# The TIME read just before the script in the same transaction is a few microseconds earlier
# than the script's own; this allows for that.
CLOCK_SLACK = 100


@pytest.fixture
async def processes(redis_url: str | None) -> AsyncIterator[list[ClockedRedis]]:
    """Two Redis clients with their own connection pools, as two processes would have."""
    assert redis_url is not None
    calls: list[tuple[int, Any]] = []
    clients = []
    for _ in range(2):
        pool = BlockingConnectionPool.from_url(redis_url, max_connections=20, timeout=20)
        client = ClockedRedis.from_pool(pool)
        client.calls = calls
        clients.append(client)
    yield clients
    for client in clients:
        await client.aclose()


@needs_redis
async def test_two_processes_share_one_pace(processes: list[ClockedRedis]) -> None:
    rate = 100
    one, other = (RedisPace(client, rate, key="test:pace") for client in processes)
    waits = await asyncio.gather(*(pace.reserve() for pace in [one, other] * 150))

    calls = processes[0].calls
    assert len(calls) == 300
    assert sorted(micros(w) for w in waits) == sorted(answer for _, answer in calls)
    slots = sorted(now + answer for now, answer in calls)
    gaps = [b - a for a, b in itertools.pairwise(slots)]
    assert min(gaps) >= SECOND // rate - CLOCK_SLACK, "distinct slots, at least 1/R apart"


@needs_redis
async def test_a_pause_in_one_process_holds_back_the_other(
    processes: list[ClockedRedis],
) -> None:
    one, other = (RedisPace(client, 100, key="test:pace") for client in processes)
    await one.pause(2.0)
    await other.reserve()
    await other.pause(0.5)  # shorter than what is already held back: changes nothing
    await one.reserve()
    (paused_at, _), (asked_at, wait), _, (asked_again_at, wait_again) = processes[0].calls
    assert asked_at + wait >= paused_at + 2 * SECOND - CLOCK_SLACK
    assert asked_again_at + wait_again >= paused_at + 2 * SECOND + SECOND // 100 - CLOCK_SLACK


@needs_redis
async def test_the_pace_key_expires_and_idle_time_saves_up_no_burst(redis_url: str) -> None:
    redis = Redis.from_url(redis_url)
    pace = RedisPace(redis, 10, key="test:pace")
    assert await pace.reserve() == 0.0
    assert await pace.reserve() <= 0.1
    assert 0 < await redis.pttl("test:pace") <= 1200, "it expires soon after its slot"
    await asyncio.sleep(0.25)
    assert await pace.reserve() == 0.0, "after a quiet spell the next caller goes at once"
    await pace.pause(5.0)
    assert 5000 < await redis.pttl("test:pace") <= 6000
    await redis.aclose()


@needs_redis
async def test_a_chat_gets_one_message_a_second_across_processes(redis_url: str) -> None:
    one, other = Redis.from_url(redis_url), Redis.from_url(redis_url)
    gate, other_gate = RedisChatGate(one), RedisChatGate(other)
    assert await gate.try_enter("participant-1") == 0.0
    assert 0 < await other_gate.try_enter("participant-1") <= 1.0
    assert await other_gate.try_enter("participant-2") == 0.0, "other chats are not held up"
    assert all(b":participant-" in key for key in await one.keys("peacebot:chat-gate:*"))
    await asyncio.sleep(1.1)
    assert await other_gate.try_enter("participant-1") == 0.0, "free again after a second"
    assert 0 < await gate.try_enter("participant-1") <= 1.0
    await one.aclose()
    await other.aclose()


@needs_redis
@pytest.mark.parametrize("rate", [100, 500])
async def test_batched_paces_in_two_processes_share_the_slots_with_few_calls(
    processes: list[ClockedRedis], rate: int
) -> None:
    one, other = (BatchedPace(RedisPace(client, rate, key="test:pace")) for client in processes)
    times = await asyncio.gather(*(_slot_time(pace) for pace in [one, other] * 150))
    calls = processes[0].calls
    block = max(1, round(BatchedPace.BLOCK_SECONDS * rate))
    assert len(calls) <= 300 // block + 4, "a few slots per call to Redis"
    # Redis spaces the slots exactly; each process places them on its own clock from its
    # own round trip, so two processes' slots can come a little closer than 1/R, never
    # bunched: no tenth of a second holds more than R/10 of them, give or take two.
    ordered = sorted(times)
    tenth = max(bisect.bisect_left(ordered, start + 0.1) - i for i, start in enumerate(ordered))
    assert tenth <= rate / 10 + 2, f"{tenth} slots in a tenth of a second at R={rate}"


async def _slot_time(pace: BatchedPace) -> float:
    wait = await pace.reserve()
    return time.monotonic() + wait


@needs_redis
async def test_a_batched_pace_sees_its_own_pause_at_once_and_another_process_s_soon(
    processes: list[ClockedRedis],
) -> None:
    one, other = (BatchedPace(RedisPace(client, 100, key="test:pace")) for client in processes)
    await one.reserve()
    await other.reserve()  # both hold slots reserved before any pause
    await one.pause(1.0)
    assert await one.paused_for() > 0.9, "its own pause, without asking Redis"
    assert await one.reserve() >= 0.9, "slots it held from before the pause are dropped"
    await asyncio.sleep(BatchedPace.LOOK_EVERY)
    assert await other.paused_for() > 0.8, "another process's pause, looked up"
