"""Sending "one explainer a week" to those who asked for it, at Telegram's pace.

`send_due_explainers` does one round for a given moment (tests pass their own clock);
`drip_forever` runs rounds in the background of `peacebot run`. Each person's turn is
claimed with a conditional update and committed before their message goes, so an opt-out
or /delete during a round, a crash, or a second bot process never sends the same week's
note twice.
"""

from __future__ import annotations

import asyncio
import html
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
from services.drip import claim_for_drip, due_for_drip
from services.explainer_reads import record_read
from services.targeting import suggest
from storage.database import SessionFactory
from storage.ephemeral import EphemeralStore
from storage.models import Contact, Participant, utcnow

log = logging.getLogger("peacebot.drip")

# Telegram allows about 30 messages a second per bot; stay under it, leaving room for replies.
PAUSE_SECONDS = 1 / 20


@dataclass
class DripRound:
    sent: int = 0
    nothing_new: int = 0
    unreachable: int = 0
    failed: int = 0


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
        due = [p.id for p, _ in await due_for_drip(session, now, period, consent_version)]
    for participant_id in due:
        # A short session per person: their turn is claimed and committed before sending.
        async with session_factory() as session:
            if not await claim_for_drip(session, participant_id, now, period, consent_version):
                continue
            await session.commit()
            participant = await session.get(Participant, participant_id)
            contact = await session.get(Contact, participant_id)
            if participant is None or contact is None or not contact.reachable:
                continue
            suggestion = suggest(library, await reader_for(session, participant))
            if suggestion is None:
                done.nothing_new += 1
                continue
            i18n = catalogue.translator(participant.language)
            screen = explainer_screen(
                i18n, suggestion.explainer, "short", local_help(settings, i18n), None
            )
            try:
                await bot.send_message(
                    contact.chat_id,
                    f"{html.escape(i18n('drip-intro'))}\n\n{screen.text}",
                    reply_markup=screen.keyboard,
                    parse_mode=screen.parse_mode,
                    disable_notification=participant.silent_delivery,
                )
            except TelegramForbiddenError:
                # They blocked the bot: not retried week after week.
                contact.reachable, contact.unreachable_since = False, now
                done.unreachable += 1
            except TelegramBadRequest as error:
                if _chat_is_gone(error):
                    contact.reachable, contact.unreachable_since = False, now
                    done.unreachable += 1
                else:  # our own mistake (a broken explainer?): log it, keep them reachable
                    log.error("drip: Telegram refused a message: %s", _first_words(error))
                    done.failed += 1
            else:
                await record_read(session, participant, suggestion.explainer.id)
                done.sent += 1
            await session.commit()
        await asyncio.sleep(pause)
    return done


def _chat_is_gone(error: TelegramBadRequest) -> bool:
    text = error.message.lower()
    return "chat not found" in text or "deactivated" in text


def _first_words(error: TelegramBadRequest) -> str:
    # Telegram's description names the problem, never the text we tried to send.
    return error.message.split(":", 1)[0][:80]


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
        try:
            if await store.claim(f"drip-round:{bot.id}:{window}", int(every) + 60):
                done = await send_due_explainers(
                    bot, session_factory, library, catalogue, settings, consent_version, now
                )
                log.info(
                    "drip: %d sent, %d with nothing new, %d unreachable, %d failed",
                    done.sent,
                    done.nothing_new,
                    done.unreachable,
                    done.failed,
                )
        except Exception as error:  # the next round tries again; the bot keeps running
            log.error("drip round failed: %s", type(error).__name__)
        await asyncio.sleep(every)
