"""Facilitators' survey tools in the chat (/surveys): list, live counts, open, close, and a
preview in any language that shows exactly what a participant sees and stores nothing.

Every handler here sits behind `is_staff()` (handlers.staff_access), checked against the
database on each update: a participant who types /surveys or forges one of these buttons
gets what any unknown command or stale button gets, and nothing changes.
"""

from __future__ import annotations

from typing import Any

from aiogram import F, Router
from aiogram.enums import ChatType
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import Catalogue, Translator
from content.survey_model import AUDIO, NOTE, TEXT, Survey
from content.surveys import SurveyLibrary
from handlers.callbacks import StaffSurveyAction, SurveyStep
from handlers.screens import Screen, replace, send, send_below
from handlers.staff_access import is_staff
from handlers.states import Previewing
from handlers.survey_screens import (
    Pack,
    finished_screen,
    popup,
    question_screen,
    refusal_text,
    words,
)
from handlers.surveys import given_in, read_press, reason_for_nothing
from services import survey_engine
from services import surveys as taking
from services.survey_engine import AnswerRefused, NotCurrent, Seen
from services.survey_expressions import Value

PREVIEW = "preview"
# Room in one message (4096) for the survey's counts, leaving some for the more line.
STAFF_TEXT_BUDGET = 3800
# Free text and voice notes given in a preview are not kept, even in the state: only this.
GIVEN_BUT_NOT_KEPT = "…"


def _button(text: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data)


def _title(survey: Survey, i18n: Translator) -> str:
    return words(survey, survey.title, i18n.language)


async def list_screen(session: AsyncSession, surveys: SurveyLibrary, i18n: Translator) -> Screen:
    rows = []
    for survey in surveys.all():
        status = await taking.status_of(session, survey)
        label = i18n(
            "staff-survey-line", title=_title(survey, i18n), status=i18n(f"staff-status-{status}")
        )
        rows.append([_button(label[:64], StaffSurveyAction(action="show", id=survey.id).pack())])
    text = i18n("staff-surveys-title") if rows else i18n("staff-surveys-none")
    return Screen(text, InlineKeyboardMarkup(inline_keyboard=rows))


async def survey_screen(
    session: AsyncSession, survey: Survey, i18n: Translator, catalogue: Catalogue
) -> Screen:
    status = await taking.status_of(session, survey)
    counts = await taking.stats(session, survey)
    text = i18n(
        "staff-survey-summary",
        title=_title(survey, i18n),
        id=survey.id,
        version=survey.recorded_version,
        status=i18n(f"staff-status-{status}"),
        questions=survey_engine.question_count(survey),
        minutes=survey_engine.minutes_needed(survey),
        languages=", ".join(survey.languages),
        started=counts.started,
        completed=counts.completed,
    )
    text = f"{text}\n\n{i18n('staff-survey-answered')}"
    lines = [f"{name}: {n}" for name, n in counts.answered.items()]
    for shown, line in enumerate(lines):
        # A long form's counts do not fit one message: the CLI shows them all.
        if len(text) + len(line) > STAFF_TEXT_BUDGET:
            text += "\n" + i18n("staff-survey-more", count=len(lines) - shown)
            break
        text += "\n" + line

    def action(name: str, lang: str = "") -> str:
        return StaffSurveyAction(action=name, id=survey.id, lang=lang).pack()

    rows = []
    if status != taking.OPEN:
        rows.append([_button(i18n("staff-open"), action("open"))])
    if status == taking.OPEN:
        rows.append([_button(i18n("staff-close"), action("close"))])
    previews = [
        _button(
            i18n("staff-preview", language=catalogue.translator(lang)("language-name")),
            action("preview", lang),
        )
        for lang in survey.languages
        if lang in catalogue.languages
    ]
    rows += [previews[i : i + 2] for i in range(0, len(previews), 2)]
    rows.append(
        [
            _button(i18n("staff-refresh"), action("show")),
            _button(i18n("staff-back"), action("list")),
        ]
    )
    return Screen(text, InlineKeyboardMarkup(inline_keyboard=rows))


