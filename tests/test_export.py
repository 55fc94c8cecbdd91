"""Exports of survey responses: every option, every question type, and that nothing in any
format can point back to a person. Responses are given through the survey service as the
chat gives them, into the real database (SQLite, or PostgreSQL with COPY when
PEACEBOT_TEST_DATABASE_URL is set); the export is read back as an analyst would."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

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
    "problems_other": Typed("=HYPERLINK(\"http://x.example\") nothing to do at night"),
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
    response = await taking.start_or_resume(session, survey, who.participant, now)
    step = await taking.current(session, master_key, survey, who.participant, response)
    while step.question is not None:
        name = step.question.name
        if not finish and name == "needs":
            return
        step = await taking.give(
            session, master_key, survey, who.participant, response, name, given[name], now
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
        data, _ = await export(
            runtime, survey, language=language, multi=JOINED, other_label=other
        )
        row = csv_rows(data)[0]
        assert (row["water"], row["problems"], row["needs"]) == labels, language
    # Split columns stay 1/0 with labels: the codebook carries the words.
    data, _ = await export(runtime, survey, language="fr", multi=SPLIT)
    assert csv_rows(data)[0]["problems/roads"] == "1"
