"""Fixtures: a fresh database (SQLite, or PostgreSQL when PEACEBOT_TEST_DATABASE_URL is set),
Redis when PEACEBOT_TEST_REDIS_URL is set, the Bot API emulator and a bot polling it."""

from __future__ import annotations

import asyncio
import base64
import os
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from aiogram import Bot, Dispatcher, Router
from aiogram.types import Update
from redis.asyncio import Redis
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from bot.factory import Runtime, create_bot, create_dispatcher, open_runtime
from bot.middlewares import InFlightUpdates
from bot.settings import Settings
from emulator import BotApiEmulator, RateLimits, SimulatedPerson
from storage.database import create_engine
from storage.migrate import upgrade

# The `deployment` and `peacebot` fixtures for CLI tests.
pytest_plugins = ["tests.cli_harness"]

TEST_DATABASE_URL = os.environ.get("PEACEBOT_TEST_DATABASE_URL") or None
TEST_REDIS_URL = os.environ.get("PEACEBOT_TEST_REDIS_URL") or None
TEST_TOKEN = "123456789:TEST-token-for-the-emulator-only_xyz"
TEST_PEPPER = "test-pepper-" + "p" * 40
TEST_KEY = base64.urlsafe_b64encode(bytes(range(32))).decode()


async def _check_services() -> list[str]:
    problems = []
    if TEST_DATABASE_URL:
        engine = create_async_engine(TEST_DATABASE_URL)
        try:
            async with engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
        except Exception as error:
            problems.append(
                f"PEACEBOT_TEST_DATABASE_URL={TEST_DATABASE_URL} is unreachable: {error}"
            )
        finally:
            await engine.dispose()
    if TEST_REDIS_URL:
        redis = Redis.from_url(TEST_REDIS_URL)
        try:
            await redis.ping()
        except Exception as error:
            problems.append(f"PEACEBOT_TEST_REDIS_URL={TEST_REDIS_URL} is unreachable: {error}")
        finally:
            await redis.aclose()
    return problems


def pytest_sessionstart(session: pytest.Session) -> None:
    """A service that was asked for but cannot be reached fails the run; it is never skipped."""
    problems = asyncio.run(_check_services())
    if problems:
        pytest.exit("\n".join(problems), returncode=3)


def pytest_report_header(config: pytest.Config) -> list[str]:
    return [
        f"peacebot database: {TEST_DATABASE_URL or 'SQLite (temporary file)'}",
        f"peacebot state: {TEST_REDIS_URL or 'in process (no Redis)'}",
    ]


@pytest.fixture
async def database_url(tmp_path: os.PathLike[str]) -> AsyncIterator[str]:
    """An empty database for this test."""
    if TEST_DATABASE_URL is None:
        yield f"sqlite+aiosqlite:///{tmp_path}/peacebot.sqlite3"
        return
    engine = create_async_engine(TEST_DATABASE_URL)
    async with engine.begin() as connection:
        await connection.execute(text("DROP SCHEMA public CASCADE"))
        await connection.execute(text("CREATE SCHEMA public"))
    await engine.dispose()
    yield TEST_DATABASE_URL


@pytest.fixture
async def redis_url() -> AsyncIterator[str | None]:
    """Redis emptied for this test (the test database only: use a spare db number), or None."""
    if TEST_REDIS_URL is None:
        yield None
        return
    redis = Redis.from_url(TEST_REDIS_URL)
    await redis.flushdb()
    await redis.aclose()
    yield TEST_REDIS_URL


def make_settings(**overrides: object) -> Settings:
    values: dict[str, object] = {
        "bot_token": TEST_TOKEN,
        "pseudonym_pepper": TEST_PEPPER,
        "encryption_key": TEST_KEY,
        "telegram_api_url": "http://127.0.0.1:9",
        "redis_url": None,
        "admin_ids": [],
        "webhook_url": None,
        "webhook_secret": None,
        "default_language": "en",
        "log_level": "INFO",
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg, arg-type]


@pytest.fixture
def settings_overrides() -> dict[str, object]:
    """Override in a test module (or parametrize) to change deployment settings."""
    return {}


@pytest.fixture
def settings(
    database_url: str, redis_url: str | None, settings_overrides: dict[str, object]
) -> Settings:
    return make_settings(database_url=database_url, redis_url=redis_url, **settings_overrides)


