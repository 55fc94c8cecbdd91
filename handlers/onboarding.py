"""Joining: /start (with an optional join-link payload), choosing a language, informed consent.

Before consent nothing is stored but the chosen language, in conversation state; where the
person came from travels in the buttons, and a decline wipes the language too. A participant
whose consent is for another version of the notice is asked again before anything else (see
`create_consent_gate`).
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
    send_below,
)
from handlers.states import Journey
from services.consent import version_token
from services.join_links import find_join_link, find_join_link_by_token, link_token
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
    consent_version: str,
    i18n: Translator,
    catalogue: Catalogue,
    settings: Settings,
) -> None:
    if participant is not None:
        if not has_current_consent(participant, consent_version):
            await send(message, consent_screen(i18n, settings, consent_version, changed=True))
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
    src = link_token(link.payload) if link is not None else ""
    me = await bot.me()
    await send(message, language_screen(catalogue, i18n, welcome_from=me.first_name, src=src))


async def ask_language(message: Message, i18n: Translator, catalogue: Catalogue) -> None:
    await send(message, language_screen(catalogue, i18n))


async def choose_language(
    query: CallbackQuery,
    callback_data: LanguageChoice,
    state: FSMContext,
    participant: Participant | None,
    consent_version: str,
    catalogue: Catalogue,
    settings: Settings,
) -> None:
    await query.answer()
    if callback_data.code not in catalogue.languages:
        return
    i18n = catalogue.translator(callback_data.code)
    if participant is None:
        await state.set_data({"language": callback_data.code})
        screen = consent_screen(i18n, settings, consent_version, src=callback_data.src)
        await replace(query, screen)
        return
    participant.language = callback_data.code
    if not has_current_consent(participant, consent_version):
        await replace(query, consent_screen(i18n, settings, consent_version, changed=True))
        return
    menu = menu_screen(i18n)
    await replace(query, Screen(f"{i18n('language-changed')}\n\n{menu.text}", menu.keyboard))


async def more_details(
    query: CallbackQuery,
    callback_data: ConsentChoice,
    participant: Participant | None,
    consent_version: str,
    i18n: Translator,
    settings: Settings,
) -> None:
    await query.answer()
    if has_current_consent(participant, consent_version):
        await replace(query, menu_screen(i18n))
        return
    screen = consent_screen(i18n, settings, consent_version, src=callback_data.src, details=True)
    await replace(query, screen)


async def agree(
    query: CallbackQuery,
    callback_data: ConsentChoice,
    event_from_user: User,
    session: AsyncSession,
    state: FSMContext,
    pseudonym: str,
    participant: Participant | None,
    consent_version: str,
    recorder: MessageRecorder,
    i18n: Translator,
    settings: Settings,
) -> None:
    await query.answer()
    if has_current_consent(participant, consent_version):
        await replace(query, menu_screen(i18n))
        return
    if callback_data.v != version_token(consent_version):
        # The button belongs to a notice that has changed since: show the one in force.
        changed = participant is not None
        screen = consent_screen(
            i18n, settings, consent_version, src=callback_data.src, changed=changed
        )
        await replace(query, screen)
        return
    if participant is not None:
        renew_consent(participant, consent_version)
        await state.set_state(None)
        await replace(query, menu_screen(i18n))
        return
    link = await find_join_link_by_token(session, callback_data.src)
    await enrol_participant(
        session,
        pseudonym=pseudonym,
        chat_id=recorder.chat_id if recorder.chat_id is not None else event_from_user.id,
        language=await state.get_value("language", i18n.language),
        consent_version=consent_version,
        join_source=link.payload if link is not None else None,
    )
    recorder.pseudonym = pseudonym
    if isinstance(query.message, Message):
        # The notice they agreed to (it replaced the language screen).
        await recorder.remember(query.message.message_id)
    first = profile_questions(settings.regions)[0]
    await state.set_state(Journey.profile)
    await state.set_data({"field": first.field})
    await replace(query, Screen(i18n("consent-thanks")))
    await send_below(query, profile_question_screen(i18n, first, "o"))


async def decline(
    query: CallbackQuery,
    event_from_user: User,
    state: FSMContext,
    participant: Participant | None,
    consent_version: str,
    traces: Traces,
    i18n: Translator,
) -> None:
    await query.answer()
    if participant is None:
        await traces.wipe(event_from_user.id, None, state)
        await replace(query, Screen(i18n("consent-declined")))
    elif not has_current_consent(participant, consent_version):
        # They keep what they had agreed to before, but nothing new is sent to them.
        stop(participant)
        await state.set_state(None)
        await replace(query, Screen(i18n("consent-still-declined")))
    else:
        await replace(query, menu_screen(i18n))


async def ask_consent_again(
    event: Message | CallbackQuery,
    state: FSMContext,
    consent_version: str,
    i18n: Translator,
    settings: Settings,
) -> None:
    """Before anything else: a returning participant reads the changed notice and chooses."""
    await state.set_state(None)
    screen = consent_screen(i18n, settings, consent_version, changed=True)
    if isinstance(event, CallbackQuery):
        await event.answer()
        await send_below(event, screen)
    else:
        await send(event, screen)


async def consent_is_out_of_date(
    event: TelegramObject, participant: Participant | None, consent_version: str
) -> bool:
    return participant is not None and not has_current_consent(participant, consent_version)


def create_router() -> Router:
    router = Router(name="onboarding")
    router.message.filter(F.chat.type == ChatType.PRIVATE)
    router.message.register(start, CommandStart())
    router.message.register(ask_language, Command("language"))
    router.callback_query.register(choose_language, LanguageChoice.filter())
    router.callback_query.register(more_details, ConsentChoice.filter(F.answer == "more"))
    router.callback_query.register(agree, ConsentChoice.filter(F.answer == "agree"))
    router.callback_query.register(decline, ConsentChoice.filter(F.answer == "decline"))
    return router


def create_consent_gate() -> Router:
    """Placed after the routers that must stay open (/mydata, /delete, /stop, quick exit)."""
    router = Router(name="consent-gate")
    router.message.filter(F.chat.type == ChatType.PRIVATE)
    router.message.register(ask_consent_again, consent_is_out_of_date)
    router.callback_query.register(ask_consent_again, consent_is_out_of_date)
    return router
