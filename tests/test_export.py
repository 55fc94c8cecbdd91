"""Exports of survey responses: every option, every question type, and that nothing in any
format can point back to a person. Responses are given through the survey service as the
chat gives them, into the real database (SQLite, or PostgreSQL with COPY when
PEACEBOT_TEST_DATABASE_URL is set); the export is read back as an analyst would."""

from __future__ import annotations

import asyncio
import contextlib
import csv
import gc
import hmac
import io
import json
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

import services.export
import services.export_files
from bot.factory import Runtime
from bot.i18n import Catalogue
from content.survey_model import Survey
from services import surveys as taking
from services.export import AUDIT_ACTION, ExportRequest, ExportSummary, export_responses
from services.export_columns import JOINED, SPLIT, VOICE_PRESENT, ExportShape
from services.export_files import export_file
from services.participants import enrol_participant, erase_participant
from services.response_filter import ResponseFilter
from services.survey_engine import Given, Picked, Seen, Skipped, Typed, Voice
from storage.models import AuditEntry, Participant
from tests.test_surveys_chat import SURVEYS

MONDAY = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)
TUESDAY = datetime(2026, 11, 3, 23, 30, tzinfo=UTC)  # Wednesday already in Khartoum (UTC+2)

# Everything a participant of every-type.yaml can give, step by step.
FULL: dict[str, Given] = {
    "intro": Seen(),
    "water": Picked(("no",)),
    "water_source": Picked(("other",)),
    "water_source_other": Typed("a tank the neighbours share, call +249 91 234 5678"),
    "problems": Picked(("roads", "other")),
    "problems_other": Typed('=HYPERLINK("http://x.example") nothing to do at night'),
    "needs": Picked(("clinic", "school")),
    "trust": Picked(("4",)),
    "minutes": Typed("25"),
    "spend": Typed("12.5"),
    "comment": Typed("Write to amina@example.org or @amina_h, see https://t.me/x"),
    "voice": Voice("AwACAgQAAxkBAAIBvoice-file-id"),
}
SHORT: dict[str, Given] = {
    "intro": Seen(),
    "water": Picked(("yes",)),
    "problems": Picked(("power", "safety")),
    "needs": Picked(("jobs", "clinic")),
    "trust": Skipped(),
    "minutes": Typed("5"),
    "spend": Skipped(),
    "comment": Skipped(),
    "voice": Skipped(),
}


@pytest.fixture
def settings_overrides() -> dict[str, object]:
    return {"surveys_dir": SURVEYS}


def every_type(runtime: Runtime) -> Survey:
    survey = runtime.surveys.get("every-type")
    assert survey is not None
    return survey


@dataclass
class Person:
    participant: Participant
    chat_id: int


async def person(
    session: AsyncSession, number: int, language: str = "en", **profile: str
) -> Person:
    participant = await enrol_participant(
        session,
        pseudonym=f"{number:064x}",
        chat_id=700_000_000 + number,
        language=language,
        consent_version="1",
    )
    for field, value in profile.items():
        setattr(participant, field, value)
    await session.commit()
    return Person(participant, 700_000_000 + number)


async def answer(
    runtime: Runtime,
    session: AsyncSession,
    survey: Survey,
    who: Person,
    given: dict[str, Given],
    now: datetime = MONDAY,
    finish: bool = True,
) -> None:
    """Answer step by step as the engine asks, as the chat does."""
    master_key = runtime.settings.require_master_key()
    await answer_with_key(master_key, session, survey, who.participant, given, now, finish)


async def answer_with_key(
    master_key: bytes,
    session: AsyncSession,
    survey: Survey,
    participant: Participant,
    given: dict[str, Given],
    now: datetime = MONDAY,
    finish: bool = True,
) -> None:
    response = await taking.start_or_resume(session, survey, participant, now)
    step = await taking.current(session, master_key, survey, participant, response)
    while step.question is not None:
        name = step.question.name
        if not finish and name == "needs":
            return
        step = await taking.give(
            session, master_key, survey, participant, response, name, given[name], now
        )