@pytest.fixture
async def migrated(settings: Settings) -> AsyncIterator[Settings]:
    engine = create_engine(settings.database_url)
    await upgrade(engine)
    await engine.dispose()
    yield settings


@pytest.fixture
async def runtime(migrated: Settings) -> AsyncIterator[Runtime]:
    async with open_runtime(migrated) as runtime:
        yield runtime


@pytest.fixture
def emulator_limits() -> RateLimits:
    """Telegram's limits, with the per-chat burst a quick conversation needs (each press can
    bring an edit and a new message); tests/test_rate_limits.py checks the strict limits.
    Override in a module whose conversations are longer."""
    return RateLimits(chat_burst=20)


@pytest.fixture
async def emulator(emulator_limits: RateLimits) -> AsyncIterator[BotApiEmulator]:
    emulator = BotApiEmulator(token=TEST_TOKEN, limits=emulator_limits)
    await emulator.start()
    yield emulator
    await emulator.stop()


class RunningBot:
    """A real dispatcher long-polling the emulator inside the test's event loop."""

    def __init__(self, runtime: Runtime, emulator: BotApiEmulator, extra_routers: list[Router]):
        runtime.settings = runtime.settings.model_copy(
            update={"telegram_api_url": emulator.base_url}
        )
        self.runtime, self.emulator = runtime, emulator
        self.bot: Bot
        self.dispatcher: Dispatcher
        self.in_flight: InFlightUpdates
        self._extra_routers = extra_routers
        self._handled: set[int] = set()
        self._handled_changed = asyncio.Condition()
        self._build()
        self._task: asyncio.Task[None] | None = None

    def _build(self) -> None:
        self.bot = create_bot(self.runtime.settings)
        self.dispatcher, self.in_flight = create_dispatcher(self.runtime, self._extra_routers)
        feed_update = self.dispatcher.feed_update

        async def feed_and_note(bot: Bot, update: Update, **kwargs: Any) -> Any:
            # Polling hands each update to feed_update; noting when it returns lets a
            # simulated person wait exactly until the bot is done, not a fixed pause.
            try:
                return await feed_update(bot, update, **kwargs)
            finally:
                self._handled.add(update.update_id)
                async with self._handled_changed:
                    self._handled_changed.notify_all()

        self.dispatcher.feed_update = feed_and_note  # type: ignore[method-assign]

    async def handled(self, update_id: int, within: float) -> bool:
        async with self._handled_changed:
            try:
                await asyncio.wait_for(
                    self._handled_changed.wait_for(lambda: update_id in self._handled), within
                )
            except TimeoutError:
                return False
        return True

    async def start(self) -> None:
        self._task = asyncio.create_task(
            self.dispatcher.start_polling(self.bot, handle_signals=False, polling_timeout=1)
        )
        ok = await self.emulator.wait_for(
            lambda: (
                self._task is not None
                and (
                    self._task.done() or any(c.method == "getUpdates" for c in self.emulator.calls)
                )
            ),
            10,
        )
        if self._task.done():
            self._task.result()
        assert ok, "the bot never polled the emulator"

    async def stop(self) -> None:
        if self._task is not None:
            task, self._task = self._task, None
            await self.dispatcher.stop_polling()
            await self.emulator.wake_pollers()
            await task

    async def restart(self, **settings: object) -> None:
        """Stop, change settings (e.g. a new consent version), start again: a redeploy."""
        await self.stop()
        await self.bot.session.close()
        self.runtime.settings = self.runtime.settings.model_copy(update=settings)
        self._build()
        await self.start()

    def person(
        self, first_name: str = "Alice", language_code: str | None = "en"
    ) -> SimulatedPerson:
        return SimulatedPerson(
            self.emulator,
            first_name=first_name,
            language_code=language_code,
            handled=self.handled,
        )


@pytest.fixture
def extra_routers() -> list[Router]:
    """Override in a test module to add routers (e.g. one that fails on purpose)."""
    return []


@pytest.fixture
async def running_bot(
    runtime: Runtime, emulator: BotApiEmulator, extra_routers: list[Router]
) -> AsyncIterator[RunningBot]:
    running = RunningBot(runtime, emulator, extra_routers)
    await running.start()
    yield running
    await running.stop()


@pytest.fixture
def alice(running_bot: RunningBot) -> Iterator[SimulatedPerson]:
    yield running_bot.person("Alice", "en")
