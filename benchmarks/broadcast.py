"""Broadcast delivery: one message to 10,000 participants through the broadcast engine, at
Telegram's raised limit, against a bare send loop at the same pace in the same run.

Setup (not timed): a database (a temporary SQLite file by default), N participants
(--recipients, 10,000) enrolled directly through services.participants.enrol_participant,
opted in to updates and reachable, a quarter each in en, fr, ar and es; a Bot API emulator
that enforces the raised limit of a bot allowed R messages a second (--rate, 300): a token
bucket of R/s with a burst of 3 (--burst) for the whole bot, and 1/s (burst 1) in each
chat, answering 429 beyond them as Telegram does; BROADCAST_RATE=R. The emulator runs in a
child process, as Telegram is not in the bot's process: its work and its garbage do not
slow the bot, and the arrival times it notes are not delayed by the bot's event loop (it
runs without garbage collection and, where allowed, at a higher priority, so that its own
pauses do not show as bursts); --in-process-emulator runs it in the bot's event loop
instead. One broadcast, a message with a text in each of the four languages, checked
(services.broadcasts.check) and created as a draft. The worker (or --workers K of them,
each with its own Bot session) is started as `peacebot run` starts it, `worker.run()` in a
task, and left idle a moment.

Timed: from the confirm (services.broadcasts.confirm, which writes the N deliveries, then
the wake-up the chat flow gives the queue) until no delivery is left queued or sending in
the database. The workers are then stopped (the task cancelled, as at shutdown).

Baseline (same run, before the engine, a fresh emulator with the same limits and the same
kind of Bot): the same N messages (text, keyboard, protect_content) sent straight through
`bot.send_message` by a loop that starts an asyncio task for each, as many at once as a
worker keeps on their way, each waiting its turn exactly as a worker's sender does (a
LocalPace at the workers' aim, a little under the rate, and their CatchUp rule): no
database, no queue, no chat gate. A 429 pauses its pace as it pauses the engine's.

Printed, and the goals that make the exit status 1 when missed:
- achieved rate: sendMessage calls the emulator accepted, per second of the timed span,
  over the configured rate (goal >= 0.95), and as a ratio of the baseline's rate;
- the busiest second: the most accepted sends whose arrival times at the emulator fall in
  one second, sliding the window over every arrival (goal <= R);
- duplicates: participants who got more than one message (goal 0);
- lost: participants who got none, and deliveries not "sent" in the database (goal 0 each),
  and messages in a language other than the participant's (goal 0);
- 429s the emulator answered (goal 0); and no error logged by the engine.
Also, to explain the figures: the CPU time of the bot's event loop thread per message, how
often and how long a 10 ms ticker in that loop woke late (sends whose turn came meanwhile
leave together), the full garbage collections (the loop stands still for each), and the
load average before the run (the figures are only as steady as the machine).

    .venv/bin/python -m benchmarks.broadcast [--recipients 10000] [--rate 300] [--burst 3]
        [--workers K] [--database-url postgresql+asyncpg://HOST:PORT/DB]
        [--redis-url redis://HOST:PORT/N] [--in-process-emulator]

With a PostgreSQL URL, a scratch database (bench_broadcast_<pid>) is created on that server,
migrated, used and dropped at the end: the database named in the URL is only connected to.
A Redis database given with --redis-url is EMPTIED before and after the run (FLUSHDB): give a
spare database number. With Redis the workers share the queue (a Redis stream), the pace and
the chat gate through it, as `peacebot worker`s on several machines would; without Redis,
K > 1 workers run in this one process sharing one LocalPace and one chat gate (separate
`peacebot worker` processes without Redis could not share them: run only one there).
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import gc
import json
import logging
import math
import os
import re
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from aiogram.exceptions import TelegramAPIError, TelegramRetryAfter
from aiogram.types import InlineKeyboardMarkup
from sqlalchemy import func, select

from benchmarks.scratch import emptied_redis, scratch_database
from bot.broadcast_worker import DeliveryWorker, aimed_rate, create_worker
from bot.factory import Runtime, create_bot, current_consent_version, open_runtime
from bot.runner import settle_memory
from bot.send_pace import CatchUp, LocalChatGate, LocalPace, wait_for_slot
from bot.settings import Settings
from emulator import BotApiEmulator, RateLimits
from handlers.broadcast_screens import broadcast_screen
from handlers.screens import Screen
from services import broadcasts
from services.broadcasts import Draft
from services.participants import enrol_participant
from services.pseudonyms import pseudonym_for
from services.segments import Segment
from storage.database import create_engine
from storage.ephemeral import EphemeralStore, MemoryEphemeralStore, RedisEphemeralStore
from storage.migrate import upgrade
from storage.models import Delivery
from storage.recent_messages import MemoryRecentMessages, RecentMessages, RedisRecentMessages

TOKEN = "123456789:BENCH-broadcast-token-emulator_only"
PEPPER = "bench-broadcast-" + "p" * 40
KEY = base64.urlsafe_b64encode(bytes(range(32))).decode()
FIRST_USER_ID = 700_000_000
LANGUAGES = ("en", "fr", "ar", "es")
TEXTS = {
    "en": "The community meeting is on Friday at 10, at the school. Everyone is welcome.",
    "fr": "La réunion communautaire a lieu vendredi à 10 h, à l'école. Tout le monde est bienvenu.",
    "ar": "اجتماع المجتمع يوم الجمعة الساعة العاشرة في المدرسة. الجميع مرحب بهم.",
    "es": "La reunión comunitaria es el viernes a las 10, en la escuela. Todos son bienvenidos.",
}
BOT_BURST = 3  # what the emulator lets through at once beyond the rate: a small tolerance
GOAL_RATE = 0.95  # of the configured rate
FACILITATOR = "bench-facilitator"
PROJECT = Path(__file__).resolve().parent.parent  # where `-m benchmarks.broadcast` runs
# A line of the child emulator's protocol can hold every call of the run.
PIPE_LIMIT = 1 << 26


def raised_limits(rate: float, burst: int) -> RateLimits:
    """Telegram's raised broadcast limit as the emulator enforces it: `rate` a second for
    the bot (with `burst` at once), one a second in each chat."""
    return RateLimits(bot_per_second=rate, bot_burst=burst, chat_per_second=1.0, chat_burst=1)


def language_of(index: int) -> str:
    return LANGUAGES[index % len(LANGUAGES)]


# ---------------------------------------------------------------------------- logging


class LogTally(logging.Handler):
    """Counts the warnings and errors logged, by kind (numbers left out); shows the first few
    of each kind on stderr as they come. Nothing below WARNING is shown: the worker logs at
    INFO."""

    SHOWN = 3

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.phase = "setup"
        self.counts: Counter[tuple[str, str, str]] = Counter()
        self.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        kind = re.sub(r"\d+(\.\d+)?", "#", record.getMessage().splitlines()[0])
        key = (self.phase, record.levelname, f"{record.name}: {kind}")
        self.counts[key] += 1
        if self.counts[key] <= self.SHOWN:
            print(self.format(record), file=sys.stderr)

    def of(self, phase: str) -> list[tuple[str, int]]:
        return [
            (f"{level} {what}", n)
            for (p, level, what), n in self.counts.most_common()
            if p == phase
        ]


# ---------------------------------------------------------------------------- the emulator


@dataclass(frozen=True)
class Call:
    method: str
    at: float  # time.monotonic() when it arrived (one clock for every process)
    outcome: int  # HTTP status answered


class Telegram(Protocol):
    """The emulator, in this process or in a child one."""

    base_url: str

    async def add_users(self, users: list[tuple[int, str]]) -> None: ...

    async def accepted(self) -> int:
        """sendMessage calls answered 200 so far."""

    async def calls(self) -> list[Call]: ...

    async def received(self) -> dict[int, list[str]]:
        """The texts of the bot's messages in each chat that has any."""

    async def close(self) -> None: ...


