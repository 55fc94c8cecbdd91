"""Quick exit: one tap deletes this chat's messages of the last 48 hours, leaving a neutral
screen. What it cannot erase is said only when asked, so the screen itself stays neutral."""

from __future__ import annotations

import logging

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.types import CallbackQuery, Message

from bot.i18n import Translator
from bot.traces import MessageRecorder
from handlers.callbacks import MenuAction, QuickExitAction
from handlers.screens import quick_exit_screen, send
from storage.models import Participant

log = logging.getLogger("peacebot.quick_exit")

DELETE_BATCH = 100  # deleteMessages takes at most 100 ids a call


async def quick_exit(
    query: CallbackQuery,
    bot: Bot,
    pseudonym: str | None,
    participant: Participant | None,
    recorder: MessageRecorder,
    i18n: Translator,
) -> None:
    await query.answer()
    message = query.message
    if participant is None or pseudonym is None or not isinstance(message, Message):
        return
    # Only ids noted since they joined, at most 48 hours old: the bot cannot list a chat's
    # messages, and Telegram refuses to delete older ones anyway.
    ids = await recorder.store.recent(pseudonym)
    if message.message_id not in ids:
        ids.append(message.message_id)
    for start in range(0, len(ids), DELETE_BATCH):
        batch = ids[start : start + DELETE_BATCH]
        try:
            await bot.delete_messages(message.chat.id, batch)
        except TelegramAPIError as error:
            # Some may already be gone; the rest of the batches still go.
            log.warning("quick exit: a batch was refused (%s)", type(error).__name__)
    await recorder.store.forget(pseudonym)
    await send(message, quick_exit_screen(i18n))


async def what_remains(query: CallbackQuery, i18n: Translator) -> None:
    await query.answer(i18n("quick-exit-limits"), show_alert=True)


def create_router() -> Router:
    router = Router(name="quick-exit")
    router.callback_query.register(quick_exit, MenuAction.filter(F.action == "quick-exit"))
    router.callback_query.register(what_remains, QuickExitAction.filter(F.action == "what"))
    return router
