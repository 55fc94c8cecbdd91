"""The main menu (/menu) and /help."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.enums import ChatType
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import Translator, consent_wording
from bot.settings import Settings
from handlers.callbacks import MenuAction
from handlers.screens import Screen, menu_screen, replace, send
from services.surveys import pause_all
from storage.models import Participant


async def leave_what_they_were_doing(
    state: FSMContext, session: AsyncSession, participant: Participant | None
) -> None:
    """Back at the menu: no longer asking the explainers a question, and a survey they were
    in is paused (what they type next is not its answer; "Continue" takes them back)."""
    await state.set_state(None)
    if participant is not None:
        await pause_all(session, participant)


async def show_menu(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    participant: Participant | None,
    i18n: Translator,
) -> None:
    await leave_what_they_were_doing(state, session, participant)
    if participant is None:
        await message.answer(i18n("start-first"))
        return
    await send(message, menu_screen(i18n))


def help_screen(i18n: Translator, settings: Settings, participant: Participant | None) -> Screen:
    text = i18n("help", contact=consent_wording(settings, i18n)["contact"])
    if participant is None:
        return Screen(f"{text}\n\n{i18n('start-first')}")
    menu = menu_screen(i18n)
    return Screen(text, menu.keyboard)


async def show_help(
    message: Message, participant: Participant | None, i18n: Translator, settings: Settings
) -> None:
    await send(message, help_screen(i18n, settings, participant))


async def menu_help(
    query: CallbackQuery, participant: Participant | None, i18n: Translator, settings: Settings
) -> None:
    await query.answer()
    await replace(query, help_screen(i18n, settings, participant))


async def back_to_menu(
    query: CallbackQuery,
    state: FSMContext,
    session: AsyncSession,
    participant: Participant | None,
    i18n: Translator,
) -> None:
    await query.answer()
    await leave_what_they_were_doing(state, session, participant)
    await replace(query, menu_screen(i18n) if participant else Screen(i18n("start-first")))


def create_router() -> Router:
    router = Router(name="menu")
    router.message.filter(F.chat.type == ChatType.PRIVATE)
    router.message.register(show_menu, Command("menu"))
    router.message.register(show_help, Command("help"))
    router.callback_query.register(menu_help, MenuAction.filter(F.action == "help"))
    router.callback_query.register(back_to_menu, MenuAction.filter(F.action == "show"))
    return router
