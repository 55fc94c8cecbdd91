"""Builds the Bot, the Dispatcher and what they share; every entry point goes through here."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass

from aiogram import Bot, Dispatcher, Router
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.fsm.storage.base import BaseStorage, DefaultKeyBuilder
from aiogram.fsm.storage.memory import MemoryStorage, SimpleEventIsolation
from aiogram.fsm.storage.redis import RedisEventIsolation, RedisStorage
from aiogram.methods import Response
from aiogram.types import Message
from aiogram.utils.token import extract_bot_id
from redis.asyncio import BlockingConnectionPool, Redis
from redis.exceptions import RedisError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.broadcast_worker import create_queue, create_worker
from bot.command_menus import StaffMenus, set_default_menus
from bot.drip import drip_forever
from bot.errors import ServiceUnreachable
from bot.i18n import Catalogue, consent_wording
from bot.middlewares import (
    ConcurrencyLimit,
    DatabaseSession,
    DropRepeatedUpdates,
    FloodControl,
    InFlightUpdates,
    ParticipantContext,
    RememberRecentMessages,
    Translation,
)
from bot.retry_after import HonourRetryAfter
from bot.settings import Settings
from bot.traces import RememberSentMessages, Traces
from content.explainers import TOPICS, Library, load_library
from content.surveys import SURVEYS_DIR, SurveyLibrary, load_surveys
from handlers import create_routers
from services.consent import notice_version
from services.explainer_search import ExplainerIndex
from services.staff import admin_pseudonyms
from storage.database import SessionFactory, connected_engine, create_session_factory
from storage.ephemeral import EphemeralStore, MemoryEphemeralStore, RedisEphemeralStore
from storage.migrate import ensure_migrated, upgrade
from storage.recent_messages import MemoryRecentMessages, RecentMessages, RedisRecentMessages

log = logging.getLogger("peacebot")

# aiogram asks pydantic for Response[Message] on every call; pydantic keeps the built
# class only while something refers to it, so without this it is rebuilt over and over
# (about 5 ms each time; seen in benchmarks/broadcast.py).
_RESPONSE_OF_MESSAGE = Response[Message]


@dataclass
class Runtime:
    """What lives as long as the process: settings, database, Redis, translations."""

    settings: Settings
    engine: AsyncEngine
    session_factory: SessionFactory
    redis: Redis | None
    catalogue: Catalogue
    library: Library
    surveys: SurveyLibrary


@asynccontextmanager
async def open_runtime(
    settings: Settings, *, migrate_sqlite: bool = True
) -> AsyncIterator[Runtime]:
    """Connect to the database (migrating the SQLite default, checking others) and Redis."""
    settings.require_pepper()
    settings.require_master_key()
    redis = _redis(settings) if settings.redis_url else None
    try:
        async with connected_engine(
            settings.database_url, settings.max_concurrent_updates
        ) as engine:
            if migrate_sqlite and settings.sqlite_path is not None:
                await upgrade(engine)
            else:
                await ensure_migrated(engine)
            if redis is not None:
                await _ping(redis)
            yield Runtime(
                settings,
                engine,
                create_session_factory(engine),
                redis,
                Catalogue(),
                open_library(),
                open_surveys(settings),
            )
    finally:
        if redis is not None:
            await redis.aclose()


def open_library() -> Library:
    """The explainer library as the bot will serve it. Problems are logged, not fatal: a
    facilitator's typo must not take the bot down; `peacebot content check` lists them."""
    library, problems = load_library()
    if problems:
        log.warning(
            "the explainer library has %d problems; run `peacebot content check`", len(problems)
        )
    return library


def open_surveys(settings: Settings) -> SurveyLibrary:
    """The surveys the bot can run; like explainers, a broken file is left out and logged."""
    surveys, problems = load_surveys(settings.surveys_dir or SURVEYS_DIR)
    if problems:
        log.warning("the surveys have %d problems; run `peacebot content check`", len(problems))
    return surveys


def _redis(settings: Settings) -> Redis:
    """A client whose pool waits for a free connection rather than failing at once when a
    burst of updates needs more than it has (redis-py's plain pool raises)."""
    assert settings.redis_url is not None
    pool = BlockingConnectionPool.from_url(
        settings.redis_url, max_connections=settings.redis_max_connections, timeout=20
    )
    return Redis(connection_pool=pool)


async def _ping(redis: Redis) -> None:
    try:
        await redis.ping()
    except (OSError, RedisError) as error:
        raise ServiceUnreachable(
            f"REDIS_URL: cannot reach Redis ({type(error).__name__}); "
            "is it running, and is the address right?"
        ) from None


def create_bot(settings: Settings, *, retry_on_429: bool = True) -> Bot:
    """The Bot. Replies wait out a 429 and retry; broadcast workers (retry_on_429=False)
    see the 429 themselves, to pause every worker at once."""
    session = AiohttpSession(api=TelegramAPIServer.from_base(settings.telegram_api_url))
    if retry_on_429:
        session.middleware(HonourRetryAfter())
    session.middleware(RememberSentMessages())
    # protect_content on every message: a forwarded or saved answer can expose someone.
    return Bot(
        token=settings.require_bot_token(),
        session=session,
        default=DefaultBotProperties(protect_content=True),
    )


class _SharedRedisStorage(RedisStorage):
    """aiogram closes its storage's Redis client when polling stops; this client belongs to
    the Runtime (recent messages, counters and later dispatchers use it too), which closes it."""

    async def close(self) -> None:
        return None


