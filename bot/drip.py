"""Sending "one explainer a week" to those who asked for it, at Telegram's pace.

`send_due_explainers` does one round for a given moment (tests pass their own clock);
`drip_forever` runs rounds in the background of `peacebot run`. Each person is committed
on their own, so a crash mid-round never sends anyone the same week's note twice.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError

from bot.i18n import Catalogue
from bot.settings import Settings
from content.explainers import Library
from handlers.explainers import local_help, reader_for
from handlers.screens import explainer_screen
from services.drip import due_for_drip
from services.explainer_reads import record_read
from services.targeting import suggest
from storage.database import SessionFactory
from storage.ephemeral import EphemeralStore
from storage.models import utcnow

log = logging.getLogger("peacebot.drip")

# Telegram allows about 30 messages a second per bot; stay under it, leaving room for replies.
PAUSE_SECONDS = 1 / 20


@dataclass
class DripRound:
    sent: int = 0
    nothing_new: int = 0
    unreachable: int = 0


async def send_due_explainers(
    bot: Bot,
    session_factory: SessionFactory,
    library: Library,
    catalogue: Catalogue,
    settings: Settings,
    consent_version: str,
    now: datetime,
    pause: float = PAUSE_SECONDS,
) -> DripRound:
    done = DripRound()
    period = timedelta(days=settings.drip_period_days)
    async with session_factory() as session:
        due = await due_for_drip(session, now, period, consent_version)
        for participant, contact in due:
            suggestion = suggest(library, await reader_for(session, participant))
            participant.last_drip_at = now
            if suggestion is None:
                done.nothing_new += 1
                await session.commit()
                continue
            i18n = catalogue.translator(participant.language)
            screen = explainer_screen(
                i18n, suggestion.explainer, "short", local_help(settings, i18n), None
            )
            try:
                await bot.send_message(
                    contact.chat_id,
                    f"{i18n('drip-intro')}\n\n{screen.text}",
                    reply_markup=screen.keyboard,
                    parse_mode=screen.parse_mode,
                    disable_notification=participant.silent_delivery,
                )
            except (TelegramForbiddenError, TelegramBadRequest) as error:
                # Blocked the bot, or the chat is gone: not retried week after week.
                contact.reachable, contact.unreachable_since = False, now
                done.unreachable += 1
                log.info("drip: a participant is unreachable (%s)", type(error).__name__)
            else:
                await record_read(session, participant, suggestion.explainer.id)
                done.sent += 1
            await session.commit()
            await asyncio.sleep(pause)
    return done


async def drip_forever(
    bot: Bot,
    session_factory: SessionFactory,
    library: Library,
    catalogue: Catalogue,
    settings: Settings,
    consent_version: str,
    store: EphemeralStore,
) -> None:
    """A round every DRIP_CHECK_SECONDS; with several bot processes, one of them per round."""
    every = settings.drip_check_seconds
    while True:
        now = utcnow()
        window = int(now.timestamp() // every)
        if await store.claim(f"drip-round:{bot.id}:{window}", int(every) + 60):
            try:
                done = await send_due_explainers(
                    bot, session_factory, library, catalogue, settings, consent_version, now
                )
                log.info(
                    "drip: %d sent, %d with nothing new, %d unreachable",
                    done.sent,
                    done.nothing_new,
                    done.unreachable,
                )
            except Exception as error:  # the next round tries again; the bot keeps running
                log.error("drip round failed: %s", type(error).__name__)
        await asyncio.sleep(every)
