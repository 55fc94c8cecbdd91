"""A participant's rights over their data: /mydata (see it), /delete (erase it), /stop."""

from __future__ import annotations

from datetime import datetime

from aiogram import F, Router
from aiogram.enums import ChatType
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import BufferedInputFile, CallbackQuery, Message, User
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import Catalogue, Translator
from bot.settings import Settings
from bot.traces import Traces
from handlers.callbacks import DeleteChoice, MenuAction
from handlers.screens import Screen, delete_confirmation_screen, profile_words, replace, send
from services.my_data import ParticipantRecord, participant_record
from services.participants import stop
from storage.models import Participant


def _when(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC") if moment is not None else "–"


def describe(
    record: ParticipantRecord, participant: Participant, i18n: Translator, catalogue: Catalogue
) -> str:
    return i18n(
        "mydata-summary",
        **profile_words(i18n, catalogue, participant),
        reference=record.reference,
        consent_version=record.consent_version or "–",
        consented_at=_when(record.consented_at),
        source=record.join_source or i18n("mydata-source-none"),
        reads=str(len(record.explainers_read)),
        surveys=str(len(record.surveys)),
        created_at=_when(record.created_at),
    )


async def send_my_data(
    message: Message,
    session: AsyncSession,
    participant: Participant | None,
    i18n: Translator,
    catalogue: Catalogue,
    settings: Settings,
) -> None:
    if participant is None:
        await message.answer(i18n("mydata-nothing"))
        return
    record = await participant_record(session, participant, settings.require_master_key())
    await message.answer(describe(record, participant, i18n, catalogue))
    document_text = record.to_json(about=i18n("mydata-file-caption"))
    document = BufferedInputFile(document_text.encode("utf-8"), filename="my-data.json")
    await message.answer_document(document, caption=i18n("mydata-file-caption"))


async def my_data_from_menu(
    query: CallbackQuery,
    session: AsyncSession,
    participant: Participant | None,
    i18n: Translator,
    catalogue: Catalogue,
    settings: Settings,
) -> None:
    await query.answer()
    if isinstance(query.message, Message):
        await send_my_data(query.message, session, participant, i18n, catalogue, settings)


async def _nothing_kept(
    message: Message, user: User, state: FSMContext, traces: Traces, i18n: Translator
) -> None:
    """/delete or /stop before joining: nothing to erase but a chosen language, if any."""
    await traces.wipe(user.id, None, state)
    await message.answer(i18n("mydata-nothing"))


async def ask_delete(
    message: Message,
    event_from_user: User,
    state: FSMContext,
    participant: Participant | None,
    traces: Traces,
    i18n: Translator,
) -> None:
    if participant is None:
        await _nothing_kept(message, event_from_user, state, traces, i18n)
        return
    await send(message, delete_confirmation_screen(i18n))


async def confirm_delete(
    query: CallbackQuery,
    callback_data: DeleteChoice,
    event_from_user: User,
    session: AsyncSession,
    state: FSMContext,
    participant: Participant | None,
    traces: Traces,
    i18n: Translator,
) -> None:
    await query.answer()
    if participant is None:
        await replace(query, Screen(i18n("mydata-nothing")))
    elif not callback_data.confirm:
        await replace(query, Screen(i18n("delete-cancelled")))
    else:
        await traces.erase(session, participant, event_from_user.id, state)
        await replace(query, Screen(i18n("delete-done")))


async def stop_messages(
    message: Message,
    event_from_user: User,
    state: FSMContext,
    participant: Participant | None,
    traces: Traces,
    i18n: Translator,
) -> None:
    if participant is None:
        await _nothing_kept(message, event_from_user, state, traces, i18n)
        return
    stop(participant)
    await state.set_state(None)
    await message.answer(i18n("stop-done"))


def create_router() -> Router:
    router = Router(name="my-data")
    router.message.filter(F.chat.type == ChatType.PRIVATE)
    router.message.register(send_my_data, Command("mydata"))
    router.message.register(ask_delete, Command("delete"))
    router.message.register(stop_messages, Command("stop"))
    router.callback_query.register(my_data_from_menu, MenuAction.filter(F.action == "mydata"))
    router.callback_query.register(confirm_delete, DeleteChoice.filter())
    return router