async def surveys_command(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    surveys: SurveyLibrary,
    i18n: Translator,
) -> None:
    if await state.get_state() == Previewing.answering.state:
        await state.clear()
    await send(message, await list_screen(session, surveys, i18n))


async def staff_action(
    query: CallbackQuery,
    callback_data: StaffSurveyAction,
    session: AsyncSession,
    surveys: SurveyLibrary,
    i18n: Translator,
    catalogue: Catalogue,
    pseudonym: str,
    state: FSMContext,
) -> None:
    if callback_data.action == "list":
        await query.answer()
        await replace(query, await list_screen(session, surveys, i18n))
        return
    survey = surveys.get(callback_data.id)
    if survey is None:
        await query.answer(i18n("button-expired"))
        return
    if callback_data.action in ("open", "close"):
        status = taking.OPEN if callback_data.action == "open" else taking.CLOSED
        try:
            await taking.change_status(session, survey, status, pseudonym)
        except taking.LifecycleError:
            # Only a passed closing date stops a facilitator here (draft is not offered).
            await query.answer(
                popup(i18n("staff-reopen-closed", date=survey.closes or "")), show_alert=True
            )
            return
        await query.answer(i18n(f"staff-{callback_data.action}ed"))
        await replace(query, await survey_screen(session, survey, i18n, catalogue))
        return
    if callback_data.action == "preview" and callback_data.lang in survey.languages:
        await query.answer()
        await start_preview(query, survey, callback_data.lang, i18n, catalogue, state)
        return
    await query.answer()
    await replace(query, await survey_screen(session, survey, i18n, catalogue))


# ------------------------------------------------------------------ preview


def _pack(index: int) -> Pack:
    def pack(action: str, choice: int) -> str:
        return SurveyStep(r=0, i=index, action=action, c=choice).pack()

    return pack


def _answers(preview: dict[str, Any]) -> dict[str, Value]:
    return {
        name: tuple(value) if isinstance(value, list) else value
        for name, value in preview["answers"].items()
    }


def _preview_screen(
    survey: Survey, preview: dict[str, Any], translate: Translator, refusal: str | None = None
) -> Screen:
    answers = _answers(preview)
    question = survey_engine.current_step(survey, answers)
    lang = preview["lang"]
    if question is None:
        return finished_screen(translate, survey, lang)
    index = survey_engine.step_index(survey, question.name) or 0
    picks = preview["picks"] if preview.get("i") == index else []
    return question_screen(
        translate,
        survey,
        lang,
        question,
        survey_engine.progress(survey, answers),
        _pack(index),
        picks=picks,
        can_go_back=survey_engine.previous_step(survey, answers) is not None,
        refusal=refusal,
    )


async def start_preview(
    query: CallbackQuery,
    survey: Survey,
    lang: str,
    i18n: Translator,
    catalogue: Catalogue,
    state: FSMContext,
) -> None:
    preview = {"survey": survey.id, "lang": lang, "answers": {}, "picks": [], "i": -1}
    await state.set_state(Previewing.answering)
    await state.update_data({PREVIEW: preview})
    language = catalogue.translator(lang)("language-name")
    await replace(
        query, Screen(i18n("staff-preview-start", title=_title(survey, i18n), language=language))
    )
    await send_below(query, _preview_screen(survey, preview, catalogue.translator(lang)))


async def _preview_of(
    state: FSMContext, surveys: SurveyLibrary
) -> tuple[dict[str, Any], Survey] | None:
    if await state.get_state() != Previewing.answering.state:
        return None
    preview = await state.get_value(PREVIEW)
    survey = surveys.get(preview["survey"]) if isinstance(preview, dict) else None
    if survey is None or preview is None:
        return None
    return preview, survey


def _kept(survey: Survey, name: str, value: Value) -> str | int | float | list[str] | None:
    step = survey_engine.step_named(survey, name)
    if value is not None and step is not None and step.type in (TEXT, AUDIO):
        return GIVEN_BUT_NOT_KEPT
    return list(value) if isinstance(value, tuple) else value