async def export(
    runtime: Runtime,
    survey: Survey,
    kind: str = "csv",
    *,
    which: ResponseFilter | None = None,
    threshold: int = 1,
    actor: str = "cli",
    export_key: bytes | None = b"k" * 32,
    text_worker: bool = False,
    **shape: Any,
) -> tuple[bytes, ExportSummary]:
    request = ExportRequest(
        survey=survey,
        which=which or ResponseFilter(survey.id),
        shape=ExportShape(**shape),
        format=kind,
        threshold=threshold,
        actor=actor,
    )
    buffer = io.BytesIO()
    stream: Any = buffer if kind == "xlsx" else io.TextIOWrapper(buffer, encoding="utf-8")
    async with runtime.session_factory() as session:
        summary = await export_responses(
            session,
            request,
            export_file(kind, stream),
            runtime.settings.require_master_key(),
            export_key,
            text_worker=text_worker,
        )
    if kind != "xlsx":
        stream.flush()
    return buffer.getvalue(), summary


def csv_rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode())))


async def open_survey(runtime: Runtime, survey: Survey) -> None:
    async with runtime.session_factory() as session:
        await taking.set_status(session, survey, "open", MONDAY)


# ------------------------------------------------------------------ columns and cells


async def test_every_question_type_in_values_with_multi_split(runtime: Runtime) -> None:
    survey = every_type(runtime)
    await open_survey(runtime, survey)
    async with runtime.session_factory() as session:
        amina = await person(session, 1, "ar", age_band="18-24", gender="woman", region="North")
        bola = await person(session, 2, "fr", age_band="30-39", gender="man", region="East")
        await answer(runtime, session, survey, amina, FULL, MONDAY)
        await answer(runtime, session, survey, bola, SHORT, TUESDAY)

    data, summary = await export(runtime, survey)
    rows = csv_rows(data)
    assert summary.rows == 2 and len(rows) == 2
    assert list(rows[0]) == [
        "respondent", "survey_version", "started", "finished",
        "age_band", "gender", "region", "role", "join_source",
        "water", "water_source", "water_source_other",
        "problems/roads", "problems/power", "problems/safety", "problems/other",
        "problems_other",
        "needs/school", "needs/clinic", "needs/jobs",
        "trust", "minutes", "spend", "comment", "voice",
    ]  # fmt: skip
    first, second = rows
    assert first["survey_version"] == survey.recorded_version
    assert (first["started"], first["finished"]) == ("2026-11-02", "2026-11-02")
    assert (first["age_band"], first["gender"], first["region"]) == ("18-24", "woman", "North")
    assert (first["role"], first["join_source"]) == ("", "")
    assert (first["water"], first["water_source"]) == ("no", "other")
    # Free text opened, then scrubbed of the phone number.
    assert first["water_source_other"] == "a tank the neighbours share, call [phone]"
    assert [first[f"problems/{c}"] for c in ("roads", "power", "safety", "other")] == [
        "1", "0", "0", "1",
    ]  # fmt: skip
    # A formula typed by a participant stays text in a spreadsheet.
    assert first["problems_other"].startswith("'=HYPERLINK(")
    # A ranking split: each choice's place, empty when not ranked.
    assert [first[f"needs/{c}"] for c in ("school", "clinic", "jobs")] == ["2", "1", ""]
    assert (first["trust"], first["minutes"], first["spend"]) == ("4", "25", "12.5")
    assert first["comment"] == "Write to [email] or [handle], see [link]"
    assert first["voice"] == VOICE_PRESENT
    # Skipped and not-asked questions are empty; a multi not answered is not "0".
    assert second["water"] == "yes" and second["water_source"] == ""
    assert second["water_source_other"] == ""
    assert [second[f"problems/{c}"] for c in ("roads", "power", "safety", "other")] == [
        "0", "1", "1", "0",
    ]  # fmt: skip
    assert (second["trust"], second["spend"], second["comment"], second["voice"]) == ("",) * 4
    assert (second["started"], second["finished"]) == ("2026-11-03", "2026-11-03")
    assert summary.scrubbed == 5  # a phone, two links, an email, a handle


