"""Taking surveys in the chat: "share your views", a survey's introduction, each question's
buttons and typed answers, back, skip, pause and resume. Every answer is committed as it is
given (services.surveys); what is acceptable is decided by services.survey_engine."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aiogram import F, Router
from aiogram.enums import ChatType
from aiogram.filters import Filter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import Translator
from bot.settings import Settings
from content.survey_model import (
    AUDIO,
    DECIMAL,
    INTEGER,
    NOTE,
    RANK,
    SELECT_MULTIPLE,
    TEXT,
    Question,
    Survey,
)
from content.surveys import SurveyLibrary
from handlers.callbacks import MenuAction, SurveyChoice, SurveyStep
from handlers.screens import Screen, replace, send
from handlers.survey_screens import (
    Pack,
    finished_screen,
    paused_screen,
    popup,
    question_screen,
    refusal_text,
    survey_intro_screen,
    survey_list_screen,
)
from services import survey_engine
from services import surveys as taking
from services.survey_engine import AnswerRefused, Given, NotCurrent, Picked, Seen, Skipped
from storage.models import Participant, Response

# FSM data key for the choices toggled (multiple choice) or ordered (ranking) so far on the
# question being asked; they are not answers until "done" or the last pick.
PICKS = "survey_picks"


def given_in(message: Message) -> Given | None:
    """What a typed message offers as an answer: text, or a voice note's file reference."""
    if message.text is not None:
        return survey_engine.Typed(message.text)
    if message.voice is not None:
        return survey_engine.Voice(message.voice.file_id)
    if message.audio is not None:
        return survey_engine.Voice(message.audio.file_id)
    return None


def reason_for_nothing(question: Question) -> str:
    """Why a sticker, photo or the like is not an answer to `question`."""
    if question.type == AUDIO:
        return "voice-expected"
    if question.type in (INTEGER, DECIMAL):
        return "number"
    if question.type == TEXT:
        return "text-expected"
    return "choose"


def unavailable_text(i18n: Translator, reason: str) -> str:
    return i18n(f"survey-unavailable-{reason}")


def pack_for(response_id: int, index: int) -> Pack:
    def pack(action: str, choice: int) -> str:
        return SurveyStep(r=response_id, i=index, action=action, c=choice).pack()

    return pack


async def _picks(state: FSMContext, response_id: int, question: Question) -> list[str]:
    """The choices picked so far on this question; any no longer offered (the survey
    changed meanwhile) are left out."""
    saved = await state.get_value(PICKS) or {}
    if saved.get("r") == response_id and saved.get("q") == question.name:
        offered = survey_engine.choice_names(question)
        return [name for name in saved.get("names", []) if name in offered]
    return []


async def _keep_picks(
    state: FSMContext, response_id: int, question: Question, names: list[str]
) -> None:
    await state.update_data({PICKS: {"r": response_id, "q": question.name, "names": names}})


async def _forget_picks(state: FSMContext) -> None:
    await state.update_data({PICKS: None})


async def question_for(
    i18n: Translator,
    survey: Survey,
    language: str,
    step: taking.Step,
    response_id: int,
    state: FSMContext,
    refusal: str | None = None,
) -> Screen:
    """The screen for the step being asked (the caller knows there is one)."""
    question = step.question
    assert question is not None
    index = survey_engine.step_index(survey, question.name) or 0
    previous = survey_engine.previous_step(survey, step.answers)
    return question_screen(
        i18n,
        survey,
        language,
        question,
        survey_engine.progress(survey, step.answers),
        pack_for(response_id, index),
        picks=await _picks(state, response_id, question),
        can_go_back=previous is not None,
        refusal=refusal,
    )


# ------------------------------------------------------------------ finding a survey


async def show_surveys(
    query: CallbackQuery,
    session: AsyncSession,
    participant: Participant,
    i18n: Translator,
    surveys: SurveyLibrary,
) -> None:
    await query.answer()
    offers = await taking.offers_for(session, surveys.all(), participant)
    await replace(query, survey_list_screen(i18n, offers, participant.language))


async def _available(
    query: CallbackQuery,
    session: AsyncSession,
    surveys: SurveyLibrary,
    survey_id: str,
    participant: Participant,
    i18n: Translator,
) -> Survey | None:
    """The survey a button names, if they may take it now; else the press is answered with
    why not (changing nothing) and None is returned."""
    survey = surveys.get(survey_id)
    if survey is None:
        await query.answer(i18n("button-expired"))
        return None
    reason = await taking.why_unavailable(session, survey, participant)
    if reason is not None:
        await query.answer(unavailable_text(i18n, reason), show_alert=True)
        return None
    return survey