async def preview_pressed(
    query: CallbackQuery,
    callback_data: SurveyStep,
    surveys: SurveyLibrary,
    i18n: Translator,
    catalogue: Catalogue,
    state: FSMContext,
) -> None:
    found = await _preview_of(state, surveys)
    if found is None:
        await query.answer(i18n("button-expired"))
        return
    preview, survey = found
    translate = catalogue.translator(preview["lang"])
    answers = _answers(preview)
    question = survey_engine.current_step(survey, answers)
    if question is None or survey_engine.step_index(survey, question.name) != callback_data.i:
        await query.answer(translate("survey-button-old"))
        return
    action = callback_data.action
    if action == "pause":
        await state.clear()
        await query.answer()
        await replace(query, Screen(i18n("staff-preview-ended")))
        return
    if action == "back":
        previous = survey_engine.previous_step(survey, answers)
        if previous is not None:
            del preview["answers"][previous.name]
        preview["picks"], preview["i"] = [], -1
        await state.update_data({PREVIEW: preview})
        await query.answer()
        await replace(query, _preview_screen(survey, preview, translate))
        return
    picks: list[str] = preview["picks"] if preview.get("i") == callback_data.i else []
    press = read_press(question, action, callback_data.c, picks)
    if press is None:
        await query.answer(i18n("button-expired"))
        return
    if press.given is None:
        preview["picks"], preview["i"] = press.picks, callback_data.i
        await state.update_data({PREVIEW: preview})
        await query.answer()
        await replace(query, _preview_screen(survey, preview, translate))
        return
    given = press.given
    try:
        value = survey_engine.answer(survey, answers, question.name, given)
    except AnswerRefused as refused:
        text = refusal_text(translate, survey, preview["lang"], question, refused.reason)
        await query.answer(popup(text), show_alert=True)
        return
    except NotCurrent:
        await query.answer(translate("survey-button-old"))
        return
    await _record(state, survey, preview, question.name, value)
    await query.answer()
    await replace(query, _preview_screen(survey, preview, translate))


async def _record(
    state: FSMContext, survey: Survey, preview: dict[str, Any], name: str, value: Value
) -> None:
    preview["answers"][name] = _kept(survey, name, value)
    preview["picks"], preview["i"] = [], -1
    if survey_engine.current_step(survey, _answers(preview)) is None:
        await state.clear()  # the preview is over: nothing of it stays
    else:
        await state.update_data({PREVIEW: preview})


async def preview_typed(
    message: Message,
    surveys: SurveyLibrary,
    catalogue: Catalogue,
    state: FSMContext,
) -> None:
    found = await _preview_of(state, surveys)
    if found is None:
        await state.clear()
        return
    preview, survey = found
    translate = catalogue.translator(preview["lang"])
    answers = _answers(preview)
    question = survey_engine.current_step(survey, answers)
    if question is None:
        await state.clear()
        return
    given = Seen() if question.type == NOTE else given_in(message)
    refusal = None
    if given is None:
        refusal = refusal_text(
            translate, survey, preview["lang"], question, reason_for_nothing(question)
        )
    else:
        try:
            value = survey_engine.answer(survey, answers, question.name, given)
        except AnswerRefused as refused:
            refusal = refusal_text(translate, survey, preview["lang"], question, refused.reason)
        else:
            await _record(state, survey, preview, question.name, value)
    await send(message, _preview_screen(survey, preview, translate, refusal))


def create_router() -> Router:
    router = Router(name="staff-surveys")
    router.message.filter(F.chat.type == ChatType.PRIVATE)
    router.message.register(surveys_command, Command("surveys"), is_staff())
    router.callback_query.register(staff_action, StaffSurveyAction.filter(), is_staff())
    router.callback_query.register(preview_pressed, SurveyStep.filter(F.r == 0), is_staff())
    router.message.register(
        preview_typed, Previewing.answering, is_staff(), ~F.text.startswith("/")
    )
    return router