async def test_joined_multi_and_labels_in_each_of_four_languages(runtime: Runtime) -> None:
    survey = every_type(runtime)
    await open_survey(runtime, survey)
    async with runtime.session_factory() as session:
        await answer(runtime, session, survey, await person(session, 1), FULL)

    data, _ = await export(runtime, survey, multi=JOINED)
    row = csv_rows(data)[0]
    assert "problems" in row and "problems/roads" not in row
    assert (row["problems"], row["needs"], row["water"]) == ("roads other", "clinic school", "no")

    expected = {
        "en": ("No", "Roads; Other", "Clinic; School"),
        "fr": ("Non", "Routes; Autre", "Dispensaire; École"),
        "ar": ("لا", "الطرق; غير ذلك", "عيادة; مدرسة"),
        "es": ("No", "Caminos; Otro", "Clínica; Escuela"),
    }
    other = Catalogue().in_every_language("survey-other")
    for language, labels in expected.items():
        data, _ = await export(runtime, survey, language=language, multi=JOINED, other_label=other)
        row = csv_rows(data)[0]
        assert (row["water"], row["problems"], row["needs"]) == labels, language
    # Split columns stay 1/0 with labels: the codebook carries the words.
    data, _ = await export(runtime, survey, language="fr", multi=SPLIT)
    assert csv_rows(data)[0]["problems/roads"] == "1"


async def test_xlsx_has_the_rows_a_codebook_and_the_details(runtime: Runtime) -> None:
    survey = every_type(runtime)
    await open_survey(runtime, survey)
    async with runtime.session_factory() as session:
        await answer(runtime, session, survey, await person(session, 1, gender="woman"), FULL)
        await answer(runtime, session, survey, await person(session, 2), SHORT)

    other = Catalogue().in_every_language("survey-other")
    data, summary = await export(runtime, survey, "xlsx", hxl=True, other_label=other)
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["responses", "codebook", "export"]
    rows = list(book["responses"].iter_rows(values_only=True))
    headers, hashtags, body = rows[0], rows[1], rows[2:]
    assert len(body) == summary.rows == 2
    by_header = dict(zip(headers, hashtags, strict=True))
    assert by_header["respondent"] == "#meta+id"
    assert by_header["region"] == "#adm1+name"
    assert by_header["gender"] == "#respondee+gender"
    assert by_header["age_band"] == "#respondee+age"
    assert by_header["problems/roads"] == "#indicator+problems+roads"
    first = dict(zip(headers, body[0], strict=True))
    # Numbers are numbers; a participant's "=..." is text, not a formula.
    assert first["minutes"] == 25 and first["spend"] == 12.5 and first["trust"] == 4
    cell = book["responses"].cell(row=3, column=headers.index("problems_other") + 1)
    assert cell.data_type == "s" and str(cell.value).startswith("=HYPERLINK(")

    codebook = list(book["codebook"].iter_rows(values_only=True))
    keys = codebook[0]
    assert keys == (
        "column", "type", "choice", "label::en", "label::fr", "label::ar", "label::es", "hxl",
    )  # fmt: skip
    entries = [dict(zip(keys, row, strict=True)) for row in codebook[1:]]
    water = next(e for e in entries if e["column"] == "water" and not e["choice"])
    assert water["label::ar"] == "هل لديك ماء نظيف في البيت؟" and water["type"] == "select_one"
    no = next(e for e in entries if e["column"] == "water" and e["choice"] == "no")
    assert (no["label::en"], no["label::fr"], no["label::es"]) == ("No", "Non", "No")
    split_other = next(e for e in entries if e["column"] == "problems/other")
    assert split_other["label::fr"] == "Autre"
    assert any(e["column"] == "water_source_other" for e in entries)

    details = dict(list(book["export"].iter_rows(values_only=True))[1:])
    assert details["survey"] == "every-type" and details["rows"] == "2"
    assert details["suppression threshold"] == "1"
    assert "EXPORT_KEY" in str(details["respondent ids"])


