"""The survey screens: the list under "share your views", a survey's introduction, each
question type's text and buttons (the one place that draws them, for participants and for a
facilitator's preview alike), the refusals and the thanks."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import ALERT_LIMIT, Translator
from content.survey_model import (
    AUDIO,
    DECIMAL,
    INTEGER,
    NOTE,
    OTHER,
    RANK,
    SCALE,
    SELECT_MULTIPLE,
    SELECT_ONE,
    TEXT,
    Question,
    Survey,
    Words,
    words_in,
)
from handlers.callbacks import MenuAction, SurveyChoice
from handlers.screens import Screen
from services import survey_engine
from services.survey_engine import Progress
from services.surveys import SurveyOffer

# How a button press under a question is written: (action, choice position) -> callback data.
Pack = Callable[[str, int], str]
# Buttons with labels longer than this get a row each, so they are not cut on a phone.
SHORT_LABEL = 18


def _button(text: str, data: str) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=data)


def _rows(buttons: list[InlineKeyboardButton]) -> list[list[InlineKeyboardButton]]:
    per_row = 2 if all(len(b.text) <= SHORT_LABEL for b in buttons) else 1
    return [buttons[i : i + per_row] for i in range(0, len(buttons), per_row)]


def words(survey: Survey, text: Words, language: str) -> str:
    return words_in(text, language, survey.languages[0])


def _menu_button(i18n: Translator) -> InlineKeyboardButton:
    return _button(i18n("survey-to-menu"), MenuAction(action="show").pack())


def survey_list_screen(i18n: Translator, offers: Sequence[SurveyOffer], language: str) -> Screen:
    if not offers:
        keyboard = InlineKeyboardMarkup(inline_keyboard=[[_menu_button(i18n)]])
        return Screen(i18n("surveys-none"), keyboard)
    rows, lines = [], [i18n("surveys-title")]
    for offer in offers:
        title = words(offer.survey, offer.survey.title, language)
        lines.append(i18n("surveys-entry", title=title, size=_size(i18n, offer.survey)))
        if offer.response is not None:
            title = i18n("surveys-continue-title", title=title)
        rows.append([_button(title[:64], SurveyChoice(action="show", id=offer.survey.id).pack())])
    rows.append([_menu_button(i18n)])
    return Screen("\n\n".join(lines), InlineKeyboardMarkup(inline_keyboard=rows))


def _size(i18n: Translator, survey: Survey) -> str:
    """How many questions and roughly how long, in words."""
    return i18n(
        "survey-size",
        questions=survey_engine.question_count(survey),
        minutes=survey_engine.minutes_needed(survey),
    )


def survey_intro_screen(
    i18n: Translator, survey: Survey, language: str, started: Progress | None
) -> Screen:
    """What it is about, how long, what is kept with the answers; start or continue."""
    size = _size(i18n, survey)
    kept = i18n("survey-linked" if survey.linked_to_profile else "survey-anonymous")
    parts = [words(survey, survey.title, language), words(survey, survey.description, language)]
    parts += [size, kept]
    if started is not None:
        parts.append(i18n("survey-started", number=started.number, total=started.total))
        start = i18n("survey-continue")
    else:
        start = i18n("survey-start")
    rows = [
        [_button(start, SurveyChoice(action="start", id=survey.id).pack())],
        [_button(i18n("survey-other-surveys"), MenuAction(action="surveys").pack())],
    ]
    return Screen("\n\n".join(parts), InlineKeyboardMarkup(inline_keyboard=rows))


def question_screen(
    i18n: Translator,
    survey: Survey,
    language: str,
    question: Question,
    progress: Progress,
    pack: Pack,
    *,
    picks: Sequence[str] = (),
    can_go_back: bool = False,
    refusal: str | None = None,
) -> Screen:
    """A question with its instruction and buttons. `picks` are the choices toggled so far
    (multiple choice) or put in order so far (ranking); `refusal` says why the last answer
    was not taken."""
    lines = []
    if refusal is not None:
        lines.append(f"⚠️ {refusal}")
    first_in_group = _first_in_group(survey, language, question)
    if first_in_group is not None:
        lines.append(first_in_group)
    if question.type != NOTE:
        lines.append(i18n("survey-question-number", number=progress.number, total=progress.total))
    if question.other_of is not None:
        asked = survey.question(question.other_of)
        label = words(survey, asked.label, language) if asked is not None else ""
        lines.append(i18n("survey-other-prompt", question=label))
    else:
        lines.append(words(survey, question.label, language))
    if question.hint:
        lines.append(words(survey, question.hint, language))
    instruction = _instruction(i18n, survey, language, question, picks)
    if instruction:
        lines.append(instruction)
    rows = _choice_rows(i18n, survey, language, question, pack, picks)
    rows.append(_navigation(i18n, question, pack, can_go_back))
    return Screen("\n\n".join(lines), InlineKeyboardMarkup(inline_keyboard=rows))


def _first_in_group(survey: Survey, language: str, question: Question) -> str | None:
    """The innermost group's label, above the first question of that group."""
    if not question.groups or question.other_of is not None or question not in survey.questions:
        return None
    index = survey.questions.index(question)
    before = survey.questions[index - 1].groups if index > 0 else ()
    if before[: len(question.groups)] == question.groups:
        return None
    group = survey.group(question.groups[-1])
    if group is None or not group.label:
        return None
    return words(survey, group.label, language)


