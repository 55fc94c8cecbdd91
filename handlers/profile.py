"""The optional profile, one question at a time: after consent, and from /settings."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.enums import ChatType
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message, User
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import Catalogue, Translator
from bot.settings import Settings
from bot.traces import Traces
from handlers.callbacks import SKIP, ProfileAnswer
from handlers.screens import (
    Screen,
    menu_screen,
    profile_question_screen,
    replace,
    send,
    settings_screen,
)
from handlers.states import Journey
from services.participants import erase_participant
from services.profile import UNDER_18, UnknownChoice, next_question, question_for, record_answer
from storage.models import Participant


async def answer_question(
    query: CallbackQuery,
    callback_data: ProfileAnswer,
    event_from_user: User,
    session: AsyncSession,
    state: FSMContext,
    pseudonym: str,
    participant: Participant | None,
    traces: Traces,
    i18n: Translator,
    catalogue: Catalogue,
    settings: Settings,
) -> None:
    await query.answer()
    if participant is None or callback_data.flow not in ("o", "s"):
        await replace(query, Screen(i18n("button-expired")))
        return
    try:
        question = question_for(callback_data.field, settings.regions)
        choice = None if callback_data.choice == SKIP else callback_data.choice
        value = record_answer(participant, question, choice)
    except UnknownChoice:
        await replace(query, Screen(i18n("button-expired")))
        return
    if value == UNDER_18 and not settings.minors_may_continue:
        await erase_participant(session, participant.id)
        await traces.wipe(event_from_user.id, pseudonym, state)
        await replace(query, Screen(i18n("minor-may-not")))
        return
    if value == UNDER_18 and isinstance(query.message, Message):
        await query.message.answer(i18n("minor-may-continue"))
    if callback_data.flow == "s":
        await state.set_state(None)
        await replace(query, settings_screen(i18n, catalogue, participant, settings.regions))
        return
    following = next_question(question.field, settings.regions)
    if following is not None:
        await state.set_state(Journey.profile)
        await state.set_data({"field": following.field})
        if value == UNDER_18 and isinstance(query.message, Message):
            # The note above now sits between; ask the next question below it.
            await replace(query, Screen(i18n("profile-saved")))
            await send(query.message, profile_question_screen(i18n, following, "o"))
        else:
            await replace(query, profile_question_screen(i18n, following, "o"))
        return
    await state.set_state(None)
    await replace(query, Screen(i18n("profile-done")))
    if isinstance(query.message, Message):
        await send(query.message, menu_screen(i18n))


def create_router() -> Router:
    router = Router(name="profile")
    router.callback_query.filter(F.message.chat.type == ChatType.PRIVATE)
    router.callback_query.register(answer_question, ProfileAnswer.filter())
    return router
