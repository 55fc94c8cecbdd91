"""The survey library: read content/surveys/<id>.yaml, check it, and write a Survey as YAML.

The format is described for facilitators in content/surveys/README.md. This module is its
only reader, so that `peacebot content check` and the bot agree on what a file means. What a
survey says is checked by semantic_problems, which knows nothing of YAML: a form imported
from XLSForm goes through the same rules.
"""

from __future__ import annotations

import datetime
import difflib
import itertools
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from content.explainers import LANGUAGES, ContentProblem
from content.survey_model import (
    CHOICE_TYPES,
    DECIMAL,
    INTEGER,
    KINDS,
    MAX_RETENTION_DAYS,
    NOTE,
    OTHER,
    QUESTION_TYPES,
    RANK,
    RESPONSES,
    SCALE,
    SELECT_MULTIPLE,
    SELECT_ONE,
    TEXT,
    Choice,
    Group,
    Question,
    Survey,
    Words,
)
from services.survey_engine import other_step_name
from services.survey_expressions import Expression, ExpressionError, Value, parse

SURVEYS_DIR = Path(__file__).resolve().parent / "surveys"

SURVEY_FIELDS = (
    "id",
    "version",
    "kind",
    "languages",
    "title",
    "description",
    "thanks",
    "linked_to_profile",
    "responses",
    "invitation_only",
    "closes",
    "retention_days",
    "questions",
)
QUESTION_FIELDS = (
    "name",
    "type",
    "label",
    "hint",
    "required",
    "required_message",
    "choices",
    "or_other",
    "count",
    "min",
    "max",
    "low_label",
    "high_label",
    "relevant",
    "constraint",
    "constraint_message",
)
GROUP_FIELDS = ("group", "label", "relevant", "questions")
CHOICE_FIELDS = ("name", "label")

ID_RULE = re.compile(r"[a-z0-9-]{1,40}")
NAME_RULE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
NAME_CHARACTERS = 32
DATE_RULE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# A question is one Telegram message (at most 4096): its label and hint, and room for the
# bot's own words around them (question 3 of 10, how to answer).
QUESTION_CHARACTERS = 3500
# A refused answer's message may be shown in a pop-up, which Telegram cuts at 200.
MESSAGE_CHARACTERS = 200
# A choice is a button: longer labels are cut off on a phone.
BUTTON_CHARACTERS = 60
SCALE_POINTS = 11
_TYPES_WITHOUT_CHOICES = tuple(t for t in QUESTION_TYPES if t not in CHOICE_TYPES)
# Trying every answer a constraint could get stops being worth it past this many tries.
TRIES = 20_000


@dataclass(frozen=True)
class SurveyIssue:
    """Something wrong in what a survey says, however it was written (YAML or XLSForm).

    `question` is the name of the question or group it is about (they share one set of names,
    as in XLSForm), None for the survey itself; `field` is the field at fault ("label",
    "relevant", "choices", "constraint", ...); `choice` names the choice, for a problem with
    one choice of the question.
    """

    question: str | None
    field: str
    message: str
    choice: str | None = None


class SurveyLibrary:
    """The surveys the bot can run, by id."""

    def __init__(self, surveys: Iterable[Survey] = ()) -> None:
        self._surveys = {survey.id: survey for survey in surveys}

    def __len__(self) -> int:
        return len(self._surveys)

    def get(self, id: str) -> Survey | None:
        return self._surveys.get(id)

    def all(self) -> list[Survey]:
        return [self._surveys[key] for key in sorted(self._surveys)]


# --- what a survey says ---------------------------------------------------------------------


@dataclass(frozen=True)
class _At:
    """What an issue is about: a question (and one of its choices), a group, or the survey."""

    question: int | None = None
    group: int | None = None
    choice: int | None = None
    # The field as written inside a choice ("name", "label").
    key: str | None = None


_SURVEY = _At()


@dataclass(frozen=True)
class _Found:
    """An issue and what it is about, so that a reader can name the line."""

    issue: SurveyIssue
    at: _At
    language: str | None = None

    @property
    def scope(self) -> tuple[str | int, ...]:
        at = self.at
        if at.choice is not None and at.question is not None:
            return ("choice", at.question, at.choice)
        if at.question is not None:
            return ("question", at.question)
        if at.group is not None:
            return ("group", at.group)
        return ("survey",)

    @property
    def field(self) -> str:
        """The field as written in the file."""
        return self.at.key or self.issue.field


def semantic_problems(survey: Survey) -> list[SurveyIssue]:
    """Every problem in what the survey says, in the order of the survey."""
    return [found.issue for found in _check(survey)]


def _check(survey: Survey) -> list[_Found]:
    checker = _Checker(survey)
    checker.check()
    return checker.found


def _listed(values: Iterable[str]) -> str:
    return ", ".join(values)


def _unknown(kind: str, value: str, allowed: Iterable[str], place: str = "") -> str:
    """'unknown type "selct_one" (did you mean "select_one"?)', or the list of what is known."""
    allowed = list(allowed)
    close = difflib.get_close_matches(value, allowed, n=1, cutoff=0.6)
    hint = f'did you mean "{close[0]}"?' if close else "one of: " + _listed(allowed)
    return f'unknown {kind} "{value}"{place} ({hint})'


