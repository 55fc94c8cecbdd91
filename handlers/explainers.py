"""Learn about your rights: a suggestion made for the person, topics, related explainers,
"tell me more", a helpful / not helpful rating, asking a question, one a week."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.enums import ChatType
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import Translator
from bot.settings import Settings
from content.explainers import Library
from handlers.callbacks import ExplainerAction, MenuAction
from handlers.screens import (
    Screen,
    ask_screen,
    explainer_list_screen,
    explainer_screen,
    learn_screen,
    replace,
    send,
    topics_screen,
)
from services.explainer_reads import rate, reading_history, record_read
from services.explainer_search import ExplainerIndex
from services.targeting import Reader, again, suggest, topics_for
from storage.models import Participant


class Learning(StatesGroup):
    # The next text they send is a question for the library (used, never stored).
    asking = State()


def local_help(settings: Settings, i18n: Translator) -> str:
    return settings.local_help or i18n("default-local-help")


async def reader_for(
    session: AsyncSession, participant: Participant, topic: str | None = None
) -> Reader:
    history = await reading_history(session, participant)
    return Reader(
        language=participant.language,
        age_band=participant.age_band,
        gender=participant.gender,
        region=participant.region,
        role=participant.role,
        join_source=participant.join_source,
        read=history.read,
        unhelpful=history.unhelpful,
        topic=topic,
    )


async def open_learning(
    query: CallbackQuery, state: FSMContext, participant: Participant | None, i18n: Translator
) -> None:
    await query.answer()
    if participant is None:
        await replace(query, Screen(i18n("start-first")))
        return
    await state.set_state(None)
    await replace(query, learn_screen(i18n, participant))


async def act(
    query: CallbackQuery,
    callback_data: ExplainerAction,
    session: AsyncSession,
    state: FSMContext,
    participant: Participant | None,
    library: Library,
    i18n: Translator,
    settings: Settings,
) -> None:
    action, key = callback_data.action, callback_data.key
    if participant is not None and action in ("yes", "no"):
        # A rating: a short thank-you pop-up, the explainer stays on screen.
        if library.get(key, participant.language) is None:
            await query.answer(i18n("button-expired"))
            return
        await rate(session, participant, key, action == "yes")
        await query.answer(i18n("explainer-thanks"))
        return
    await query.answer()
    if participant is None:
        await replace(query, Screen(i18n("start-first")))
        return
    if action != "ask":
        await state.set_state(None)
    if action == "suggest" or action == "topic":
        topic = key if action == "topic" else None
        reader = await reader_for(session, participant, topic)
        if topic is not None and topic not in topics_for(library, reader):
            # A forged or stale topic, or one with nothing for them: not "all read".
            await replace(query, topics_screen(i18n, topics_for(library, reader)))
            return
        suggestion = suggest(library, reader)
        if suggestion is None and topic is not None:
            suggestion = again(library, reader)
        if suggestion is None:
            topics = topics_for(library, reader)
            note = i18n("explainer-all-read" if topics else "ask-nothing")
            await replace(query, topics_screen(i18n, topics, note))
            return
        explainer = suggestion.explainer
        await record_read(session, participant, explainer.id)
        reason = i18n(suggestion.reason.key)
        help_text = local_help(settings, i18n)
        await replace(query, explainer_screen(i18n, explainer, "short", help_text, reason))
    elif action == "topics":
        reader = await reader_for(session, participant)
        await replace(query, topics_screen(i18n, topics_for(library, reader)))
    elif action == "ask":
        await state.set_state(Learning.asking)
        await replace(query, ask_screen(i18n))
    elif action == "drip":
        participant.drip_opt_in = not participant.drip_opt_in
        await replace(query, learn_screen(i18n, participant))
    else:
        await _about_one(query, action, key, session, participant, library, i18n, settings)


async def _about_one(
    query: CallbackQuery,
    action: str,
    key: str,
    session: AsyncSession,
    participant: Participant,
    library: Library,
    i18n: Translator,
    settings: Settings,
) -> None:
    """show | more | related, for one explainer (checked: it must exist)."""
    explainer = library.get(key, participant.language)
    unknown = explainer is None or action not in ("show", "more", "related")
    if unknown or (action == "more" and explainer is not None and explainer.more is None):
        await replace(query, Screen(i18n("button-expired")))
        return
    assert explainer is not None
    help_text = local_help(settings, i18n)
    if action == "show":
        await record_read(session, participant, explainer.id)
        await replace(query, explainer_screen(i18n, explainer, "short", help_text, None))
    elif action == "more":
        await replace(query, explainer_screen(i18n, explainer, "more", help_text, None))
    else:
        related = [library.get(r, participant.language) for r in explainer.related]
        found = [e for e in related if e is not None]
        await replace(query, explainer_list_screen(i18n, i18n("explainer-related-title"), found))


async def question(
    message: Message,
    session: AsyncSession,
    state: FSMContext,
    participant: Participant | None,
    library: Library,
    explainer_index: ExplainerIndex,
    i18n: Translator,
) -> None:
    """Search with the question and forget it: it is not stored anywhere."""
    await state.set_state(None)
    if participant is None:
        await message.answer(i18n("start-first"))
        return
    hits = explainer_index.search(message.text or "", participant.language)
    if not hits:
        topics = topics_for(library, await reader_for(session, participant))
        await send(message, topics_screen(i18n, topics, i18n("ask-nothing")))
        return
    found = [hit.explainer for hit in hits]
    await send(message, explainer_list_screen(i18n, i18n("ask-results"), found))


def create_router() -> Router:
    router = Router(name="explainers")
    router.message.filter(F.chat.type == ChatType.PRIVATE)
    router.callback_query.register(open_learning, MenuAction.filter(F.action == "learn"))
    router.callback_query.register(act, ExplainerAction.filter())
    router.message.register(question, Learning.asking, F.text, ~F.text.startswith("/"))
    return router
