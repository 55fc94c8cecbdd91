"""What the bot says to anything no other handler took: stickers, edits, stray buttons."""

from aiogram import F, Router
from aiogram.enums import ChatType
from aiogram.types import CallbackQuery, Message

from bot.i18n import Translator


async def edited(message: Message, i18n: Translator) -> None:
    # An edit to an answer already saved is not applied; say so rather than act silently.
    await message.answer(i18n("edit-ignored"))


async def not_understood(message: Message, i18n: Translator) -> None:
    await message.answer(i18n("not-understood"))


async def stray_button(query: CallbackQuery, i18n: Translator) -> None:
    # A stale or forged button: answer it (the spinner stops) and do nothing else.
    await query.answer(i18n("not-understood"))


def create_router() -> Router:
    router = Router(name="fallback")
    # peacebot talks to people one to one; in a group it stays silent.
    router.message.filter(F.chat.type == ChatType.PRIVATE)
    router.edited_message.filter(F.chat.type == ChatType.PRIVATE)
    router.edited_message.register(edited)
    router.message.register(not_understood)
    router.callback_query.register(stray_button)
    return router
