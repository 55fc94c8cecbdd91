"""Read an XLSForm (.xlsx as KoboToolbox and ODK export it) into a Survey, or say why not.

`peacebot survey import` writes the result as our survey YAML (content.surveys.dump_survey).
Every row of the survey sheet is carried into the Survey, or is one of the harmless
timestamps (start, end, today), or blank, or comes back as a problem naming its sheet and
row: a form never loses a question quietly, and nothing is imported while a problem stands.

What XLSForm has no word for is added as columns of the settings sheet: `description` and
`thanks` (per language, like labels: `description::Arabic (ar)`), `kind`, `responses`,
`linked_to_profile`, `invitation_only`, `closes`, `retention_days`: the fields of our YAML
format.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from content.explainers import ContentProblem
from content.survey_model import (
    AUDIO,
    DECIMAL,
    INTEGER,
    NOTE,
    RANK,
    SCALE,
    SELECT_MULTIPLE,
    SELECT_ONE,
    TEXT,
    Choice,
    Group,
    Question,
    Survey,
)
from content.surveys import ID_RULE, SurveyIssue, semantic_problems
from services.survey_expressions import ExpressionError, parse

DEFAULT_LANGUAGE = "en"
DEFAULT_KIND = "feedback"
# Names writers put after `label::` without a code, as Kobo and ODK users often do.
LANGUAGE_NAMES = {
    "english": "en",
    "en": "en",
    "french": "fr",
    "français": "fr",
    "francais": "fr",
    "fr": "fr",
    "arabic": "ar",
    "العربية": "ar",
    "ar": "ar",
    "spanish": "es",
    "español": "es",
    "espanol": "es",
    "es": "es",
}
NAMED_LANGUAGE = re.compile(r".*?\(\s*([A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*)\s*\)")
# ODK's range without parameters; ours must also be whole steps of 1.
RANGE_DEFAULTS = {"start": "1", "end": "10", "step": "1"}

PLAIN_TYPES = {
    "text": TEXT,
    "string": TEXT,
    "integer": INTEGER,
    "int": INTEGER,
    "decimal": DECIMAL,
    "note": NOTE,
    "audio": AUDIO,
    "range": SCALE,
}
CHOICE_TYPE_NAMES = {
    "select_one": SELECT_ONE,
    "select one": SELECT_ONE,
    "select_multiple": SELECT_MULTIPLE,
    "select multiple": SELECT_MULTIPLE,
    "select all that apply": SELECT_MULTIPLE,
    "rank": RANK,
}
# Timestamps a form records by itself: nothing to ask, nothing personal.
HARMLESS_METADATA = ("start", "end", "today")
IDENTIFIERS = (
    "deviceid",
    "subscriberid",
    "simserial",
    "phonenumber",
    "username",
    "email",
    "audit",
    "start-geopoint",
    "background-geopoint",
    "background-audio",
)
NO_IDENTIFIERS = (
    "we never collect device or phone identifiers, accounts or recordings in the "
    "background; delete this row"
)
NOT_IN_A_CHAT = {
    "geopoint": "locations are not collected in a chat; ask for the place with select_one",
    "geotrace": "locations are not collected in a chat; ask for the place with select_one",
    "geoshape": "locations are not collected in a chat; ask for the place with select_one",
    "barcode": "a chat cannot scan barcodes",
    "image": "photos are not collected in a chat",
    "video": "videos are not collected in a chat",
    "file": "files are not collected in a chat",
    "background-video": "videos are not collected in a chat",
    "date": "dates are not supported yet; ask with text or select_one for now",
    "time": "times are not supported yet; ask with text or select_one for now",
    "datetime": "dates and times are not supported yet; ask with text or select_one for now",
    "begin repeat": "repeats are not supported; write the questions out as often as needed",
    "end repeat": "repeats are not supported; write the questions out as often as needed",
    "calculate": (
        "calculations are not supported; move the logic into the relevant or constraint "
        "of the questions that use it"
    ),
    "hidden": "hidden values are not supported",
    "acknowledge": "acknowledge is not supported; use a note, or select_one with one choice",
    "trigger": "trigger is not supported; use a note, or select_one with one choice",
    "xml-external": "external data is not supported",
    "csv-external": "external data is not supported",
    "select_one_from_file": "choices from a file are not supported; list them in sheet choices",
    "select_multiple_from_file": (
        "choices from a file are not supported; list them in sheet choices"
    ),
    "select_one_external": "choices from a file are not supported; list them in sheet choices",
    "begin rank": "Kobo's ranking group is not supported; use `rank <list>` (ODK's rank)",
    "begin score": "Kobo's rating group is not supported; use select_one for each row",
    "begin kobomatrix": "Kobo's matrix is not supported; use select_one for each row",
}
SIGNATURE = "signatures cannot be drawn in a chat"

# Columns of each sheet: read as one value, read per language (`label::Arabic (ar)`),
# ignored (Kobo's `$kuid`-style columns too), or refused whenever a row fills them.
# appearance is read only to tell a signature from a photo; how a chat shows a question is ours.
SURVEY_PLAIN = ("type", "name", "required", "relevant", "constraint", "parameters", "appearance")
SURVEY_WORDS = ("label", "hint", "required_message", "constraint_message")
# hxl (and the formbuilder's tags, "hxl:#adm1"): HXL hashtags for a question's data. An
# export's --hxl row is made from the question types, so they change nothing here.
SURVEY_IGNORED = ("guidance_hint", "media", "hxl", "tags")
SURVEY_REFUSED = {
    "choice_filter": "choice_filter is not supported (cascading choices); list every choice",
    "repeat_count": "repeat_count is not supported (repeats are not)",
    "default": "default answers are not supported; a participant gives every answer",
    "read_only": "read_only is not supported; use a note to show a value",
    "calculation": "calculations are not supported; move the logic into relevant or constraint",
    "trigger": "trigger is not supported",
}
CHOICES_PLAIN = ("list_name", "name")
CHOICES_WORDS = ("label",)
CHOICES_IGNORED = ("media",)
SETTINGS_PLAIN = (
    "form_id",
    "id_string",
    "version",
    "default_language",
    "kind",
    "responses",
    "linked_to_profile",
    "invitation_only",
    "closes",
    "retention_days",
)
SETTINGS_WORDS = ("form_title", "description", "thanks")
# The settings column that holds each survey field, for problems found in the Survey.
SETTINGS_COLUMN = {
    "id": "form_id",
    "title": "form_title",
    "description": "description",
    "thanks": "thanks",
    "version": "version",
    "kind": "kind",
    "responses": "responses",
    "linked_to_profile": "linked_to_profile",
    "invitation_only": "invitation_only",
    "closes": "closes",
    "retention_days": "retention_days",
}
# Settings that change nothing a participant sees or the engine runs.
SETTINGS_IGNORED = (
    "style",
    "name",
    "instance_name",
    "public_key",
    "submission_url",
    "allow_choice_duplicates",
    "namespaces",
    "clean_text_values",
)
YES = ("yes", "true", "true()", "1")
NO = ("no", "false", "false()", "0")


@dataclass(frozen=True)
class _Column:
    index: int
    key: str
    language: str | None = None


@dataclass
class _Row:
    number: int
    plain: dict[str, str] = field(default_factory=dict)
    words: dict[str, dict[str, str]] = field(default_factory=dict)
    refused: dict[str, str] = field(default_factory=dict)

    @property
    def blank(self) -> bool:
        return not (
            any(self.plain.values())
            or any(any(w.values()) for w in self.words.values())
            or any(self.refused.values())
        )

    def get(self, key: str) -> str:
        return self.plain.get(key, "")

    def words_of(self, key: str) -> dict[str, str]:
        return {language: text for language, text in self.words.get(key, {}).items() if text}


@dataclass(frozen=True)
class _Columns:
    """Which columns of a sheet mean what."""

    plain: Sequence[str]
    words: Sequence[str]
    ignored: Sequence[str]
    refused: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class _OpenGroup:
    name: str
    row: int


def import_xlsform(path: Path) -> tuple[Survey | None, list[ContentProblem]]:
    """The Survey an XLSForm describes, or None and every problem found in it."""
    return _Import(path).run()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime) and value.time() == time():
        # A date typed into Excel (settings closes) comes back as midnight.
        return value.date().isoformat()
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value).strip()


def _heading_key(text: str) -> str:
    return "_".join(text.strip().lower().split())


def _parameters(text: str) -> dict[str, str]:
    """`start=1 end=5 step=1` (pyxform also takes commas and semicolons between them)."""
    found: dict[str, str] = {}
    for part in re.split(r"[\s,;]+", text.strip()):
        if part:
            key, _, value = part.partition("=")
            found[key.strip().lower()] = value.strip()
    return found


def _whole_number(text: str) -> int | None:
    try:
        number = float(text)
    except ValueError:
        return None
    return int(number) if number.is_integer() else None


class _Import:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[ContentProblem] = []
        self.languages: list[str] = []
        self.bare_language = DEFAULT_LANGUAGE
        # How the form names each language ("Arabic (ar)"), to suggest columns in its words.
        self.language_names: dict[str, str] = {DEFAULT_LANGUAGE: "English (en)"}
        self.question_rows: dict[str, int] = {}
        self.group_rows: dict[str, int] = {}
        self.list_of_question: dict[str, str] = {}
        self.choice_rows: dict[tuple[str, str], int] = {}

    def problem(self, sheet: str, row: int | None, message: str) -> None:
        where = f"sheet {sheet}" if row is None else f"sheet {sheet}, row {row}"
        self.problems.append(ContentProblem(self.path, None, f"{where}: {message}"))

    def run(self) -> tuple[Survey | None, list[ContentProblem]]:
        sheets = self.open()
        if sheets is None:
            return None, self.problems
        if "survey" not in sheets:
            self.problem("survey", None, "there is no sheet named survey (the questions)")
            return None, self.problems
        settings = self.read_settings(sheets.get("settings", []))
        survey_rows = self.read_sheet(
            "survey",
            sheets["survey"],
            _Columns(SURVEY_PLAIN, SURVEY_WORDS, SURVEY_IGNORED, SURVEY_REFUSED),
        )
        choice_rows = self.read_sheet(
            "choices",
            sheets.get("choices", []),
            _Columns(CHOICES_PLAIN, CHOICES_WORDS, CHOICES_IGNORED),
        )
        lists = self.read_choices(choice_rows)
        questions, groups = self.read_survey(survey_rows, lists, has_choices="choices" in sheets)
        survey = self.survey(settings, questions, groups)
        if self.problems or survey is None:
            return None, self.problems
        for issue in semantic_problems(survey):
            self.report(issue)
        if self.problems:
            return None, self.problems
        return survey, []

    # Reading the workbook

    def open(self) -> dict[str, list[tuple[str, ...]]] | None:
        if not self.path.is_file():
            self.problems.append(ContentProblem(self.path, None, "there is no such file"))
            return None
        try:
            workbook = load_workbook(self.path, read_only=True, data_only=True)
        except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as e:
            self.problems.append(
                ContentProblem(
                    self.path,
                    None,
                    f"cannot be read as an .xlsx workbook ({e}); if it is an old .xls, "
                    "open it and save it as .xlsx",
                )
            )
            return None
        try:
            sheets: dict[str, list[tuple[str, ...]]] = {}
            for worksheet in workbook.worksheets:
                rows = [
                    tuple(_cell_text(v) for v in row)
                    for row in worksheet.iter_rows(values_only=True)
                ]
                sheets.setdefault(worksheet.title.strip().lower(), rows)
            return sheets
        finally:
            workbook.close()

    def language(self, sheet: str, place: str, text: str) -> str | None:
        """The code for `English (en)`, `Arabic (ar)`, or a well-known name without one."""
        named = NAMED_LANGUAGE.fullmatch(text.strip())
        if named:
            return named.group(1).lower()
        known = LANGUAGE_NAMES.get(text.strip().lower())
        if known:
            return known
        self.problem(
            sheet,
            None,
            f'{place}: which language is "{text.strip()}"? Write it as "Name (code)", '
            f'for example "Kiswahili (sw)" or "English (en)"',
        )
        return None

    def columns(self, sheet: str, heading: tuple[str, ...], kinds: _Columns) -> list[_Column]:
        found: list[_Column] = []
        seen: dict[tuple[str, str | None], str] = {}
        for index, text in enumerate(heading):
            if not text or text.startswith("$"):
                continue
            where = f'column {get_column_letter(index + 1)} "{text}"'
            base, translated, rest = text.partition("::")
            key = _heading_key(base)
            if key in kinds.ignored:
                continue
            if key in kinds.words:
                language = self.language(sheet, where, rest) if translated else self.bare_language
                if language is None:
                    continue
                column = _Column(index, key, language)
                if translated:
                    self.language_names.setdefault(language, rest.strip())
                if language not in self.languages:
                    self.languages.append(language)
            elif not translated and (key in kinds.plain or key in kinds.refused):
                column = _Column(index, key)
            else:
                column = _Column(index, _heading_key(text))
            earlier = seen.get((column.key, column.language))
            if earlier is not None:
                self.problem(sheet, None, f"{where} says the same as column {earlier}")
                continue
            seen[(column.key, column.language)] = get_column_letter(index + 1)
            found.append(column)
        return found

    def read_sheet(self, sheet: str, rows: list[tuple[str, ...]], kinds: _Columns) -> list[_Row]:
        if not rows:
            return []
        columns = self.columns(sheet, rows[0], kinds)
        read: list[_Row] = []
        not_understood: set[str] = set()
        for number, values in enumerate(rows[1:], start=2):
            row = _Row(number)
            for column in columns:
                value = values[column.index] if column.index < len(values) else ""
                if column.language is not None:
                    row.words.setdefault(column.key, {})[column.language] = value
                elif column.key in kinds.plain:
                    row.plain[column.key] = value
                elif column.key in kinds.refused:
                    row.refused[column.key] = value
                elif value and column.key not in not_understood:
                    not_understood.add(column.key)
                    letter = get_column_letter(column.index + 1)
                    self.problem(
                        sheet,
                        number,
                        f'column {letter} "{rows[0][column.index]}" is not understood here; '
                        "delete the column or leave it empty",
                    )
            read.append(row)
        return read

    def read_settings(self, rows: list[tuple[str, ...]]) -> _Row:
        # The bare `label` column is in default_language: read that before any other sheet.
        if len(rows) >= 2:
            for index, text in enumerate(rows[0]):
                if _heading_key(text) == "default_language" and index < len(rows[1]):
                    declared = rows[1][index]
                    if declared:
                        code = self.language("settings", "default_language", declared)
                        self.bare_language = code or DEFAULT_LANGUAGE
                        self.language_names[self.bare_language] = declared
        kinds = _Columns(SETTINGS_PLAIN, SETTINGS_WORDS, SETTINGS_IGNORED)
        read = self.read_sheet("settings", rows, kinds)
        for extra in read[1:]:
            if not extra.blank:
                self.problem(
                    "settings", extra.number, "settings has one row (row 2); delete this one"
                )
        return read[0] if read else _Row(2)

    def read_choices(self, rows: list[_Row]) -> dict[str, list[Choice]]:
        lists: dict[str, list[Choice]] = {}
        for row in rows:
            if row.blank:
                continue
            list_name, name = row.get("list_name"), row.get("name")
            if not list_name or not name:
                self.problem("choices", row.number, "a choice needs both a list_name and a name")
                continue
            if (list_name, name) in self.choice_rows:
                first = self.choice_rows[(list_name, name)]
                self.problem(
                    "choices",
                    row.number,
                    f'list "{list_name}" already has a choice named "{name}" (row {first})',
                )
                continue
            self.choice_rows[(list_name, name)] = row.number
            lists.setdefault(list_name, []).append(Choice(name, row.words_of("label")))
        return lists

    # The survey sheet

    def read_survey(
        self, rows: list[_Row], lists: Mapping[str, list[Choice]], *, has_choices: bool
    ) -> tuple[list[Question], list[Group]]:
        questions: list[Question] = []
        groups: list[Group] = []
        open_groups: list[_OpenGroup] = []
        for row in rows:
            if row.blank:
                continue
            type_text = " ".join(row.get("type").split())
            lowered = re.sub(r"^(begin|end)_", r"\1 ", type_text.lower())
            if not type_text:
                self.problem(
                    "survey", row.number, "this row has no type; fill it in or clear the row"
                )
                continue
            if lowered in HARMLESS_METADATA:
                continue
            refusal = self.refusal(row, lowered)
            if refusal:
                self.problem("survey", row.number, f'type "{type_text}": {refusal}')
                continue
            for key, value in row.refused.items():
                # read_only=no (Kobo writes it) asks for nothing.
                if value and not (key == "read_only" and value.lower() in NO):
                    self.problem("survey", row.number, SURVEY_REFUSED[key])
            for key in ("relevant", "constraint"):
                self.check_expression(row, key)
            if lowered == "begin group":
                group = self.begin_group(row)
                if group is not None:
                    groups.append(group)
                # Opened even when refused, so that its end group closes it and not another.
                open_groups.append(_OpenGroup(row.get("name"), row.number))
            elif lowered == "end group":
                if not open_groups:
                    self.problem("survey", row.number, "end group without a begin group above it")
                    continue
                open_groups.pop()
            else:
                question = self.question(
                    row, type_text, tuple(g.name for g in open_groups), lists, has_choices
                )
                if question is not None:
                    questions.append(question)
        for unended in open_groups:
            self.problem(
                "survey", unended.row, f'group "{unended.name}" is never ended (end group)'
            )
        return questions, groups

    def refusal(self, row: _Row, lowered: str) -> str | None:
        head = lowered.split()[0]
        if lowered in IDENTIFIERS or head in IDENTIFIERS:
            return NO_IDENTIFIERS
        if head == "image" and "signature" in row.get("appearance").lower():
            return SIGNATURE
        for name in (lowered, head, head.replace("_", " ")):
            if name in NOT_IN_A_CHAT:
                return NOT_IN_A_CHAT[name]
        return None

    def check_expression(self, row: _Row, key: str) -> None:
        text = row.get(key)
        if not text:
            return
        try:
            parse(text)
        except ExpressionError as error:
            self.problem("survey", row.number, f"{key} {text!r} cannot be read: {error}")

    def name_of(self, row: _Row) -> str | None:
        name = row.get("name")
        if not name:
            self.problem("survey", row.number, "this row needs a name")
            return None
        first = self.question_rows.get(name) or self.group_rows.get(name)
        if first is not None:
            self.problem("survey", row.number, f'the name "{name}" is already used in row {first}')
            return None
        return name

    def begin_group(self, row: _Row) -> Group | None:
        for key in ("required", "constraint", "parameters"):
            if row.get(key):
                self.problem(
                    "survey", row.number, f"a group cannot have a {key}; give it to its questions"
                )
        name = self.name_of(row)
        if name is None:
            return None
        self.group_rows[name] = row.number
        return Group(name, row.words_of("label"), row.get("relevant") or None)

    def yes_or_no(self, row: _Row, sheet: str, key: str, default: bool) -> bool:
        value = row.get(key).lower()
        if value in YES:
            return True
        if value in NO:
            return False
        if not value:
            return default
        condition = " (a condition is not supported)" if key == "required" else ""
        self.problem(sheet, row.number, f'{key} is "{row.get(key)}": write yes or no{condition}')
        return default

    def question(
        self,
        row: _Row,
        type_text: str,
        groups: tuple[str, ...],
        lists: Mapping[str, list[Choice]],
        has_choices: bool,
    ) -> Question | None:
        words = type_text.split()
        lowered = type_text.lower()
        parameters = _parameters(row.get("parameters"))
        choices: tuple[Choice, ...] = ()
        or_other = False
        rank_count: int | None = None
        scale_min, scale_max = 1, 5
        list_name: str | None = None
        prefix = next((p for p in CHOICE_TYPE_NAMES if lowered.startswith(p + " ")), None)
        if prefix is not None:
            kind = CHOICE_TYPE_NAMES[prefix]
            rest = words[len(prefix.split()) :]
            or_other = rest[1:] == ["or_other"]
            if len(rest) > 1 and not or_other:
                self.problem(
                    "survey",
                    row.number,
                    f'type "{type_text}" should be "{prefix} <list name>"'
                    + (" (or_other may follow)" if kind != RANK else ""),
                )
                return None
            list_name = rest[0]
            if list_name not in lists:
                where = "sheet choices" if has_choices else "a sheet named choices (missing)"
                self.problem("survey", row.number, f'the list "{list_name}" is not in {where}')
                return None
            choices = tuple(lists[list_name])
            if kind == RANK:
                rank_count = self.rank_count(row, parameters)
            else:
                self.no_parameters(row, parameters)
        elif lowered in PLAIN_TYPES:
            kind = PLAIN_TYPES[lowered]
            if kind == SCALE:
                scale_min, scale_max = self.scale(row, parameters)
            else:
                if kind == AUDIO:
                    # ODK's recording quality: Telegram voice notes have their own.
                    parameters.pop("quality", None)
                self.no_parameters(row, parameters)
        elif lowered in CHOICE_TYPE_NAMES:
            self.problem("survey", row.number, f'type "{type_text}" needs a list name after it')
            return None
        else:
            self.problem("survey", row.number, f'type "{type_text}" is not known')
            return None
        name = self.name_of(row)
        if name is None:
            return None
        self.question_rows[name] = row.number
        if list_name is not None:
            self.list_of_question[name] = list_name
        required = self.yes_or_no(row, "survey", "required", False)
        return Question(
            name=name,
            type=kind,
            label=row.words_of("label"),
            hint=row.words_of("hint"),
            required=required,
            required_message=row.words_of("required_message"),
            choices=choices,
            or_other=or_other,
            relevant=row.get("relevant") or None,
            constraint=row.get("constraint") or None,
            constraint_message=row.words_of("constraint_message"),
            groups=groups,
            rank_count=rank_count,
            scale_min=scale_min,
            scale_max=scale_max,
        )

    def no_parameters(self, row: _Row, parameters: Mapping[str, str]) -> None:
        for key in parameters:
            self.problem("survey", row.number, f'the parameter "{key}" is not supported here')

    def rank_count(self, row: _Row, parameters: dict[str, str]) -> int | None:
        count = parameters.pop("count", "")
        self.no_parameters(row, parameters)
        if not count:
            return None
        number = _whole_number(count)
        if number is None or number < 1:
            self.problem("survey", row.number, f"count={count} should be a whole number, 1 or more")
            return None
        return number

    def scale(self, row: _Row, parameters: dict[str, str]) -> tuple[int, int]:
        given = {key: parameters.pop(key, RANGE_DEFAULTS[key]) for key in RANGE_DEFAULTS}
        self.no_parameters(row, parameters)
        start, end, step = (_whole_number(given[key]) for key in ("start", "end", "step"))
        if start is None or end is None or step is None:
            self.problem(
                "survey",
                row.number,
                "range start, end and step must be whole numbers "
                "(parameters: start=1 end=5 step=1)",
            )
            return 1, 5
        if step != 1:
            self.problem(
                "survey", row.number, f"range step={given['step']}: only step=1 is supported"
            )
        # How many points fit, and start below end: the survey rules say (semantic_problems).
        return start, end

    # The survey itself

    def survey(
        self, settings: _Row, questions: list[Question], groups: list[Group]
    ) -> Survey | None:
        form_id = settings.get("form_id") or settings.get("id_string")
        survey_id = (form_id or self.path.stem).strip().lower().replace("_", "-")
        if not ID_RULE.fullmatch(survey_id):
            given = f'form_id "{form_id}"' if form_id else f'the file name "{self.path.stem}"'
            self.problem(
                "settings",
                settings.number if form_id else None,
                f'{given} becomes "{survey_id}", which is not a survey id: write a form_id '
                "with a-z, 0-9 and _ or - (at most 40 characters)",
            )
            return None
        linked_to_profile = self.yes_or_no(settings, "settings", "linked_to_profile", True)
        invitation_only = self.yes_or_no(settings, "settings", "invitation_only", False)
        retention_days = self.days(settings, "retention_days")
        if self.problems:
            return None
        return Survey(
            id=survey_id,
            title=settings.words_of("form_title"),
            kind=settings.get("kind") or DEFAULT_KIND,
            languages=tuple(self.languages) or (self.bare_language,),
            description=settings.words_of("description"),
            questions=tuple(questions),
            groups=tuple(groups),
            version=settings.get("version") or "1",
            linked_to_profile=linked_to_profile,
            responses=settings.get("responses") or "one",
            invitation_only=invitation_only,
            closes=settings.get("closes") or None,
            thanks=settings.words_of("thanks"),
            retention_days=retention_days,
        )

    def days(self, row: _Row, key: str) -> int | None:
        """A whole number of days, or None when the cell is empty; whether it is a sensible
        number of days is for the survey rules (semantic_problems)."""
        text = row.get(key)
        if not text:
            return None
        number = _whole_number(text)
        if number is None:
            self.problem("settings", row.number, f'{key} is "{text}": write a whole number of days')
        return number

    def report(self, issue: SurveyIssue) -> None:
        """A problem the survey rules found, at the sheet and row a writer should change."""
        name, message = issue.question, issue.message
        list_name = self.list_of_question.get(name or "")
        if name is None:
            self.report_survey(issue.field, message)
        elif list_name is not None and (list_name, issue.choice) in self.choice_rows:
            self.problem("choices", self.choice_rows[(list_name, issue.choice or "")], message)
        elif name in self.question_rows:
            self.problem("survey", self.question_rows[name], message)
        elif name in self.group_rows:
            self.problem("survey", self.group_rows[name], message)
        else:
            self.problem("survey", None, message)

    def report_survey(self, field: str, message: str) -> None:
        column = SETTINGS_COLUMN.get(field)
        if column is None:
            # The languages come from the label columns, "no questions" from the rows.
            self.problem("survey", None, message)
        elif column in SETTINGS_WORDS and self.languages != [self.bare_language]:
            columns = ", ".join(
                f'"{column}::{self.language_names.get(code, code)}"' for code in self.languages
            )
            self.problem("settings", None, f"{message} (columns {columns})")
        else:
            self.problem("settings", None, f'{message} (column "{column}")')
