"""`peacebot survey ...` and `peacebot staff ...`: what a facilitator or admin types and reads.

The real `main()` runs in this process with settings from environment variables (a fresh
SQLite database and a copy of tests/fixtures/chat_surveys/ as SURVEYS_DIR for each test).
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.settings import decode_master_key
from content.survey_model import Survey
from content.surveys import dump_survey, load_survey_file, load_surveys
from content.xlsform import import_xlsform
from services import survey_engine
from services import surveys as taking
from services.participants import enrol_participant
from services.pseudonyms import pseudonym_for
from services.survey_engine import Given, Picked, Seen, Skipped, Typed
from storage.database import create_engine, create_session_factory
from tests.cli_harness import (
    Deployment,
    Peacebot,
    assert_chained,
    audit_log,
    table_rows,
)
from tests.conftest import TEST_KEY, TEST_PEPPER

FIXTURES = Path(__file__).resolve().parent / "fixtures"
CHAT_SURVEYS = FIXTURES / "chat_surveys"
XLSFORMS = FIXTURES / "xlsform"
GOOD_FORMS = ["simple_feedback", "needs_assessment", "multilingual_ar", "kobo_metadata"]
# The rows of unsupported.xlsx's survey sheet that must be refused, and a word on each line.
REFUSED_ROWS = {
    3: "deviceid",
    5: "choice_filter",
    6: "geopoint",
    7: "calculate",
    9: "begin repeat",
    11: "end repeat",
    12: "image",
    13: "relevant",
}
TELEGRAM_ID = 12345


def fixture_surveys() -> list[Survey]:
    library, problems = load_surveys(CHAT_SURVEYS)
    assert problems == []
    return library.all()


# ------------------------------------------------------------------ list, open, close


def test_list_shows_every_survey_as_a_draft_nobody_took(peacebot: Peacebot) -> None:
    result = peacebot("survey", "list")
    assert result.returncode == 0, result.stderr
    rows = table_rows(result.stdout)
    surveys = fixture_surveys()
    assert sorted(rows) == sorted(path.stem for path in CHAT_SURVEYS.glob("*.yaml"))
    for survey in surveys:
        _, title, status, questions, languages, started, completed = rows[survey.id]
        assert title == survey.title["en"]
        assert status == "draft"
        assert questions == str(survey_engine.question_count(survey))
        assert languages == " ".join(survey.languages)
        assert (started, completed) == ("0", "0")


def test_open_then_close_shows_in_the_list_and_is_audited(
    peacebot: Peacebot, deployment: Deployment
) -> None:
    opened = peacebot("survey", "open", "every-type")
    assert opened.returncode == 0, opened.stderr
    assert "every-type: draft → open" in opened.stdout
    listed = table_rows(peacebot("survey", "list").stdout)
    assert listed["every-type"][2] == "open"
    assert listed["invited-only"][2] == "draft", "only the survey named changes"

    closed = peacebot("survey", "close", "every-type")
    assert closed.returncode == 0, closed.stderr
    assert "every-type: open → closed" in closed.stdout
    assert table_rows(peacebot("survey", "list").stdout)["every-type"][2] == "closed"

    entries = audit_log(deployment)
    assert [(e.actor, e.action) for e in entries] == [
        ("cli", "survey.open"),
        ("cli", "survey.close"),
    ]
    assert all('"survey": "every-type"' in e.details for e in entries)
    assert_chained(entries)


def test_opening_an_open_survey_changes_nothing_and_audits_nothing(
    peacebot: Peacebot, deployment: Deployment
) -> None:
    assert peacebot("survey", "open", "every-type").returncode == 0
    again = peacebot("survey", "open", "every-type")
    assert again.returncode == 0, again.stderr
    assert "already open" in again.stdout
    assert [e.action for e in audit_log(deployment)] == ["survey.open"]


def test_opening_after_the_closing_date_is_refused_naming_it(
    peacebot: Peacebot, deployment: Deployment
) -> None:
    path = deployment.surveys_dir / "every-type.yaml"
    text = path.read_text(encoding="utf-8")
    assert "\nversion: 2\n" in text
    path.write_text(text.replace("\nversion: 2\n", "\nversion: 2\ncloses: 2020-01-01\n"))

    result = peacebot("survey", "open", "every-type")
    assert result.returncode == 2
    assert len(result.problems) == 1, result.stderr
    assert result.problems[0].startswith("peacebot: ")
    assert "2020-01-01" in result.problems[0]
    assert "closes" in result.problems[0], "it says what to change"
    assert "Traceback" not in result.stderr
    assert table_rows(peacebot("survey", "list").stdout)["every-type"][2] == "draft"
    assert audit_log(deployment) == [], "a refused change is not audited"


@pytest.mark.parametrize("command", ["open", "close", "show", "stats"])
def test_an_unknown_survey_is_one_line_listing_the_known_ones(
    peacebot: Peacebot, deployment: Deployment, command: str
) -> None:
    result = peacebot("survey", command, "no-such-survey")
    assert result.returncode == 2
    assert result.problems == [
        'peacebot: no survey named "no-such-survey" '
        "(surveys: closed-last-year, every-type, invited-only)"
    ]
    assert result.stdout == ""
    assert audit_log(deployment) == []


def test_a_missing_surveys_folder_is_named(
    peacebot: Peacebot, deployment: Deployment, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = deployment.workdir / "no-surveys-here"
    monkeypatch.setenv("SURVEYS_DIR", str(missing))
    result = peacebot("survey", "list")
    assert result.returncode == 2
    assert len(result.problems) == 1, result.stderr
    assert "SURVEYS_DIR" in result.problems[0]
    assert str(missing) in result.problems[0]
    assert "no such folder" in result.problems[0]


def test_a_broken_survey_file_is_left_out_with_a_note_on_how_to_see_why(
    peacebot: Peacebot, deployment: Deployment
) -> None:
    (deployment.surveys_dir / "broken.yaml").write_text("id: broken\nkind: feedback\n")
    result = peacebot("survey", "list")
    assert result.returncode == 0, result.stderr
    assert sorted(table_rows(result.stdout)) == ["closed-last-year", "every-type", "invited-only"]
    assert f"peacebot content check --surveys {deployment.surveys_dir}" in result.stderr


# ------------------------------------------------------------------ show


def test_show_in_french_prints_french_labels_and_the_skip_rule(peacebot: Peacebot) -> None:
    result = peacebot("survey", "show", "every-type", "--lang", "fr")
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert text.startswith("Les besoins de votre quartier  [every-type, version 2+")
    assert "draft]" in text.splitlines()[0]
    assert "one response per person" in text
    assert "Avez-vous de l'eau propre à la maison ?" in text
    assert "- yes: Oui" in text
    assert "- well: Un puits" in text
    assert "Do you have clean water at home?" not in text
    # The skip rule is printed under the question it governs.
    water_source = text.split("water_source (select_one)")[1].split("\n\n")[0]
    assert "Où trouvez-vous de l'eau ?" in water_source
    assert "asked only if: ${water} = 'no'" in water_source
    assert "answer must meet: count-selected(.) <= 2" in text


@pytest.mark.parametrize(("survey", "language"), [("every-type", "xx"), ("invited-only", "fr")])
def test_show_in_a_language_the_survey_lacks_is_refused(
    peacebot: Peacebot, survey: str, language: str
) -> None:
    result = peacebot("survey", "show", survey, "--lang", language)
    assert result.returncode == 2
    assert len(result.problems) == 1, result.stderr
    problem = result.problems[0]
    assert problem.startswith(f"peacebot: --lang {language}: {survey} is in ")
    languages = next(s for s in fixture_surveys() if s.id == survey).languages
    assert problem.endswith(f"{', '.join(languages)} only")
    assert result.stdout == ""


# ------------------------------------------------------------------ stats


async def _take_every_type(deployment: Deployment) -> None:
    """One person finishes every-type; another stops after the water questions."""
    library, problems = load_surveys(deployment.surveys_dir)
    assert problems == []
    survey = library.get("every-type")
    assert survey is not None
    key = decode_master_key(TEST_KEY)
    engine = create_engine(deployment.database_url)
    try:
        async with create_session_factory(engine)() as session:
            finisher = await enrol_participant(
                session, pseudonym="p-finisher", chat_id=1, language="en", consent_version="1"
            )
            stopper = await enrol_participant(
                session, pseudonym="p-stopper", chat_id=2, language="en", consent_version="1"
            )
            await session.commit()

            finishing: list[tuple[str, Given]] = [
                ("intro", Seen()),
                ("water", Picked(("yes",))),
                ("problems", Picked(("roads",))),
                ("needs", Picked(("school", "clinic"))),
                ("trust", Picked(("3",))),
                ("minutes", Typed("15")),
                ("spend", Skipped()),
                ("comment", Skipped()),
                ("voice", Skipped()),
            ]
            response = await taking.start_or_resume(session, survey, finisher)
            for step, given in finishing:
                done = await taking.give(session, key, survey, finisher, response, step, given)
            assert done.question is None, "the finisher finished"

            stopping: list[tuple[str, Given]] = [
                ("intro", Seen()),
                ("water", Picked(("no",))),
                ("water_source", Picked(("well",))),
            ]
            response = await taking.start_or_resume(session, survey, stopper)
            for step, given in stopping:
                done = await taking.give(session, key, survey, stopper, response, step, given)
            assert done.question is not None
    finally:
        await engine.dispose()


def test_stats_count_started_completed_and_answers_per_question(
    peacebot: Peacebot, deployment: Deployment
) -> None:
    assert peacebot("survey", "open", "every-type").returncode == 0
    asyncio.run(_take_every_type(deployment))

    result = peacebot("survey", "stats", "every-type")
    assert result.returncode == 0, result.stderr
    assert "every-type (open): started 2, completed 1 (completion 50%)" in result.stdout
    answered = {name: cells[1] for name, cells in table_rows(result.stdout).items()}
    assert answered == {
        "water": "2",
        "water_source": "1",
        "problems": "1",
        "needs": "1",
        "trust": "1",
        "minutes": "1",
        "spend": "0",
        "comment": "0",
        "voice": "0",
    }
    listed = table_rows(peacebot("survey", "list").stdout)
    assert listed["every-type"][5:] == ["2", "1"]
    assert listed["invited-only"][5:] == ["0", "0"]


def test_stats_of_an_untaken_survey_are_zero(peacebot: Peacebot) -> None:
    result = peacebot("survey", "stats", "invited-only")
    assert result.returncode == 0, result.stderr
    assert "invited-only (draft): started 0, completed 0 (completion -)" in result.stdout
    assert {name: cells[1] for name, cells in table_rows(result.stdout).items()} == {"heard": "0"}


# ------------------------------------------------------------------ import


@pytest.mark.parametrize("form", GOOD_FORMS)
def test_import_writes_a_survey_file_that_reads_back_the_same(
    peacebot: Peacebot, deployment: Deployment, form: str
) -> None:
    source = XLSFORMS / f"{form}.xlsx"
    expected, problems = import_xlsform(source)
    assert expected is not None and problems == []

    result = peacebot("survey", "import", str(source))
    assert result.returncode == 0, result.stderr
    target = deployment.surveys_dir / f"{expected.id}.yaml"
    assert str(target) in result.stdout
    assert f"peacebot survey open {expected.id}" in result.stdout
    read, problems = load_survey_file(target)
    assert problems == []
    assert read == expected

    # The bot's own listing now has it, as a draft.
    listed = table_rows(peacebot("survey", "list").stdout)
    assert listed[expected.id][2] == "draft"


def test_import_does_not_replace_a_survey_without_force(
    peacebot: Peacebot, deployment: Deployment
) -> None:
    source = XLSFORMS / "simple_feedback.xlsx"
    assert peacebot("survey", "import", str(source)).returncode == 0
    target = deployment.surveys_dir / "simple-feedback.yaml"
    edited = target.read_text(encoding="utf-8") + "# edited by hand\n"
    target.write_text(edited, encoding="utf-8")

    again = peacebot("survey", "import", str(source))
    assert again.returncode == 2
    assert len(again.problems) == 1, again.stderr
    assert str(target) in again.problems[0]
    assert "--force" in again.problems[0]
    assert target.read_text(encoding="utf-8") == edited

    forced = peacebot("survey", "import", str(source), "--force")
    assert forced.returncode == 0, forced.stderr
    survey, _ = import_xlsform(source)
    assert survey is not None
    assert target.read_text(encoding="utf-8") == dump_survey(survey)


def test_import_out_writes_where_told(peacebot: Peacebot, deployment: Deployment) -> None:
    source = XLSFORMS / "multilingual_ar.xlsx"
    expected, _ = import_xlsform(source)
    before = sorted(p.name for p in deployment.surveys_dir.iterdir())

    to_file = deployment.workdir / "review" / "safety.yaml"
    result = peacebot("survey", "import", str(source), "--out", str(to_file))
    assert result.returncode == 0, result.stderr
    assert load_survey_file(to_file) == (expected, [])
    assert "safety-ar.yaml" in result.stderr, "it says the bot needs the file named <id>.yaml"

    folder = deployment.workdir / "drafts"
    folder.mkdir()
    result = peacebot("survey", "import", str(source), "--out", str(folder))
    assert result.returncode == 0, result.stderr
    assert load_survey_file(folder / "safety-ar.yaml") == (expected, [])
    assert result.stderr == ""

    assert sorted(p.name for p in deployment.surveys_dir.iterdir()) == before


def test_import_of_an_unsupported_form_lists_each_refused_row_and_writes_nothing(
    peacebot: Peacebot, deployment: Deployment
) -> None:
    before = sorted(p.name for p in deployment.surveys_dir.iterdir())
    result = peacebot("survey", "import", str(XLSFORMS / "unsupported.xlsx"))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    lines = result.problems
    for row, word in REFUSED_ROWS.items():
        named = [line for line in lines if f"sheet survey, row {row}:" in line]
        assert len(named) == 1, f"row {row}: {lines}"
        assert word in named[0]
    assert lines[-1].startswith("peacebot: ")
    assert "not imported" in lines[-1]
    assert f"({len(lines) - 1} problem(s) above)" in lines[-1]
    assert sorted(p.name for p in deployment.surveys_dir.iterdir()) == before
    assert list(deployment.workdir.iterdir()) == []


def test_import_of_a_missing_file_names_it(peacebot: Peacebot, deployment: Deployment) -> None:
    result = peacebot("survey", "import", "forms/not-there.xlsx")
    assert result.returncode == 2
    assert result.problems == ["peacebot: forms/not-there.xlsx: no such file"]
    assert list(deployment.workdir.iterdir()) == []


# ------------------------------------------------------------------ staff


def test_grant_list_and_revoke_a_role_under_a_pseudonym(
    peacebot: Peacebot, deployment: Deployment
) -> None:
    pseudonym = pseudonym_for(TEST_PEPPER.encode(), TELEGRAM_ID)
    assert str(TELEGRAM_ID) not in pseudonym  # else the checks below prove nothing

    granted = peacebot("staff", "grant", str(TELEGRAM_ID), "facilitator")
    assert granted.returncode == 0, granted.stderr
    assert granted.stdout.splitlines() == [
        "granted facilitator",
        # The test deployment has no BOT_TOKEN: Telegram is not told now.
        "no BOT_TOKEN here: their command menu shows it from their next message to the bot",
    ]

    listed = peacebot("staff", "list")
    assert listed.returncode == 0, listed.stderr
    rows = table_rows(listed.stdout)
    assert list(rows) == [pseudonym[:12]]
    assert rows[pseudonym[:12]][1:3] == ["facilitator", "cli"]
    assert str(TELEGRAM_ID) not in listed.stdout + listed.stderr

    again = peacebot("staff", "grant", str(TELEGRAM_ID), "facilitator")
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == "already had facilitator"

    revoked = peacebot("staff", "revoke", str(TELEGRAM_ID), "facilitator")
    assert revoked.returncode == 0, revoked.stderr
    assert revoked.stdout.splitlines()[0] == "revoked facilitator"
    assert "staff commands may stay in their menu" in revoked.stdout
    empty = peacebot("staff", "list")
    assert table_rows(empty.stdout) == {}
    assert "No roles given yet" in empty.stdout

    not_had = peacebot("staff", "revoke", str(TELEGRAM_ID), "facilitator")
    assert not_had.returncode == 0, not_had.stderr
    assert not_had.stdout.strip() == "did not have facilitator"

    entries = audit_log(deployment)
    assert [(e.actor, e.action) for e in entries] == [
        ("cli", "staff.grant"),
        ("cli", "staff.revoke"),
    ], "a grant or revoke that changes nothing is not audited"
    for entry in entries:
        assert pseudonym in entry.details
        assert '"role": "facilitator"' in entry.details
        assert str(TELEGRAM_ID) not in " ".join(vars(entry).values())
    assert_chained(entries)


def test_an_unknown_role_is_refused_listing_the_roles(
    peacebot: Peacebot, deployment: Deployment
) -> None:
    for command in ("grant", "revoke"):
        result = peacebot("staff", command, str(TELEGRAM_ID), "boss")
        assert result.returncode == 2
        assert result.problems == [
            'peacebot: unknown role "boss"; use one of: admin, facilitator, organiser'
        ]
    assert audit_log(deployment) == []


def test_revoking_admin_from_someone_in_admin_ids_says_they_stay_admin(
    peacebot: Peacebot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ADMIN_IDS", str(TELEGRAM_ID))
    result = peacebot("staff", "revoke", str(TELEGRAM_ID), "admin")
    assert result.returncode == 0, result.stderr
    assert "did not have admin" in result.stdout
    assert "ADMIN_IDS" in result.stdout
    listed = peacebot("staff", "list")
    assert "Admins from ADMIN_IDS: 1" in listed.stdout


# ------------------------------------------------------------------ help


@pytest.mark.parametrize(
    ("command", "phrases"),
    [
        (
            ["survey"],
            ["Surveys and consultations", "draft", "Share your views", "open", "close"],
        ),
        (
            ["survey", "import"],
            ["KoboToolbox", "XLSForm", "refused", "never dropped silently", "--out", "--force"],
        ),
        (
            ["staff", "grant"],
            ["Give a role", "TELEGRAM_ID", "pseudonym", "facilitator, organiser or admin"],
        ),
    ],
)
def test_help_explains_in_words(peacebot: Peacebot, command: list[str], phrases: list[str]) -> None:
    result = peacebot(*command, "--help")
    assert result.returncode == 0, result.stderr
    for phrase in phrases:
        assert phrase in result.words, f"{phrase!r} not in: {result.words}"
