"""Organisers' and admins' /export in the chat: pick a survey and a kind of file, get the
export (services.export) as a document that cannot be forwarded or saved (protect_content).

Behind `may_export()` (handlers.staff_access), checked against the database on each
update: a participant or a facilitator who types /export or forges one of these buttons
gets what any unknown command or stale button gets, and nothing is exported.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from aiogram import F, Router
from aiogram.enums import ChatType
from aiogram.exceptions import TelegramAPIError, TelegramBadRequest
from aiogram.filters import Command, CommandObject
from aiogram.types import (
    CallbackQuery,
    FSInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
)
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import Catalogue, Translator
from bot.settings import Settings
from content.surveys import SurveyLibrary
from handlers.callbacks import StaffExportAction
from handlers.screens import Screen, send
from handlers.staff_access import may_export
from handlers.survey_screens import words
from services.export import ExportRequest, export_responses
from services.export_columns import ExportShape
from services.export_files import FORMATS, export_file, open_export
from services.response_filter import ResponseFilter

# Telegram takes documents from bots up to 50 MB; the CLI has no such limit.
MAX_DOCUMENT_BYTES = 50 * 1024 * 1024


def _button(text: str, data: StaffExportAction) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data.pack())


def surveys_screen(surveys: SurveyLibrary, i18n: Translator) -> Screen:
    rows = [
        [
            _button(
                words(survey, survey.title, i18n.language)[:64],
                StaffExportAction(action="pick", id=survey.id),
            )
        ]
        for survey in surveys.all()
    ]
    text = i18n("staff-export-title") if rows else i18n("staff-surveys-none")
    return Screen(text, InlineKeyboardMarkup(inline_keyboard=rows))


def formats_screen(survey_id: str, surveys: SurveyLibrary, i18n: Translator) -> Screen | None:
    survey = surveys.get(survey_id)
    if survey is None:
        return None
    buttons = [
        _button(kind.upper(), StaffExportAction(action="make", id=survey.id, fmt=kind))
        for kind in FORMATS
    ]
    title = words(survey, survey.title, i18n.language)
    return Screen(
        i18n("staff-export-format", title=title), InlineKeyboardMarkup(inline_keyboard=[buttons])
    )


async def export_command(
    message: Message,
    command: CommandObject,
    surveys: SurveyLibrary,
    i18n: Translator,
) -> None:
    survey_id = (command.args or "").strip()
    if not survey_id:
        await send(message, surveys_screen(surveys, i18n))
        return
    screen = formats_screen(survey_id, surveys, i18n)
    await send(message, screen or Screen(i18n("staff-export-unknown", id=survey_id[:40])))


async def export_pressed(
    query: CallbackQuery,
    callback_data: StaffExportAction,
    session: AsyncSession,
    surveys: SurveyLibrary,
    settings: Settings,
    catalogue: Catalogue,
    i18n: Translator,
    pseudonym: str,
) -> None:
    survey = surveys.get(callback_data.id)
    if survey is None or not isinstance(query.message, Message):
        await query.answer(i18n("button-expired"))
        return
    if callback_data.action == "pick":
        await query.answer()
        screen = formats_screen(survey.id, surveys, i18n)
        assert screen is not None
        await send(query.message, screen)
        return
    if callback_data.fmt not in FORMATS:
        await query.answer(i18n("button-expired"))
        return
    if not await _took_the_buttons_off(query.message):
        await query.answer(i18n("staff-export-already"))
        return
    await query.answer(i18n("staff-export-working"))
    request = ExportRequest(
        survey=survey,
        which=ResponseFilter(survey.id, zone=settings.zone),
        # Not the free text: the file stays in Telegram's cloud, in this chat, until
        # deleted. Free text goes only through `peacebot export` on the server.
        shape=ExportShape(
            fallback_language=settings.default_language,
            free_text=False,
            other_label=catalogue.in_every_language("survey-other"),
        ),
        format=callback_data.fmt,
        threshold=settings.suppression_threshold,
        actor=pseudonym,
        made_from="the chat (/export)",
    )
    export_key = settings.export_key_bytes
    folder = tempfile.mkdtemp(prefix="peacebot-export-")
    path = Path(folder) / f"{survey.id}.{callback_data.fmt}"
    try:
        with open_export(path, callback_data.fmt) as out:
            summary = await export_responses(
                session,
                request,
                export_file(callback_data.fmt, out),
                settings.require_master_key(),
                export_key,
            )
        size = path.stat().st_size
        if size > MAX_DOCUMENT_BYTES:
            await query.message.answer(
                i18n("staff-export-too-big", megabytes=round(size / 1024 / 1024))
            )
            return
        await query.message.answer_document(
            FSInputFile(path),
            caption=i18n(
                "staff-export-done",
                rows=summary.rows,
                blanked=summary.profile_fields_blanked,
            )
            + (
                "\n" + i18n("staff-export-left-out", answers=sum(summary.left_out.values()))
                if summary.left_out
                else ""
            ),
            protect_content=True,
        )
    finally:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
        os.rmdir(folder)


async def _took_the_buttons_off(message: Message) -> bool:
    """Take the format buttons off before exporting. Of two quick presses (handled at the
    same time, maybe by two bot processes), only the first can: Telegram answers the second
    "message is not modified" (what Telegram does, seen in practice, rather than a promise it
    documents), and only one file is made. Any other failure (a message too old to edit,
    Telegram busy or out of reach) lets the export go ahead."""
    try:
        await message.edit_reply_markup(reply_markup=None)
    except TelegramBadRequest as error:
        return "not modified" not in error.message
    except TelegramAPIError:
        return True
    return True


def create_router() -> Router:
    router = Router(name="staff-export")
    # Only in a private chat: an export must never land in a group.
    router.message.filter(F.chat.type == ChatType.PRIVATE)
    router.callback_query.filter(F.message.chat.type == ChatType.PRIVATE)
    router.message.register(export_command, Command("export"), may_export())
    router.callback_query.register(export_pressed, StaffExportAction.filter(), may_export())
    return router
