"""/settings: language, each profile answer, updates from us, silent messages."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.enums import ChatType
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.i18n import Catalogue, Translator
from bot.settings import Settings
from handlers.callbacks import MenuAction, SettingsAction
from handlers.screens import (
    Screen,
    language_screen,
    menu_screen,
    profile_question_screen,
    replace,
    send,
    settings_screen,
)
from services.profile import UnknownChoice, question_for
from storage.models import Participant


async def show_settings(
    message: Message,
    participant: Participant | None,
    i18n: Translator,
    catalogue: Catalogue,
    settings: Settings,
) -> None:
    if participant is None:
        await message.answer(i18n("start-first"))
        return
    await send(message, settings_screen(i18n, catalogue, participant, settings.regions))


async def open_settings(
    query: CallbackQuery,
    participant: Participant | None,
    i18n: Translator,
    catalogue: Catalogue,
    settings: Settings,
) -> None:
    await query.answer()
    if participant is None:
        await replace(query, Screen(i18n("start-first")))
        return
    await replace(query, settings_screen(i18n, catalogue, participant, settings.regions))


async def change_setting(
    query: CallbackQuery,
    callback_data: SettingsAction,
    state: FSMContext,
    participant: Participant | None,
    i18n: Translator,
    catalogue: Catalogue,
    settings: Settings,
) -> None:
    await query.answer()
    if participant is None:
        await replace(query, Screen(i18n("start-first")))
        return
    action = callback_data.action
    if action == "back":
        await state.set_state(None)
        await replace(query, menu_screen(i18n))
    elif action == "language":
        await replace(query, language_screen(catalogue, i18n))
    elif action == "edit":
        try:
            question = question_for(callback_data.field, settings.regions)
        except UnknownChoice:
            await replace(query, Screen(i18n("button-expired")))
            return
        await replace(query, profile_question_screen(i18n, question, "s"))
    elif action in ("updates", "silent", "drip"):
        if action == "updates":
            participant.broadcast_opt_in = not participant.broadcast_opt_in
        elif action == "silent":
            participant.silent_delivery = not participant.silent_delivery
        else:
            participant.drip_opt_in = not participant.drip_opt_in
        await replace(query, settings_screen(i18n, catalogue, participant, settings.regions))
    else:
        await replace(query, Screen(i18n("button-expired")))


def create_router() -> Router:
    router = Router(name="settings")
    router.message.filter(F.chat.type == ChatType.PRIVATE)
    router.message.register(show_settings, Command("settings"))
    router.callback_query.register(open_settings, MenuAction.filter(F.action == "settings"))
    router.callback_query.register(change_setting, SettingsAction.filter())
    return router