async def survey_chosen(
    query: CallbackQuery,
    callback_data: SurveyChoice,
    session: AsyncSession,
    participant: Participant,
    i18n: Translator,
    surveys: SurveyLibrary,
    settings: Settings,
    state: FSMContext,
) -> None:
    survey = await _available(query, session, surveys, callback_data.id, participant, i18n)
    if survey is None:
        return
    language = participant.language
    if callback_data.action == "show":
        await query.answer()
        response = await taking.in_progress(session, survey, participant)
        started = None
        if response is not None:
            step = await taking.current(
                session, settings.require_master_key(), survey, participant, response
            )
            started = survey_engine.progress(survey, step.answers)
        await replace(query, survey_intro_screen(i18n, survey, language, started))
        return
    if callback_data.action != "start":
        await query.answer(i18n("button-expired"))
        return
    await query.answer()
    await state.set_state(None)  # e.g. no longer asking the explainers a question
    response = await taking.start_or_resume(session, survey, participant)
    step = await taking.current(
        session, settings.require_master_key(), survey, participant, response
    )
    await show_step(query, i18n, survey, language, step, response, state)


async def show_step(
    query: CallbackQuery,
    i18n: Translator,
    survey: Survey,
    language: str,
    step: taking.Step,
    response: Response,
    state: FSMContext,
) -> None:
    if step.question is None:
        await replace(query, finished_screen(i18n, survey, language))
        return
    await replace(query, await question_for(i18n, survey, language, step, response.id, state))


# ------------------------------------------------------------------ buttons under a question


async def step_pressed(
    query: CallbackQuery,
    callback_data: SurveyStep,
    session: AsyncSession,
    participant: Participant,
    i18n: Translator,
    surveys: SurveyLibrary,
    settings: Settings,
    state: FSMContext,
) -> None:
    """Every press is checked against the database: the response must be theirs and in
    progress, the survey open, and the button drawn for the step being asked now."""
    try:
        response = await taking.their_response(session, participant, callback_data.r)
    except taking.NotTheirs:
        await query.answer(i18n("button-expired"))
        return
    survey = await _available(query, session, surveys, response.survey_id, participant, i18n)
    if survey is None:
        return
    if response.paused:
        # A button of a paused survey's question: they are back in it (and out of any
        # other), so what they type next is its answer.
        response = await taking.start_or_resume(session, survey, participant)
    master_key = settings.require_master_key()
    step = await taking.current(session, master_key, survey, participant, response)
    question = step.question
    if question is None or survey_engine.step_index(survey, question.name) != callback_data.i:
        await query.answer(i18n("survey-button-old"))
        return
    language = participant.language
    action = callback_data.action
    if action == "pause":
        await taking.pause(session, response)
        await _forget_picks(state)
        await query.answer()
        await replace(query, paused_screen(i18n))
        return
    if action == "back":
        await _forget_picks(state)
        step = await taking.go_back(
            session, master_key, survey, participant, response, question.name
        )
        await query.answer()
        await show_step(query, i18n, survey, language, step, response, state)
        return
    picks = await _picks(state, response.id, question)
    press = read_press(question, action, callback_data.c, picks)
    if press is None:
        await query.answer(i18n("button-expired"))
        return
    if press.given is None:
        await _keep_picks(state, response.id, question, press.picks)
        await query.answer()
        await replace(query, await question_for(i18n, survey, language, step, response.id, state))
        return
    given = press.given
    try:
        step = await taking.give(
            session, master_key, survey, participant, response, question.name, given
        )
    except AnswerRefused as refused:
        await query.answer(
            popup(refusal_text(i18n, survey, language, question, refused.reason)), show_alert=True
        )
        return
    except NotCurrent:
        await query.answer(i18n("survey-button-old"))
        return
    await _forget_picks(state)
    await query.answer()
    await show_step(query, i18n, survey, language, step, response, state)


@dataclass(frozen=True)
class Press:
    """What a button under a question means: an answer to give, or (given None) choices
    picked so far, to show the question again with."""

    given: Given | None
    picks: list[str]


