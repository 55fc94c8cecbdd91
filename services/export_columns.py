"""The columns of a survey export, in KoboToolbox's shapes: which columns, their headers and
HXL hashtags, and how a stored answer becomes a cell.

A column reads one *source*: a response field, or one question's stored answer (the JSON
text of `answers.value`, or the opened free text). Several columns can read one source: a
select-multiple split into one 0/1 column per choice. Cells are worked out from the raw
stored text and remembered per column, since closed answers repeat: a hundred thousand
rows cost a few hundred conversions.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

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
    Choice,
    Question,
    Survey,
    words_in,
)
from services.survey_engine import steps

VALUES = "values"
LABELS = "labels"
SPLIT = "split"
JOINED = "joined"
MULTI_SHAPES = (SPLIT, JOINED)

# What a voice answer is exported as: never the file reference, which is sealed.
VOICE_PRESENT = "voice answer present"
# Labels of several choices in one cell (names, which have no spaces, are joined by one).
LABEL_SEPARATOR = "; "

Cell = str | int | float | None

# The response fields an export carries before the questions, with their HXL hashtags.
RESPONDENT = "respondent"
VERSION = "survey_version"
STARTED = "started"
FINISHED = "finished"
PROFILE_FIELDS = ("age_band", "gender", "region", "role", "join_source")
# The profile fields whose values are words someone typed (REGIONS, join link names); the
# others are fixed tokens (18-24, woman, youth-group).
_FREE_PROFILE_FIELDS = ("region", "join_source")
_FIELD_HXL = {
    RESPONDENT: "#meta+id",
    VERSION: "#meta+version",
    STARTED: "#date+start",
    FINISHED: "#date+end",
    "age_band": "#respondee+age",
    "gender": "#respondee+gender",
    "region": "#adm1+name",
    "role": "#respondee+role",
    "join_source": "#meta+source",
}


@dataclass(frozen=True)
class ExportShape:
    """How the answers are written: choice names or labels (in `language`), select-multiple
    and ranking split or joined, free text in or out, a row of HXL hashtags or not."""

    language: str | None = None  # None: choice names (values); a code: labels in it
    fallback_language: str = "en"
    multi: str = SPLIT
    free_text: bool = True
    hxl: bool = False
    # The label of the "Other" choice an `or_other` question adds, in each language (the
    # survey file does not write it: the bot's translations do).
    other_label: Mapping[str, str] = field(default_factory=dict)

    @property
    def labels(self) -> bool:
        return self.language is not None


@dataclass(frozen=True)
class Source:
    """One question's stored answer, as the database gives it."""

    question: str
    sealed: bool  # free text: opened with the participant's key, then scrubbed


@dataclass
class Column:
    header: str
    hxl: str
    # The question (or the `or_other` step) it comes from, and the choice for a split one.
    question: Question | None = None
    choice: Choice | None = None
    source: int | None = None  # index into ExportPlan.sources; None: a response field
    convert: Callable[[str], Cell] | None = None  # raw stored text -> cell
    # Cells already worked out, by stored text; NULL (None, or "" from COPY) is empty.
    _seen: dict[str | None, Cell] = field(
        default_factory=lambda: {None: None, "": None}, repr=False
    )

    def cells(self, stored: Sequence[str | None]) -> Sequence[Cell]:
        """The cells of a batch of stored answers (or of a response field)."""
        if self.convert is None:
            return [value or None for value in stored]
        seen = self._seen
        if len(seen) > 10_000:  # numbers can all differ: keep memory bounded
            seen.clear()
            seen.update({None: None, "": None})
        convert = self.convert
        return [
            seen[value] if value in seen else seen.setdefault(value, convert(value))  # type: ignore[arg-type]
            for value in stored
        ]


@dataclass(frozen=True)
class ExportPlan:
    survey: Survey
    shape: ExportShape
    profile_fields: tuple[str, ...]
    sources: tuple[Source, ...]
    columns: tuple[Column, ...]

    @property
    def asked(self) -> list[str]:
        """Every step the survey has now, exported or not (notes, free text left out)."""
        return [step.name for step in steps(self.survey)]

    @property
    def headers(self) -> list[str]:
        return [column.header for column in self.columns]

    @property
    def hxl_row(self) -> list[str]:
        return [column.hxl for column in self.columns]

    @property
    def text_columns(self) -> list[int]:
        """Positions of the columns whose text the export's writer must not trust: what
        participants wrote, profile values (region names, join links), labels. A cell there
        starting with "=", "+", "-" or "@" is kept from running as a spreadsheet formula."""
        return [
            i
            for i, column in enumerate(self.columns)
            if (column.question is None and column.header in _FREE_PROFILE_FIELDS)
            or (column.question is not None and column.question.type == TEXT)
            or (column.question is not None and column.choice is None and self.shape.labels)
            or (
                column.question is not None
                and column.question.type in (SELECT_ONE, SELECT_MULTIPLE, RANK)
                and column.choice is None
                and any(choice.name[:1] in "=+-@" for choice in column.question.choices)
            )
        ]

    @property
    def has_free_text(self) -> bool:
        return any(source.sealed for source in self.sources)


