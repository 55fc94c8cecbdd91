"""Whatever no other handler took: stickers, photos, voice, locations, contact cards,
forwards, edits, very long text, text where a button is expected, stale buttons. Each gets a
short reply and a way on (the menu, or the screen they were on); nothing is stored from it."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.enums import ChatType
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message

from bot.i18n import Catalogue, Translator
from bot.settings import Settings
from handlers.screens import (
    Screen,
    consent_screen,
    language_screen,
    menu_screen,
    profile_question_screen,
    send,
)
from handlers.states import Journey
from services.profile import UnknownChoice, question_for
from storage.models import Participant


async def where_they_are(
    state: FSMContext,
    participant: Participant | None,
    consent_version: str,
    i18n: Translator,
    catalogue: Catalogue,
    settings: Settings,
) -> tuple[Screen, bool]:
    """The screen they should use now, and whether it was waiting for a button press."""
    if participant is None:
        if await state.get_value("language") is not None:
            return consent_screen(i18n, settings, consent_version), True
        return language_screen(catalogue, i18n), False
    if await state.get_state() == Journey.profile.state:
        try:
            question = question_for(await state.get_value("field", ""), settings.regions)
        except UnknownChoice:
            return menu_screen(i18n), False
        return profile_question_screen(i18n, question, "o"), True
    return menu_screen(i18n), False


async def unexpected(
    message: Message,
    state: FSMContext,
    participant: Participant | None,
    consent_version: str,
    i18n: Translator,
    catalogue: Catalogue,
    settings: Settings,
) -> None:
    screen, expecting_button = await where_they_are(
        state, participant, consent_version, i18n, catalogue, settings
    )
    note = i18n("use-buttons" if expecting_button else "not-understood")
    await send(message, Screen(f"{note}\n\n{screen.text}", screen.keyboard))


async def edited(message: Message, i18n: Translator) -> None:
    # An edit to a message already handled is not applied; say so rather than act silently.
    await message.answer(i18n("edit-ignored"))


async def stray_button(query: CallbackQuery, i18n: Translator) -> None:
    # A stale or forged button: stop the spinner, change nothing.
    await query.answer(i18n("button-expired"))


def create_router() -> Router:
    router = Router(name="fallback")
    router.message.filter(F.chat.type == ChatType.PRIVATE)
    router.edited_message.filter(F.chat.type == ChatType.PRIVATE)
    router.edited_message.register(edited)
    router.message.register(unexpected)
    router.callback_query.register(stray_button)
    return router