async def test_json_gives_typed_values_the_details_and_the_codebook(runtime: Runtime) -> None:
    survey = every_type(runtime)
    await open_survey(runtime, survey)
    async with runtime.session_factory() as session:
        await answer(runtime, session, survey, await person(session, 1), FULL)
        await answer(runtime, session, survey, await person(session, 2), SHORT)

    data, _ = await export(runtime, survey, "json", multi=JOINED, hxl=True)
    document = json.loads(data)
    first, second = document["results"]
    assert first["minutes"] == 25 and first["spend"] == 12.5
    assert first["problems"] == "roads other" and first["voice"] == VOICE_PRESENT
    assert second["spend"] is None and second["problems"] == "power safety"
    assert document["export"]["rows"] == "2"
    assert document["hxl"]["region"] == "#adm1+name"
    assert {entry["column"] for entry in document["codebook"]} >= {"water", "problems"}

    empty, summary = await export(runtime, survey, "json", which=ResponseFilter("nobody-took"))
    assert json.loads(empty)["results"] == [] and summary.rows == 0


# ------------------------------------------------------------------ safety


async def test_no_identifier_in_any_format(runtime: Runtime) -> None:
    survey = every_type(runtime)
    await open_survey(runtime, survey)
    people = []
    async with runtime.session_factory() as session:
        for number in range(1, 6):
            people.append(await person(session, number, region="North"))
            await answer(runtime, session, survey, people[-1], FULL if number % 2 else SHORT)
    secrets = [str(p.chat_id) for p in people] + [p.participant.pseudonym for p in people]
    for kind in ("csv", "json", "xlsx"):
        for shape in ({}, {"multi": JOINED, "hxl": True, "language": "ar"}):
            data, _ = await export(runtime, survey, kind, **shape)
            text = xlsx_text(data) if kind == "xlsx" else data.decode()
            assert "voice-file-id" not in text, kind  # the voice note's reference
            for secret in secrets:
                assert secret not in text, (kind, shape)


def xlsx_text(data: bytes) -> str:
    """Every part of the XLSX (a zip of XML files), uncompressed, as one text."""
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "\n".join(archive.read(name).decode() for name in archive.namelist())


async def test_respondent_ids_differ_by_export_key_and_stay_with_one(runtime: Runtime) -> None:
    survey = every_type(runtime)
    await open_survey(runtime, survey)
    async with runtime.session_factory() as session:
        people = [await person(session, number) for number in (1, 2, 3)]
        for someone in people:
            await answer(runtime, session, survey, someone, SHORT)

    def ids(data: bytes) -> list[str]:
        return [row["respondent"] for row in csv_rows(data)]

    # HMAC-SHA256 of the pseudonym under the export key, its first 80 bits in hex (also
    # with a key longer than SHA-256's block, which HMAC hashes first).
    for key in (b"o" * 32, b"L" * 100):
        assert sorted(ids((await export(runtime, survey, export_key=key))[0])) == sorted(
            hmac.new(key, someone.participant.pseudonym.encode(), "sha256").hexdigest()[:20]
            for someone in people
        )

    ours = ids((await export(runtime, survey, export_key=b"o" * 32))[0])
    again = ids((await export(runtime, survey, export_key=b"o" * 32))[0])
    theirs = ids((await export(runtime, survey, export_key=b"t" * 32))[0])
    one_off = ids((await export(runtime, survey, export_key=None))[0])
    assert ours == again and len(set(ours)) == 3
    assert not set(ours) & set(theirs) and not set(ours) & set(one_off)