class AcceptedCount:
    """sendMessage calls the emulator has answered 200 so far, counted without rescanning
    every call each time (10,000 calls, looked at 50 times a second)."""

    def __init__(self, emulator: BotApiEmulator) -> None:
        self._calls = emulator.calls
        self._seen = 0
        self.count = 0

    def update(self) -> int:
        calls = self._calls
        while self._seen < len(calls) and calls[self._seen].outcome != 0:
            call = calls[self._seen]
            if call.method == "sendMessage" and call.outcome == 200:
                self.count += 1
            self._seen += 1
        return self.count


def _received(emulator: BotApiEmulator) -> dict[int, list[str]]:
    return {
        chat_id: texts
        for chat_id in emulator.chats
        if (texts := [m.text or "" for m in emulator.messages(chat_id) if m.from_bot])
    }


class LocalTelegram:
    """The emulator in this process: it shares the bot's event loop (and its pauses)."""

    def __init__(self, emulator: BotApiEmulator) -> None:
        self.emulator = emulator
        self.base_url = emulator.base_url
        self._accepted = AcceptedCount(emulator)

    @classmethod
    async def start(cls, rate: float, burst: int) -> LocalTelegram:
        emulator = BotApiEmulator(token=TOKEN, limits=raised_limits(rate, burst))
        await emulator.start()
        return cls(emulator)

    async def add_users(self, users: list[tuple[int, str]]) -> None:
        for user_id, language in users:
            self.emulator.add_user(user_id, "P", language)

    async def accepted(self) -> int:
        return self._accepted.update()

    async def calls(self) -> list[Call]:
        return [Call(c.method, c.at, c.outcome) for c in self.emulator.calls]

    async def received(self) -> dict[int, list[str]]:
        return _received(self.emulator)

    async def close(self) -> None:
        await self.emulator.stop()