def _telegram_length(text: str) -> int:
    """Telegram counts UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def _only_for_scale(key: str, question_type: str) -> str:
    message = f'"{key}" is only for scale questions'
    if key in ("min", "max") and question_type in (INTEGER, DECIMAL):
        message += ': to limit a number, write a constraint such as ". >= 0 and . <= 120"'
    return message


def _only_for_rank(question_type: str) -> str:
    return f'"count" is only for rank questions, not {question_type}'


class _Checker:
    def __init__(self, survey: Survey) -> None:
        self.survey = survey
        self.found: list[_Found] = []
        self.languages = tuple(dict.fromkeys(survey.languages))
        # Where each answer comes to exist: a question's index; the text typed after
        # choosing "other" just after its question.
        self.positions: dict[str, float] = {}
        for index, question in enumerate(survey.questions):
            self.positions.setdefault(question.name, index)
            if question.or_other:
                self.positions.setdefault(other_step_name(question.name), index + 0.5)
        self.group_names = {group.name for group in survey.groups}

    def report(
        self, field: str, message: str, at: _At = _SURVEY, language: str | None = None
    ) -> None:
        name: str | None = None
        choice_name: str | None = None
        if at.question is not None:
            name = self.survey.questions[at.question].name
            if at.choice is not None:
                choice_name = self.survey.questions[at.question].choices[at.choice].name
        elif at.group is not None:
            name = self.survey.groups[at.group].name
        self.found.append(_Found(SurveyIssue(name, field, message, choice_name), at, language))

    def check(self) -> None:
        self.check_survey()
        self.check_names()
        for index in range(len(self.survey.groups)):
            self.check_group(index)
        self.check_group_order()
        for index in range(len(self.survey.questions)):
            self.check_question(index)

    # --- the survey

    def check_survey(self) -> None:
        survey = self.survey
        if not survey.id:
            self.report("id", "the survey has no id: write one such as peace-process-feedback")
        elif not ID_RULE.fullmatch(survey.id):
            self.report(
                "id",
                f'id "{survey.id}" may only have lowercase letters a-z, digits and "-", '
                "at most 40 characters",
            )
        if not survey.version.strip():
            self.report("version", 'the version is empty: write a number such as "version: 1"')
        if not survey.kind:
            self.report("kind", f"the survey has no kind (one of: {_listed(KINDS)})")
        elif survey.kind not in KINDS:
            self.report("kind", _unknown("kind", survey.kind, KINDS))
        if survey.responses not in RESPONSES:
            self.report("responses", _unknown("value for responses", survey.responses, RESPONSES))
        if not survey.languages:
            self.report(
                "languages",
                "the survey has no languages: list the ones it is written in, such as [en, ar]",
            )
        seen: set[str] = set()
        for language in survey.languages:
            if language in seen:
                self.report(
                    "languages", f'"{language}" is listed twice in languages', language=language
                )
            elif language not in LANGUAGES:
                self.report(
                    "languages", _unknown("language", language, LANGUAGES), language=language
                )
            seen.add(language)
        self.words(survey.title, "the title", "title", required=True)
        self.words(survey.description, "the description", "description", required=True)
        self.words(survey.thanks, "the thanks", "thanks", required=False)
        for name, words in (("description", survey.description), ("thanks", survey.thanks)):
            for language, text in words.items():
                if (length := _telegram_length(text)) > QUESTION_CHARACTERS:
                    self.report(
                        name,
                        f"the {name} in {language} is {length} characters; at most "
                        f"{QUESTION_CHARACTERS} (one Telegram message)",
                        language=language,
                    )
        if survey.closes is not None and not _is_date(survey.closes):
            self.report(
                "closes",
                f'closes "{survey.closes}" is not a date: write it as YYYY-MM-DD, '
                "such as 2027-03-31",
            )
        days = survey.retention_days
        if days is not None and not 1 <= days <= MAX_RETENTION_DAYS:
            self.report(
                "retention_days",
                f"retention_days {days} is not a number of days to keep the answers: write "
                f"a whole number from 1 to {MAX_RETENTION_DAYS}, such as 365, or leave it "
                "out to follow the RESPONSE_RETENTION_DAYS setting",
            )
        if not survey.questions:
            self.report("questions", "the survey has no questions")
        elif all(question.type == NOTE for question in survey.questions):
            self.report("questions", "the survey asks nothing: every question is a note")

    def words(
        self, words: Words, what: str, field: str, *, required: bool, at: _At = _SURVEY
    ) -> None:
        """Text in every language of the survey, and only in those."""
        if not any(text.strip() for text in words.values()):
            if required and self.languages:
                self.report(field, f"{what} is missing: write it in {_listed(self.languages)}", at)
            elif words:
                self.report(field, f"{what} is empty", at)
            return
        if not self.languages:
            return  # reported once, on "languages"
        for language in words:
            if language not in self.languages:
                self.report(
                    field,
                    f'{what} is written in "{language}", which is not one of the survey\'s '
                    f"languages ({_listed(self.languages)})",
                    at,
                    language,
                )
        missing = [language for language in self.languages if not words.get(language, "").strip()]
        if missing:
            self.report(field, f"{what} is missing in {_listed(missing)}", at)

    # --- names

    def check_names(self) -> None:
        """Question and group names: the rule, and each used once (they share one set)."""
        survey = self.survey
        taken: dict[str, str] = {}
        reserved = {
            other_step_name(question.name): question.name
            for question in survey.questions
            if question.or_other
        }
        for kind, index in self.document_order():
            if kind == "group":
                name, at = survey.groups[index].name, _At(group=index)
            else:
                name, at = survey.questions[index].name, _At(question=index)
            if not name:
                self.report("name", f"a {kind} has no name", at)
                continue
            if not NAME_RULE.fullmatch(name):
                self.report(
                    "name",
                    f'the name "{name}" may only have letters a-z and A-Z, digits and "_", '
                    "and may not start with a digit",
                    at,
                )
            elif len(name) > NAME_CHARACTERS:
                self.report(
                    "name",
                    f'the name "{name}" has {len(name)} characters; at most {NAME_CHARACTERS}',
                    at,
                )
            if name in taken:
                self.report(
                    "name",
                    f'the name "{name}" is already used by a {taken[name]}: each question and '
                    "group needs its own name",
                    at,
                )
            elif name in reserved and kind == "question":
                self.report(
                    "name",
                    f'the name "{name}" is taken by the answer typed after choosing "other" in '
                    f'question "{reserved[name]}": choose another name',
                    at,
                )
            taken.setdefault(name, kind)

    def document_order(self) -> Iterator[tuple[str, int]]:
        """Groups and questions in the order they are written: a group before its questions."""
        survey = self.survey
        emitted: set[int] = set()
        for index, question in enumerate(survey.questions):
            for name in question.groups:
                if any(survey.groups[i].name == name for i in emitted):
                    continue
                group = next((i for i, g in enumerate(survey.groups) if g.name == name), None)
                if group is not None:
                    emitted.add(group)
                    yield "group", group
            yield "question", index
        for group in range(len(survey.groups)):
            if group not in emitted:
                yield "group", group

    # --- groups

    def check_group(self, index: int) -> None:
        group = self.survey.groups[index]
        at = _At(group=index)
        members = [
            i for i, question in enumerate(self.survey.questions) if group.name in question.groups
        ]
        if not members:
            self.report("questions", f'the group "{group.name}" has no questions', at)
        self.words(group.label, "the group's label", "label", required=False, at=at)
        if group.relevant is not None:
            start = members[0] if members else math.inf
            self.expression(group.relevant, "relevant", start, at)

    def check_group_order(self) -> None:
        """A group's questions are together, and it always sits in the same groups."""
        survey = self.survey
        paths: dict[str, set[tuple[str, ...]]] = {}
        places: dict[str, list[int]] = {}
        for index, question in enumerate(survey.questions):
            for depth, name in enumerate(question.groups):
                if name not in self.group_names:
                    self.report("groups", f'group "{name}" does not exist', _At(question=index))
                    continue
                paths.setdefault(name, set()).add(question.groups[: depth + 1])
                places.setdefault(name, []).append(index)
        for name, indexes in places.items():
            together = indexes == list(range(indexes[0], indexes[-1] + 1))
            if len(paths[name]) > 1 or not together:
                group = next(i for i, g in enumerate(survey.groups) if g.name == name)
                self.report(
                    "questions",
                    f'the questions of group "{name}" must come together, one after the other',
                    _At(group=group),
                )

    # --- questions

    def check_question(self, index: int) -> None:
        question = self.survey.questions[index]
        at = _At(question=index)
        kind = question.type
        known = kind in QUESTION_TYPES
        if not kind:
            self.report("type", f"the question has no type (one of: {_listed(QUESTION_TYPES)})", at)
        elif not known:
            self.report("type", _unknown("question type", kind, QUESTION_TYPES), at)
        self.words(question.label, "the label", "label", required=True, at=at)
        for name, words in (
            ("hint", question.hint),
            ("required_message", question.required_message),
            ("constraint_message", question.constraint_message),
        ):
            self.words(words, f"the {name}", name, required=False, at=at)
        for name, words in (
            ("required_message", question.required_message),
            ("constraint_message", question.constraint_message),
        ):
            for language, text in words.items():
                if (length := _telegram_length(text)) > MESSAGE_CHARACTERS:
                    self.report(
                        name,
                        f"the {name} in {language} is {length} characters; at most "
                        f"{MESSAGE_CHARACTERS} (Telegram shows it in a pop-up)",
                        at,
                        language,
                    )
        group = self.survey.group(question.groups[-1]) if question.groups else None
        for language in self.languages:
            # Everything one message may hold: the group's title above its first question,
            # the label, the hint, and why the last answer was refused.
            length = sum(
                _telegram_length(words.get(language, ""))
                for words in (
                    question.label,
                    question.hint,
                    group.label if group is not None else {},
                )
            ) + max(
                _telegram_length(question.constraint_message.get(language, "")),
                _telegram_length(question.required_message.get(language, "")),
            )
            if length > QUESTION_CHARACTERS:
                self.report(
                    "label",
                    f"the label and hint in {language} (with the group's title and the "
                    f"messages for refused answers) are {length} characters; at most "
                    f"{QUESTION_CHARACTERS} (one Telegram message)",
                    at,
                    language,
                )
        if kind == NOTE:
            if question.required:
                self.report("required", "a note asks nothing, so it cannot be required", at)
            if question.constraint is not None:
                self.report("constraint", "a note asks nothing, so it cannot have a constraint", at)
        self.check_choices(index)
        if question.or_other and known and kind not in (SELECT_ONE, SELECT_MULTIPLE):
            self.report(
                "or_other",
                f"or_other is only for select_one and select_multiple questions, not {kind}",
                at,
            )
        if question.rank_count is not None:
            if known and kind != RANK:
                self.report("count", _only_for_rank(kind), at)
            elif kind == RANK and not 1 <= question.rank_count <= len(question.choices):
                self.report(
                    "count",
                    f"count {question.rank_count} must be from 1 to the number of choices "
                    f"({len(question.choices)})",
                    at,
                )
        self.check_scale(index)
        if question.relevant is not None:
            self.expression(question.relevant, "relevant", index, at)
        if question.constraint is not None and kind != NOTE:
            expression = self.expression(question.constraint, "constraint", index, at)
            if expression is not None:
                self.check_can_be_met(index, expression)

    def check_choices(self, index: int) -> None:
        question = self.survey.questions[index]
        if question.type in CHOICE_TYPES and not question.choices:
            self.report("choices", f"a {question.type} question needs choices", _At(question=index))
        elif question.choices and question.type in _TYPES_WITHOUT_CHOICES:
            self.report(
                "choices",
                f"a {question.type} question has no choices: remove them",
                _At(question=index),
            )
            return
        seen: set[str] = set()
        for number, choice in enumerate(question.choices):
            named = _At(question=index, choice=number, key="name")
            if not choice.name:
                self.report("choices", "a choice has no name", named)
            elif re.search(r"[\s'\"]", choice.name):
                self.report(
                    "choices",
                    f'the choice name "{choice.name}" may not have spaces or quotes: '
                    'use "_" between words',
                    named,
                )
            if choice.name in seen:
                self.report(
                    "choices",
                    f'the choice name "{choice.name}" is used twice in this question',
                    named,
                )
            seen.add(choice.name)
            if choice.name == OTHER and question.or_other:
                self.report(
                    "choices",
                    f'or_other adds the choice "{OTHER}" itself: remove this choice or or_other',
                    named,
                )
            labelled = _At(question=index, choice=number, key="label")
            what = f'the label of choice "{choice.name}"'
            self.words(choice.label, what, "choices", required=True, at=labelled)
            for language, text in choice.label.items():
                if (length := _telegram_length(text)) > BUTTON_CHARACTERS:
                    self.report(
                        "choices",
                        f"{what} in {language} has {length} characters; at most "
                        f"{BUTTON_CHARACTERS} (it is a button)",
                        labelled,
                        language,
                    )

    def check_scale(self, index: int) -> None:
        question = self.survey.questions[index]
        at = _At(question=index)
        low, high = question.scale_min, question.scale_max
        if question.type == SCALE:
            if low >= high:
                self.report("min", f"min {low} must be less than max {high}", at)
            elif (points := high - low + 1) > SCALE_POINTS:
                self.report(
                    "max",
                    f"the scale has {points} points ({low} to {high}); at most {SCALE_POINTS}",
                    at,
                )
            self.words(question.low_label, "the low_label", "low_label", required=False, at=at)
            self.words(question.high_label, "the high_label", "high_label", required=False, at=at)
            return
        if question.type not in QUESTION_TYPES:
            return
        if low != 1:
            self.report("min", _only_for_scale("min", question.type), at)
        if high != 5:
            self.report("max", _only_for_scale("max", question.type), at)
        if question.low_label:
            self.report("low_label", _only_for_scale("low_label", question.type), at)
        if question.high_label:
            self.report("high_label", _only_for_scale("high_label", question.type), at)

    # --- expressions

    def expression(self, text: str, field: str, position: float, at: _At) -> Expression | None:
        """The parsed expression when nothing is wrong with it; else None, and reported.

        `position` is where it is evaluated: answers from there on do not exist yet."""
        try:
            expression = parse(text)
        except ExpressionError as error:
            self.report(field, f'the {field} "{text}" is not a valid expression: {error}', at)
            return None
        good = True
        if field == "relevant" and expression.uses_current:
            self.report(
                field,
                '"." stands for the answer to this question, which does not exist yet when '
                "deciding whether to ask it: refer to an earlier question as ${name}",
                at,
            )
            good = False
        own = self.survey.questions[at.question] if at.question is not None else None
        group_name = self.survey.groups[at.group].name if at.group is not None else None
        for name in sorted(expression.references):
            referred = self.survey.question(name)
            if own is not None and name == own.name:
                if field == "relevant":
                    message = (
                        f"the relevant refers to this question's own answer ${{{name}}}, which "
                        "does not exist yet when deciding whether to ask it"
                    )
                else:
                    message = f'write "." for this question\'s answer, not ${{{name}}}'
            elif name not in self.positions:
                if name in self.group_names:
                    message = f"${{{name}}} is a group, not a question: it has no answer"
                else:
                    close = difflib.get_close_matches(name, [n for n in self.positions if n], 1)
                    message = f"unknown question ${{{name}}}" + (
                        f" (did you mean ${{{close[0]}}}?)"
                        if close
                        else ": no question has this name"
                    )
            elif self.positions[name] >= position:
                if group_name is not None and referred and group_name in referred.groups:
                    message = (
                        f"${{{name}}} is inside this group: its answer does not exist yet when "
                        "deciding whether to show the group"
                    )
                else:
                    message = (
                        f"${{{name}}} comes later in the survey: its answer does not exist yet here"
                    )
            elif referred is not None and referred.type == NOTE:
                message = f"${{{name}}} is a note: it has no answer"
            else:
                continue
            self.report(field, message, at)
            good = False
        for subject, literal in dict.fromkeys(_compared_to_text(text)):
            if subject == ".":
                if field != "constraint":
                    continue
                asked, shown = own, "this question"
            else:
                asked, shown = self.survey.question(subject), f"${{{subject}}}"
            if asked is None or asked.type not in CHOICE_TYPES:
                continue
            allowed = list(dict.fromkeys(choice.name for choice in asked.choices))
            if asked.or_other:
                allowed.append(OTHER)
            if literal not in allowed:
                self.report(
                    field,
                    f"'{literal}' is not a choice of {shown} (its choices: "
                    f"{_listed(allowed) or 'none'})",
                    at,
                )
                good = False
        return expression if good else None

    def check_can_be_met(self, index: int, expression: Expression) -> None:
        """Report a constraint that no answer could pass, trying the answers likely to matter:
        every choice, the numbers in the constraint and either side of them, some texts."""
        question = self.survey.questions[index]
        if "regex(" in re.sub(r"\s", "", expression.text):
            # What a pattern matches cannot be guessed from the literals: we cannot tell.
            return
        numbers = [value for value in expression.literals if isinstance(value, float)]
        texts = [value for value in expression.literals if isinstance(value, str)]
        own = _candidates(question, numbers, texts)
        if own is None:
            return
        names = sorted(expression.references)
        others: list[list[Value]] = []
        for name in names:
            # Not a question: the text typed after choosing "other".
            referred = self.survey.question(name) or Question(name=name, type=TEXT, label={})
            values = _candidates(referred, numbers, texts)
            if values is None:
                return
            others.append([None, *values])
        if len(own) * math.prod(len(values) for values in others) > TRIES:
            return
        for combination in itertools.product(*others):
            answers = dict(zip(names, combination, strict=True))
            if any(expression.holds(answers, current=value) for value in own):
                return
        self.report(
            "constraint",
            f'this constraint can never be met: no answer passes "{expression.text}"',
            _At(question=index),
        )