async def test_a_deleted_participant_is_absent(runtime: Runtime) -> None:
    survey = every_type(runtime)
    await open_survey(runtime, survey)
    async with runtime.session_factory() as session:
        kept = await person(session, 1)
        gone = await person(session, 2)
        await answer(runtime, session, survey, kept, SHORT)
        await answer(runtime, session, survey, gone, FULL)
        await erase_participant(session, gone.participant)
        await session.commit()
    data, summary = await export(runtime, survey)
    rows = csv_rows(data)
    assert summary.rows == 1 and len(rows) == 1
    assert rows[0]["water"] == "yes"  # the one who stayed (SHORT)
    assert "tank" not in data.decode()


async def test_free_text_can_be_left_out(runtime: Runtime) -> None:
    survey = every_type(runtime)
    await open_survey(runtime, survey)
    async with runtime.session_factory() as session:
        await answer(runtime, session, survey, await person(session, 1), FULL)
    data, summary = await export(runtime, survey, free_text=False)
    row = csv_rows(data)[0]
    assert "comment" not in row and "problems_other" not in row
    assert "water_source_other" not in row
    assert row["voice"] == VOICE_PRESENT and row["minutes"] == "25"
    assert "tank" not in data.decode() and "amina" not in data.decode()
    assert summary.scrubbed == 0


async def test_answers_to_questions_the_survey_no_longer_has_are_counted(
    runtime: Runtime,
) -> None:
    survey = every_type(runtime)
    await open_survey(runtime, survey)
    async with runtime.session_factory() as session:
        for number, given in ((1, FULL), (2, SHORT)):
            await answer(runtime, session, survey, await person(session, number), given)
    data, summary = await export(runtime, survey, "json")
    assert summary.left_out == {}
    assert json.loads(data)["export"]["answers not in this file"] == "none"
    # A later version drops two questions (one with its "other" step); SHORT skipped "trust".
    removed = ("water_source", "trust")
    later = replace(survey, questions=tuple(q for q in survey.questions if q.name not in removed))
    for free_text in (True, False):  # free text left out on purpose is not counted
        data, summary = await export(runtime, later, "json", free_text=free_text)
        assert summary.left_out == {"trust": 1, "water_source": 1, "water_source_other": 1}
        assert "trust" not in json.loads(data)["results"][0]
        assert json.loads(data)["export"]["answers not in this file"] == (
            "3 answers to questions the survey no longer has "
            "(trust: 1, water_source: 1, water_source_other: 1); kept in the database"
        )


async def test_small_profile_groups_are_blanked_from_the_least_telling_field(
    runtime: Runtime,
) -> None:
    survey = every_type(runtime)
    await open_survey(runtime, survey)
    async with runtime.session_factory() as session:
        # Three young women in the north, two with a role; one older man in the east.
        profiles = [
            {"age_band": "18-24", "gender": "woman", "region": "North", "role": "youth-group"},
            {"age_band": "18-24", "gender": "woman", "region": "North", "role": "youth-group"},
            {"age_band": "18-24", "gender": "woman", "region": "North"},
            {"age_band": "40-59", "gender": "man", "region": "East"},
        ]
        for number, profile in enumerate(profiles, start=1):
            await answer(runtime, session, survey, await person(session, number, **profile), SHORT)

    data, summary = await export(runtime, survey, threshold=3)
    shown = sorted(
        (row["age_band"], row["gender"], row["region"], row["role"]) for row in csv_rows(data)
    )
    # The role would single out two of the women: blanked, and the three share a line.
    # The man is alone in every way: everything about him is blanked.
    assert shown == [("", "", "", ""), *[("18-24", "woman", "North", "")] * 3]
    assert summary.profile_fields_blanked == 2 + 3  # two roles; his age, gender, region
    # At threshold 1 nothing is blanked.
    data, summary = await export(runtime, survey, threshold=1)
    assert summary.profile_fields_blanked == 0
    assert sum(row["role"] == "youth-group" for row in csv_rows(data)) == 2