def _state_storage(
    runtime: Runtime,
) -> tuple[BaseStorage, SimpleEventIsolation | RedisEventIsolation]:
    if runtime.redis is None:
        return MemoryStorage(), SimpleEventIsolation()
    ttl = runtime.settings.state_ttl_seconds
    storage = _SharedRedisStorage(
        runtime.redis,
        key_builder=DefaultKeyBuilder(with_bot_id=True, with_destiny=True),
        state_ttl=ttl,
        data_ttl=ttl,
    )
    return storage, storage.create_isolation()


def _ephemeral_store(runtime: Runtime) -> EphemeralStore:
    if runtime.redis is None:
        return MemoryEphemeralStore()
    return RedisEphemeralStore(runtime.redis)


def current_consent_version(settings: Settings, catalogue: Catalogue) -> str:
    """CONSENT_VERSION plus a digest of every notice as participants will read it."""
    notices = [
        catalogue.translator(language)(
            key, **consent_wording(settings, catalogue.translator(language))
        )
        for language in catalogue.languages
        for key in ("consent-notice", "consent-details")
    ]
    return notice_version(settings.consent_version, notices)


def topic_names(catalogue: Catalogue) -> dict[tuple[str, str], str]:
    """Each topic's name in each language, so a question can match it."""
    return {
        (topic, language): catalogue.translator(language)(f"topic-{topic}")
        for topic in TOPICS
        for language in catalogue.languages
    }


def _recent_messages(runtime: Runtime) -> RecentMessages:
    if runtime.redis is None:
        return MemoryRecentMessages()
    return RedisRecentMessages(runtime.redis)


def create_dispatcher(
    runtime: Runtime, extra_routers: Sequence[Router] = ()
) -> tuple[Dispatcher, InFlightUpdates]:
    settings, catalogue = runtime.settings, runtime.catalogue
    storage, isolation = _state_storage(runtime)
    dispatcher = Dispatcher(
        storage=storage,
        events_isolation=isolation,
        settings=settings,
        catalogue=catalogue,
    )
    store = _ephemeral_store(runtime)
    recent = _recent_messages(runtime)
    consent_version = current_consent_version(settings, catalogue)
    dispatcher["consent_version"] = consent_version
    dispatcher["library"] = runtime.library
    dispatcher["surveys"] = runtime.surveys
    dispatcher["staff_admins"] = admin_pseudonyms(settings.require_pepper(), settings.admin_ids)
    dispatcher["explainer_index"] = ExplainerIndex(runtime.library, topic_names(catalogue))
    flood = FloodControl(store, settings, catalogue)
    dispatcher["traces"] = Traces(recent, flood)
    in_flight = InFlightUpdates()
    dispatcher.update.outer_middleware(in_flight)
    dispatcher.update.outer_middleware(ConcurrencyLimit(settings.max_concurrent_updates))
    dispatcher.update.outer_middleware(DropRepeatedUpdates(store))
    dispatcher.update.outer_middleware(flood)
    # Outer middlewares, so that filters (e.g. "consent is out of date") see the participant.
    # A session opens no connection until its first query, and none is made for group chats.
    for observer in (dispatcher.message, dispatcher.edited_message, dispatcher.callback_query):
        observer.outer_middleware(DatabaseSession(runtime.session_factory))
        observer.outer_middleware(ParticipantContext(settings))
        observer.outer_middleware(RememberRecentMessages(recent, consent_version))
        observer.outer_middleware(Translation(catalogue, settings))
    staff_menus = StaffMenus(catalogue, settings.default_language, dispatcher["staff_admins"])
    dispatcher["staff_menus"] = staff_menus
    dispatcher.message.outer_middleware(staff_menus)
    dispatcher.include_routers(*create_routers(extra_routers))

    async def set_command_menus(bot: Bot) -> None:
        await set_default_menus(bot, catalogue, settings.default_language)

    queue = create_queue(
        extract_bot_id(settings.require_bot_token()),
        runtime.session_factory,
        runtime.redis,
        settings,
    )
    dispatcher["delivery_queue"] = queue
    background: list[asyncio.Task[None]] = []
    worker_bots: list[Bot] = []

    async def start_background(bot: Bot) -> None:
        background.append(
            asyncio.create_task(
                drip_forever(
                    bot.id, runtime.session_factory, settings, consent_version, store, queue.wake
                )
            )
        )
        if settings.run_worker:
            worker_bot = create_bot(settings, retry_on_429=False)
            worker_bots.append(worker_bot)
            worker = create_worker(
                worker_bot,
                runtime.session_factory,
                runtime.redis,
                catalogue,
                runtime.library,
                runtime.surveys,
                settings,
                consent_version,
                store,
                recent,
                queue,
            )
            dispatcher["broadcast_worker"] = worker
            background.append(asyncio.create_task(worker.run()))

    async def finish_in_flight() -> None:
        for task in background:
            task.cancel()
        if background:
            # The worker keeps within the grace, then writes what it sent: a moment more.
            await asyncio.wait(background, timeout=settings.shutdown_grace_seconds + 2)
        for worker_bot in worker_bots:
            await worker_bot.session.close()
        await in_flight.drain(settings.shutdown_grace_seconds)

    dispatcher.startup.register(set_command_menus)
    dispatcher.startup.register(start_background)
    dispatcher.shutdown.register(finish_in_flight)
    return dispatcher, in_flight
