"""/start and /help: the first thing a person sees."""

from aiogram import Bot, F, Router
from aiogram.enums import ChatType
from aiogram.filters import Command, CommandStart
from aiogram.types import Message

from bot.i18n import Translator


async def start(message: Message, bot: Bot, i18n: Translator) -> None:
    me = await bot.me()
    await message.answer(i18n("welcome", bot_name=me.first_name))


async def show_help(message: Message, i18n: Translator) -> None:
    await message.answer(i18n("help"))


def create_router() -> Router:
    router = Router(name="start")
    router.message.filter(F.chat.type == ChatType.PRIVATE)
    router.message.register(start, CommandStart())
    router.message.register(show_help, Command("help"))
    return router
