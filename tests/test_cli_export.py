"""`peacebot export` as an organiser types it: files in each format, the screen, and clear
errors for wrong arguments that leave no file behind."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from bot.settings import decode_master_key
from content.surveys import load_surveys
from services import surveys as taking
from services.participants import enrol_participant
from services.pseudonyms import pseudonym_for
from storage.database import create_engine, create_session_factory
from storage.migrate import upgrade
from tests.cli_harness import Deployment, Peacebot, assert_chained, audit_log
from tests.conftest import TEST_KEY, TEST_PEPPER
from tests.test_export import FULL, MONDAY, SHORT, answer_with_key

PEOPLE = {101: FULL, 102: SHORT, 103: SHORT}


def answered(deployment: Deployment) -> None:
    """Three people took every-type.yaml in the chat (through the survey service)."""

    async def take() -> None:
        engine = create_engine(deployment.database_url)
        await upgrade(engine)
        library, _ = load_surveys(deployment.surveys_dir)
        survey = library.get("every-type")
        assert survey is not None
        master_key = decode_master_key(TEST_KEY)
        async with create_session_factory(engine)() as session:
            await taking.set_status(session, survey, "open", MONDAY)
            for user, given in PEOPLE.items():
                participant = await enrol_participant(
                    session,
                    pseudonym=pseudonym_for(TEST_PEPPER.encode(), user),
                    chat_id=user,
                    language="en",
                    consent_version="1",
                )
                participant.gender = "woman"
                await session.commit()
                await answer_with_key(master_key, session, survey, participant, given)
        await engine.dispose()

    asyncio.run(take())


def test_each_format_into_a_file_and_csv_to_the_screen(
    peacebot: Peacebot, deployment: Deployment
) -> None:
    answered(deployment)
    done = peacebot("export", "every-type", "--out", "needs.xlsx", "--hxl")
    assert done.returncode == 0, done.stderr
    assert "Exported 3 response(s) of every-type to needs.xlsx" in done.stderr
    book = load_workbook(deployment.workdir / "needs.xlsx")
    assert book.sheetnames == ["responses", "codebook", "export"]
    assert book["responses"].max_row == 2 + 3  # headers, hashtags, three rows

    done = peacebot("export", "every-type", "--labels", "--lang", "fr", "--out", "needs.csv")
    assert done.returncode == 0, done.stderr
    text = (deployment.workdir / "needs.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert sorted(row["water"] for row in rows) == ["Non", "Oui", "Oui"]
    assert rows[0]["problems/other"] in ("0", "1")

    done = peacebot("export", "every-type", "--multi", "joined", "--no-free-text")
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert len(rows) == 3 and "comment" not in rows[0]
    assert "roads other" in {row["problems"] for row in rows}

    done = peacebot("export", "every-type", "--format", "json", "--since", "2020-01-01")
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)["results"]) == 3
    # Nothing but the export on standard output: the summary is on standard error.
    assert "Exported" not in done.stdout

    entries = audit_log(deployment)
    exports = [entry for entry in entries if entry.action == "responses.export"]
    assert len(exports) == 4 and all(entry.actor == "cli" for entry in exports)
    assert_chained(entries)
    assert peacebot("audit", "verify").returncode == 0


def test_wrong_arguments_say_what_to_do_and_leave_no_file(
    peacebot: Peacebot, deployment: Deployment
) -> None:
    answered(deployment)
    cases = {
        ("export", "no-such-survey"): 'no survey named "no-such-survey"',
        ("export", "every-type", "--format", "pdf"): "--format pdf: use one of csv, xlsx, json",
        ("export", "every-type", "--format", "xlsx"): "--format xlsx needs --out",
        ("export", "every-type", "--multi", "both"): "--multi both: use split or joined",
        ("export", "every-type", "--since", "1 Nov"): "--since '1 Nov': give a day as YYYY-MM-DD",
        ("export", "every-type", "--since", "2026-12-01", "--until", "2026-11-01"): (
            "--until 2026-11-01 is before --since 2026-12-01"
        ),
        ("export", "every-type", "--lang", "fr"): "--lang only changes labels: add --labels",
        ("export", "every-type", "--labels", "--lang", "de"): "every-type has labels in en",
        ("export", "every-type", "--out", "missing/needs.csv"): "there is no folder missing",
        (
            "export",
            "every-type",
            "--format",
            "json",
            "--out",
            "a.csv",
        ): "the file's ending says csv",
    }
    for args, message in cases.items():
        done = peacebot(*args)
        assert done.returncode != 0, args
        assert message in " ".join(done.stderr.split()), (args, done.stderr)
        assert "Traceback" not in done.stderr
    assert sorted(p.name for p in deployment.workdir.iterdir()) == []
    assert not [e for e in audit_log(deployment) if e.action == "responses.export"]
    # An existing file is kept unless --force.
    (deployment.workdir / "needs.csv").write_text("mine")
    done = peacebot("export", "every-type", "--out", "needs.csv")
    assert done.returncode != 0 and "the file exists; add --force" in done.stderr
    assert (deployment.workdir / "needs.csv").read_text() == "mine"
    assert peacebot("export", "every-type", "--out", "needs.csv", "--force").returncode == 0
    assert "respondent" in (deployment.workdir / "needs.csv").read_text(encoding="utf-8-sig")


def test_help_explains_the_options(peacebot: Peacebot) -> None:
    done = peacebot("export", "--help")
    assert done.returncode == 0
    words = " ".join(done.stdout.split())
    for option in ("--labels", "--multi", "--since", "--hxl", "--no-free-text", "--internal"):
        assert option in words
    assert "never the chat id" in words


def test_the_folder_is_not_left_with_a_part_file_when_the_export_fails(
    peacebot: Peacebot, deployment: Deployment, monkeypatch: pytest.MonkeyPatch
) -> None:
    answered(deployment)

    async def broken(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("bot.cli_export.export_responses", broken)
    done = peacebot("export", "every-type", "--out", "needs.csv")
    assert done.returncode != 0
    assert "--out needs.csv: could not write the file (disk full)" in done.stderr
    assert list(Path(deployment.workdir).iterdir()) == []


def test_internal_threshold_and_unfinished_responses(
    peacebot: Peacebot, deployment: Deployment
) -> None:
    answered(deployment)

    def details(*args: str) -> dict[str, str]:
        done = peacebot("export", "every-type", "--force", "--out", "needs.xlsx", *args)
        assert done.returncode == 0, done.stderr
        book = load_workbook(deployment.workdir / "needs.xlsx")
        return {str(k): str(v) for k, v in list(book["export"].iter_rows(values_only=True))[1:]}

    assert details()["suppression threshold"] == "10"
    internal = details("--internal", "--unfinished")
    assert internal["suppression threshold"] == "5"
    assert internal["responses"].startswith("started")
    # Three women: fewer than 5 share "woman", so gender is blanked even for internal use.
    book = load_workbook(deployment.workdir / "needs.xlsx")
    rows = list(book["responses"].iter_rows(values_only=True))
    assert rows[0][5] == "gender" and {row[5] for row in rows[1:]} == {None}


def test_answers_to_a_removed_question_are_said_to_be_left_out(
    peacebot: Peacebot, deployment: Deployment
) -> None:
    answered(deployment)  # the first person (FULL) rated "trust"; the others skipped it
    survey_file = deployment.surveys_dir / "every-type.yaml"
    lines = survey_file.read_text(encoding="utf-8").splitlines(keepends=True)
    start = lines.index("  - name: trust\n")
    end = lines.index("  - name: minutes\n")
    survey_file.write_text("".join(lines[:start] + lines[end:]), encoding="utf-8")

    done = peacebot("export", "every-type", "--out", "needs.csv")
    assert done.returncode == 0, done.stderr
    said = " ".join(done.stderr.split())
    assert "Not in the file: 1 answer(s) to question(s) the survey no longer has (trust)" in said
    assert "trust" not in (deployment.workdir / "needs.csv").read_text(encoding="utf-8-sig")