def _is_date(text: str) -> bool:
    if not DATE_RULE.fullmatch(text):
        return False
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


_TOKEN = re.compile(
    r"""\s*(?:(?P<string>'[^']*'|"[^"]*")|\$\{(?P<ref>[^}]*)\}|(?P<number>[0-9]+(?:\.[0-9]*)?"""
    r"""|\.[0-9]+)|(?P<name>[A-Za-z_][A-Za-z0-9_.:-]*)|(?P<op>!=|<=|>=|.))"""
)


def _compared_to_text(text: str) -> Iterator[tuple[str, str]]:
    """(subject, 'text') for each `selected(subject, 'text')`, `subject = 'text'`,
    `subject != 'text'` and `'text' = subject`; the subject is a name or "."."""
    tokens: list[tuple[str, str]] = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "op"
        value = match.group(kind)
        if kind == "string":
            value = value[1:-1]
        elif kind == "op" and value.isspace():
            continue
        tokens.append((kind, value))

    def subject(token: tuple[str, str]) -> str | None:
        if token[0] == "ref":
            return token[1]
        return "." if token == ("op", ".") else None

    for i, token in enumerate(tokens):
        window = tokens[i : i + 6]
        if token == ("name", "selected") and len(window) == 6:
            _, opening, first, comma, literal, closing = window
            name = subject(first)
            if (
                opening == ("op", "(")
                and name
                and comma == ("op", ",")
                and literal[0] == "string"
                and closing == ("op", ")")
            ):
                yield name, literal[1]
        if len(window) >= 3 and window[1] in (("op", "="), ("op", "!=")):
            left, right = window[0], window[2]
            if (name := subject(left)) and right[0] == "string":
                yield name, right[1]
            elif left[0] == "string" and (name := subject(right)):
                yield name, left[1]


