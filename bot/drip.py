"""The background of "one explainer a week": a round every DRIP_CHECK_SECONDS queues those
who are due on the broadcast engine (services.drip), whose workers send at Telegram's pace
and mark blocked contacts unreachable. With several bot processes, one of them per round."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import timedelta

from bot.settings import Settings
from services.drip import plan_drip_round
from storage.database import SessionFactory
from storage.ephemeral import EphemeralStore
from storage.models import utcnow

log = logging.getLogger("peacebot.drip")


async def drip_forever(
    bot_id: int,
    session_factory: SessionFactory,
    settings: Settings,
    consent_version: str,
    store: EphemeralStore,
    wake_workers: Callable[[], None] | None = None,
) -> None:
    every = settings.drip_check_seconds
    period = timedelta(days=settings.drip_period_days)
    while True:
        now = utcnow()
        window = int(now.timestamp() // every)
        try:
            if await store.claim(f"drip-round:{bot_id}:{window}", int(every) + 60):
                async with session_factory() as session:
                    planned = await plan_drip_round(session, now, period, consent_version)
                if planned is not None:
                    log.info("drip: %d queued (broadcast %d)", planned.recipients, planned.id)
                    if wake_workers is not None:
                        wake_workers()
        except Exception as error:  # the next round tries again; the bot keeps running
            log.error("drip round failed: %s", type(error).__name__)
        await asyncio.sleep(every)