class ChildTelegram:
    """The emulator in a child process (this module with --serve-emulator), asked through
    its standard input and output, one JSON line each way."""

    def __init__(self, process: asyncio.subprocess.Process, base_url: str) -> None:
        self._process = process
        self.base_url = base_url
        self._lock = asyncio.Lock()

    @classmethod
    async def start(cls, rate: float, burst: int) -> ChildTelegram:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "benchmarks.broadcast",
            "--serve-emulator",
            "--rate",
            str(rate),
            "--burst",
            str(burst),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            limit=PIPE_LIMIT,
            cwd=PROJECT,
        )
        assert process.stdout is not None
        line = await asyncio.wait_for(process.stdout.readline(), 60)
        if not line:
            raise SystemExit("the emulator's child process did not start (see above)")
        return cls(process, json.loads(line)["url"])

    async def _ask(self, **request: Any) -> Any:
        assert self._process.stdin is not None and self._process.stdout is not None
        async with self._lock:
            self._process.stdin.write(json.dumps(request).encode() + b"\n")
            await self._process.stdin.drain()
            line = await self._process.stdout.readline()
        if not line:
            raise RuntimeError("the emulator's child process has gone")
        return json.loads(line)

    async def add_users(self, users: list[tuple[int, str]]) -> None:
        await self._ask(op="users", users=users)

    async def accepted(self) -> int:
        return int(await self._ask(op="accepted"))

    async def calls(self) -> list[Call]:
        return [Call(*call) for call in await self._ask(op="calls")]

    async def received(self) -> dict[int, list[str]]:
        return {int(chat_id): texts for chat_id, texts in (await self._ask(op="received")).items()}

    async def close(self) -> None:
        if self._process.returncode is None:
            try:
                await asyncio.wait_for(self._ask(op="stop"), 10)
                await asyncio.wait_for(self._process.wait(), 10)
            except (TimeoutError, RuntimeError, ConnectionError):
                self._process.kill()
                await self._process.wait()


async def start_telegram(options: Options) -> Telegram:
    if options.in_process_emulator:
        return await LocalTelegram.start(options.rate, options.burst)
    return await ChildTelegram.start(options.rate, options.burst)


async def serve_emulator(rate: float, burst: int) -> None:
    """The child process: an emulator with the raised limits, driven by JSON lines. It
    stands in for Telegram, whose pauses are not the bot's: without its garbage collector
    (a run lasts a minute), no full collection stops it for a tenth of a second while
    requests pile up, to be stamped as arriving together and refused 429 for it. For the
    same reason it asks to be scheduled before other processes (where it may)."""
    gc.disable()
    with contextlib.suppress(OSError):
        os.nice(-10)
    emulator = BotApiEmulator(token=TOKEN, limits=raised_limits(rate, burst))
    await emulator.start()
    accepted = AcceptedCount(emulator)
    loop = asyncio.get_running_loop()
    requests = asyncio.StreamReader(limit=PIPE_LIMIT)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(requests), sys.stdin)
    answer = sys.stdout

    def say(value: object) -> None:
        answer.write(json.dumps(value) + "\n")
        answer.flush()

    say({"url": emulator.base_url})
    try:
        while line := await requests.readline():
            request = json.loads(line)
            op = request["op"]
            if op == "users":
                for user_id, language in request["users"]:
                    emulator.add_user(user_id, "P", language)
                say(True)
            elif op == "accepted":
                say(accepted.update())
            elif op == "calls":
                say([(c.method, c.at, c.outcome) for c in emulator.calls])
            elif op == "received":
                say(_received(emulator))
            elif op == "stop":
                say(True)
                break
    finally:
        await emulator.stop()


# ---------------------------------------------------------------------------- measuring