def _candidates(question: Question, numbers: list[float], texts: list[str]) -> list[Value] | None:
    """Answers worth trying for this question, or None when they cannot be listed."""
    kind = question.type
    names = [choice.name for choice in question.choices]
    if question.or_other:
        names.append(OTHER)
    if kind == SELECT_ONE:
        return list(names)
    if kind == SELECT_MULTIPLE:
        if len(names) > 10:
            return None
        return [
            tuple(name for name, keep in zip(names, mask, strict=True) if keep)
            for mask in itertools.product((False, True), repeat=len(names))
            if any(mask)
        ]
    if kind == RANK:
        size = question.rank_count or len(names)
        if not 1 <= size <= len(names) or math.perm(len(names), size) > 5040:
            return None
        return list(itertools.permutations(names, size))
    if kind == SCALE:
        if question.scale_max - question.scale_min > 100:
            return None
        points: list[Value] = list(range(question.scale_min, question.scale_max + 1))
        return points
    if kind in (INTEGER, DECIMAL):
        base = set(numbers)
        ordered = sorted(base)
        # Between two limits: ". > 0.25 and . < 0.5".
        base.update((a + b) / 2 for a, b in itertools.pairwise(ordered))
        if len(numbers) <= 6:
            # "div" and "mod" constraints: 5 * 10 passes ". div 10 = 5".
            for a, b in itertools.product(numbers, repeat=2):
                base.update((a + b, a - b, a * b))
        base = {n for n in base if math.isfinite(n) and abs(n) < 1e15}
        if kind == INTEGER:
            whole = {0, 1, -1, 10**6}
            for n in base:
                whole.update((math.floor(n) - 1, math.floor(n), math.ceil(n), math.ceil(n) + 1))
            return list[Value](sorted(whole))
        decimal = {0.0, 1.0, -1.0, 1e6}
        for n in base:
            decimal.update(n + step for step in (-1, -0.5, 0, 0.5, 1))
        return list[Value](sorted(decimal))
    if kind == TEXT:
        words = {*texts, "", "a", "A", "ab", "12345", "abc def"}
        for n in numbers:
            words.add(_format_number(n))
            if 0 <= n <= 5000:
                # string-length(.) >= 10
                words.update("a" * size for size in (math.floor(n), math.ceil(n) + 1))
                if n >= 1:
                    words.add("a" * (math.ceil(n) - 1))
        return list[Value](sorted(words))
    return None  # audio, note, or a type we do not know


