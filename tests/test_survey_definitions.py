"""Survey definitions: each problem in a YAML file is named with its line; a good survey loads,
and dump_survey writes it back as YAML that loads as the same survey.

Each file in tests/fixtures/surveys/broken/ is a small survey with one kind of problem; its
header is always the same six lines, so the first question starts on line 7.
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from content.survey_model import (
    QUESTION_TYPES,
    Choice,
    Group,
    Question,
    Survey,
)
from content.surveys import (
    SURVEYS_DIR,
    SurveyIssue,
    SurveyLibrary,
    dump_survey,
    load_survey_file,
    load_survey_text,
    load_surveys,
    semantic_problems,
)

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "surveys"
BROKEN = FIXTURES / "broken"
GOOD = FIXTURES / "valid" / "community-voices.yaml"
FOLDER = FIXTURES / "folder"
EXPLAINERS = Path(__file__).resolve().parent / "fixtures" / "explainers_valid"

# Each case's problems, in order, as "line: message"; a problem must start with the text given.
EXPECTED: dict[str, list[str]] = {
    "choice-label-missing-a-language": ['14: the label of choice "no" is missing in ar'],
    "choice-label-too-long": [
        '14: the label of choice "no" in en has 61 characters; at most 60 (it is a button)',
    ],
    "choice-name-with-space": [
        '13: the choice name "not really" may not have spaces or quotes: use "_" between',
    ],
    "choice-named-other-with-or-other": [
        '15: or_other adds the choice "other" itself: remove this choice or or_other',
    ],
    "choice-without-name": ["13: a choice has no name"],
    "choices-on-text": ["10: a text question has no choices: remove them"],
    "closes-not-a-date": [
        '6: closes "2027-02-30" is not a date: write it as YYYY-MM-DD, such as 2027-03-31',
    ],
    "closes-not-yyyy-mm-dd": [
        '6: closes "31/03/2027" is not a date: write it as YYYY-MM-DD, such as 2027-03-31',
    ],
    "comma-inside-braces": [
        '9: in "label", "often" is not a language: inside { }, a "," ends the text. Put the',
    ],
    "constraint-dot-not-a-choice": [
        "15: 'dont_know' is not a choice of this question (its choices: yes, no)",
    ],
    "constraint-never-met-choice": [
        "15: this constraint can never be met: no answer passes \"selected(., 'yes') and",
    ],
    "constraint-never-met-number": [
        '10: this constraint can never be met: no answer passes ". > 120 and . < 18"',
    ],
    "constraint-never-met-text": [
        '10: this constraint can never be met: no answer passes "string-length(.) > 10 and',
    ],
    "constraint-never-met-with-earlier-answer": [
        '14: this constraint can never be met: no answer passes ". > ${children} and . <',
    ],
    "constraint-refers-to-itself": ['10: write "." for this question\'s answer, not ${q}'],
    "count-on-select": ['9: "count" is only for rank questions, not select_one'],
    "dot-in-relevant": [
        '10: "." stands for the answer to this question, which does not exist yet when',
    ],
    "duplicate-choice": ['15: the choice name "yes" is used twice in this question'],
    "duplicate-name": [
        '10: the name "q" is already used by a question: each question and group needs its',
    ],
    "empty-file": ['1: the file is empty: a survey starts with "id: ..." (see the README)'],
    "equals-not-a-choice": ["18: 'Yes' is not a choice of ${safe} (its choices: yes, no)"],
    "expression-syntax-error": [
        '18: the relevant "${safe} == \'yes\'" is not a valid expression: use "=" rather than',
    ],
    "field-twice": ['10: "type" appears twice in a question: keep one'],
    "group-label-missing-a-language": ["8: the group's label is missing in ar"],
    "group-named-like-a-question": [
        '10: the name "q" is already used by a question: each question and group needs its',
    ],
    "group-questions-not-a-list": [
        '9: "questions" must be a list: start each question with "- name: ..."',
    ],
    "group-relevant-refers-inside": [
        "8: ${inner} is inside this group: its answer does not exist yet when deciding",
    ],
    "group-without-a-name": ["7: a group has no name"],
    "group-without-questions": ['7: the group "g" has no questions: list them under "questions:"'],
    "hint-missing-a-language": ["10: the hint is missing in en"],
    "id-not-allowed": [
        '1: id "Youth_Survey" may only have lowercase letters a-z, digits and "-", at most',
    ],
    "label-in-an-undeclared-language": [
        '9: the label is written in "fr", which is not one of the survey\'s languages (en, ar)',
    ],
    "label-missing": ["7: the label is missing: write it in en, ar"],
    "label-too-long": [
        "11: the label and hint in ar (with the group's title and the messages for refused "
        "answers) are 3501 characters; at most 3500 (one Telegram",
    ],
    "language-twice": ['3: "en" is listed twice in languages'],
    "languages-not-a-list": ['3: "languages" must be a list such as [en, ar], not text'],
    "low-label-on-a-select": ['15: "low_label" is only for scale questions'],
    "min-on-an-integer": [
        '9: "min" is only for scale questions: to limit a number, write a constraint such as',
    ],
    "missing-id": ["1: the survey has no id: write one such as peace-process-feedback"],
    "name-not-allowed": [
        '7: the name "feels safe" may only have letters a-z and A-Z, digits and "_", and may',
    ],
    "name-taken-by-other-answer": [
        '16: the name "safe_other" is taken by the answer typed after choosing "other" in',
    ],
    "name-too-long": [
        '7: the name "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" has 33 characters; at most 32',
    ],
    "no-choices": ["7: a select_one question needs choices"],
    "no-description": ["1: the description is missing: write it in en, ar"],
    "no-questions": ["1: the survey has no questions"],
    "no-type": ["7: the question has no type (one of: select_one, select_multiple, rank, scale,"],
    "not-field-value-lines": [
        '1: a survey must be lines of "field: value", starting with "id: ..."',
    ],
    "constraint-message-too-long": [
        "12: the constraint_message in en is 257 characters; at most 200 (Telegram shows it",
    ],
    "refusal-makes-the-message-too-long": [
        "9: the label and hint in en (with the group's title and the messages for refused "
        "answers) are 3546 characters; at most 3500",
    ],
    "note-required": ["9: a note asks nothing, so it cannot be required"],
    "note-with-constraint": ["9: a note asks nothing, so it cannot have a constraint"],
    "only-notes": ["6: the survey asks nothing: every question is a note"],
    "or-other-on-a-rank": [
        "9: or_other is only for select_one and select_multiple questions, not rank",
    ],
    "question-holds-questions": [
        '10: a question cannot hold questions: start a group with "- group: name"',
    ],
    "question-mark-inside-braces": [
        "9: the file is not valid YAML: expected ',' or '}', but got '?'. Inside { }, a \"?\"",
    ],
    "question-not-field-value-lines": [
        '10: each question must be "field: value" lines, starting with "- name: ..." (or "-',
    ],
    "question-without-name": ["7: a question has no name"],
    "questions-not-a-list": [
        '7: "questions" must be a list: start each question with "- name: ..."',
    ],
    "rank-count-too-big": ["9: count 3 must be from 1 to the number of choices (2)"],
    "rank-count-zero": ["9: count 0 must be from 1 to the number of choices (1)"],
    "reference-to-a-group": ["20: ${g} is a group, not a question: it has no answer"],
    "reference-to-a-later-question": [
        "10: ${safe} comes later in the survey: its answer does not exist yet here",
    ],
    "reference-to-a-note": ["13: ${hello} is a note: it has no answer"],
    "relevant-refers-to-itself": [
        "10: the relevant refers to this question's own answer ${q}, which does not exist",
    ],
    "scale-low-label-missing-a-language": ["9: the low_label is missing in ar"],
    "scale-min-not-below-max": ["9: min 5 must be less than max 1"],
    "scale-too-many-points": ["10: the scale has 12 points (0 to 11); at most 11"],
    "selected-not-a-choice": ["18: 'maybe' is not a choice of ${safe} (its choices: yes, no)"],
    "tab-indent": [
        "8: the file is not valid YAML: found character '\\t' that cannot start any token.",
    ],
    "title-missing-a-language": ["4: the title is missing in ar"],
    "unknown-kind": ['2: unknown kind "feedbak" (did you mean "feedback"?)'],
    "unknown-language": ['3: unknown language "arabic" (one of: en, fr, ar, es)'],
    "unknown-question-field": [
        "7: the label is missing: write it in en, ar",
        '9: unknown field "lable" in a question (did you mean "label"?)',
    ],
    "unknown-reference-no-close-name": [
        "18: unknown question ${district}: no question has this name",
    ],
    "unknown-reference": ["18: unknown question ${saef} (did you mean ${safe}?)"],
    "unknown-responses": ['6: unknown value for responses "several" (one of: one, many)'],
    "unknown-survey-field": [
        "1: the title is missing: write it in en, ar",
        '4: unknown field "titel" in the survey (did you mean "title"?)',
    ],
    "unknown-type": ['8: unknown question type "selct_one" (did you mean "select_one"?)'],
    "words-not-per-language": [
        '9: "label" must be one text per language, such as "label: {en: ..., ar: ...}", not',
    ],
    "wrong-type-count": ['9: "count" must be a whole number, not text'],
    "wrong-type-required": ['10: "required" must be true or false, not text'],
    "yaml-syntax-error": [
        "9: the file is not valid YAML: expected ',' or '}', but got ':'. Put a text in",
    ],
}


def test_every_broken_fixture_says_what_it_expects() -> None:
    assert sorted(path.stem for path in BROKEN.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_a_broken_survey_names_the_line_of_each_problem(case: str) -> None:
    path = BROKEN / f"{case}.yaml"
    survey, problems = load_survey_file(path)
    found = [f"{problem.line}: {problem.message}" for problem in problems]
    assert survey is None
    assert all(problem.path == path for problem in problems)
    assert len(found) == len(EXPECTED[case]), found
    for problem, start in zip(found, EXPECTED[case], strict=True):
        assert problem.startswith(start), found


def _header(languages: str = "[en, ar]") -> str:
    return (
        f"id: a\nkind: feedback\nlanguages: {languages}\n"
        "title: {en: Title, ar: عنوان}\ndescription: {en: About 1 minute., ar: حوالي دقيقة.}\n"
        "questions:\n"
    )


def _load(questions: str) -> tuple[Survey | None, list[str]]:
    survey, problems = load_survey_text(_header() + questions, Path("a.yaml"))
    return survey, [f"{problem.line}: {problem.message}" for problem in problems]


def test_a_file_that_is_not_utf8_is_named_at_its_line(tmp_path: Path) -> None:
    # Not a fixture file: editors and tools choke on a file that is not UTF-8.
    path = tmp_path / "a.yaml"
    text = _header() + "  - name: q\n    type: text\n    label: {en: Café?, ar: س}\n"
    path.write_bytes(text.encode("latin-1", errors="replace"))
    survey, problems = load_survey_file(path)
    assert survey is None
    assert [str(problem) for problem in problems] == [
        f"{path}:9: the file is not UTF-8 text: save it with the UTF-8 encoding"
    ]


# --- the good survey ------------------------------------------------------------------------


def test_the_good_survey_loads_with_everything_in_it() -> None:
    survey, problems = load_survey_file(GOOD)
    assert problems == []
    assert survey is not None
    assert survey.id == "community-voices"
    assert survey.version == "2"
    assert survey.kind == "needs-assessment"
    assert survey.languages == ("en", "ar")
    assert survey.title["ar"] == "ما الذي يحتاجه مجتمعك؟"
    assert survey.linked_to_profile is False
    assert survey.responses == "many"
    assert survey.invitation_only is True
    assert survey.closes == "2027-03-31"
    assert survey.thanks["en"].startswith("Thank you.")
    assert {q.type for q in survey.questions} == set(QUESTION_TYPES)
    assert [(q.name, q.groups) for q in survey.questions] == [
        ("welcome", ()),
        ("feels_safe", ()),
        ("worries", ("daily_life",)),
        ("worries_more", ("daily_life",)),
        ("household_size", ("daily_life", "household")),
        ("income_share", ("daily_life", "household")),
        ("top_needs", ()),
        ("trust", ()),
        ("message", ()),
    ]
    assert survey.groups == (
        Group("daily_life", {"en": "Daily life", "ar": "الحياة اليومية"}, "${feels_safe} != 'no'"),
        Group("household", {"en": "Your household", "ar": "أسرتك"}, None),
    )
    feels_safe = survey.question("feels_safe")
    assert feels_safe is not None
    assert feels_safe.required is True
    assert feels_safe.hint == {"en": "Think of the last month.", "ar": "فكّر في الشهر الماضي."}
    assert feels_safe.choices[:2] == (
        Choice("yes", {"en": "Yes", "ar": "نعم"}),
        Choice("no", {"en": "No", "ar": "لا"}),
    )
    worries = survey.question("worries")
    assert worries is not None
    assert worries.or_other is True
    assert worries.constraint == "count-selected(.) <= 2"
    assert worries.constraint_message["en"] == "Choose at most two."
    top_needs = survey.question("top_needs")
    assert top_needs is not None and top_needs.rank_count == 2
    trust = survey.question("trust")
    assert trust is not None
    assert (trust.scale_min, trust.scale_max) == (0, 10)
    assert trust.low_label == {"en": "Not at all", "ar": "إطلاقًا"}
    assert trust.high_label["en"] == "Completely"
    worries_more = survey.question("worries_more")
    assert worries_more is not None
    assert worries_more.relevant == "selected(${worries}, 'water')"
    assert semantic_problems(survey) == []


def test_dumping_the_good_survey_gives_it_back() -> None:
    survey, _ = load_survey_file(GOOD)
    assert survey is not None
    text = dump_survey(survey)
    again, problems = load_survey_text(text, Path("community-voices.yaml"))
    assert problems == []
    assert again == survey
    assert again.recorded_version == survey.recorded_version


def test_the_dumped_text_reads_like_a_hand_written_file() -> None:
    survey, _ = load_survey_file(GOOD)
    assert survey is not None
    text = dump_survey(survey)
    assert text.startswith("id: community-voices\nversion: 2\nkind: needs-assessment\n")
    assert "languages: [en, ar]\n" in text
    assert "  ar: ما الذي يحتاجه مجتمعك؟\n" in text  # Arabic as it is, not \u escapes
    assert '      - name: "yes"\n' in text
    assert '      - name: "dont_know"\n' in text
    assert "closes: 2027-03-31\n" in text
    assert "    relevant: \"${feels_safe} != 'no'\"\n" in text
    # The inner group sits inside the outer one's questions.
    assert "\n  - group: daily_life\n" in text
    assert "\n      - group: household\n" in text
    assert "\n          - name: household_size\n" in text
    # Defaults are left out.
    assert "required: false" not in text
    assert "or_other: false" not in text
    assert "min: 1\n" not in text


def _survey(*questions: Question, groups: tuple[Group, ...] = ()) -> Survey:
    return Survey(
        id="a",
        title={"en": "Title", "ar": "عنوان"},
        kind="feedback",
        languages=("en", "ar"),
        description={"en": "About a minute.", "ar": "حوالي دقيقة."},
        questions=questions,
        groups=groups,
    )


def _words(text: str) -> dict[str, str]:
    return {"en": text, "ar": text}


def test_awkward_values_survive_a_round_trip() -> None:
    choices = tuple(
        Choice(name, _words(label))
        for name, label in (
            ("no", "No"),
            ("yes", "yes"),
            ("true", "null"),
            ("01", "1.0"),
            ("~", "2027-03-31"),
            ("a:b", "#1: the best"),
        )
    )
    survey = replace(
        _survey(
            Question("one", "select_one", _words("- a list? no: a question"), choices=choices),
            Question(
                "two",
                "text",
                _words("Two lines\nand a 'quote' and a \"quote\"\n"),
                hint=_words("  leading spaces"),
                relevant="${one} = \"no\" or ${one} = 'yes'",
                groups=("outer",),
            ),
            Question("three", "integer", _words("[3]"), groups=("outer", "inner")),
            Question("four", "decimal", _words("{4}"), groups=("outer",)),
            Question("five", "note", _words("*five*"), groups=("other",)),
            groups=(
                Group("outer", _words("Outer"), "${one} != 'no'"),
                Group("inner"),
                Group("other", relevant="true()"),
            ),
        ),
        version="1.10",
        closes="2027-12-31",
        responses="many",
        thanks=_words("yes"),
    )
    assert semantic_problems(survey) == []
    again, problems = load_survey_text(dump_survey(survey), Path("a.yaml"))
    assert problems == []
    assert again == survey


def test_every_survey_of_the_bot_survives_a_round_trip() -> None:
    library, _ = load_surveys(SURVEYS_DIR)
    for survey in library.all():
        again, problems = load_survey_text(dump_survey(survey), Path(f"{survey.id}.yaml"))
        assert problems == [], survey.id
        assert again == survey, survey.id


# --- what YAML would turn into something else ------------------------------------------------


def test_words_yaml_reads_as_true_or_a_number_stay_as_written() -> None:
    survey, problems = _load(
        "  - name: q\n"
        "    type: select_one\n"
        "    required: yes\n"  # true/false fields take yes/no as well
        "    label: {en: No, ar: 10}\n"
        "    choices:\n"
        "      - name: yes\n"  # a bare yes is the text "yes"
        "        label: {en: On, ar: 1.50}\n"
        "      - name: 007\n"
        "        label: {en: Off, ar: 2027-01-01}\n"
    )
    assert problems == []
    assert survey is not None
    question = survey.questions[0]
    assert question.required is True
    assert question.label == {"en": "No", "ar": "10"}
    assert question.choices == (
        Choice("yes", {"en": "On", "ar": "1.50"}),
        Choice("007", {"en": "Off", "ar": "2027-01-01"}),
    )


@pytest.mark.parametrize(
    ("written", "version"), [("version: 1.10", "1.10"), ("version: 3", "3"), ("", "1")]
)
def test_the_version_is_the_text_written(written: str, version: str) -> None:
    text = _header().replace("questions:", f"{written}\nquestions:") + (
        "  - name: q\n    type: text\n    label: {en: Q, ar: س}\n"
    )
    survey, problems = load_survey_text(text, Path("a.yaml"))
    assert problems == []
    assert survey is not None and survey.version == version


@pytest.mark.parametrize("closes", ["2027-03-31", '"2027-03-31"', "'2027-03-31'"])
def test_closes_is_a_date_with_or_without_quotes(closes: str) -> None:
    text = _header().replace("questions:", f"closes: {closes}\nquestions:") + (
        "  - name: q\n    type: text\n    label: {en: Q, ar: س}\n"
    )
    survey, problems = load_survey_text(text, Path("a.yaml"))
    assert problems == []
    assert survey is not None and survey.closes == "2027-03-31"


def test_a_quoted_true_is_not_true() -> None:
    _, problems = _load('  - name: q\n    type: text\n    required: "true"\n    label: {en: Q}\n')
    assert problems[0] == '9: "required" must be true or false, not text'


# --- constraints that can be met are left alone ---------------------------------------------


@pytest.mark.parametrize(
    ("kind", "constraint"),
    [
        ("integer", ". div 10 = 5"),
        ("integer", ". mod 7 = 3"),
        ("integer", ". >= 1000000"),
        ("integer", ". != 0"),
        ("decimal", ". > 0.25 and . < 0.5"),
        ("decimal", ". = 2.5"),
        ("text", "string-length(.) >= 300"),
        ("text", "string-length(.) = 0 or . = 'none'"),
        ("text", "regex(., '^[A-Z]{2}-[0-9]{3}$')"),  # patterns are not guessed: never reported
        ("scale", ". >= 4"),
        ("select_one", ". != 'a'"),
        ("select_multiple", "count-selected(.) = 3"),
        ("select_multiple", "not(selected(., 'a') and selected(., 'c'))"),
        ("rank", "selected(., 'c')"),
        ("select_one", "${age} >= 18 or . = 'b'"),
        ("integer", ". <= ${age}"),
    ],
)
def test_a_constraint_that_can_be_met_is_not_reported(kind: str, constraint: str) -> None:
    choices = tuple(Choice(name, _words(name.upper())) for name in ("a", "b", "c"))
    has_choices = kind in ("select_one", "select_multiple", "rank")
    survey = _survey(
        Question("age", "integer", _words("Age?")),
        Question(
            "q",
            kind,
            _words("Q?"),
            choices=choices if has_choices else (),
            constraint=constraint,
        ),
    )
    assert semantic_problems(survey) == []


def test_the_answer_typed_after_other_can_be_used_later() -> None:
    survey = _survey(
        Question(
            "q", "select_one", _words("Q?"), choices=(Choice("a", _words("A")),), or_other=True
        ),
        Question("r", "text", _words("R?"), relevant="string-length(${q_other}) > 0"),
    )
    assert semantic_problems(survey) == []


# --- issues without YAML (what the XLSForm importer gets) ------------------------------------


def test_issues_name_the_question_field_and_choice() -> None:
    survey = _survey(
        Question(
            "q",
            "select_one",
            _words("Q?"),
            choices=(Choice("a", {"en": "A"}), Choice("b", _words("x" * 61))),
        ),
        Question("r", "text", {"en": "R?", "fr": "R ?"}, relevant="${q} = 'c'"),
        groups=(Group("unused", relevant="${q} = 'a'"),),
    )
    survey = replace(survey, kind="survey")
    assert semantic_problems(survey) == [
        SurveyIssue(None, "kind", 'unknown kind "survey" (one of: feedback, needs-assessment)'),
        SurveyIssue("unused", "questions", 'the group "unused" has no questions'),
        SurveyIssue("q", "choices", 'the label of choice "a" is missing in ar', "a"),
        SurveyIssue(
            "q",
            "choices",
            'the label of choice "b" in en has 61 characters; at most 60 (it is a button)',
            "b",
        ),
        SurveyIssue(
            "q",
            "choices",
            'the label of choice "b" in ar has 61 characters; at most 60 (it is a button)',
            "b",
        ),
        SurveyIssue(
            "r",
            "label",
            'the label is written in "fr", which is not one of the survey\'s languages (en, ar)',
        ),
        SurveyIssue("r", "label", "the label is missing in ar"),
        SurveyIssue("r", "relevant", "'c' is not a choice of ${q} (its choices: a, b)"),
    ]


def test_a_question_in_a_group_that_does_not_exist() -> None:
    survey = _survey(Question("q", "text", _words("Q?"), groups=("nowhere",)))
    assert semantic_problems(survey) == [
        SurveyIssue("q", "groups", 'group "nowhere" does not exist')
    ]


def test_the_questions_of_a_group_come_together() -> None:
    survey = _survey(
        Question("q", "text", _words("Q?"), groups=("g",)),
        Question("r", "text", _words("R?")),
        Question("s", "text", _words("S?"), groups=("g",)),
        groups=(Group("g"),),
    )
    assert semantic_problems(survey) == [
        SurveyIssue(
            "g", "questions", 'the questions of group "g" must come together, one after the other'
        )
    ]


def test_a_group_sits_in_the_same_groups_each_time() -> None:
    survey = _survey(
        Question("q", "text", _words("Q?"), groups=("outer", "g")),
        Question("r", "text", _words("R?"), groups=("g",)),
        groups=(Group("outer"), Group("g")),
    )
    assert [issue.question for issue in semantic_problems(survey)] == ["g"]


def test_min_and_max_are_only_for_a_scale() -> None:
    survey = _survey(Question("q", "integer", _words("Q?"), scale_min=0, scale_max=120))
    assert [(issue.field, issue.message[:34]) for issue in semantic_problems(survey)] == [
        ("min", '"min" is only for scale questions:'),
        ("max", '"max" is only for scale questions:'),
    ]


# --- a folder of surveys ---------------------------------------------------------------------


def test_a_folder_of_surveys_keeps_only_those_without_problems() -> None:
    library, problems = load_surveys(FOLDER)
    assert [str(problem) for problem in problems] == [
        f'{FOLDER / "kind-typo.yaml"}:2: unknown kind "feedbak" (did you mean "feedback"?)',
        f'{FOLDER / "misnamed.yaml"}:1: id "tiny" does not match the file\'s name "misnamed.yaml"',
        f'{FOLDER / "misnamed.yaml"}:1: another file has the same id "tiny": tiny.yaml',
        f'{FOLDER / "old.yml"}: rename it to "old.yaml": surveys end in .yaml',
    ]
    # README.md and the editor's .#tiny.yaml are not surveys.
    assert len(library) == 1
    assert [survey.id for survey in library.all()] == ["tiny"]
    tiny = library.get("tiny")
    assert tiny is not None and tiny.questions[0].name == "heard"
    assert library.get("kind-typo") is None


def test_surveys_are_listed_by_id(tmp_path: Path) -> None:
    for survey_id in ("zeta", "alpha", "mid"):
        text = (FOLDER / "tiny.yaml").read_text(encoding="utf-8")
        (tmp_path / f"{survey_id}.yaml").write_text(
            text.replace("id: tiny", f"id: {survey_id}"), encoding="utf-8"
        )
    library, problems = load_surveys(tmp_path)
    assert problems == []
    assert [survey.id for survey in library.all()] == ["alpha", "mid", "zeta"]
    assert len(SurveyLibrary()) == 0


def test_an_empty_folder_has_no_surveys_and_no_problems(tmp_path: Path) -> None:
    library, problems = load_surveys(tmp_path)
    assert (len(library), problems) == (0, [])


def test_a_missing_folder_is_a_problem(tmp_path: Path) -> None:
    library, problems = load_surveys(tmp_path / "nowhere")
    assert len(library) == 0
    assert [str(problem) for problem in problems] == [
        f"{tmp_path / 'nowhere'}: there is no such folder"
    ]


def test_the_surveys_folder_is_next_to_the_module() -> None:
    assert SURVEYS_DIR == REPO / "content" / "surveys"
    assert (SURVEYS_DIR / "README.md").is_file()


# --- the command -----------------------------------------------------------------------------


def _check(*args: str, cwd: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[int, list[str]]:
    monkeypatch.chdir(cwd)
    result = CliRunner().invoke(app, ["content", "check", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output.splitlines()


def test_the_command_names_each_survey_problem_and_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    code, lines = _check("--surveys", str(FOLDER), cwd=REPO, monkeypatch=monkeypatch)
    assert code == 1
    assert lines == [
        "tests/fixtures/surveys/folder/kind-typo.yaml:2: "
        'unknown kind "feedbak" (did you mean "feedback"?)',
        "tests/fixtures/surveys/folder/misnamed.yaml:1: "
        'id "tiny" does not match the file\'s name "misnamed.yaml"',
        "tests/fixtures/surveys/folder/misnamed.yaml:1: "
        'another file has the same id "tiny": tiny.yaml',
        'tests/fixtures/surveys/folder/old.yml: rename it to "old.yaml": surveys end in .yaml',
        "1 survey: 4 problems",
    ]


def test_the_command_passes_good_surveys(monkeypatch: pytest.MonkeyPatch) -> None:
    code, lines = _check("--surveys", str(GOOD.parent), cwd=REPO, monkeypatch=monkeypatch)
    assert (code, lines) == (0, ["1 survey: no problems"])


def test_the_command_checks_explainers_and_surveys_together(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    surveys = tmp_path / "surveys"
    shutil.copytree(GOOD.parent, surveys)
    args = ("--dir", str(EXPLAINERS), "--surveys", str(surveys))
    code, lines = _check(*args, cwd=REPO, monkeypatch=monkeypatch)
    assert (code, lines) == (0, ["2 explainers in 4 languages, 1 survey: no problems"])
    # A path outside the current folder is shown as it is.
    (surveys / "community-voices.yaml").write_text("id: [", encoding="utf-8")
    code, lines = _check(*args, cwd=REPO, monkeypatch=monkeypatch)
    assert code == 1
    assert lines[0].startswith(f"{surveys / 'community-voices.yaml'}:1: the file is not valid")
    assert lines[-1] == "2 explainers in 4 languages, 0 surveys: 1 problem"


def test_the_command_checks_the_bots_own_explainers_and_surveys_by_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, lines = _check(cwd=REPO, monkeypatch=monkeypatch)
    library, _ = load_surveys(SURVEYS_DIR)
    assert f", {len(library)} survey" in lines[-1]
    assert lines[-1].split(":")[0].endswith(("survey", "surveys"))