def plan_export(survey: Survey, shape: ExportShape) -> ExportPlan:
    profile = PROFILE_FIELDS if survey.linked_to_profile else ()
    columns = [
        Column(RESPONDENT, _FIELD_HXL[RESPONDENT]),
        Column(VERSION, _FIELD_HXL[VERSION]),
        Column(STARTED, _FIELD_HXL[STARTED]),
        Column(FINISHED, _FIELD_HXL[FINISHED]),
        *(Column(name, _FIELD_HXL[name]) for name in profile),
    ]
    sources: list[Source] = []
    for step in steps(survey):
        if step.type == NOTE or (step.type == TEXT and not shape.free_text):
            continue
        sources.append(Source(step.name, sealed=step.type == TEXT))
        columns.extend(_question_columns(survey, step, shape, len(sources) - 1))
    return ExportPlan(survey, shape, profile, tuple(sources), tuple(columns))


def _question_columns(
    survey: Survey, question: Question, shape: ExportShape, source: int
) -> list[Column]:
    tag = _hxl_attribute(question.name)
    if question.type in (SELECT_MULTIPLE, RANK) and shape.multi == SPLIT:
        return [
            Column(
                f"{question.name}/{choice.name}",
                f"#indicator+{tag}+{_hxl_attribute(choice.name)}",
                question,
                choice,
                source,
                _split_converter(question.type, choice.name),
            )
            for choice in choices_of(question, shape)
        ]
    hxl = {
        TEXT: f"#description+{tag}",
        AUDIO: f"#meta+voice+{tag}",
        INTEGER: f"#indicator+num+{tag}",
        DECIMAL: f"#indicator+num+{tag}",
        SCALE: f"#indicator+num+{tag}",
    }.get(question.type, f"#indicator+{tag}")
    return [Column(question.name, hxl, question, None, source, _converter(question, shape))]


def choices_of(question: Question, shape: ExportShape) -> tuple[Choice, ...]:
    if question.or_other and question.choice(OTHER) is None:
        return (*question.choices, Choice(OTHER, dict(shape.other_label)))
    return question.choices


def _converter(question: Question, shape: ExportShape) -> Callable[[str], Cell] | None:
    kind = question.type
    if kind == TEXT:
        return None  # opened and scrubbed before it reaches the column
    if kind == AUDIO:
        return lambda raw: VOICE_PRESENT
    if kind in (INTEGER, SCALE):
        return _number
    if kind == DECIMAL:
        return _decimal
    name_of: Callable[[str], str] = (
        _label_lookup(question, shape) if shape.labels else (lambda name: name)
    )
    if kind == SELECT_ONE:
        return lambda raw: _one(raw, name_of)
    separator = LABEL_SEPARATOR if shape.labels else " "
    return lambda raw: separator.join(name_of(name) for name in _names(raw))


def _label_lookup(question: Question, shape: ExportShape) -> Callable[[str], str]:
    assert shape.language is not None
    labels = {
        choice.name: words_in(choice.label, shape.language, shape.fallback_language) or choice.name
        for choice in choices_of(question, shape)
    }
    # A choice the survey no longer has (an older version's answer) keeps its name.
    return lambda name: labels.get(name, name)


def _split_converter(kind: str, choice: str) -> Callable[[str], Cell]:
    if kind == RANK:  # the place it was given (1 = first), empty when not ranked
        return lambda raw: _place(raw, choice)
    return lambda raw: int(choice in _names(raw))


def _place(raw: str, choice: str) -> int | None:
    names = _names(raw)
    return names.index(choice) + 1 if choice in names else None


def _names(raw: str) -> list[str]:
    value = json.loads(raw)
    if isinstance(value, list):
        return [str(name) for name in value]
    return [str(value)]


def _one(raw: str, name_of: Callable[[str], str]) -> str:
    value = json.loads(raw)
    return name_of(str(value))


def _number(raw: str) -> int | float | str:
    value = json.loads(raw)
    return value if isinstance(value, int | float) else str(value)


def _decimal(raw: str) -> float | str:
    value = json.loads(raw)
    return float(value) if isinstance(value, int | float) else str(value)


def _hxl_attribute(name: str) -> str:
    """HXL attributes are lower-case letters, digits and underscores, led by a letter."""
    attribute = re.sub(r"[^a-z0-9_]", "_", name.lower())
    return attribute if attribute[:1].isalpha() else f"q_{attribute}"