def _format_number(number: float) -> str:
    return str(int(number)) if number.is_integer() else str(number)


# --- reading a file --------------------------------------------------------------------------

_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_WHOLE_NUMBER = re.compile(r"[-+]?[0-9]+")
_YES = ("true", "yes", "on")


def _yaml_hint(problem: str) -> str:
    """What to do about a YAML error, in the words of someone who has not read the spec."""
    if "got '?'" in problem:
        return (
            'Inside { }, a "?" ends the text: put the text in quotes, '
            'such as {en: "Do you feel safe?"}'
        )
    if "'\\t'" in problem:
        return "Indent with spaces, not tabs"
    return (
        'Put a text in quotes if it contains ": " or " #" (or, inside { }, "?" or ","), '
        "or starts with one of [ ] { } & * ! | > ' \" % @ `"
    )


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _is_empty(node: yaml.Node | None) -> bool:
    return node is None or (isinstance(node, yaml.ScalarNode) and node.tag == _NULL)


def _kind_of(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return '"field: value" lines'
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return {
        _NULL: "empty",
        _BOOL: "true or false",
        _INT: "a number",
        _FLOAT: "a number",
        _TIMESTAMP: "a date",
    }.get(node.tag, "text")


@dataclass
class _Where:
    """The lines of one item of the file: its first line, each field's, each language's."""

    line: int
    fields: dict[str, int] = field(default_factory=dict)
    languages: dict[str, dict[str, int]] = field(default_factory=dict)

    def line_of(self, name: str, language: str | None = None) -> int:
        if language is not None and language in self.languages.get(name, {}):
            return self.languages[name][language]
        return self.fields.get(name, self.line)


class _Reader:
    """One file read into a Survey, with the line of everything in it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[ContentProblem] = []
        self.survey: Survey | None = None
        self.where = _Where(1)
        self.question_where: list[_Where] = []
        self.choice_where: list[list[_Where]] = []
        self.group_where: list[_Where] = []
        self.questions: list[Question] = []
        self.groups: list[Group] = []
        # (scope, field) the reading already reported: the checks stay quiet about them.
        self.reported: set[tuple[tuple[str | int, ...], str]] = set()

    def report(
        self, line: int, message: str, scope: tuple[str | int, ...] | None = None, name: str = ""
    ) -> None:
        self.problems.append(ContentProblem(self.path, line, message))
        if scope is not None:
            self.reported.add((scope, name))

    # --- the document

    def read(self, text: str) -> None:
        loader = yaml.SafeLoader(text)
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            problem = error.problem or error.context or "unreadable"
            self.report(
                (mark.line if mark else 0) + 1,
                f"the file is not valid YAML: {problem}. {_yaml_hint(problem)}",
            )
            return
        except yaml.YAMLError as error:
            self.report(1, f"the file is not valid YAML: {error}")
            return
        finally:
            loader.dispose()
        if node is None or _is_empty(node):
            self.report(1, 'the file is empty: a survey starts with "id: ..." (see the README)')
            return
        if not isinstance(node, yaml.MappingNode):
            self.report(
                _line(node), 'a survey must be lines of "field: value", starting with "id: ..."'
            )
            return
        self.survey = self.read_survey(node)
        for found in _check(self.survey):
            if (found.scope, found.field) not in self.reported:
                self.problems.append(
                    ContentProblem(self.path, self.line_of(found), found.issue.message)
                )
        self.problems.sort(key=lambda problem: problem.line or 0)

    def line_of(self, found: _Found) -> int:
        at = found.at
        if at.question is not None and at.choice is not None:
            where = self.choice_where[at.question][at.choice]
        elif at.question is not None:
            where = self.question_where[at.question]
        elif at.group is not None:
            where = self.group_where[at.group]
            if found.field == "name":
                return where.line_of("group")
        else:
            where = self.where
        return where.line_of(found.field, found.language)

    def fields(
        self,
        node: yaml.MappingNode,
        allowed: tuple[str, ...],
        what: str,
        where: _Where,
        scope: tuple[str | int, ...],
    ) -> dict[str, yaml.Node]:
        found: dict[str, yaml.Node] = {}
        for key, value in node.value:
            line = _line(key)
            if not isinstance(key, yaml.ScalarNode):
                self.report(line, f'in {what}, a field name must be a word such as "label"')
                continue
            name = key.value
            if name in found:
                self.report(line, f'"{name}" appears twice in {what}: keep one', scope, name)
                continue
            if name not in allowed:
                if name == "questions" and what == "a question":
                    self.report(
                        line,
                        'a question cannot hold questions: start a group with "- group: name"',
                    )
                else:
                    self.report(line, _unknown("field", name, allowed, place=f" in {what}"))
                continue
            found[name] = value
            where.fields[name] = line
        return found

    # --- values

    def text(
        self,
        fields: dict[str, yaml.Node],
        name: str,
        scope: tuple[str | int, ...],
    ) -> str | None:
        """The text as written (yes stays "yes", 01 stays "01"); None when not given."""
        node = fields.get(name)
        if node is None or _is_empty(node):
            return None
        if isinstance(node, yaml.ScalarNode):
            return str(node.value)
        self.report(_line(node), f'"{name}" must be text, not {_kind_of(node)}', scope, name)
        return None

    def boolean(
        self, fields: dict[str, yaml.Node], name: str, default: bool, scope: tuple[str | int, ...]
    ) -> bool:
        node = fields.get(name)
        if node is None:
            return default
        if isinstance(node, yaml.ScalarNode) and node.tag == _BOOL:
            return str(node.value).lower() in _YES
        self.report(
            _line(node), f'"{name}" must be true or false, not {_kind_of(node)}', scope, name
        )
        return default

    def whole_number(
        self, fields: dict[str, yaml.Node], name: str, scope: tuple[str | int, ...]
    ) -> int | None:
        node = fields.get(name)
        if node is None:
            return None
        if isinstance(node, yaml.ScalarNode) and _WHOLE_NUMBER.fullmatch(str(node.value)):
            return int(node.value)
        self.report(
            _line(node), f'"{name}" must be a whole number, not {_kind_of(node)}', scope, name
        )
        return None

    def words(
        self, fields: dict[str, yaml.Node], name: str, where: _Where, scope: tuple[str | int, ...]
    ) -> dict[str, str]:
        """{language: text}, written `label: {en: "...", ar: "..."}` or one per line."""
        node = fields.get(name)
        if node is None or _is_empty(node):
            return {}
        if not isinstance(node, yaml.MappingNode):
            self.report(
                _line(node),
                f'"{name}" must be one text per language, such as "{name}: {{en: ..., ar: ...}}",'
                f" not {_kind_of(node)}",
                scope,
                name,
            )
            return {}
        words: dict[str, str] = {}
        lines = where.languages.setdefault(name, {})
        for key, value in node.value:
            line = _line(key)
            if not isinstance(key, yaml.ScalarNode) or _is_empty(key):
                self.report(line, f'in "{name}", write a language code such as "en:"', scope, name)
                continue
            language = str(key.value)
            # {en: Yes, often} reads as {en: "Yes", often: }.
            if re.search(r"\s", language) or (_is_empty(value) and language not in LANGUAGES):
                self.report(
                    line,
                    f'in "{name}", "{language}" is not a language: inside {{ }}, a "," ends the '
                    'text. Put the text in quotes, such as {en: "Yes, often"}',
                    scope,
                    name,
                )
                continue
            if language in words:
                self.report(line, f'"{language}" appears twice in "{name}": keep one', scope, name)
                continue
            if _is_empty(value):
                words[language] = ""
            elif isinstance(value, yaml.ScalarNode):
                words[language] = str(value.value)
            else:
                self.report(
                    _line(value),
                    f'the {name} in "{language}" must be text, not {_kind_of(value)}',
                    scope,
                    name,
                )
                continue
            lines[language] = line
        return words

    # --- the survey, its questions and groups

    def read_survey(self, node: yaml.MappingNode) -> Survey:
        scope: tuple[str | int, ...] = ("survey",)
        fields = self.fields(node, SURVEY_FIELDS, "the survey", self.where, scope)
        languages: list[str] = []
        languages_node = fields.get("languages")
        if isinstance(languages_node, yaml.SequenceNode):
            lines = self.where.languages.setdefault("languages", {})
            for item in languages_node.value:
                if isinstance(item, yaml.ScalarNode) and not _is_empty(item):
                    languages.append(str(item.value))
                    lines.setdefault(str(item.value), _line(item))
                else:
                    self.report(
                        _line(item),
                        f"each language must be a code such as en, not {_kind_of(item)}",
                        scope,
                        "languages",
                    )
        elif languages_node is not None and not _is_empty(languages_node):
            self.report(
                _line(languages_node),
                f'"languages" must be a list such as [en, ar], not {_kind_of(languages_node)}',
                scope,
                "languages",
            )
        closes = self.text(fields, "closes", scope)
        self.read_items(fields.get("questions"), (), scope)
        return Survey(
            id=self.text(fields, "id", scope) or "",
            title=self.words(fields, "title", self.where, scope),
            kind=self.text(fields, "kind", scope) or "",
            languages=tuple(languages),
            description=self.words(fields, "description", self.where, scope),
            questions=tuple(self.questions),
            groups=tuple(self.groups),
            version=self.text(fields, "version", scope) or ("" if "version" in fields else "1"),
            linked_to_profile=self.boolean(fields, "linked_to_profile", True, scope),
            responses=self.text(fields, "responses", scope) or "one",
            invitation_only=self.boolean(fields, "invitation_only", False, scope),
            closes=closes,
            thanks=self.words(fields, "thanks", self.where, scope),
            retention_days=self.whole_number(fields, "retention_days", scope),
        )

    def read_items(
        self, node: yaml.Node | None, groups: tuple[str, ...], scope: tuple[str | int, ...]
    ) -> None:
        """The questions of the survey or of a group (`scope`), groups flattened."""
        if node is None or _is_empty(node):
            return
        if not isinstance(node, yaml.SequenceNode):
            self.report(
                _line(node),
                '"questions" must be a list: start each question with "- name: ..."',
                scope,
                "questions",
            )
            return
        for item in node.value:
            if not isinstance(item, yaml.MappingNode):
                self.report(
                    _line(item),
                    'each question must be "field: value" lines, starting with "- name: ..." '
                    '(or "- group: ..." for a group)',
                )
                continue
            keys = {key.value for key, _ in item.value if isinstance(key, yaml.ScalarNode)}
            if "group" in keys:
                self.read_group(item, groups)
            else:
                self.read_question(item, groups)

    def read_group(self, node: yaml.MappingNode, groups: tuple[str, ...]) -> None:
        index = len(self.groups)
        where = _Where(_line(node))
        scope: tuple[str | int, ...] = ("group", index)
        fields = self.fields(node, GROUP_FIELDS, "a group", where, scope)
        name = self.text(fields, "group", scope) or ""
        self.groups.append(
            Group(
                name=name,
                label=self.words(fields, "label", where, scope),
                relevant=self.text(fields, "relevant", scope),
            )
        )
        self.group_where.append(where)
        questions = fields.get("questions")
        if _is_empty(questions) or (
            isinstance(questions, yaml.SequenceNode) and not questions.value
        ):
            self.report(
                where.line_of("questions", None) if questions else where.line,
                f'the group "{name}" has no questions: list them under "questions:"',
                scope,
                "questions",
            )
            return
        before = len(self.questions)
        self.read_items(questions, (*groups, name), scope)
        if len(self.questions) == before:
            self.reported.add((scope, "questions"))

    def read_question(self, node: yaml.MappingNode, groups: tuple[str, ...]) -> None:
        index = len(self.questions)
        where = _Where(_line(node))
        scope: tuple[str | int, ...] = ("question", index)
        self.question_where.append(where)
        self.choice_where.append([])
        fields = self.fields(node, QUESTION_FIELDS, "a question", where, scope)
        kind = self.text(fields, "type", scope) or ""
        count = self.whole_number(fields, "count", scope)
        low = self.whole_number(fields, "min", scope)
        high = self.whole_number(fields, "max", scope)
        if kind in QUESTION_TYPES and kind != SCALE:
            for name in ("min", "max", "low_label", "high_label"):
                if name in fields:
                    self.report(where.fields[name], _only_for_scale(name, kind), scope, name)
        if kind in QUESTION_TYPES and kind != RANK and "count" in fields:
            self.report(where.fields["count"], _only_for_rank(kind), scope, "count")
        self.questions.append(
            Question(
                name=self.text(fields, "name", scope) or "",
                type=kind,
                label=self.words(fields, "label", where, scope),
                hint=self.words(fields, "hint", where, scope),
                required=self.boolean(fields, "required", False, scope),
                required_message=self.words(fields, "required_message", where, scope),
                choices=self.read_choices(fields.get("choices"), index),
                or_other=self.boolean(fields, "or_other", False, scope),
                relevant=self.text(fields, "relevant", scope),
                constraint=self.text(fields, "constraint", scope),
                constraint_message=self.words(fields, "constraint_message", where, scope),
                groups=groups,
                rank_count=count,
                scale_min=1 if low is None else low,
                scale_max=5 if high is None else high,
                low_label=self.words(fields, "low_label", where, scope),
                high_label=self.words(fields, "high_label", where, scope),
            )
        )

    def read_choices(self, node: yaml.Node | None, question: int) -> tuple[Choice, ...]:
        if node is None or _is_empty(node):
            return ()
        scope: tuple[str | int, ...] = ("question", question)
        if not isinstance(node, yaml.SequenceNode):
            self.report(
                _line(node),
                f'"choices" must be a list, each choice starting with "- name: ...", '
                f"not {_kind_of(node)}",
                scope,
                "choices",
            )
            return ()
        choices: list[Choice] = []
        for item in node.value:
            if not isinstance(item, yaml.MappingNode):
                self.report(
                    _line(item),
                    'each choice must be "field: value" lines, such as '
                    '"- name: \\"yes\\"" and its label on the next line',
                    scope,
                    "choices",
                )
                continue
            number = len(choices)
            where = _Where(_line(item))
            self.choice_where[question].append(where)
            choice_scope: tuple[str | int, ...] = ("choice", question, number)
            fields = self.fields(item, CHOICE_FIELDS, "a choice", where, choice_scope)
            choices.append(
                Choice(
                    name=self.text(fields, "name", choice_scope) or "",
                    label=self.words(fields, "label", where, choice_scope),
                )
            )
        return tuple(choices)


def load_survey_text(text: str, path: Path) -> tuple[Survey | None, list[ContentProblem]]:
    """The survey in this YAML text (named `path` in problems), or None if it has a problem."""
    reader = _Reader(path)
    reader.read(text)
    return (reader.survey if not reader.problems else None), reader.problems


def load_survey_file(path: Path) -> tuple[Survey | None, list[ContentProblem]]:
    """The survey in this file, or None if it has a problem; every problem, with its line."""
    reader = _read_file(path)
    return (reader.survey if not reader.problems else None), reader.problems


def _read_file(path: Path) -> _Reader:
    reader = _Reader(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        reader.problems.append(ContentProblem(path, None, f"cannot be read: {error.strerror}"))
        return reader
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        reader.report(
            raw[: error.start].count(b"\n") + 1,
            "the file is not UTF-8 text: save it with the UTF-8 encoding",
        )
        return reader
    reader.read(text)
    return reader


def load_surveys(directory: Path = SURVEYS_DIR) -> tuple[SurveyLibrary, list[ContentProblem]]:
    """Read every `<id>.yaml` in `directory` and check it.

    The library holds every survey whose file has no problem; the list names every problem,
    each with its file and line. No survey at all is not a problem.
    """
    if not directory.is_dir():
        return SurveyLibrary(), [ContentProblem(directory, None, "there is no such folder")]
    problems: list[ContentProblem] = []
    read: list[tuple[Path, _Reader]] = []
    for path in sorted(directory.iterdir()):
        # Dot-files are editors' and systems' own (.#a.yaml locks, .DS_Store).
        if not path.is_file() or path.name.startswith("."):
            continue
        if path.suffix == ".yml":
            problems.append(
                ContentProblem(path, None, f'rename it to "{path.stem}.yaml": surveys end in .yaml')
            )
        elif path.suffix == ".yaml":
            read.append((path, _read_file(path)))
    with_id: dict[str, list[tuple[Path, _Reader]]] = {}
    for path, reader in read:
        survey = reader.survey
        if survey is None or not ID_RULE.fullmatch(survey.id):
            continue
        if survey.id != path.stem:
            reader.report(
                reader.where.line_of("id"),
                f'id "{survey.id}" does not match the file\'s name "{path.name}"',
            )
        with_id.setdefault(survey.id, []).append((path, reader))
    for survey_id, files in with_id.items():
        # The file named after the id keeps it; the others are told which file that is.
        owner = next((path for path, _ in files if path.stem == survey_id), files[0][0])
        for path, reader in files:
            if path != owner:
                reader.report(
                    reader.where.line_of("id"),
                    f'another file has the same id "{survey_id}": {owner.name}',
                )
    surveys: list[Survey] = []
    for _, reader in read:
        problems.extend(reader.problems)
        if reader.survey is not None and not reader.problems:
            surveys.append(reader.survey)
    problems.sort(key=lambda problem: (str(problem.path), problem.line or 0))
    return SurveyLibrary(surveys), problems


# --- writing a survey -------------------------------------------------------------------------


class _Quoted(str):
    """Written in double quotes: a choice name stays text whatever it looks like ("yes"), and
    an expression reads as one."""


class _Flow(list[str]):
    """Written on one line: [en, ar]."""


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # List items indented under their field, as people write them.
        super().increase_indent(flow, False)


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = "|" if "\n" in text else None
    return dumper.represent_scalar(_STR, text, style=style)


_Dumper.add_representer(str, _represent_text)
_Dumper.add_representer(
    _Quoted, lambda dumper, text: dumper.represent_scalar(_STR, str(text), style='"')
)
_Dumper.add_representer(
    _Flow, lambda dumper, items: dumper.represent_sequence("tag:yaml.org,2002:seq", items, True)
)


def dump_survey(survey: Survey) -> str:
    """The survey as the YAML a facilitator would write: load_survey_text gives it back."""

    def words(text: Words) -> dict[str, str]:
        order = [language for language in survey.languages if language in text]
        order += [language for language in text if language not in order]
        return {language: text[language] for language in order}

    document: dict[str, object] = {"id": survey.id}
    version: object = survey.version
    if survey.version.isdigit() and str(int(survey.version)) == survey.version:
        version = int(survey.version)
    document["version"] = version
    document["kind"] = survey.kind
    document["languages"] = _Flow(survey.languages)
    document["title"] = words(survey.title)
    document["description"] = words(survey.description)
    if survey.thanks:
        document["thanks"] = words(survey.thanks)
    if not survey.linked_to_profile:
        document["linked_to_profile"] = False
    if survey.responses != "one":
        document["responses"] = survey.responses
    if survey.invitation_only:
        document["invitation_only"] = True
    if survey.closes is not None:
        document["closes"] = (
            datetime.date.fromisoformat(survey.closes) if _is_date(survey.closes) else survey.closes
        )
    if survey.retention_days is not None:
        document["retention_days"] = survey.retention_days

    def question(q: Question) -> dict[str, object]:
        item: dict[str, object] = {"name": q.name, "type": q.type, "label": words(q.label)}
        if q.hint:
            item["hint"] = words(q.hint)
        if q.required:
            item["required"] = True
        if q.required_message:
            item["required_message"] = words(q.required_message)
        if q.rank_count is not None:
            item["count"] = q.rank_count
        if q.scale_min != 1:
            item["min"] = q.scale_min
        if q.scale_max != 5:
            item["max"] = q.scale_max
        if q.low_label:
            item["low_label"] = words(q.low_label)
        if q.high_label:
            item["high_label"] = words(q.high_label)
        if q.choices:
            item["choices"] = [
                {"name": _Quoted(choice.name), "label": words(choice.label)} for choice in q.choices
            ]
        if q.or_other:
            item["or_other"] = True
        if q.relevant is not None:
            item["relevant"] = _Quoted(q.relevant)
        if q.constraint is not None:
            item["constraint"] = _Quoted(q.constraint)
        if q.constraint_message:
            item["constraint_message"] = words(q.constraint_message)
        return item

    # Groups nest again: each open group is (its name, the list its questions go into).
    top: list[dict[str, object]] = []
    open_groups: list[tuple[str, list[dict[str, object]]]] = []
    for q in survey.questions:
        shared = 0
        while (
            shared < len(open_groups)
            and shared < len(q.groups)
            and open_groups[shared][0] == q.groups[shared]
        ):
            shared += 1
        del open_groups[shared:]
        for name in q.groups[shared:]:
            group = survey.group(name) or Group(name)
            entry: dict[str, object] = {"group": group.name}
            if group.label:
                entry["label"] = words(group.label)
            if group.relevant is not None:
                entry["relevant"] = _Quoted(group.relevant)
            inside: list[dict[str, object]] = []
            entry["questions"] = inside
            (open_groups[-1][1] if open_groups else top).append(entry)
            open_groups.append((name, inside))
        (open_groups[-1][1] if open_groups else top).append(question(q))
    document["questions"] = top

    text = yaml.dump(
        document,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=10**6,
    )
    # A blank line before each question and group of the survey's own list, for the eye.
    return re.sub(r"(?<!\nquestions:)\n(?=  - (?:name|group): )", "\n\n", text)
