"""Group and channel chats: peacebot works one to one. It says so when addressed with a
command or a button, stays silent otherwise, and stores nothing."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.enums import ChatType
from aiogram.types import CallbackQuery, Message

from bot.i18n import Translator


async def addressed_to_us(message: Message, bot: Bot) -> bool:
    """A command with no @bot suffix, or with ours; "/help@other_bot" is someone else's."""
    if not message.text or not message.text.startswith("/"):
        return False
    command = message.text.split(maxsplit=1)[0]
    if "@" not in command:
        return True
    me = await bot.me()
    return command.rsplit("@", 1)[1].lower() == (me.username or "").lower()


async def private_only(message: Message, i18n: Translator) -> None:
    await message.reply(i18n("private-only"))


async def private_only_button(query: CallbackQuery, i18n: Translator) -> None:
    await query.answer(i18n("private-only"), show_alert=True)


async def stay_silent(message: Message) -> None:
    """Ordinary group chatter is not for us; handled here so nothing else looks at it."""


def create_router() -> Router:
    router = Router(name="groups")
    not_private = F.chat.type != ChatType.PRIVATE
    router.message.register(private_only, not_private, addressed_to_us)
    router.message.register(stay_silent, not_private)
    router.edited_message.register(stay_silent, not_private)
    router.callback_query.register(
        private_only_button,
        F.message.chat.type != ChatType.PRIVATE,
    )
    return router