async def test_the_export_is_audited_with_its_filters_and_rows(runtime: Runtime) -> None:
    survey = every_type(runtime)
    await open_survey(runtime, survey)
    async with runtime.session_factory() as session:
        await answer(runtime, session, survey, await person(session, 1), SHORT)
    which = ResponseFilter(survey.id, since=MONDAY.date())
    data, summary = await export(
        runtime, survey, "xlsx", which=which, actor="f" * 64, language="fr"
    )
    # Who made it is in the audit log, never in the file.
    assert "f" * 64 not in xlsx_text(data)
    assert dict(summary.details)["made from"] == "the command line"
    async with runtime.session_factory() as session:
        entries = (
            await session.scalars(select(AuditEntry).where(AuditEntry.action == AUDIT_ACTION))
        ).all()
    assert len(entries) == 1
    details = json.loads(entries[0].details)
    assert entries[0].actor == "f" * 64
    assert details["survey"] == "every-type" and details["format"] == "xlsx"
    assert details["since"] == "2026-11-02" and details["rows"] == 1
    assert details["choices"] == "labels:fr"


# ------------------------------------------------------------------ which responses


async def test_days_unfinished_responses_and_the_time_zone(runtime: Runtime) -> None:
    survey = every_type(runtime)
    await open_survey(runtime, survey)
    async with runtime.session_factory() as session:
        await answer(runtime, session, survey, await person(session, 1), SHORT, MONDAY)
        await answer(runtime, session, survey, await person(session, 2), SHORT, TUESDAY)
        await answer(runtime, session, survey, await person(session, 3), FULL, TUESDAY, False)

    async def days(**which: Any) -> list[tuple[str, str]]:
        data, _ = await export(runtime, survey, which=ResponseFilter(survey.id, **which))
        return [(row["started"], row["finished"]) for row in csv_rows(data)]

    monday, tuesday = MONDAY.date(), TUESDAY.date()
    assert await days() == [("2026-11-02", "2026-11-02"), ("2026-11-03", "2026-11-03")]
    assert await days(since=tuesday) == [("2026-11-03", "2026-11-03")]
    assert await days(until=monday) == [("2026-11-02", "2026-11-02")]
    assert len(await days(unfinished_too=True)) == 3
    assert ("2026-11-03", "") in await days(unfinished_too=True, since=tuesday)
    # In Khartoum (UTC+2) Tuesday 23:30 UTC is already Wednesday.
    khartoum = ZoneInfo("Africa/Khartoum")
    assert await days(zone=khartoum, since=date(2026, 11, 4)) == [("2026-11-04", "2026-11-04")]


