"""The survey engine: given a definition and the answers so far, the next step, and whether
an answer is acceptable. It is the only place that knows survey rules (skip logic, required,
constraints, choices, ranking); handlers render what it returns, and it knows no channel.

Answers are a mapping from step name to value. A name is present once the step is done:
answered, skipped (value None) or, for a note, seen (value None). "Back" removes the
previous step's answer, so the first step not done is always where a participant resumes.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from content.survey_model import (
    AUDIO,
    CHOICE_TYPES,
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
)
from services.survey_expressions import Expression, Value, parse

# Free text longer than this is refused (a phone screen or two; it is stored encrypted).
TEXT_LIMIT = 2000
# A rough pace for "about N minutes": reading, thinking, tapping on an old phone.
SECONDS_PER_QUESTION = 20


class AnswerRefused(Exception):
    """An answer the step cannot take; `reason` says which message the participant gets:
    required | choose | number | whole-number | constraint | too-long | text-expected |
    voice-expected | rank-incomplete"""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class NotCurrent(Exception):
    """The answer is for a step that is not the one being asked (an old or forged button)."""


# What a participant gave, before the engine checks it.
@dataclass(frozen=True)
class Typed:
    text: str


@dataclass(frozen=True)
class Picked:
    """Choice names: one for single choice and scale ("3"), several (in order) otherwise."""

    names: tuple[str, ...]


@dataclass(frozen=True)
class Voice:
    reference: str


@dataclass(frozen=True)
class Skipped:
    pass


@dataclass(frozen=True)
class Seen:
    """A note was read ("continue")."""


Given = Typed | Picked | Voice | Skipped | Seen


def steps(survey: Survey) -> tuple[Question, ...]:
    """The questions in order, each `or_other` question followed by its "please say what"
    step (asked only when "other" was chosen)."""
    out: list[Question] = []
    for question in survey.questions:
        out.append(question)
        if question.or_other:
            out.append(
                Question(
                    name=other_step_name(question.name),
                    type=TEXT,
                    label={},
                    required=True,
                    relevant=f"selected(${{{question.name}}}, '{OTHER}')",
                    groups=question.groups,
                    other_of=question.name,
                )
            )
    return tuple(out)


def other_step_name(name: str) -> str:
    return f"{name}_other"


def step_named(survey: Survey, name: str) -> Question | None:
    return next((q for q in steps(survey) if q.name == name), None)


def step_index(survey: Survey, name: str) -> int | None:
    return next((i for i, q in enumerate(steps(survey)) if q.name == name), None)


@cache
def _parsed(text: str) -> Expression:
    # Definitions are checked when loaded; a survey that reaches the engine parses.
    return parse(text)


def is_relevant(survey: Survey, question: Question, answers: Mapping[str, Value]) -> bool:
    """Its own `relevant` and every enclosing group's hold. An answer to a step that is no
    longer relevant (after going back and changing something) does not count."""
    conditions = [survey.group(g) for g in question.groups]
    texts = [g.relevant for g in conditions if g is not None and g.relevant]
    if question.relevant:
        texts.append(question.relevant)
    return all(_parsed(text).holds(answers) for text in texts)


def current_step(survey: Survey, answers: Mapping[str, Value]) -> Question | None:
    """The first relevant step not done yet; None when the survey is finished."""
    for question in steps(survey):
        if question.name in answers:
            continue
        if is_relevant(survey, question, answers):
            return question
    return None


def previous_step(survey: Survey, answers: Mapping[str, Value]) -> Question | None:
    """The last done, still relevant step before the current one: what "back" reopens."""
    current = current_step(survey, answers)
    end = len(steps(survey)) if current is None else step_index(survey, current.name)
    for question in reversed(steps(survey)[:end]):
        if question.name in answers and is_relevant(survey, question, answers):
            return question
    return None


def counted_answers(survey: Survey, answers: Mapping[str, Value]) -> dict[str, Value]:
    """The answers that stand: those to steps still relevant (what is kept at the end)."""
    return {
        q.name: answers[q.name]
        for q in steps(survey)
        if q.name in answers and is_relevant(survey, q, answers)
    }


@dataclass(frozen=True)
class Progress:
    done: int
    # Questions still to come if every skip condition lets them through (an upper bound).
    remaining: int

    @property
    def number(self) -> int:
        """The current question's number, as shown ("question 3 of 10")."""
        return self.done + 1

    @property
    def total(self) -> int:
        return self.done + self.remaining


def progress(survey: Survey, answers: Mapping[str, Value]) -> Progress:
    asking = [q for q in survey.questions if q.asks_for_input]
    done = sum(1 for q in asking if q.name in answers and is_relevant(survey, q, answers))
    # A condition on a step not reached yet may still let its question through: counted, so
    # that the total never grows as answers come in.
    current = current_step(survey, answers)
    ahead = (
        set()
        if current is None
        else {q.name for q in steps(survey)[step_index(survey, current.name) or 0 :]}
    )
    remaining = sum(
        1
        for q in asking
        if q.name not in answers
        and (is_relevant(survey, q, answers) or _conditions_refer_to(survey, q, ahead))
    )
    return Progress(done, remaining)


def _conditions_refer_to(survey: Survey, question: Question, names: set[str]) -> bool:
    groups = [survey.group(g) for g in question.groups]
    texts = [g.relevant for g in groups if g is not None and g.relevant]
    if question.relevant:
        texts.append(question.relevant)
    return any(_parsed(text).references & names for text in texts)


