"""Middlewares: in-flight tracking, repeated updates, flood control, session, participant,
recent-message ids, i18n."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from aiogram import BaseMiddleware
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Chat, Message, TelegramObject, Update, User
from sqlalchemy import update
from sqlalchemy.orm.attributes import set_committed_value

from bot.i18n import Catalogue
from bot.settings import Settings
from bot.traces import MessageRecorder, current_recorder
from services.participants import find_participant, has_current_consent
from services.pseudonyms import pseudonym_for
from storage.database import SessionFactory
from storage.ephemeral import EphemeralStore
from storage.models import Participant
from storage.recent_messages import RecentMessages

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]

REPEAT_WINDOW_SECONDS = 24 * 3600


class InFlightUpdates(BaseMiddleware):
    """Remembers the tasks handling updates, so shutdown can wait for them to finish."""

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        task = asyncio.current_task()
        if task is not None:
            self._tasks.add(task)
        try:
            return await handler(event, data)
        finally:
            if task is not None:
                self._tasks.discard(task)

    async def drain(self, grace_seconds: float) -> int:
        """Wait up to `grace_seconds` for updates being handled; returns how many were left."""
        pending = {task for task in self._tasks if task is not asyncio.current_task()}
        if pending:
            _, still = await asyncio.wait(pending, timeout=grace_seconds)
            return len(still)
        return 0


class ConcurrencyLimit(BaseMiddleware):
    """At most `limit` updates handled at once; the others wait their turn.

    aiogram starts a task for every update it receives, so a burst (a broadcast answered by
    a thousand people) would otherwise ask for a thousand database connections at once and
    fail those that wait too long for one. The database pool holds as many connections as
    this limit (storage.database.create_engine), so a handler never waits for one."""

    def __init__(self, limit: int) -> None:
        self._turns = asyncio.Semaphore(limit)

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        async with self._turns:
            return await handler(event, data)


class DropRepeatedUpdates(BaseMiddleware):
    """Telegram delivers at least once; an update id seen before is handled only once."""

    def __init__(self, store: EphemeralStore):
        self._store = store

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        assert isinstance(event, Update)
        bot = data["bot"]
        if not await self._store.claim(f"update:{bot.id}:{event.update_id}", REPEAT_WINDOW_SECONDS):
            return None
        return await handler(event, data)


class FloodControl(BaseMiddleware):
    """Per-person limit on updates in a time window; the excess is dropped, with one warning."""

    def __init__(self, store: EphemeralStore, settings: Settings, catalogue: Catalogue):
        self._store, self._settings, self._catalogue = store, settings, catalogue
        # Counter keys are hashed, not raw Telegram ids: keys in Redis are visible to operators.
        self._key_salt = hashlib.sha256(b"flood:" + settings.require_pepper()).digest()

    def _key(self, user_id: int) -> str:
        return hashlib.blake2b(
            str(user_id).encode(), key=self._key_salt, digest_size=16
        ).hexdigest()

    async def forget(self, user_id: int) -> None:
        await self._store.forget(self._key(user_id))

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user: User | None = data.get("event_from_user")
        if user is None:
            return await handler(event, data)
        limit = self._settings.flood_limit
        hits = await self._store.count_hit(self._key(user.id), self._settings.flood_window_seconds)
        if hits <= limit:
            return await handler(event, data)
        language = self._catalogue.pick_language(
            None, user.language_code, self._settings.default_language
        )
        text = self._catalogue.translator(language)("slow-down")
        assert isinstance(event, Update)
        if isinstance(event.callback_query, CallbackQuery):
            await event.callback_query.answer(text)
        elif hits == limit + 1 and event.message is not None:
            await event.message.answer(text)
        return None


class DatabaseSession(BaseMiddleware):
    """One session per update: committed when the handler succeeds, rolled back otherwise."""

    def __init__(self, session_factory: SessionFactory):
        self._session_factory = session_factory

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        async with self._session_factory() as session:
            data["session"] = session
            try:
                result = await handler(event, data)
            except BaseException:
                await session.rollback()
                raise
            await session.commit()
            return result


class ParticipantContext(BaseMiddleware):
    """Injects `pseudonym` and `participant` (None before consent). Never creates a row."""

    def __init__(self, settings: Settings):
        self._pepper = settings.require_pepper()

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        user: User | None = data.get("event_from_user")
        chat: Chat | None = data.get("event_chat")
        # Participants exist only in private chats; in a group nobody is looked up.
        private = user is not None and (chat is None or chat.type == "private")
        data["pseudonym"] = pseudonym_for(self._pepper, user.id) if user and private else None
        participant = (
            await find_participant(data["session"], data["pseudonym"])
            if data["pseudonym"]
            else None
        )
        today = datetime.now(UTC).date()
        if participant is not None and participant.last_active_on != today:
            # A day, not a time: segments ask "active since". Written without touching
            # updated_at, which would keep the time of their first message of the day.
            await data["session"].execute(
                update(Participant)
                .where(Participant.id == participant.id)
                .values(last_active_on=today, updated_at=Participant.updated_at)
                .execution_options(synchronize_session=False)
            )
            set_committed_value(participant, "last_active_on", today)
        data["participant"] = participant
        return await handler(event, data)


class RememberRecentMessages(BaseMiddleware):
    """For consented participants in their private chat, notes the ids of messages in both
    directions (48 hours, for the quick exit). Nothing is noted for anyone else."""

    def __init__(self, store: RecentMessages, consent_version: str):
        self._store, self._consent_version = store, consent_version

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        chat: Chat | None = data.get("event_chat")
        private = chat is not None and chat.type == "private"
        consented = private and has_current_consent(data["participant"], self._consent_version)
        # Always injected, so handlers can rely on it; it notes nothing outside a private chat.
        recorder = MessageRecorder(
            self._store,
            chat.id if chat is not None else None,
            data["pseudonym"] if consented else None,
        )
        data["recorder"] = recorder
        token = current_recorder.set(recorder)
        try:
            if isinstance(event, Message):
                await recorder.remember(event.message_id)
            return await handler(event, data)
        finally:
            current_recorder.reset(token)


class Translation(BaseMiddleware):
    """Injects `i18n` in the person's language: their own choice, else Telegram's guess."""

    def __init__(self, catalogue: Catalogue, settings: Settings):
        self._catalogue, self._default = catalogue, settings.default_language

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        participant = data.get("participant")
        chosen: str | None = participant.language if participant is not None else None
        state: FSMContext | None = data.get("state")
        if chosen is None and state is not None:
            chosen = await state.get_value("language")
        user: User | None = data.get("event_from_user")
        language = self._catalogue.pick_language(
            chosen, user.language_code if user else None, self._default
        )
        data["i18n"] = self._catalogue.translator(language)
        return await handler(event, data)
