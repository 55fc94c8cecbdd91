"""Broadcasting in tests: participants enrolled directly (as "I agree" leaves them), a
message confirmed for an audience, workers built as `peacebot worker` builds them, and
what the emulator's people received."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Callable
from datetime import datetime

from aiogram import Bot

from bot.broadcast_worker import DeliveryWorker, create_worker
from bot.factory import Runtime, current_consent_version
from bot.settings import Settings
from emulator import BotApiEmulator
from services import broadcasts
from services.broadcasts import Draft
from services.participants import enrol_participant
from services.pseudonyms import pseudonym_for
from services.segments import Segment
from storage.ephemeral import MemoryEphemeralStore, RedisEphemeralStore
from storage.models import utcnow

FIRST_USER = 50_000


def worker_for(
    runtime: Runtime,
    bot: Bot,
    clock: Callable[[], datetime] = utcnow,
    consent_version: str | None = None,
    **settings: object,
) -> DeliveryWorker:
    """A worker as `peacebot worker` builds one, on the test's database (and Redis), with
    its own clock and settings if given."""
    chosen: Settings = runtime.settings.model_copy(update=settings)
    claims = (
        RedisEphemeralStore(runtime.redis) if runtime.redis is not None else MemoryEphemeralStore()
    )
    return create_worker(
        bot,
        runtime.session_factory,
        runtime.redis,
        runtime.catalogue,
        runtime.library,
        runtime.surveys,
        chosen,
        consent_version or current_consent_version(chosen, runtime.catalogue),
        claims,
        clock=clock,
    )


async def enrol(
    runtime: Runtime,
    emulator: BotApiEmulator,
    count: int,
    language: str = "en",
    *,
    opted_in: bool = True,
    silent: bool = False,
    first: int = FIRST_USER,
    **profile: str,
) -> list[int]:
    """Participants as "I agree" leaves them (plus the choices given), and their chats."""
    settings = runtime.settings
    version = current_consent_version(settings, runtime.catalogue)
    users = list(range(first, first + count))
    async with runtime.session_factory() as session:
        for user in users:
            emulator.add_user(user, f"P{user}", language)
            participant = await enrol_participant(
                session,
                pseudonym=pseudonym_for(settings.require_pepper(), user),
                chat_id=user,
                language=language,
                consent_version=version,
            )
            participant.broadcast_opt_in, participant.silent_delivery = opted_in, silent
            for key, value in profile.items():
                setattr(participant, key, value)
        await session.commit()
    return users


async def send_message(
    runtime: Runtime, texts: dict[str, str], segment: Segment | None = None
) -> int:
    version = current_consent_version(runtime.settings, runtime.catalogue)
    draft = Draft(broadcasts.MESSAGE, segment or Segment(), texts=texts)
    async with runtime.session_factory() as session:
        await broadcasts.check(session, draft, version, runtime.library, runtime.surveys)
        created = await broadcasts.create(session, draft, "facilitator")
        await broadcasts.confirm(session, created.id, "facilitator", version)
        return created.id


def received(emulator: BotApiEmulator, users: list[int], words: str) -> Counter[int]:
    return Counter(
        user
        for user in users
        for message in emulator.messages(user)
        if message.from_bot and words in (message.text or "")
    )


async def drain_all(runtime: Runtime, worker: DeliveryWorker, broadcast_id: int) -> None:
    """Drain until the broadcast has nothing left (what waits for a chat's one-second gap
    or a 429's pause comes due a moment later)."""
    for _ in range(100):
        await worker.drain()
        counts = await statuses(runtime, broadcast_id)
        if not counts.get("queued") and not counts.get("sending"):
            return
        await asyncio.sleep(0.2)
    raise AssertionError(f"broadcast {broadcast_id} did not finish: {counts}")


async def statuses(runtime: Runtime, broadcast_id: int) -> dict[str, int]:
    async with runtime.session_factory() as session:
        done = await broadcasts.progress(session, broadcast_id)
    assert done is not None
    return done.counts
