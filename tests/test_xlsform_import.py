"""Importing XLSForms as KoboToolbox and ODK export them: what comes in, and what is refused
with the sheet and row to fix (content.xlsform)."""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from types import ModuleType

import pytest
from openpyxl import load_workbook

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
from content.surveys import dump_survey, load_survey_file
from content.xlsform import import_xlsform

FIXTURES = Path(__file__).parent / "fixtures" / "xlsform"
GOOD = ("simple_feedback", "needs_assessment", "multilingual_ar", "kobo_metadata")


def _load_build() -> ModuleType:
    spec = importlib.util.spec_from_file_location("xlsform_fixtures", FIXTURES / "build.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build = _load_build()
EN = "label::English (en)"
SETTINGS = [["form_title", "form_id", "description"], ["A form", "test_form", "For a test."]]


def imported(path: Path) -> Survey:
    survey, problems = import_xlsform(path)
    assert [str(p) for p in problems] == []
    assert survey is not None
    return survey


def refused(path: Path) -> list[str]:
    survey, problems = import_xlsform(path)
    assert survey is None
    assert problems, "refused, but without saying why"
    assert all(p.path == path and p.line is None for p in problems)
    return [p.message for p in problems]


def survey_rows(messages: list[str]) -> dict[int, str]:
    """The survey-sheet rows named in problems, each with its message."""
    rows: dict[int, str] = {}
    for message in messages:
        found = re.match(r"sheet survey, row (\d+): ", message)
        if found:
            rows[int(found.group(1))] = message
    return rows


def form(
    tmp_path: Path, survey: Sequence[Sequence[object]], choices: Sequence[Sequence[object]] = ()
) -> Path:
    return build.write_form(
        tmp_path / "form.xlsx",
        survey,
        choices,
        SETTINGS,
    )


# The fixtures as Kobo exports them


def test_simple_feedback_comes_in_question_by_question() -> None:
    yes_no = (Choice("yes", {"en": "Yes"}), Choice("no", {"en": "No"}))
    assert imported(FIXTURES / "simple_feedback.xlsx") == Survey(
        id="simple-feedback",
        title={"en": "Dialogue feedback"},
        kind="feedback",
        languages=("en",),
        description={
            "en": "Three questions about Saturday's dialogue. Only the team sees your answers."
        },
        version="3",
        questions=(
            Question(
                name="felt_heard",
                type=SELECT_ONE,
                label={"en": "Did you feel heard at the dialogue?"},
                required=True,
                choices=yes_no,
            ),
            Question(
                name="what_to_change",
                type=TEXT,
                label={"en": "What would you change?"},
                hint={"en": "A sentence or two is enough."},
                relevant="${felt_heard} = 'no'",
            ),
            Question(
                name="meetings",
                type=INTEGER,
                label={"en": "How many meetings have you attended this year?"},
                constraint=". >= 0 and . <= 50",
                constraint_message={"en": "Please give a number from 0 to 50."},
            ),
        ),
    )


def test_needs_assessment_keeps_rank_scale_groups_and_skip_logic() -> None:
    needs = (
        Choice("water", {"en": "Clean water"}),
        Choice("health", {"en": "Health care"}),
        Choice("school", {"en": "Schooling"}),
        Choice("jobs", {"en": "Work"}),
        Choice("safety", {"en": "Safety"}),
    )
    survey = imported(FIXTURES / "needs_assessment.xlsx")
    assert survey.groups == (
        Group("household", {"en": "About your household"}),
        Group("services", {"en": "Local services"}, "selected(${needs}, 'health')"),
        Group("clinic", {"en": "The clinic"}, "${clinic_distance} < 20"),
    )
    assert survey.questions == (
        Question(
            name="intro",
            type=NOTE,
            label={"en": "A few questions about what your community needs."},
        ),
        Question(
            name="household_size",
            type=INTEGER,
            label={"en": "How many people live in your household?"},
            required=True,
            constraint=". >= 1 and . <= 30",
            groups=("household",),
        ),
        Question(
            name="clinic_distance",
            type=DECIMAL,
            label={"en": "How far is the nearest clinic, in km?"},
            constraint=". >= 0",
            groups=("household",),
        ),
        Question(
            name="needs",
            type=SELECT_MULTIPLE,
            label={"en": "Which needs are most pressing?"},
            required=True,
            choices=needs,
            or_other=True,
            constraint="count-selected(.) <= 4",
        ),
        Question(
            name="needs_ranked",
            type=RANK,
            label={"en": "Put your top three needs in order."},
            choices=needs,
            rank_count=3,
            relevant="count-selected(${needs}) >= 3",
        ),
        Question(
            name="clinic_trust",
            type=SCALE,
            label={"en": "How much do you trust the clinic?"},
            required=True,
            scale_min=1,
            scale_max=5,
            groups=("services", "clinic"),
        ),
        Question(
            name="services_missing",
            type=TEXT,
            label={"en": "Which service is missing?"},
            groups=("services",),
        ),
    )
    assert (survey.id, survey.kind, survey.title, survey.languages, survey.version) == (
        "needs-assessment",
        "needs-assessment",
        {"en": "Community needs"},
        ("en",),
        "2",
    )
    assert survey.description == {
        "en": "What your community needs most, to plan the next six months."
    }
    assert survey.responses == "many"


def test_multilingual_form_keeps_every_language_in_column_order() -> None:
    survey = imported(FIXTURES / "multilingual_ar.xlsx")
    assert survey.id == "safety-ar"
    assert survey.languages == ("en", "ar", "fr")
    assert survey.description == {
        "en": "Two questions about safety.",
        "ar": "سؤالان عن السلامة.",
        "fr": "Deux questions sur la sécurité.",
    }
    assert survey.thanks == {"en": "Thank you.", "ar": "شكرًا لك.", "fr": "Merci."}
    assert survey.linked_to_profile is False
    assert survey.title == {
        "en": "Safety where you live",
        "ar": "السلامة حيث تعيش",
        "fr": "La sécurité là où vous vivez",
    }
    assert survey.questions == (
        Question(
            name="feels_safe",
            type=SELECT_ONE,
            label={
                "en": "Do you feel safe in your neighbourhood?",
                "ar": "هل تشعر بالأمان في حيّك؟",
                "fr": "Vous sentez-vous en sécurité dans votre quartier ?",
            },
            hint={
                "en": "Think of the last month.",
                "ar": "فكّر في الشهر الماضي.",
                "fr": "Pensez au mois dernier.",
            },
            required=True,
            required_message={
                "en": "Please choose an answer.",
                "ar": "يرجى اختيار إجابة.",
                "fr": "Veuillez choisir une réponse.",
            },
            choices=(
                Choice("safe", {"en": "Safe", "ar": "آمن", "fr": "En sécurité"}),
                Choice("unsafe", {"en": "Not safe", "ar": "غير آمن", "fr": "Pas en sécurité"}),
                Choice("unsure", {"en": "Not sure", "ar": "لست متأكدًا", "fr": "Je ne sais pas"}),
            ),
        ),
        Question(
            name="why",
            type=TEXT,
            label={"en": "Why?", "ar": "لماذا؟", "fr": "Pourquoi ?"},
        ),
    )


def test_kobo_metadata_rows_and_bookkeeping_columns_leave_no_trace() -> None:
    # start, end and today are dropped; $kuid, $autoname, media:: and guidance_hint too.
    # The bare `label` column is in the settings' default_language (French here).
    assert imported(FIXTURES / "kobo_metadata.xlsx") == Survey(
        id="kobo-metadata",
        title={"fr": "Ce qui a changé"},
        kind="feedback",
        languages=("fr",),
        description={"fr": "Dites-nous, avec votre voix, ce qui a changé."},
        version="vKp3Ld2x",
        questions=(
            Question(
                name="welcome",
                type=NOTE,
                label={"fr": "Bienvenue ! Ce questionnaire prend deux minutes."},
            ),
            Question(
                name="story",
                type=AUDIO,
                label={"fr": "Racontez-nous ce qui a changé, en message vocal."},
                required=True,
            ),
            Question(
                name="name_of_place",
                type=TEXT,
                label={"fr": "Dans quel village vivez-vous ?"},
            ),
        ),
    )


def test_unsupported_form_is_refused_naming_every_bad_row() -> None:
    messages = refused(FIXTURES / "unsupported.xlsx")
    rows = survey_rows(messages)
    assert set(rows) == set(build.UNSUPPORTED_ROWS)
    for row, named in build.UNSUPPORTED_ROWS.items():
        assert named in rows[row], rows[row]
    assert "never collect device or phone identifiers" in rows[3]
    assert "move the logic into the relevant or constraint" in rows[7]
    # The cascading choices' filter column is not silently dropped either.
    assert any(m.startswith('sheet choices, row 4: column D "region"') for m in messages)


def test_label_language_without_a_code_is_asked_for_but_well_known_names_pass() -> None:
    messages = refused(FIXTURES / "undeclared_language.xlsx")
    assert len(messages) == 1
    assert "label::Kiswahili" in messages[0]
    assert "Name (code)" in messages[0]


def test_skip_logic_naming_an_unknown_question_points_at_its_row() -> None:
    messages = refused(FIXTURES / "unknown_reference.xlsx")
    assert [m for m in messages if m.startswith("sheet survey, row 3: ")] == messages
    assert any("feel_safe" in m for m in messages)


@pytest.mark.parametrize("name", GOOD)
def test_imported_survey_survives_the_yaml_round_trip(name: str, tmp_path: Path) -> None:
    survey = imported(FIXTURES / f"{name}.xlsx")
    written = tmp_path / f"{survey.id}.yaml"
    written.write_text(dump_survey(survey), encoding="utf-8")
    loaded, problems = load_survey_file(written)
    assert [str(p) for p in problems] == []
    assert loaded == survey


def test_committed_fixtures_are_what_build_py_writes(tmp_path: Path) -> None:
    rebuilt = build.build(tmp_path)
    assert sorted(p.name for p in rebuilt) == sorted(p.name for p in FIXTURES.glob("*.xlsx"))
    for path in rebuilt:
        fresh, committed = load_workbook(path), load_workbook(FIXTURES / path.name)
        assert fresh.sheetnames == committed.sheetnames, path.name
        for sheet in fresh.sheetnames:
            assert [list(r) for r in fresh[sheet].iter_rows(values_only=True)] == [
                list(r) for r in committed[sheet].iter_rows(values_only=True)
            ], f"{path.name}, sheet {sheet}: run tests/fixtures/xlsform/build.py"


# Smaller forms, one rule each

REFUSED_TYPES = [
    ("phonenumber", "never collect device or phone identifiers"),
    ("subscriberid", "never collect device or phone identifiers"),
    ("simserial", "never collect device or phone identifiers"),
    ("username", "never collect device or phone identifiers"),
    ("email", "never collect device or phone identifiers"),
    ("audit", "never collect device or phone identifiers"),
    ("date", "not supported yet"),
    ("time", "not supported yet"),
    ("dateTime", "not supported yet"),
    ("geotrace", "locations"),
    ("geoshape", "locations"),
    ("barcode", "barcodes"),
    ("video", "videos"),
    ("file", "files"),
    ("hidden", "hidden"),
    ("acknowledge", "acknowledge"),
    ("trigger", "trigger"),
    ("xml-external", "external data"),
    ("select_one_from_file places.csv", "from a file"),
    ("select_multiple_from_file places.csv", "from a file"),
    ("begin_repeat", "repeats"),
    ("odk:unknown", "not known"),
]


@pytest.mark.parametrize(("type_text", "said"), REFUSED_TYPES)
def test_a_type_a_chat_cannot_carry_is_refused_with_row_and_type(
    tmp_path: Path, type_text: str, said: str
) -> None:
    path = form(
        tmp_path,
        [
            ["type", "name", EN],
            ["text", "first", "First"],
            [type_text, "bad", "Bad"],
        ],
    )
    (message,) = refused(path)
    assert message.startswith(f'sheet survey, row 3: type "{type_text}"')
    assert said in message


def test_image_with_signature_appearance_is_refused_as_a_signature(tmp_path: Path) -> None:
    path = form(
        tmp_path, [["type", "name", EN, "appearance"], ["image", "sig", "Sign", "signature"]]
    )
    assert refused(path) == [
        'sheet survey, row 2: type "image": signatures cannot be drawn in a chat'
    ]


@pytest.mark.parametrize(
    ("column", "value", "said"),
    [
        ("default", "5", "default answers are not supported"),
        ("read_only", "yes", "read_only is not supported"),
        ("repeat_count", "3", "repeat_count is not supported"),
        ("choice_filter", "x=1", "choice_filter is not supported"),
        ("body::accuracyThreshold", "5", "not understood"),
    ],
)
def test_a_refused_column_with_a_value_is_named_at_its_row(
    tmp_path: Path, column: str, value: str, said: str
) -> None:
    path = form(
        tmp_path,
        [["type", "name", EN, column], ["integer", "n", "N", None], ["integer", "m", "M", value]],
    )
    (message,) = refused(path)
    assert message.startswith("sheet survey, row 3: ")
    assert said in message


def test_empty_unknown_columns_dollar_columns_and_hxl_tags_are_ignored(tmp_path: Path) -> None:
    path = form(
        tmp_path,
        [
            ["type", "name", EN, "read_only", "default", "notes_to_self", "$given_name", "hxl"],
            ["integer", "n", "N", "no", None, None, "whatever", "#affected+num"],
        ],
    )
    assert imported(path).questions == (Question(name="n", type=INTEGER, label={"en": "N"}),)


@pytest.mark.parametrize(
    ("parameters", "said"),
    [
        ("start=1 end=5 step=2", "only step=1"),
        ("start=0 end=11", "12 points"),
        ("start=5 end=1", "min 5 must be less than max 1"),
        ("start=1 end=4.5", "whole numbers"),
        ("start=1 end=5 seed=3", '"seed"'),
    ],
)
def test_a_range_must_be_whole_steps_of_one_and_fit_a_phone(
    tmp_path: Path, parameters: str, said: str
) -> None:
    path = form(tmp_path, [["type", "name", EN, "parameters"], ["range", "r", "R", parameters]])
    (message,) = refused(path)
    assert message.startswith("sheet survey, row 2: ")
    assert said in message


def test_range_parameters_become_scale_bounds(tmp_path: Path) -> None:
    path = form(
        tmp_path,
        [
            ["type", "name", EN, "parameters"],
            ["range", "wide", "W", "start=0;end=10;step=1"],
            ["range", "plain", "P", None],
        ],
    )
    wide, plain = imported(path).questions
    assert (wide.type, wide.scale_min, wide.scale_max) == (SCALE, 0, 10)
    # ODK's range without parameters runs 1 to 10.
    assert (plain.scale_min, plain.scale_max) == (1, 10)


def test_rank_without_count_ranks_every_choice(tmp_path: Path) -> None:
    path = form(
        tmp_path,
        [["type", "name", EN], ["rank options", "order", "Order them"]],
        [["list_name", "name", EN], ["options", "a", "A"], ["options", "b", "B"]],
    )
    (question,) = imported(path).questions
    assert (question.type, question.rank_count) == (RANK, None)
    assert [c.name for c in question.choices] == ["a", "b"]


@pytest.mark.parametrize(
    ("type_text", "said"),
    [
        ("select_one missing", 'the list "missing" is not in sheet choices'),
        ("select_one", "needs a list name"),
        ("select_one options sideways", "should be"),
        ("rank options or_other", "or_other is only for select_one and select_multiple"),
    ],
)
def test_choice_questions_need_a_list_from_the_choices_sheet(
    tmp_path: Path, type_text: str, said: str
) -> None:
    path = form(
        tmp_path,
        [["type", "name", EN], [type_text, "q", "Q"]],
        [["list_name", "name", EN], ["options", "a", "A"]],
    )
    (message,) = refused(path)
    assert message.startswith("sheet survey, row 2: ")
    assert said in message


def test_or_other_and_spelled_out_types_are_understood(tmp_path: Path) -> None:
    path = form(
        tmp_path,
        [
            ["type", "name", EN, "required"],
            ["select one options or_other", "one", "One", "TRUE()"],
            ["select_multiple options", "many", "Many", True],
            ["select all that apply options", "all", "All", "1"],
        ],
        [["list name", "name", EN], ["options", "a", "A"], ["options", 2, "Two"]],
    )
    one, many, every = imported(path).questions
    assert (one.type, one.or_other, one.required) == (SELECT_ONE, True, True)
    assert (many.type, many.or_other, many.required) == (SELECT_MULTIPLE, False, True)
    assert every.type == SELECT_MULTIPLE
    # A number typed as a choice name stays the text it shows.
    assert [c.name for c in one.choices] == ["a", "2"]


def test_required_must_be_yes_or_no(tmp_path: Path) -> None:
    path = form(tmp_path, [["type", "name", EN, "required"], ["text", "t", "T", "${x} = 1"]])
    (message,) = refused(path)
    assert message.startswith("sheet survey, row 2: required")


@pytest.mark.parametrize(
    ("rows", "row", "said"),
    [
        ([["begin group", "g", "G"], ["text", "t", "T"]], 2, "never ended"),
        ([["text", "t", "T"], ["end group", None, None]], 3, "without a begin group"),
        (
            [["begin group", "g", "G"], ["end group", None, None], ["text", "t", "T"]],
            2,
            "no questions",
        ),
        ([["text", "t", "T"], ["integer", "t", "Again"]], 3, "already used in row 2"),
        ([["text", None, "No name"]], 2, "needs a name"),
        ([[None, "orphan", "A label without a type"]], 2, "has no type"),
        ([["note", "n", "N"], ["text", "t", "T"]], None, None),
    ],
)
def test_the_shape_of_the_survey_sheet_is_checked_row_by_row(
    tmp_path: Path, rows: list[list[object]], row: int | None, said: str | None
) -> None:
    path = form(tmp_path, [["type", "name", EN], *rows])
    if row is None:
        imported(path)
        return
    (message,) = refused(path)
    assert message.startswith(f"sheet survey, row {row}: ")
    assert said is not None and said in message


def test_broken_constraint_is_refused_with_the_parsers_message(tmp_path: Path) -> None:
    path = form(tmp_path, [["type", "name", EN, "constraint"], ["integer", "n", "N", ". <= (5"]])
    (message,) = refused(path)
    assert message.startswith("sheet survey, row 2: constraint '. <= (5' cannot be read: ")


def test_duplicate_choice_names_in_a_list_are_refused(tmp_path: Path) -> None:
    path = form(
        tmp_path,
        [["type", "name", EN], ["select_one options", "q", "Q"]],
        [["list_name", "name", EN], ["options", "a", "A"], ["options", "a", "A again"]],
    )
    assert refused(path) == [
        'sheet choices, row 3: list "options" already has a choice named "a" (row 2)'
    ]


@pytest.mark.parametrize(
    ("form_id", "survey_id"),
    [("Peace_Survey_2025", "peace-survey-2025"), ("feedback", "feedback"), (None, "form")],
)
def test_form_id_becomes_the_survey_id(tmp_path: Path, form_id: str | None, survey_id: str) -> None:
    path = build.write_form(
        tmp_path / "form.xlsx",
        [["type", "name", "label"], ["text", "t", "T"]],
        (),
        [["form_title", "form_id", "description"], ["Title", form_id, "For a test."]],
    )
    assert imported(path).id == survey_id


def test_a_form_id_that_cannot_be_a_survey_id_is_refused(tmp_path: Path) -> None:
    path = build.write_form(
        tmp_path / "form.xlsx",
        [["type", "name", "label"], ["text", "t", "T"]],
        (),
        [["form_title", "form_id", "description"], ["Title", "peace survey!", "For a test."]],
    )
    (message,) = refused(path)
    assert message.startswith('sheet settings, row 2: form_id "peace survey!"')


def test_bare_label_without_default_language_is_english(tmp_path: Path) -> None:
    path = build.write_form(
        tmp_path / "form.xlsx",
        [["type", "name", "Label", "Hint"], ["text", "t", "Tell us", "Briefly"]],
        (),
        [["form_title", "form_id", "description"], ["Title", "bare", "For a test."]],
    )
    survey = imported(path)
    assert survey.languages == ("en",)
    assert survey.questions[0].label == {"en": "Tell us"}
    assert survey.questions[0].hint == {"en": "Briefly"}


def test_a_file_that_is_not_a_workbook_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "form.xlsx"
    path.write_bytes(b"type,name,label\n")
    (message,) = refused(path)
    assert "save it as .xlsx" in message


def test_a_workbook_without_a_survey_sheet_is_refused(tmp_path: Path) -> None:
    path = build.write_form(tmp_path / "form.xlsx", (), [["list_name", "name"]], ())
    assert refused(path) == ["sheet survey: there is no sheet named survey (the questions)"]


def test_what_xlsform_has_no_word_for_comes_from_settings_columns(tmp_path: Path) -> None:
    path = build.write_form(
        tmp_path / "form.xlsx",
        [["type", "name", "label"], ["text", "t", "T"]],
        (),
        [
            [
                "form_title",
                "form_id",
                "description",
                "thanks",
                "kind",
                "responses",
                "linked_to_profile",
                "invitation_only",
                "closes",
            ],
            [
                "Title",
                "extras",
                "About",
                "Thanks",
                "needs-assessment",
                "many",
                "no",
                "yes",
                datetime(2027, 3, 31),
            ],
        ],
    )
    survey = imported(path)
    assert (survey.description, survey.thanks) == ({"en": "About"}, {"en": "Thanks"})
    assert (survey.kind, survey.responses) == ("needs-assessment", "many")
    assert (survey.linked_to_profile, survey.invitation_only) == (False, True)
    assert survey.closes == "2027-03-31"


def test_a_form_straight_from_kobo_is_asked_for_its_description(tmp_path: Path) -> None:
    path = build.write_form(
        tmp_path / "form.xlsx",
        [["type", "name", EN, "label::Arabic (ar)"], ["text", "t", "T", "ت"]],
        (),
        [["form_title::English (en)", "form_title::Arabic (ar)", "form_id"], ["T", "ت", "kobo"]],
    )
    (message,) = refused(path)
    assert message == (
        "sheet settings: the description is missing: write it in en, ar "
        '(columns "description::English (en)", "description::Arabic (ar)")'
    )


def test_a_bad_settings_value_is_named(tmp_path: Path) -> None:
    path = build.write_form(
        tmp_path / "form.xlsx",
        [["type", "name", "label"], ["text", "t", "T"]],
        (),
        [["form_id", "description", "kind"], ["bad_kind", "About", "feedbak"]],
    )
    messages = refused(path)
    assert 'sheet settings: unknown kind "feedbak" (did you mean "feedback"?) (column "kind")' in (
        messages
    )


def test_a_problem_with_one_choice_points_at_its_row_in_the_choices_sheet(
    tmp_path: Path,
) -> None:
    path = form(
        tmp_path,
        [["type", "name", EN, "label::Arabic (ar)"], ["select_one options", "q", "Q", "س"]],
        [
            ["list_name", "name", EN, "label::Arabic (ar)"],
            ["options", "a", "A", "أ"],
            ["options", "b", "B", None],
        ],
    )
    messages = refused(path)
    assert [m for m in messages if m.startswith("sheet choices")] == [
        'sheet choices, row 3: the label of choice "b" is missing in ar'
    ]


def test_blank_rows_are_skipped_but_still_counted(tmp_path: Path) -> None:
    path = form(
        tmp_path,
        [["type", "name", EN], ["text", "t", "T"], [None, None, None], [], ["geopoint", "g", "G"]],
    )
    assert refused(path) == [
        'sheet survey, row 5: type "geopoint": locations are not collected in a chat; '
        "ask for the place with select_one"
    ]