@dataclass
class Watch:
    """What held the bot's event loop up while it sent: sends whose turn came meanwhile
    leave together, and a server that allows little burst answers some of them 429."""

    TICK = 0.01  # the ticker's period, seconds
    STALL = 0.02  # a tick this late counts as a stall

    cpu: float = math.nan  # CPU seconds of the event loop's thread
    full_collections: int = 0  # garbage collections of the oldest generation
    longest_collection: float = 0.0
    stalls: int = 0  # ticks at least STALL late
    longest_stall: float = 0.0
    _collecting_since: float = 0.0

    def _collection(self, phase: str, info: dict[str, int]) -> None:
        if info["generation"] != 2:
            return
        if phase == "start":
            self._collecting_since = time.perf_counter()
        else:
            self.full_collections += 1
            elapsed = time.perf_counter() - self._collecting_since
            self.longest_collection = max(self.longest_collection, elapsed)

    async def _tick(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            due = loop.time() + self.TICK
            await asyncio.sleep(self.TICK)
            late = loop.time() - due
            if late >= self.STALL:
                self.stalls += 1
            self.longest_stall = max(self.longest_stall, late)


@asynccontextmanager
async def watched() -> AsyncIterator[Watch]:
    watch = Watch()
    gc.callbacks.append(watch._collection)
    ticker = asyncio.create_task(watch._tick())
    cpu = time.thread_time()
    try:
        yield watch
    finally:
        watch.cpu = time.thread_time() - cpu
        ticker.cancel()
        await asyncio.gather(ticker, return_exceptions=True)
        gc.callbacks.remove(watch._collection)


@dataclass
class Sends:
    """What one emulator saw of a run: accepted sendMessage arrival times, refusals."""

    name: str
    wall: float  # the timed span, seconds
    accepted: list[float]  # monotonic arrival times of the sends answered 200
    refused_429: int
    other_errors: int
    rate: float  # the configured rate
    started: float  # monotonic start of the timed span
    watch: Watch = field(default_factory=Watch)

    @property
    def achieved(self) -> float:
        return len(self.accepted) / self.wall if self.wall > 0 else 0.0

    @property
    def of_configured(self) -> float:
        return self.achieved / self.rate

    @property
    def steady(self) -> float:
        """Sends a second from the first arrival to the last (start and end left out)."""
        if len(self.accepted) < 2:
            return math.nan
        return (len(self.accepted) - 1) / (self.accepted[-1] - self.accepted[0])

    @property
    def first_send_after(self) -> float:
        return self.accepted[0] - self.started if self.accepted else math.nan

    @property
    def finished_after_last(self) -> float:
        return self.started + self.wall - self.accepted[-1] if self.accepted else math.nan

    @property
    def busiest_second(self) -> int:
        return busiest_second(self.accepted)

    @property
    def cpu_per_send(self) -> float:
        return self.watch.cpu / max(1, len(self.accepted))


def busiest_second(times: list[float]) -> int:
    """The most of these moments in any one-second window (every window (t - 1, t] that
    ends on one of them: no other window can hold more)."""
    ordered = sorted(times)
    best, start = 0, 0
    for end, moment in enumerate(ordered):
        while ordered[start] <= moment - 1.0:
            start += 1
        best = max(best, end - start + 1)
    return best


async def sends_seen(
    telegram: Telegram, name: str, started: float, wall: float, rate: float
) -> Sends:
    calls = await telegram.calls()
    sends = [call for call in calls if call.method == "sendMessage"]
    ended = started + wall  # sends still on their way when a stuck run was given up
    return Sends(
        name,
        wall,
        sorted(call.at for call in sends if call.outcome == 200 and call.at <= ended),
        sum(1 for call in calls if call.outcome == 429),
        sum(1 for call in sends if call.outcome not in (200, 429)),
        rate,
        started,
    )


# ---------------------------------------------------------------------------- storage


def make_settings(database_url: str, redis_url: str | None, api_url: str, rate: float) -> Settings:
    return Settings(
        _env_file=None,
        bot_token=TOKEN,
        pseudonym_pepper=PEPPER,
        encryption_key=KEY,
        telegram_api_url=api_url,
        database_url=database_url,
        redis_url=redis_url,
        admin_ids=[],
        webhook_url=None,
        webhook_secret=None,
        default_language="en",
        broadcast_rate=rate,
        shutdown_grace_seconds=5.0,
    )


async def enrol_everyone(runtime: Runtime, people: list[int]) -> None:
    """Participant and contact rows with the current consent, opted in to updates."""
    settings = runtime.settings
    consent = current_consent_version(settings, runtime.catalogue)
    pepper = settings.require_pepper()
    for first in range(0, len(people), 1000):
        async with runtime.session_factory() as session:
            for index in range(first, min(first + 1000, len(people))):
                participant = await enrol_participant(
                    session,
                    pseudonym=pseudonym_for(pepper, people[index]),
                    chat_id=people[index],
                    language=language_of(index),
                    consent_version=consent,
                )
                participant.broadcast_opt_in = True
            await session.commit()


async def create_broadcast(runtime: Runtime) -> tuple[int, dict[str, int]]:
    """A checked draft (its id, and its audience by language), not yet confirmed."""
    consent = current_consent_version(runtime.settings, runtime.catalogue)
    draft = Draft(broadcasts.MESSAGE, Segment(), texts=TEXTS)
    async with runtime.session_factory() as session:
        audience = await broadcasts.check(session, draft, consent, runtime.library, runtime.surveys)
        created = await broadcasts.create(session, draft, FACILITATOR)
        return created.id, audience.by_language


async def remaining(runtime: Runtime, broadcast_id: int) -> int:
    async with runtime.session_factory() as session:
        left = await session.scalar(
            select(func.count())
            .select_from(Delivery)
            .where(
                Delivery.broadcast_id == broadcast_id,
                Delivery.status.in_((broadcasts.QUEUED, broadcasts.IN_FLIGHT)),
            )
        )
    return int(left or 0)


# ---------------------------------------------------------------------------- the baseline


def screens_by_language(runtime: Runtime) -> dict[str, Screen]:
    """The message each language gets, built as the worker builds it."""
    screens = {}
    for language in LANGUAGES:
        screen = broadcast_screen(
            broadcasts.MESSAGE,
            None,
            TEXTS,
            language,
            runtime.catalogue.translator(language),
            runtime.library,
            runtime.surveys,
            runtime.settings,
        )
        assert screen is not None
        screens[language] = screen
    return screens


def in_flight_limit(settings: Settings) -> int:
    """As many sends on their way at once as one worker keeps (DeliveryWorker)."""
    return settings.broadcast_in_flight or max(8, math.ceil(settings.broadcast_rate))


async def run_baseline(runtime: Runtime, users: list[tuple[int, str]], options: Options) -> Sends:
    telegram = await start_telegram(options)
    await telegram.add_users(users)
    settings = runtime.settings.model_copy(update={"telegram_api_url": telegram.base_url})
    bot = create_bot(settings, retry_on_429=False)
    screens = screens_by_language(runtime)
    # The workers' own pacing: the same aim under the rate, the same catch-up after a delay.
    pace, catch_up = LocalPace(aimed_rate(settings)), CatchUp(aimed_rate(settings))
    slots = asyncio.Semaphore(in_flight_limit(settings))

    async def send(user_id: int, screen: Screen) -> None:
        keyboard = screen.keyboard
        try:
            while True:
                await wait_for_slot(pace, catch_up)
                try:
                    await bot.send_message(
                        user_id,
                        screen.text,
                        parse_mode=screen.parse_mode,
                        reply_markup=keyboard
                        if isinstance(keyboard, InlineKeyboardMarkup)
                        else None,
                        disable_notification=False,
                    )
                    return
                except TelegramRetryAfter as error:  # counted from the emulator's calls
                    await pace.pause(error.retry_after)  # and tried again, as the engine does
                except TelegramAPIError:  # counted from the emulator's calls
                    return
        finally:
            slots.release()

    try:
        async with watched() as watch:
            started = time.monotonic()
            tasks: set[asyncio.Task[None]] = set()
            for user_id, language in users:
                await slots.acquire()
                task = asyncio.create_task(send(user_id, screens[language]))
                tasks.add(task)
                task.add_done_callback(tasks.discard)
            await asyncio.gather(*tasks)
            wall = time.monotonic() - started
        sends = await sends_seen(telegram, "bare send loop", started, wall, options.rate)
        sends.watch = watch
        return sends
    finally:
        await bot.session.close()
        await telegram.close()


# ---------------------------------------------------------------------------- the engine


def make_workers(runtime: Runtime, count: int) -> list[DeliveryWorker]:
    """`count` workers as `peacebot run` / `peacebot worker` build them, each its own Bot."""
    settings, redis = runtime.settings, runtime.redis
    consent = current_consent_version(settings, runtime.catalogue)
    claims: EphemeralStore
    recent: RecentMessages
    if redis is not None:
        claims, recent = RedisEphemeralStore(redis), RedisRecentMessages(redis)
    else:
        claims, recent = MemoryEphemeralStore(), MemoryRecentMessages()
    workers = [
        create_worker(
            create_bot(settings, retry_on_429=False),
            runtime.session_factory,
            redis,
            runtime.catalogue,
            runtime.library,
            runtime.surveys,
            settings,
            consent,
            claims,
            recent,
        )
        for _ in range(count)
    ]
    if redis is None and count > 1:
        # One process: its workers share one pace and one chat gate (each would otherwise
        # keep to the whole rate by itself).
        pace, gate = LocalPace(aimed_rate(settings)), LocalChatGate()
        catch_up = CatchUp(aimed_rate(settings))
        for worker in workers:
            worker.pace, worker.gate, worker.catch_up = pace, gate, catch_up
    return workers


@dataclass
class EngineRun:
    sends: Sends
    finished: bool
    left: int
    gave_up: str  # why the wait ended before the broadcast had finished
    rate_limited: int  # 429s the workers counted
    worker_sent: list[int]


async def run_engine(
    runtime: Runtime, telegram: Telegram, broadcast_id: int, options: Options
) -> EngineRun:
    workers = make_workers(runtime, options.workers)
    settle_memory()  # as `peacebot run` and `peacebot worker` do once started
    tasks = [asyncio.create_task(worker.run()) for worker in workers]
    consent = current_consent_version(runtime.settings, runtime.catalogue)
    finished, left, gave_up = False, -1, ""
    try:
        await asyncio.sleep(1.5)  # started and idle, as when a facilitator confirms
        async with watched() as watch:
            started = time.monotonic()
            deadline = started + 300 + 10 * options.recipients / options.rate
            async with runtime.session_factory() as session:
                await broadcasts.confirm(session, broadcast_id, FACILITATOR, consent)
            for worker in workers:
                worker.queue.wake()  # as the chat flow does after confirming
            last_count, last_change, last_check = 0, started, 0.0
            while True:
                now = time.monotonic()
                count = await telegram.accepted()
                if count != last_count:
                    last_count, last_change = count, now
                if count >= options.recipients or now - last_check >= 1.0:
                    left, last_check = await remaining(runtime, broadcast_id), now
                    if left == 0:
                        finished = True
                        break
                if now - last_change > options.patience:
                    gave_up = f"nothing was sent for {options.patience:g} s"
                    break
                if now > deadline:
                    gave_up = f"it had not finished {deadline - started:.0f} s after the confirm"
                    break
                await asyncio.sleep(0.02)
            wall = time.monotonic() - started
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        for worker in workers:
            await worker.bot.session.close()
    name = "peacebot worker" if options.workers == 1 else f"{options.workers} workers"
    sends = await sends_seen(telegram, name, started, wall, options.rate)
    sends.watch = watch
    return EngineRun(
        sends,
        finished,
        left,
        gave_up,
        sum(worker.counts.rate_limited for worker in workers),
        [worker.counts.sent for worker in workers],
    )


@dataclass
class Received:
    duplicated: int  # participants with more than one message
    missing: int  # participants with none
    wrong_language: int
    statuses: dict[str, int]
    deliveries: int


async def verify(
    runtime: Runtime, telegram: Telegram, users: list[tuple[int, str]], broadcast_id: int
) -> Received:
    received = await telegram.received()
    duplicated = missing = wrong_language = 0
    for user_id, language in users:
        got = received.get(user_id, [])
        if not got:
            missing += 1
        elif len(got) > 1:
            duplicated += 1
        if any(not text.startswith(TEXTS[language]) for text in got):
            wrong_language += 1
    async with runtime.session_factory() as session:
        done = await broadcasts.progress(session, broadcast_id)
    assert done is not None
    return Received(duplicated, missing, wrong_language, dict(done.counts), done.total)


# ---------------------------------------------------------------------------- main


@dataclass(frozen=True)
class Options:
    recipients: int
    rate: float
    workers: int
    database_url: str | None
    redis_url: str | None
    patience: float
    in_process_emulator: bool
    burst: int = BOT_BURST
    load_before: tuple[float, float, float] = (math.nan, math.nan, math.nan)


async def main(options: Options, tally: LogTally) -> int:
    users = [(FIRST_USER_ID + i, language_of(i)) for i in range(options.recipients)]
    telegram = await start_telegram(options)
    try:
        async with (
            scratch_database(options.database_url, "broadcast") as (url, database),
            emptied_redis(options.redis_url) as state,
        ):
            settings = make_settings(url, options.redis_url, telegram.base_url, options.rate)
            if settings.sqlite_path is None:
                engine = create_engine(url)
                await upgrade(engine)
                await engine.dispose()
            async with open_runtime(settings) as runtime:
                setup_started = time.perf_counter()
                await telegram.add_users(users)
                await enrol_everyone(runtime, [user_id for user_id, _ in users])
                broadcast_id, audience = await create_broadcast(runtime)
                setup = time.perf_counter() - setup_started
                tally.phase = "baseline"
                baseline = await run_baseline(runtime, users, options)
                tally.phase = "engine"
                measured = await run_engine(runtime, telegram, broadcast_id, options)
                tally.phase = "checks"
                received = await verify(runtime, telegram, users, broadcast_id)
    finally:
        await telegram.close()
    return report(options, database, state, setup, audience, baseline, measured, received, tally)


def report(
    options: Options,
    database: str,
    state: str,
    setup: float,
    audience: dict[str, int],
    baseline: Sends,
    measured: EngineRun,
    received: Received,
    tally: LogTally,
) -> int:
    rate = options.rate
    load_before = " ".join(f"{n:.2f}" for n in options.load_before)
    workers = "1 worker" if options.workers == 1 else f"{options.workers} workers"
    where = "in the bot's process" if options.in_process_emulator else "in a child process"
    print(
        f"recipients: {options.recipients}; rate: {rate:g}/s; {workers}; database: {database}; "
        f"state: {state}"
    )
    print(
        f"emulator ({where}): {rate:g} messages/s for the bot (burst {options.burst}), 1/s in "
        f"each chat (burst 1); BROADCAST_RATE={rate:g}, "
        f"{options.workers * math.ceil(rate)} sends on their way at most"
    )
    print(
        f"setup (not timed, {setup:.1f} s): participants enrolled directly, opted in, "
        + ", ".join(f"{n} {language}" for language, n in sorted(audience.items()))
        + "; one message broadcast created (a text in each of the four languages)"
    )
    print(
        f"timed: from confirm (writes the {received.deliveries} deliveries) until none is "
        "queued or sending, the workers running as in `peacebot run`"
    )
    print()
    runs = (measured.sends, baseline)
    print(
        f"{'':16} {'sent':>6} {'wall s':>7} {'sends/s':>8} {'of rate':>8} {'steady/s':>9} "
        f"{'busiest 1 s':>11} {'429s':>5} {'1st send':>9} {'tail':>7}"
    )
    for run in runs:
        print(
            f"{run.name:16} {len(run.accepted):6d} {run.wall:7.2f} {run.achieved:8.1f} "
            f"{run.of_configured:8.3f} {run.steady:9.1f} {run.busiest_second:11d} "
            f"{run.refused_429:5d} {run.first_send_after * 1e3:7.0f}ms "
            f"{run.finished_after_last * 1e3:5.0f}ms"
        )
    engine = measured.sends
    print(
        f"ratio engine / bare send loop, sends per second: "
        f"{engine.achieved / baseline.achieved:.3f} "
        f"({engine.achieved:.1f} / {baseline.achieved:.1f})"
    )
    print(
        "(steady: from the first send to the last; 1st send: after the confirm began; tail: "
        "from the last send to the end)"
    )
    print()
    print(
        f"{'event loop':16} {'CPU/send':>9} {'busy':>5} {'stalls':>7} {'longest':>8} "
        f"{'full GCs':>8} {'longest':>8}"
    )
    for run in runs:
        watch = run.watch
        print(
            f"{run.name:16} {run.cpu_per_send * 1e3:7.2f}ms {watch.cpu / run.wall:5.0%} "
            f"{watch.stalls:7d} {watch.longest_stall * 1e3:6.0f}ms "
            f"{watch.full_collections:8d} {watch.longest_collection * 1e3:6.0f}ms"
        )
    print(
        f"(CPU of the bot's event loop thread; stalls: a {Watch.TICK * 1e3:.0f} ms ticker "
        f"woke {Watch.STALL * 1e3:.0f} ms late or more; full GCs: collections of the oldest "
        f"generation; load average before the run: {load_before})"
    )
    if options.workers > 1:
        print(f"sent by each worker: {', '.join(map(str, measured.worker_sent))}")
    print()

    not_sent = received.deliveries - received.statuses.get(broadcasts.SENT, 0)
    statuses = ", ".join(f"{n} {status}" for status, n in sorted(received.statuses.items()))
    logged = tally.of("engine")
    errors = sum(n for what, n in logged if not what.startswith("WARNING"))
    goals = [
        (
            f"achieved rate / configured: {engine.of_configured:.3f} "
            f"({engine.achieved:.1f} of {rate:g}/s)",
            f">= {GOAL_RATE}",
            engine.of_configured >= GOAL_RATE,
        ),
        (
            f"most sends in one second: {engine.busiest_second}",
            f"<= {rate:g}",
            engine.busiest_second <= rate,
        ),
        (
            f"duplicates: {received.duplicated} participants with more than one message",
            "0",
            received.duplicated == 0,
        ),
        (
            f"lost: {received.missing} participants without the message; {not_sent} of "
            f"{received.deliveries} deliveries not sent ({statuses})",
            "0",
            received.missing == 0
            and not_sent == 0
            and received.deliveries == options.recipients
            and measured.finished,
        ),
        (
            f"in another language: {received.wrong_language} participants",
            "0",
            received.wrong_language == 0,
        ),
        (
            f"429s received: {engine.refused_429} (the workers counted {measured.rate_limited})",
            "0",
            engine.refused_429 == 0,
        ),
        (f"errors logged by the engine: {errors}", "0", errors == 0),
    ]
    width = max(len(what) for what, _, _ in goals)
    for what, goal, met in goals:
        print(f"{what:{width}}  goal {goal:>7}  {'ok' if met else 'MISSED'}")
    for phase in ("baseline", "engine"):
        if tally.of(phase):
            print(f"logged while the {phase} ran (count, kind):")
            for what, count in tally.of(phase):
                print(f"  {count:6d}  {what[:200]}")
    if not measured.finished:
        print(
            f"the broadcast did not finish: {measured.left} deliveries were still queued or "
            f"sending when the wait was given up ({measured.gave_up})"
        )
    if baseline.refused_429 or baseline.other_errors:
        print(
            f"note: the baseline met {baseline.refused_429} 429s and "
            f"{baseline.other_errors} other errors"
        )
    missed = [what for what, _, met in goals if not met]
    if missed:
        print(f"FAILED: {len(missed)} goal(s) missed")
        return 1
    print("OK: every goal met")
    return 0


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.broadcast",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--recipients",
        type=int,
        metavar="N",
        default=10_000,
        help="participants the broadcast goes to (default 10000)",
    )
    parser.add_argument(
        "--rate",
        type=float,
        metavar="R",
        default=300.0,
        help="messages a second: the emulator's limit and BROADCAST_RATE (default 300)",
    )
    parser.add_argument(
        "--burst",
        type=int,
        metavar="B",
        default=BOT_BURST,
        help=f"sends the emulator lets through at once beyond the rate (default {BOT_BURST})",
    )
    parser.add_argument(
        "--workers",
        type=int,
        metavar="K",
        default=1,
        help="DeliveryWorkers running at once, each with its own Bot session (default 1)",
    )
    parser.add_argument(
        "--database-url",
        metavar="URL",
        help="postgresql+asyncpg://... server to create a scratch database on "
        "(default: a temporary SQLite file)",
    )
    parser.add_argument(
        "--redis-url",
        metavar="URL",
        help="redis://HOST:PORT/DB for the queue, the pace and the chat gate; that database "
        "is EMPTIED before and after (default: in process, no Redis)",
    )
    parser.add_argument(
        "--in-process-emulator",
        action="store_true",
        help="run the emulator in the bot's own event loop (default: a child process)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=60.0,
        dest="patience",
        metavar="SECONDS",
        help="give up when nothing has been sent for this long (default 60)",
    )
    parser.add_argument("--serve-emulator", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.recipients < 1:
        parser.error("--recipients must be at least 1")
    if not 0 < arguments.rate <= 1000:
        parser.error("--rate must be above 0 and at most 1000 (BROADCAST_RATE's range)")
    if arguments.workers < 1:
        parser.error("--workers must be at least 1")
    if arguments.burst < 1:
        parser.error("--burst must be at least 1")
    return arguments


if __name__ == "__main__":
    arguments = parse_arguments()
    if arguments.serve_emulator:
        asyncio.run(serve_emulator(arguments.rate, arguments.burst))
        sys.exit(0)
    tally = LogTally()
    logging.basicConfig(level=logging.WARNING, handlers=[tally])
    sys.exit(
        asyncio.run(
            main(
                Options(
                    recipients=arguments.recipients,
                    rate=arguments.rate,
                    workers=arguments.workers,
                    database_url=arguments.database_url,
                    redis_url=arguments.redis_url,
                    patience=arguments.patience,
                    in_process_emulator=arguments.in_process_emulator,
                    burst=arguments.burst,
                    load_before=os.getloadavg(),
                ),
                tally,
            )
        )
    )
