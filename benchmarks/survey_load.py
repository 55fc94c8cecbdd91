"""Survey load: N participants answering a ten-question survey at the same time, through the
real dispatcher long-polling the Bot API emulator, against a bare aiogram bot in the same run.

Setup (not timed): a database (a temporary SQLite file by default), the survey in
benchmarks/fixtures/ten-questions.yaml opened, N participants enrolled directly through
services.participants.enrol_participant (participant and contact rows with the current
consent, as "I agree" makes them; the join conversation itself is not measured here), a flood
limit and emulator rate limits that never bite.

Timed: every participant, all at once (or --concurrency K at a time), sends /menu, presses
"share your views", the survey, "start", then answers the ten questions (choices, ticks and
Done, a scale, a ranking, typed numbers and text): 17 updates each, one after the other, each
waiting for the bot to finish the previous one. Latency is from just before the update is
queued in the emulator to the moment the dispatcher's feed_update returns for it. Warnings and
errors the bot logs are counted by kind (the first few of each are shown as they come).

Baseline (same run, a fresh emulator with the same limits): a bare aiogram Dispatcher whose
only handlers reply (message.answer; callback answer + edit of the message), driven by the
same number of people sending the same sequence of messages and presses.

Then the database is checked: exactly 10 answers per completed response, N completed
responses, and the stored values are those that were given. The exit status is 1 if not, or
if a participant could not finish, or if the bot logged an error.

    .venv/bin/python -m benchmarks.survey_load [--participants 1000] [--concurrency K]
        [--database-url postgresql+asyncpg://HOST:PORT/DB] [--redis-url redis://HOST:PORT/N]

With a PostgreSQL URL, a scratch database (bench_surveys_<pid>) is created on that server,
migrated, used and dropped at the end: the database named in the URL is only connected to.
A Redis database given with --redis-url is EMPTIED before and after the run (FLUSHDB): give a
spare database number.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import logging
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.dispatcher.event.bases import UNHANDLED
from aiogram.types import (
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    Update,
)
from sqlalchemy import func, select

from benchmarks.scratch import emptied_redis, scratch_database
from bot.factory import (
    Runtime,
    create_bot,
    create_dispatcher,
    current_consent_version,
    open_runtime,
)
from bot.settings import Settings
from emulator import BotApiEmulator, ChatMessage, RateLimits
from handlers.callbacks import MenuAction, SurveyChoice, SurveyStep
from services import surveys as taking
from services.participants import enrol_participant
from services.pseudonyms import pseudonym_for
from storage.database import create_engine
from storage.migrate import upgrade
from storage.models import Answer, Participant, Response

TOKEN = "123456789:BENCH-survey-load-token-emulator_only"
PEPPER = "bench-survey-load-" + "p" * 40
KEY = base64.urlsafe_b64encode(bytes(range(32))).decode()
FIXTURES = Path(__file__).parent / "fixtures"
SURVEY_ID = "ten-questions"
ANSWERS_EACH = 10
FIRST_USER_ID = 800_000_000
# Nothing the emulator would refuse: no bot-wide or per-chat limit.
NO_LIMITS = RateLimits(bot_per_second=None, bot_burst=1, chat_per_second=None, chat_burst=1)
COMMENTS = (
    "More street lights near the market",
    "A bus to the clinic twice a day",
    "Repair the bridge before the rains",
    "Evening classes for adults",
)
MESSAGES = ("Thank you for asking", "Please share the results", "Nothing more")


class StepFailed(Exception):
    """A simulated participant could not go on (no such button, the bot did not finish)."""


# ---------------------------------------------------------------------------- timing


class Tracker:
    """Notes when the dispatcher finishes each update, and the latency since it was queued.

    One future per update (not tests.conftest.RunningBot.handled, whose single condition
    wakes every waiting person on every update: O(N) per update at N = 1000)."""

    def __init__(self, failed: set[int]) -> None:
        # Updates the bot logged an error for (see LogTally): the person stops there, as
        # someone shown an apology would not carry on as if the answer had been taken.
        self.failed = failed
        self.finished: dict[int, float] = {}
        self.waiting: dict[int, asyncio.Future[None]] = {}
        self.latencies: list[float] = []
        self.errors = 0
        self.unhandled = 0

    def watch(self, dispatcher: Dispatcher) -> None:
        feed_update = dispatcher.feed_update

        async def feed_and_note(bot: Bot, update: Update, **kwargs: Any) -> Any:
            try:
                result = await feed_update(bot, update, **kwargs)
            except Exception:
                self.errors += 1
                raise
            finally:
                self._finished(update.update_id)
            if result is UNHANDLED:
                self.unhandled += 1
            return result

        dispatcher.feed_update = feed_and_note  # type: ignore[method-assign]

    def _finished(self, update_id: int) -> None:
        self.finished[update_id] = time.perf_counter()
        waiter = self.waiting.pop(update_id, None)
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    async def wait(self, update_id: int, queued_at: float, patience: float) -> None:
        if update_id not in self.finished:
            waiter = asyncio.get_running_loop().create_future()
            self.waiting[update_id] = waiter
            try:
                await asyncio.wait_for(waiter, patience)
            except TimeoutError:
                self.waiting.pop(update_id, None)
                raise StepFailed(f"update {update_id} not finished within {patience} s") from None
        self.latencies.append(self.finished.pop(update_id) - queued_at)
        if update_id in self.failed:
            raise StepFailed(f"the bot logged an error for update {update_id}")


class LogTally(logging.Handler):
    """Counts the warnings and errors logged while a bot runs, by kind (ids left out); shows
    the first few of each kind on stderr as they come, not hundreds of the same line."""

    SHOWN = 3

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.phase = "setup"
        self.counts: Counter[tuple[str, str, str]] = Counter()
        self.failed: set[int] = set()
        self.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        first_line = record.getMessage().splitlines()[0]
        # peacebot.errors: "update 17 failed: ..."; aiogram: "... process update id=17 ...".
        update = re.search(r"update (?:id=)?(\d+)", first_line)
        if update is not None and record.levelno >= logging.ERROR:
            self.failed.add(int(update.group(1)))
        kind = re.sub(r"update (id=)?\d+", "update #", first_line)
        key = (self.phase, record.levelname, f"{record.name}: {kind}")
        self.counts[key] += 1
        if self.counts[key] <= self.SHOWN:
            print(self.format(record), file=sys.stderr)

    def of(self, phase: str, level: str | None = None) -> list[tuple[str, int]]:
        return [
            (f"{lvl} {what}", n)
            for (p, lvl, what), n in self.counts.most_common()
            if p == phase and (level is None or lvl == level)
        ]


class Chat:
    """One person's private chat, driven through the emulator's own user_sends/user_presses."""

    def __init__(
        self, emulator: BotApiEmulator, tracker: Tracker, user_id: int, patience: float
    ) -> None:
        self.emulator, self.tracker = emulator, tracker
        self.user_id, self.patience = user_id, patience

    async def send(self, text: str) -> None:
        queued_at = time.perf_counter()
        update_id = await self.emulator.user_sends(self.user_id, text=text)
        await self.tracker.wait(update_id, queued_at, self.patience)

    async def press(self, wanted: Callable[[str], bool]) -> None:
        """Press the button whose callback data `wanted` accepts, on the newest bot message
        that has one."""
        message, data = self._button(wanted)
        queued_at = time.perf_counter()
        update_id = await self.emulator.user_presses(self.user_id, message, data)
        await self.tracker.wait(update_id, queued_at, self.patience)

    def _button(self, wanted: Callable[[str], bool]) -> tuple[ChatMessage, str]:
        for message in reversed(self.emulator.messages(self.user_id)):
            if not message.from_bot or message.deleted:
                continue
            for button in message.buttons():
                data = button.get("callback_data")
                if isinstance(data, str) and wanted(data):
                    return message, data
        raise StepFailed(f"no such button; the bot last said {self.last_text[:200]!r}")

    @property
    def last_text(self) -> str:
        said = [m for m in self.emulator.messages(self.user_id) if m.from_bot and not m.deleted]
        return (said[-1].text or "") if said else ""


# ---------------------------------------------------------------------------- the script


@dataclass(frozen=True)
class Send:
    text: str


@dataclass(frozen=True)
class Press:
    data: Callable[[str], bool]


Action = Send | Press


def exactly(data: str) -> Callable[[str], bool]:
    return lambda pressed: pressed == data


def step(action: str, choice: int = -1) -> Callable[[str], bool]:
    """A button under the question being asked: SurveyStep with this action and choice."""

    def wanted(data: str) -> bool:
        if not data.startswith(SurveyStep.__prefix__ + ":"):
            return False
        unpacked = SurveyStep.unpack(data)
        return unpacked.action == action and unpacked.c == choice

    return wanted


@dataclass
class Plan:
    """What one person does, and the values their ten answers must be stored as."""

    actions: list[Action] = field(default_factory=list)
    # question -> the JSON stored in answers.value; None for sealed free text.
    stored: dict[str, object] = field(default_factory=dict)


def plan_for(rng: random.Random) -> Plan:
    plan = Plan()
    act, stored = plan.actions.append, plan.stored
    act(Send("/menu"))
    act(Press(exactly(MenuAction(action="surveys").pack())))
    act(Press(exactly(SurveyChoice(action="show", id=SURVEY_ID).pack())))
    act(Press(exactly(SurveyChoice(action="start", id=SURVEY_ID).pack())))
    # safe: select_one of yes / no / unsure.
    safe = rng.randrange(3)
    act(Press(step("pick", safe)))
    stored["safe"] = ("yes", "no", "unsure")[safe]
    # problems: select_multiple, two ticks and Done (three presses, one answer).
    ticks = rng.sample(range(4), 2)
    for tick in ticks:
        act(Press(step("toggle", tick)))
    act(Press(step("done")))
    stored["problems"] = [
        n for i, n in enumerate(("roads", "power", "water", "jobs")) if i in ticks
    ]
    # trust: scale 1-5.
    trust = rng.randrange(5)
    act(Press(step("pick", trust)))
    stored["trust"] = trust + 1
    # minutes: a typed whole number.
    minutes = rng.randint(0, 600)
    act(Send(str(minutes)))
    stored["minutes"] = minutes
    # needs: rank the top 2 of 3 (two presses, one answer).
    first, second = rng.sample(range(3), 2)
    act(Press(step("pick", first)))
    act(Press(step("pick", second)))
    stored["needs"] = [("school", "clinic", "market")[i] for i in (first, second)]
    # comment: typed free text (sealed).
    act(Send(rng.choice(COMMENTS)))
    stored["comment"] = None
    meetings = rng.randrange(2)
    act(Press(step("pick", meetings)))
    stored["meetings"] = ("yes", "no")[meetings]
    # hope: scale 0-10.
    hope = rng.randrange(11)
    act(Press(step("pick", hope)))
    stored["hope"] = hope
    household = rng.randint(1, 12)
    act(Send(str(household)))
    stored["household"] = household
    act(Send(rng.choice(MESSAGES)))
    stored["message"] = None
    assert len(stored) == ANSWERS_EACH
    return plan


async def take_survey(chat: Chat, plan: Plan) -> None:
    for action in plan.actions:
        if isinstance(action, Send):
            await chat.send(action.text)
        else:
            await chat.press(action.data)
    if "Thank you for your answers." not in chat.last_text:
        raise StepFailed(f"no thanks at the end; the bot last said {chat.last_text[:200]!r}")


async def mirror(chat: Chat, plan: Plan) -> None:
    """The baseline person: the same sequence of messages and presses, any button."""
    for action in plan.actions:
        if isinstance(action, Send):
            await chat.send(action.text)
        else:
            await chat.press(lambda data: True)


# ---------------------------------------------------------------------------- running


@dataclass
class Run:
    name: str
    participants: int
    updates: int
    wall: float
    latencies: list[float]
    failures: list[str]
    errors: int
    unhandled: int
    logged: list[tuple[str, int]]

    def percentile(self, fraction: float) -> float:
        ordered = sorted(self.latencies)
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] * 1e3

    @property
    def per_update(self) -> float:
        return self.wall / max(1, self.updates)

    @property
    def logged_errors(self) -> int:
        return sum(n for what, n in self.logged if not what.startswith("WARNING"))


async def drive(
    emulator: BotApiEmulator,
    bot: Bot,
    dispatcher: Dispatcher,
    tracker: Tracker,
    name: str,
    people: list[int],
    plans: list[Plan],
    script: Callable[[Chat, Plan], Any],
    options: Options,
    tally: LogTally,
) -> Run:
    """Poll the emulator with `dispatcher`, run everyone's script (`options.concurrency` at
    a time), stop polling."""
    tally.phase = name
    tally.failed.clear()
    tracker.watch(dispatcher)
    polling = asyncio.create_task(
        dispatcher.start_polling(bot, handle_signals=False, polling_timeout=1)
    )
    polled = await emulator.wait_for(
        lambda: polling.done() or any(c.method == "getUpdates" for c in emulator.calls), 30
    )
    if polling.done():
        polling.result()
    if not polled:
        raise SystemExit(f"{name}: the bot never polled the emulator")

    at_once = asyncio.Semaphore(options.concurrency)

    async def one(user_id: int, plan: Plan) -> str | None:
        async with at_once:
            try:
                await script(Chat(emulator, tracker, user_id, options.patience), plan)
            except StepFailed as failure:
                return f"user {user_id}: {failure}"
            return None

    started = time.perf_counter()
    outcomes = await asyncio.gather(*(one(u, p) for u, p in zip(people, plans, strict=True)))
    wall = time.perf_counter() - started
    await dispatcher.stop_polling()
    await emulator.wake_pollers()
    await polling
    tally.phase = "after " + name
    return Run(
        name,
        len(people),
        len(tracker.latencies),
        wall,
        tracker.latencies,
        [o for o in outcomes if o is not None],
        tracker.errors,
        tracker.unhandled,
        tally.of(name),
    )


def bare_dispatcher() -> Dispatcher:
    dispatcher = Dispatcher()
    keyboard = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="Next", callback_data="next")]]
    )

    @dispatcher.message()
    async def on_message(message: Message) -> None:
        await message.answer(f"Noted ({message.message_id})", reply_markup=keyboard)

    @dispatcher.callback_query()
    async def on_press(query: CallbackQuery) -> None:
        await query.answer()
        if isinstance(query.message, Message):
            await query.message.edit_text(f"Pressed ({query.id})", reply_markup=keyboard)

    return dispatcher


async def run_baseline(
    people: list[int], plans: list[Plan], options: Options, tally: LogTally
) -> Run:
    emulator = BotApiEmulator(token=TOKEN, limits=NO_LIMITS)
    await emulator.start()
    for user_id in people:
        emulator.add_user(user_id, "P", "en")
    bot = Bot(TOKEN, session=AiohttpSession(api=TelegramAPIServer.from_base(emulator.base_url)))
    try:
        return await drive(
            emulator,
            bot,
            bare_dispatcher(),
            Tracker(tally.failed),
            "bare aiogram",
            people,
            plans,
            mirror,
            options,
            tally,
        )
    finally:
        await bot.session.close()
        await emulator.stop()


# ---------------------------------------------------------------------------- storage


def make_settings(database_url: str, redis_url: str | None, api_url: str) -> Settings:
    return Settings(
        _env_file=None,
        bot_token=TOKEN,
        pseudonym_pepper=PEPPER,
        encryption_key=KEY,
        telegram_api_url=api_url,
        database_url=database_url,
        redis_url=redis_url,
        surveys_dir=FIXTURES,
        flood_limit=10**9,
        admin_ids=[],
        webhook_url=None,
        webhook_secret=None,
        default_language="en",
    )


async def enrol_everyone(runtime: Runtime, people: list[int]) -> None:
    """Participant and contact rows with the current consent, as "I agree" makes them."""
    settings = runtime.settings
    consent = current_consent_version(settings, runtime.catalogue)
    pepper = settings.require_pepper()
    async with runtime.session_factory() as session:
        for user_id in people:
            await enrol_participant(
                session,
                pseudonym=pseudonym_for(pepper, user_id),
                chat_id=user_id,
                language="en",
                consent_version=consent,
            )
        await session.commit()


async def open_survey(runtime: Runtime) -> None:
    survey = runtime.surveys.get(SURVEY_ID)
    if survey is None:
        raise SystemExit(f"{FIXTURES / (SURVEY_ID + '.yaml')} did not load: run content check")
    async with runtime.session_factory() as session:
        await taking.set_status(session, survey, taking.OPEN)


@dataclass
class Verified:
    answers: int
    completed: int
    uneven: int  # completed responses without exactly ten answers
    wrong_values: list[str]

    def ok(self, participants: int) -> bool:
        return (
            self.answers == ANSWERS_EACH * participants
            and self.completed == participants
            and self.uneven == 0
            and not self.wrong_values
        )


async def verify(runtime: Runtime, people: list[int], plans: list[Plan]) -> Verified:
    pepper = runtime.settings.require_pepper()
    expected = {pseudonym_for(pepper, u): p.stored for u, p in zip(people, plans, strict=True)}
    completed = (Response.survey_id == SURVEY_ID) & Response.completed_at.is_not(None)
    async with runtime.session_factory() as session:
        answers = await session.scalar(
            select(func.count())
            .select_from(Answer)
            .join(Response, Response.id == Answer.response_id)
            .where(completed)
        )
        responses = await session.scalar(
            select(func.count()).select_from(Response).where(completed)
        )
        per_response = (
            select(Answer.response_id, func.count().label("n"))
            .join(Response, Response.id == Answer.response_id)
            .where(completed)
            .group_by(Answer.response_id)
            .subquery()
        )
        uneven = await session.scalar(
            select(func.count()).select_from(per_response).where(per_response.c.n != ANSWERS_EACH)
        )
        rows = await session.execute(
            select(Participant.pseudonym, Answer.question, Answer.value, Answer.sealed)
            .join(Response, Response.id == Answer.response_id)
            .join(Participant, Participant.id == Response.participant_id)
            .where(completed)
        )
        wrong = []
        for pseudonym, question, value, sealed in rows.all():
            want = expected.get(pseudonym, {}).get(question, "missing")
            got = "sealed" if sealed is not None and value is None else value
            if want is None:
                good = got == "sealed"
            else:
                good = value is not None and json.loads(value) == want
            if not good:
                wrong.append(f"{question}: stored {got!r}, given {want!r}")
    return Verified(int(answers or 0), int(responses or 0), int(uneven or 0), wrong)


# ---------------------------------------------------------------------------- main


async def run_peacebot(
    runtime: Runtime,
    emulator: BotApiEmulator,
    people: list[int],
    plans: list[Plan],
    options: Options,
    tally: LogTally,
) -> Run:
    bot = create_bot(runtime.settings)
    dispatcher, _ = create_dispatcher(runtime)
    try:
        return await drive(
            emulator,
            bot,
            dispatcher,
            Tracker(tally.failed),
            "peacebot",
            people,
            plans,
            take_survey,
            options,
            tally,
        )
    finally:
        await bot.session.close()


@dataclass(frozen=True)
class Options:
    participants: int
    concurrency: int
    database_url: str | None
    redis_url: str | None
    seed: int
    patience: float


async def main(options: Options, tally: LogTally) -> int:
    participants, database_url, redis_url = (
        options.participants,
        options.database_url,
        options.redis_url,
    )
    people = [FIRST_USER_ID + i for i in range(participants)]
    plans = [plan_for(random.Random(options.seed * 1_000_003 + u)) for u in people]
    updates_each = len(plans[0].actions)

    baseline = await run_baseline(people, plans, options, tally)

    emulator = BotApiEmulator(token=TOKEN, limits=NO_LIMITS)
    await emulator.start()
    try:
        async with (
            scratch_database(database_url, "surveys") as (url, database),
            emptied_redis(redis_url) as state,
        ):
            settings = make_settings(url, redis_url, emulator.base_url)
            if settings.sqlite_path is None:
                engine = create_engine(url)
                await upgrade(engine)
                await engine.dispose()
            async with open_runtime(settings) as runtime:
                setup_started = time.perf_counter()
                for user_id in people:
                    emulator.add_user(user_id, "P", "en")
                await enrol_everyone(runtime, people)
                await open_survey(runtime)
                setup = time.perf_counter() - setup_started
                measured = await run_peacebot(runtime, emulator, people, plans, options, tally)
                verified = await verify(runtime, people, plans)
    finally:
        await emulator.stop()

    print(f"participants: {participants}; database: {database}; state: {state}")
    print(
        f"setup (not timed, {setup:.1f} s): {participants} participants enrolled directly "
        "through services.participants.enrol_participant (participant + contact rows, current "
        f'consent; not through the chat); survey "{SURVEY_ID}" opened'
    )
    print(
        f"timed: each participant sends /menu, presses share your views, the survey, start, "
        f"then gives {ANSWERS_EACH} answers: {updates_each} updates each, one after another; "
        f"{options.concurrency} participants at once"
        + (" (all)" if options.concurrency >= participants else "")
    )
    print()
    print(
        f"{'':14} {'updates':>8} {'wall s':>8} {'updates/s':>10} {'answers/s':>10} "
        f"{'p50 ms':>8} {'p99 ms':>8} {'max ms':>8}"
    )
    for run in (measured, baseline):
        # Answers stored in completed responses: 10 N when every participant finished.
        answers = f"{verified.answers / run.wall:10.1f}" if run is measured else " " * 10
        print(
            f"{run.name:14} {run.updates:8d} {run.wall:8.2f} {run.updates / run.wall:10.1f} "
            f"{answers} {run.percentile(0.50):8.1f} {run.percentile(0.99):8.1f} "
            f"{run.percentile(1.0):8.1f}"
        )
    print(
        f"ratio peacebot / bare aiogram, time per update: "
        f"{measured.per_update / baseline.per_update:.2f}x "
        f"({measured.per_update * 1e3:.2f} ms / {baseline.per_update * 1e3:.2f} ms); "
        f"p50 latency: {measured.percentile(0.5) / baseline.percentile(0.5):.2f}x"
    )
    print()
    problems = []
    for run in (measured, baseline):
        if run.failures:
            problems.append(f"{run.name}: {len(run.failures)} participants could not finish")
            for failure in run.failures[:5]:
                problems.append(f"  {failure}")
        if run.errors:
            problems.append(f"{run.name}: {run.errors} updates raised an exception (logged above)")
        if run.unhandled:
            problems.append(f"{run.name}: {run.unhandled} updates found no handler")
        if run.logged_errors:
            problems.append(f"{run.name}: {run.logged_errors} errors logged while it ran")
        if run.logged:
            print(f"logged while {run.name} ran (count, kind):")
            for what, count in run.logged:
                print(f"  {count:6d}  {what[:200]}")
    print(
        f"verification: {verified.answers} answers in completed responses "
        f"(expected {ANSWERS_EACH * participants}); {verified.completed} completed responses "
        f"(expected {participants}); {verified.uneven} responses without exactly "
        f"{ANSWERS_EACH} answers; {len(verified.wrong_values)} stored values differ from "
        "those given"
    )
    if not verified.ok(participants):
        problems.append("the database does not hold every answer exactly as given")
        problems.extend(f"  {wrong}" for wrong in verified.wrong_values[:5])
    if problems:
        print("FAILED:\n" + "\n".join(problems))
        return 1
    print("OK: every answer is stored")
    return 0


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.survey_load",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--participants",
        type=int,
        metavar="N",
        default=1000,
        help="people taking the survey (default 1000; 100 for a quick run)",
    )
    parser.add_argument(
        "--concurrency",
        type=int,
        metavar="K",
        help="at most K of them at once (default: all N; the semaphore is N)",
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
        help="redis://HOST:PORT/DB for conversation state and counters; that database is "
        "EMPTIED before and after (default: in process, no Redis)",
    )
    parser.add_argument("--seed", type=int, default=1, help="for the answers given (default 1)")
    parser.add_argument(
        "--timeout",
        type=float,
        default=300.0,
        dest="patience",
        metavar="SECONDS",
        help="seconds to wait for the bot to finish one update (default 300)",
    )
    arguments = parser.parse_args()
    if arguments.participants < 1:
        parser.error("--participants must be at least 1")
    if arguments.concurrency is not None and arguments.concurrency < 1:
        parser.error("--concurrency must be at least 1")
    return arguments


if __name__ == "__main__":
    arguments = parse_arguments()
    tally = LogTally()
    logging.basicConfig(level=logging.WARNING, handlers=[tally])
    sys.exit(
        asyncio.run(
            main(
                Options(
                    participants=arguments.participants,
                    concurrency=min(
                        arguments.concurrency or arguments.participants, arguments.participants
                    ),
                    database_url=arguments.database_url,
                    redis_url=arguments.redis_url,
                    seed=arguments.seed,
                    patience=arguments.patience,
                ),
                tally,
            )
        )
    )