def question_count(survey: Survey) -> int:
    return sum(1 for q in survey.questions if q.asks_for_input)


def minutes_needed(survey: Survey) -> int:
    return max(1, math.ceil(question_count(survey) * SECONDS_PER_QUESTION / 60))


def answer(survey: Survey, answers: Mapping[str, Value], name: str, given: Given) -> Value:
    """The value to record for step `name`, or AnswerRefused / NotCurrent."""
    question = current_step(survey, answers)
    if question is None or question.name != name:
        raise NotCurrent(name)
    value = _accept(question, given)
    constraint = question.constraint
    if value is not None and constraint and not _parsed(constraint).holds(answers, current=value):
        raise AnswerRefused("constraint")
    return value


def _accept(question: Question, given: Given) -> Value:
    if isinstance(given, Seen):
        if question.type != NOTE:
            raise AnswerRefused("choose" if question.type in CHOICE_TYPES else "required")
        return None
    if question.type == NOTE:
        # Anything typed on a note just moves on, like "continue".
        return None
    if isinstance(given, Skipped):
        if question.required:
            raise AnswerRefused("required")
        return None
    kind = question.type
    if kind in (SELECT_ONE, SELECT_MULTIPLE, RANK, SCALE):
        if not isinstance(given, Picked):
            raise AnswerRefused("choose")
        return _picked(question, given.names)
    if kind in (INTEGER, DECIMAL):
        if not isinstance(given, Typed):
            raise AnswerRefused("number")
        return _number(kind, given.text)
    if kind == TEXT:
        if not isinstance(given, Typed):
            raise AnswerRefused("text-expected")
        text = given.text.strip()
        if not text:
            raise AnswerRefused("text-expected")
        if len(text) > TEXT_LIMIT:
            raise AnswerRefused("too-long")
        return text
    if kind == AUDIO:
        if not isinstance(given, Voice):
            raise AnswerRefused("voice-expected")
        return given.reference
    raise AnswerRefused("choose")


# What a stored value is for each typed kind of question (notes hold none).
_KINDS_OF_VALUE: dict[str, type | tuple[type, ...]] = {
    INTEGER: int,
    DECIMAL: (int, float),
    TEXT: str,
    AUDIO: str,
}


def still_fits(survey: Survey, answers: Mapping[str, Value], name: str) -> bool:
    """Whether an answer given under an earlier version of the survey still fits this one:
    the step exists, a choice answer names choices it still offers, a number is still a
    number of its kind and meets the constraint, a skip is still allowed."""
    step = step_named(survey, name)
    if step is None:
        return False
    value = answers[name]
    if value is None:
        return step.type == NOTE or not step.required
    kind = step.type
    if kind in (SELECT_ONE, SELECT_MULTIPLE, RANK, SCALE):
        names = value if isinstance(value, tuple) else (str(value),)
        try:
            _picked(step, names)
        except AnswerRefused:
            return False
    elif not isinstance(value, _KINDS_OF_VALUE.get(kind, ())):
        return False
    constraint = step.constraint
    return not constraint or _parsed(constraint).holds(answers, current=value)


def choice_names(question: Question) -> tuple[str, ...]:
    """The names a participant may pick, in the order shown ("other" last)."""
    if question.type == SCALE:
        return tuple(str(n) for n in range(question.scale_min, question.scale_max + 1))
    names = tuple(c.name for c in question.choices)
    return (*names, OTHER) if question.or_other else names


def rank_size(question: Question) -> int:
    return question.rank_count or len(question.choices)


def _picked(question: Question, names: tuple[str, ...]) -> Value:
    allowed = choice_names(question)
    if not names or any(n not in allowed for n in names) or len(set(names)) != len(names):
        raise AnswerRefused("choose")
    if question.type == SCALE:
        if len(names) != 1:
            raise AnswerRefused("choose")
        return int(names[0])
    if question.type == SELECT_ONE:
        if len(names) != 1:
            raise AnswerRefused("choose")
        return names[0]
    if question.type == RANK and len(names) != rank_size(question):
        raise AnswerRefused("rank-incomplete")
    # select_multiple keeps the definition's order; a ranking keeps the participant's.
    if question.type == SELECT_MULTIPLE:
        return tuple(n for n in allowed if n in names)
    return names


_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_INTEGER = re.compile(r"[+-]?\d+")
_DECIMAL = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)")


def _number(kind: str, text: str) -> Value:
    """A number as people type it: Arabic-Indic digits, a comma for the decimal point,
    spaces around, the Arabic decimal separator."""
    cleaned = unicodedata.normalize("NFKC", text).strip().translate(_ARABIC_DIGITS)
    cleaned = cleaned.replace("٫", ".").replace("\u066c", "")
    if kind == INTEGER:
        if not _INTEGER.fullmatch(cleaned):
            raise AnswerRefused("whole-number" if _DECIMAL.fullmatch(cleaned) else "number")
        try:
            return int(cleaned)
        except ValueError:
            # More digits than Python converts (sys.get_int_max_str_digits): not a count.
            raise AnswerRefused("number") from None
    if not _DECIMAL.fullmatch(cleaned):
        raise AnswerRefused("number")
    number = float(cleaned.replace(",", "."))
    if not math.isfinite(number):
        raise AnswerRefused("number")
    return number
