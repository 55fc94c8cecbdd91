"""The optional profile, one question at a time: after consent, and from /settings."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.enums import ChatType
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, User
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import Catalogue, Translator
from bot.settings import Settings
from bot.traces import Traces
from handlers.callbacks import MinorAnswer, ProfileAnswer
from handlers.screens import (
    Screen,
    menu_screen,
    minor_confirmation_screen,
    profile_question_screen,
    replace,
    send_below,
    settings_screen,
)
from handlers.states import Journey
from services.profile import UNDER_18, UnknownChoice, next_question, question_for, record_answer
from storage.models import Participant


async def answer_question(
    query: CallbackQuery,
    callback_data: ProfileAnswer,
    state: FSMContext,
    participant: Participant | None,
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
        if callback_data.choice == UNDER_18 and not settings.minors_may_continue:
            # Answering means erasure: confirm first, one mis-tap must not erase anything.
            await replace(query, minor_confirmation_screen(i18n, callback_data.flow))
            return
        value = record_answer(participant, question, callback_data.choice)
    except UnknownChoice:
        await replace(query, Screen(i18n("button-expired")))
        return
    if value == UNDER_18:
        await replace(query, Screen(i18n("minor-may-continue")))
        await _carry_on(query, state, participant, i18n, catalogue, settings, question.field)
        return
    await _carry_on(
        query, state, participant, i18n, catalogue, settings, question.field, in_place=True
    )


async def _carry_on(
    query: CallbackQuery,
    state: FSMContext,
    participant: Participant,
    i18n: Translator,
    catalogue: Catalogue,
    settings: Settings,
    field: str,
    *,
    in_place: bool = False,
) -> None:
    """After an answer: back to /settings, or the next question, or the menu at the end."""
    show = replace if in_place else send_below
    data = await state.get_data()
    if await state.get_state() != Journey.profile.state or data.get("field") != field:
        # An answer from /settings, or an old question pressed again: back to settings.
        await state.set_state(None)
        await show(query, settings_screen(i18n, catalogue, participant, settings.regions))
        return
    following = next_question(field, settings.regions)
    if following is not None:
        await state.set_data({"field": following.field})
        await show(query, profile_question_screen(i18n, following, "o"))
        return
    await state.set_state(None)
    await state.set_data({})
    if in_place:
        await replace(query, Screen(i18n("profile-done")))
    else:
        await send_below(query, Screen(i18n("profile-done")))
    await send_below(query, menu_screen(i18n))


async def confirm_minor(
    query: CallbackQuery,
    callback_data: MinorAnswer,
    event_from_user: User,
    session: AsyncSession,
    state: FSMContext,
    participant: Participant | None,
    traces: Traces,
    i18n: Translator,
    settings: Settings,
) -> None:
    await query.answer()
    if participant is None:
        await replace(query, Screen(i18n("button-expired")))
        return
    if callback_data.confirm:
        await traces.erase(session, participant, event_from_user.id, state)
        await replace(query, Screen(i18n("minor-may-not")))
        return
    question = question_for("age_band", settings.regions)
    flow = "s" if callback_data.flow == "s" else "o"
    await replace(query, profile_question_screen(i18n, question, flow))


def create_router() -> Router:
    router = Router(name="profile")
    router.callback_query.filter(F.message.chat.type == ChatType.PRIVATE)
    router.callback_query.register(answer_question, ProfileAnswer.filter())
    router.callback_query.register(confirm_minor, MinorAnswer.filter())
    return router