def choice_label(
    i18n: Translator, survey: Survey, language: str, question: Question, name: str
) -> str:
    if name == OTHER and question.or_other:
        return i18n("survey-other")
    choice = question.choice(name)
    return words(survey, choice.label, language) if choice is not None else name


def _instruction(
    i18n: Translator, survey: Survey, language: str, question: Question, picks: Sequence[str]
) -> str | None:
    kind = question.type
    if kind == SELECT_ONE:
        return i18n("survey-choose-one")
    if kind == SELECT_MULTIPLE:
        return i18n("survey-choose-many")
    if kind == RANK:
        text = i18n("survey-rank", count=survey_engine.rank_size(question))
        if picks:
            order = "\n".join(
                f"{n}. {choice_label(i18n, survey, language, question, name)}"
                for n, name in enumerate(picks, start=1)
            )
            text += "\n\n" + i18n("survey-rank-so-far") + "\n" + order
        return text
    if kind == SCALE:
        low = words(survey, question.low_label, language) if question.low_label else ""
        high = words(survey, question.high_label, language) if question.high_label else ""
        if low and high:
            return i18n(
                "survey-scale",
                low=question.scale_min,
                high=question.scale_max,
                low_label=low,
                high_label=high,
            )
        return i18n("survey-scale-plain", low=question.scale_min, high=question.scale_max)
    if kind == INTEGER:
        return i18n("survey-type-whole-number")
    if kind == DECIMAL:
        return i18n("survey-type-number")
    if kind == TEXT:
        return i18n("survey-type-text")
    if kind == AUDIO:
        return i18n("survey-send-voice")
    return None


def _choice_rows(
    i18n: Translator,
    survey: Survey,
    language: str,
    question: Question,
    pack: Pack,
    picks: Sequence[str],
) -> list[list[InlineKeyboardButton]]:
    names = survey_engine.choice_names(question)
    kind = question.type
    if kind == NOTE:
        return [[_button(i18n("survey-next"), pack("seen", -1))]]
    if kind == SCALE:
        return [[_button(name, pack("pick", n)) for n, name in enumerate(names)]]
    if kind == SELECT_ONE:
        buttons = [
            _button(choice_label(i18n, survey, language, question, name), pack("pick", n))
            for n, name in enumerate(names)
        ]
        return _rows(buttons)
    if kind == SELECT_MULTIPLE:
        buttons = [
            _button(
                ("☑ " if name in picks else "☐ ")
                + choice_label(i18n, survey, language, question, name),
                pack("toggle", n),
            )
            for n, name in enumerate(names)
        ]
        return [*_rows(buttons), [_button(i18n("survey-done"), pack("done", -1))]]
    if kind == RANK:
        buttons = [
            _button(choice_label(i18n, survey, language, question, name), pack("pick", n))
            for n, name in enumerate(names)
            if name not in picks
        ]
        rows = _rows(buttons)
        if picks:
            rows.append([_button(i18n("survey-undo"), pack("undo", -1))])
        return rows
    return []


def _navigation(
    i18n: Translator, question: Question, pack: Pack, can_go_back: bool
) -> list[InlineKeyboardButton]:
    row = []
    if can_go_back:
        row.append(_button(i18n("survey-back"), pack("back", -1)))
    if not question.required and question.type != NOTE:
        row.append(_button(i18n("survey-skip"), pack("skip", -1)))
    row.append(_button(i18n("survey-pause"), pack("pause", -1)))
    return row


def finished_screen(i18n: Translator, survey: Survey, language: str) -> Screen:
    thanks = words(survey, survey.thanks, language) if survey.thanks else i18n("survey-thanks")
    rows = [
        [_button(i18n("survey-other-surveys"), MenuAction(action="surveys").pack())],
        [_menu_button(i18n)],
    ]
    return Screen(thanks, InlineKeyboardMarkup(inline_keyboard=rows))


def paused_screen(i18n: Translator) -> Screen:
    keyboard = InlineKeyboardMarkup(inline_keyboard=[[_menu_button(i18n)]])
    return Screen(i18n("survey-paused"), keyboard)


def popup(text: str) -> str:
    """A text for answerCallbackQuery, which Telegram cuts at 200 characters (a survey's
    own messages are not held to that when written)."""
    return text if len(text) <= ALERT_LIMIT else text[: ALERT_LIMIT - 1] + "…"


def refusal_text(
    i18n: Translator, survey: Survey, language: str, question: Question, reason: str
) -> str:
    """Why an answer was not taken, in the participant's language: the survey's own
    message where it has one, else ours."""
    if reason == "constraint" and question.constraint_message:
        return words(survey, question.constraint_message, language)
    if reason == "required" and question.required_message:
        return words(survey, question.required_message, language)
    if reason == "choose" and question.type in (SELECT_ONE, SELECT_MULTIPLE, RANK, SCALE):
        return i18n("survey-refused-use-buttons")
    return i18n(f"survey-refused-{reason}")