def read_press(question: Question, action: str, choice: int, picks: list[str]) -> Press | None:
    """The meaning of a press on `question`, with `picks` toggled or ordered so far; None
    for a press that makes no sense there (a forged button). For participants and for a
    facilitator's preview alike."""
    names = survey_engine.choice_names(question)
    chosen = names[choice] if 0 <= choice < len(names) else None
    picks = list(picks)
    if question.type in (SELECT_MULTIPLE, RANK) and action in ("toggle", "pick", "undo"):
        complete = _change_picks(question, action, chosen, picks)
        if complete is None:
            return None
        return Press(Picked(tuple(picks)) if complete else None, picks)
    if action == "done" and question.type == SELECT_MULTIPLE:
        return Press(Picked(tuple(picks)), picks)
    if action == "pick" and chosen is not None:
        return Press(Picked((chosen,)), [])
    if action == "skip":
        return Press(Skipped(), [])
    if action == "seen":
        return Press(Seen(), [])
    return None


def _change_picks(
    question: Question, action: str, chosen: str | None, picks: list[str]
) -> bool | None:
    """Toggle or order a choice in `picks` (in place). True when a ranking is complete and
    should be given; None for a press that makes no sense (a forged choice)."""
    if action == "undo":
        if picks:
            picks.pop()
        return False
    if chosen is None:
        return None
    if question.type == SELECT_MULTIPLE and action == "toggle":
        if chosen in picks:
            picks.remove(chosen)
        else:
            picks.append(chosen)
        return False
    if question.type == RANK and action == "pick":
        if chosen not in picks:
            picks.append(chosen)
        return len(picks) >= survey_engine.rank_size(question)
    return None


# ------------------------------------------------------------------ typed answers


class InSurvey(Filter):
    """A message from a participant with a survey in progress (not paused): its answer.
    Commands are left to their own handlers."""

    async def __call__(
        self,
        message: Message,
        session: AsyncSession,
        participant: Participant | None,
        surveys: SurveyLibrary,
        state: FSMContext,
    ) -> bool | dict[str, Any]:
        if participant is None or (message.text or "").startswith("/"):
            return False
        if await state.get_state() is not None:
            # Somewhere else with its own use for typed text (asking the explainers a
            # question, a profile question): never an answer.
            return False
        response = await taking.active_response(session, participant)
        if response is None:
            return False
        survey = surveys.get(response.survey_id)
        if survey is None:
            return False
        return {"response": response, "survey": survey}


async def typed_answer(
    message: Message,
    response: Response,
    survey: Survey,
    session: AsyncSession,
    participant: Participant,
    i18n: Translator,
    settings: Settings,
    state: FSMContext,
) -> None:
    language = participant.language
    reason = await taking.why_unavailable(session, survey, participant)
    if reason is not None:
        # Closed while they were answering: what they gave is kept; nothing more is taken.
        await taking.pause(session, response)
        paused = paused_screen(i18n)
        note = unavailable_text(i18n, reason)
        await send(message, Screen(f"{note}\n\n{paused.text}", paused.keyboard))
        return
    master_key = settings.require_master_key()
    step = await taking.current(session, master_key, survey, participant, response)
    question = step.question
    if question is None:
        return
    given = given_in(message)
    refusal: str | None = None
    if question.type == NOTE:
        given = Seen()
    if given is None:
        refusal = refusal_text(i18n, survey, language, question, reason_for_nothing(question))
    else:
        try:
            step = await taking.give(
                session, master_key, survey, participant, response, question.name, given
            )
        except AnswerRefused as refused:
            refusal = refusal_text(i18n, survey, language, question, refused.reason)
        except NotCurrent:
            refusal = i18n("survey-button-old")
    if step.question is None:
        await send(message, finished_screen(i18n, survey, language))
        return
    if refusal is None:
        await _forget_picks(state)
    await send(
        message, await question_for(i18n, survey, language, step, response.id, state, refusal)
    )


class Joined(Filter):
    """Only participants take surveys: anyone else's survey buttons (an old menu after
    /delete, a forged press) fall through to the stale-button answer."""

    async def __call__(self, event: Any, participant: Participant | None = None) -> bool:
        return participant is not None


def create_router() -> Router:
    router = Router(name="surveys")
    router.message.filter(F.chat.type == ChatType.PRIVATE)
    router.callback_query.filter(Joined())
    router.callback_query.register(show_surveys, MenuAction.filter(F.action == "surveys"))
    router.callback_query.register(survey_chosen, SurveyChoice.filter())
    router.callback_query.register(step_pressed, SurveyStep.filter(F.r > 0))
    router.message.register(typed_answer, InSurvey())
    return router
