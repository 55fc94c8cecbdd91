"""Joining: /start (with an optional join-link payload), choosing a language, informed consent.

Nothing is stored before consent except the chosen language in conversation state, and a
decline wipes even that. A participant whose consent is for an older version of the notice
is asked again before anything else (see `consent_gate`).
"""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.enums import ChatType
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message, TelegramObject, User
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import Catalogue, Translator
from bot.settings import Settings
from bot.traces import MessageRecorder, Traces
from handlers.callbacks import ConsentChoice, LanguageChoice
from handlers.screens import (
    Screen,
    consent_screen,
    language_screen,
    menu_screen,
    profile_question_screen,
    replace,
    send,
)
from handlers.states import Journey
from services.join_links import find_join_link
from services.participants import (
    enrol_participant,
    has_current_consent,
    renew_consent,
    resume,
    stop,
)
from services.profile import profile_questions
from storage.models import Participant


async def start(
    message: Message,
    command: CommandObject,
    bot: Bot,
    session: AsyncSession,
    state: FSMContext,
    participant: Participant | None,
    i18n: Translator,
    catalogue: Catalogue,
    settings: Settings,
) -> None:
    if participant is not None:
        if not has_current_consent(participant, settings.consent_version):
            await state.set_state(Journey.consent)
            await send(message, consent_screen(i18n, settings, changed=True))
            return
        resumed = resume(participant)
        await state.set_state(None)
        greeting = i18n("start-resumed" if resumed else "start-returning")
        menu = menu_screen(i18n)
        await message.answer(f"{greeting}\n\n{menu.text}", reply_markup=menu.keyboard)
        return
    # Where they came from counts only if a facilitator made that link; anything else is
    # ignored without a word, so a payload is never shown back.
    link = await find_join_link(session, command.args) if command.args else None
    await state.set_state(Journey.language)
    await state.set_data({"source": link.payload} if link is not None else {})
    me = await bot.me()
    await send(message, language_screen(catalogue, i18n, welcome_from=me.first_name))


async def ask_language(
    message: Message,
    state: FSMContext,
    participant: Participant | None,
    i18n: Translator,
    catalogue: Catalogue,
) -> None:
    if participant is None and await state.get_state() is None:
        await state.set_state(Journey.language)
    await send(message, language_screen(catalogue, i18n))


async def choose_language(
    query: CallbackQuery,
    callback_data: LanguageChoice,
    state: FSMContext,
    participant: Participant | None,
    catalogue: Catalogue,
    settings: Settings,
) -> None:
    if callback_data.code not in catalogue.languages:
        await query.answer()
        return
    i18n = catalogue.translator(callback_data.code)
    await query.answer()
    if participant is None:
        await state.update_data(language=callback_data.code)
        await state.set_state(Journey.consent)
        await replace(query, consent_screen(i18n, settings))
        return
    participant.language = callback_data.code
    if not has_current_consent(participant, settings.consent_version):
        await replace(query, consent_screen(i18n, settings, changed=True))
        return
    menu = menu_screen(i18n)
    await replace(query, Screen(f"{i18n('language-changed')}\n\n{menu.text}", menu.keyboard))


async def answer_consent(
    query: CallbackQuery,
    callback_data: ConsentChoice,
    event_from_user: User,
    session: AsyncSession,
    state: FSMContext,
    pseudonym: str,
    participant: Participant | None,
    recorder: MessageRecorder,
    traces: Traces,
    i18n: Translator,
    settings: Settings,
) -> None:
    await query.answer()
    current = has_current_consent(participant, settings.consent_version)
    if callback_data.answer == "more" and not current:
        await replace(query, consent_screen(i18n, settings, details=True))
    elif callback_data.answer == "agree" and participant is None:
        # Only someone who was shown the notice in this conversation can agree to it.
        if await state.get_state() != Journey.consent.state:
            await replace(query, Screen(i18n("start-first")))
            return
        data = await state.get_data()
        participant = await enrol_participant(
            session,
            pseudonym=pseudonym,
            chat_id=query.message.chat.id if query.message else event_from_user.id,
            language=data.get("language", i18n.language),
            consent_version=settings.consent_version,
            join_source=data.get("source"),
        )
        recorder.pseudonym = pseudonym
        if query.message is not None:
            # The notice they agreed to (it replaced the language screen).
            await recorder.remember(query.message.message_id)
        first = profile_questions(settings.regions)[0]
        await state.set_state(Journey.profile)
        await state.set_data({"field": first.field})
        await replace(query, Screen(i18n("consent-thanks")))
        if isinstance(query.message, Message):
            await send(query.message, profile_question_screen(i18n, first, "o"))
    elif callback_data.answer == "agree" and participant is not None and not current:
        renew_consent(participant, settings.consent_version)
        await state.set_state(None)
        await replace(query, menu_screen(i18n))
    elif callback_data.answer == "decline" and participant is None:
        await traces.wipe(event_from_user.id, None, state)
        await replace(query, Screen(i18n("consent-declined")))
    elif callback_data.answer == "decline" and participant is not None and not current:
        stop(participant)
        await state.set_state(None)
        await replace(query, Screen(i18n("consent-still-declined")))
    else:
        # A notice already answered: nothing to do.
        await replace(query, menu_screen(i18n) if current else Screen(i18n("start-first")))


async def ask_consent_again(
    event: Message | CallbackQuery, state: FSMContext, i18n: Translator, settings: Settings
) -> None:
    """Before anything else: a returning participant reads the changed notice and chooses."""
    await state.set_state(Journey.consent)
    screen = consent_screen(i18n, settings, changed=True)
    if isinstance(event, CallbackQuery):
        await event.answer()
        if isinstance(event.message, Message):
            await send(event.message, screen)
    else:
        await send(event, screen)


async def consent_is_out_of_date(
    event: TelegramObject, participant: Participant | None, settings: Settings
) -> bool:
    return participant is not None and not has_current_consent(
        participant, settings.consent_version
    )


def create_router() -> Router:
    router = Router(name="onboarding")
    router.message.filter(F.chat.type == ChatType.PRIVATE)
    router.message.register(start, CommandStart())
    router.message.register(ask_language, Command("language"))
    router.callback_query.register(choose_language, LanguageChoice.filter())
    router.callback_query.register(answer_consent, ConsentChoice.filter())
    return router


def create_consent_gate() -> Router:
    """Placed after the routers that must stay open (/mydata, /delete, /stop), before the rest."""
    router = Router(name="consent-gate")
    router.message.filter(F.chat.type == ChatType.PRIVATE)
    router.message.register(ask_consent_again, consent_is_out_of_date)
    router.callback_query.register(ask_consent_again, consent_is_out_of_date)
    return router