async def test_free_text_opened_in_a_worker_process_is_the_same(
    runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    survey = every_type(runtime)
    await open_survey(runtime, survey)
    async with runtime.session_factory() as session:
        for number in range(1, 6):
            given = FULL if number % 2 else SHORT
            await answer(runtime, session, survey, await person(session, number), given)
    here, summary_here = await export(runtime, survey)
    monkeypatch.setattr("services.export.TEXT_WORKER_FROM_ROWS", 1)
    monkeypatch.setattr("services.export_rows.BATCH", 2)  # several batches in the pipeline
    started: list[object] = []
    real = services.export._text_worker

    @contextlib.contextmanager
    def counted(*args: Any) -> Any:
        with real(*args) as worker:
            started.append(worker)
            yield worker

    monkeypatch.setattr("services.export._text_worker", counted)
    there, summary_there = await export(runtime, survey, text_worker=True)
    assert started and started[0] is not None  # a worker process did open them
    assert gc.get_freeze_count() == 0  # what was frozen for the fork is let go again
    assert there == here
    assert summary_there.scrubbed == summary_here.scrubbed == 3 * 5


async def test_small_groups_count_people_not_responses(runtime: Runtime) -> None:
    survey = replace(every_type(runtime), responses="many")
    await open_survey(runtime, survey)
    async with runtime.session_factory() as session:
        alone = await person(session, 1, age_band="60-plus", gender="another", region="Far")
        for _ in range(3):  # three responses from one person are not a group of three
            await answer(runtime, session, survey, alone, SHORT)
    data, _ = await export(runtime, survey, threshold=3)
    rows = csv_rows(data)
    assert len(rows) == 3 and len({row["respondent"] for row in rows}) == 1
    assert all((row["age_band"], row["gender"], row["region"]) == ("", "", "") for row in rows)


async def test_control_characters_and_formulas_anywhere_stay_harmless(
    runtime: Runtime,
) -> None:
    survey = every_type(runtime)
    await open_survey(runtime, survey)
    typed = {
        **FULL,
        "comment": Typed("my story\x0b\x1bof the village"),
        "problems_other": Typed("@SUM(1)"),
    }
    async with runtime.session_factory() as session:
        await answer(
            runtime, session, survey, await person(session, 1, region="=cmd|' /C calc'!A0"), typed
        )
    data, _ = await export(runtime, survey, "xlsx")
    book = load_workbook(io.BytesIO(data))
    headers = [cell.value for cell in book["responses"][1]]
    row = [cell for cell in book["responses"][2]]
    comment = row[headers.index("comment")]
    assert comment.value == "my storyof the village" and comment.data_type == "s"
    region = row[headers.index("region")]
    assert region.data_type == "s" and str(region.value).startswith("=cmd")
    data, _ = await export(runtime, survey, "csv")
    first = csv_rows(data)[0]
    assert first["region"].startswith("'=cmd") and first["problems_other"] == "'@SUM(1)"


async def test_an_anonymous_survey_cannot_be_joined_to_a_profiled_one_by_respondent_id(
    runtime: Runtime,
) -> None:
    profiled = every_type(runtime)
    anonymous = replace(profiled, id="anonymous-copy", linked_to_profile=False)
    for survey in (profiled, anonymous):
        await open_survey(runtime, survey)
    async with runtime.session_factory() as session:
        someone = await person(session, 1, gender="woman", region="North")
        for survey in (profiled, anonymous):
            await answer(runtime, session, survey, someone, SHORT)
    key = b"o" * 32
    [with_profile] = csv_rows((await export(runtime, profiled, export_key=key))[0])
    [without] = csv_rows((await export(runtime, anonymous, export_key=key))[0])
    assert with_profile["gender"] == "woman" and "gender" not in without
    assert with_profile["respondent"] != without["respondent"]
    # Profiled surveys keep one id per person under one key (analysis across them).
    again = replace(profiled, id="profiled-copy")
    await open_survey(runtime, again)
    async with runtime.session_factory() as session:
        await answer(runtime, session, again, someone, SHORT)
    [second] = csv_rows((await export(runtime, again, export_key=key))[0])
    assert second["respondent"] == with_profile["respondent"]


async def test_an_export_that_fails_half_way_stops_at_once_and_says_why(
    runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    survey = every_type(runtime)
    await open_survey(runtime, survey)
    async with runtime.session_factory() as session:
        for number in range(1, 13):
            await answer(runtime, session, survey, await person(session, number), SHORT)
    # Batches of two: the database has sent more than the export takes when it fails.
    monkeypatch.setattr("services.export_rows.BATCH", 2)

    class DiskFull(services.export_files.CsvFile):
        written = 0

        async def write(self, rows: Any) -> None:
            self.written += 1
            if self.written == 2:
                raise OSError(28, "No space left on device")
            await super().write(rows)

    request = ExportRequest(
        survey=survey,
        which=ResponseFilter(survey.id),
        shape=ExportShape(),
        format="csv",
        threshold=1,
        actor="cli",
    )
    # Within seconds, the connection given back too (a stopped COPY once hung for ever).
    async with asyncio.timeout(30), runtime.session_factory() as session:
        with pytest.raises(OSError, match="No space left"):
            await export_responses(
                session,
                request,
                DiskFull(io.StringIO()),
                runtime.settings.require_master_key(),
                b"k" * 32,
            )
    # The session's connection went back usable: the next export runs.
    data, summary = await export(runtime, survey)
    assert summary.rows == 12 and len(csv_rows(data)) == 12
