"""/export in the chat: an organiser picks a survey and a kind of file and gets it as a
document that cannot be forwarded; participants and facilitators reach nothing, forged
buttons included. Through the real dispatcher and the Bot API emulator."""

from __future__ import annotations

import asyncio
import csv
import io
import json

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from bot.command_menus import PARTICIPANT_COMMANDS
from emulator import BotApiEmulator, SimulatedPerson
from handlers.callbacks import StaffExportAction
from services import staff
from services import surveys as taking
from services.export import AUDIT_ACTION
from services.participants import enrol_participant
from services.pseudonyms import pseudonym_for
from storage.models import AuditEntry
from tests.conftest import TEST_PEPPER, RunningBot
from tests.journey import join, t
from tests.test_export import FULL, MONDAY, SHORT, Person, answer, xlsx_text
from tests.test_staff_roles import menu
from tests.test_surveys_chat import SURVEYS, every_type


@pytest.fixture
def settings_overrides() -> dict[str, object]:
    return {"surveys_dir": SURVEYS, "flood_limit": 1000}


async def staff_member(running_bot: RunningBot, role: str, name: str) -> SimulatedPerson:
    person = running_bot.person(name, "en")
    async with running_bot.runtime.session_factory() as session:
        pseudonym = pseudonym_for(TEST_PEPPER.encode(), person.user_id)
        await staff.grant(session, pseudonym, role, "test")
    return person


async def two_responses(running_bot: RunningBot) -> list[int]:
    """Two people answered; their chat ids."""
    runtime = running_bot.runtime
    survey = every_type(running_bot)
    chat_ids = [880_001, 880_002]
    async with runtime.session_factory() as session:
        await taking.set_status(session, survey, "open", MONDAY)
        for chat_id, given in zip(chat_ids, (FULL, SHORT), strict=True):
            participant = await enrol_participant(
                session,
                pseudonym=pseudonym_for(TEST_PEPPER.encode(), chat_id),
                chat_id=chat_id,
                language="en",
                consent_version="1",
            )
            await session.commit()
            await answer(runtime, session, survey, Person(participant, chat_id), given)
    return chat_ids


async def exports_audited(running_bot: RunningBot) -> int:
    async with running_bot.runtime.session_factory() as session:
        rows = await session.scalars(select(AuditEntry).where(AuditEntry.action == AUDIT_ACTION))
        return len(rows.all())


async def test_an_organiser_gets_each_kind_of_file_protected(
    running_bot: RunningBot, emulator: BotApiEmulator
) -> None:
    chat_ids = await two_responses(running_bot)
    olu = await staff_member(running_bot, staff.ORGANISER, "Olu")
    title = every_type(running_bot).title["en"]

    await olu.send("/export")
    assert t("en", "staff-export-title") in olu.last_text
    # Their own menu now offers /export (and no facilitator command).
    assert menu(emulator, olu.user_id) == [*PARTICIPANT_COMMANDS, "export"]
    await olu.press(title)
    assert olu.last_text == t("en", "staff-export-format", title=title)
    await olu.press("XLSX")
    document = olu.last_message
    assert document.document_name == "every-type.xlsx" and document.document_bytes
    assert document.protect_content
    assert "2 responses." in (document.text or "")
    book = load_workbook(io.BytesIO(document.document_bytes))
    assert book["responses"].max_row == 3
    assert olu.unanswered_callbacks == []

    await olu.send("/export every-type")
    await olu.press("CSV")
    rows = list(csv.DictReader(io.StringIO(olu.last_message.document_bytes.decode("utf-8-sig"))))  # type: ignore[union-attr]
    assert sorted(row["water"] for row in rows) == ["no", "yes"]
    await olu.send("/export every-type")
    await olu.press("JSON")
    results = json.loads(olu.last_message.document_bytes or b"")["results"]  # type: ignore[arg-type]
    assert len(results) == 2
    everything = "".join(
        xlsx_text(m.document_bytes)
        if m.document_name.endswith(".xlsx")
        else m.document_bytes.decode()
        for m in olu.messages
        if m.document_name and m.document_bytes
    )
    secrets = [str(chat_id) for chat_id in chat_ids] + [
        pseudonym_for(TEST_PEPPER.encode(), user) for user in (*chat_ids, olu.user_id)
    ]
    assert not [secret for secret in secrets if secret in everything]
    # No answers in people's own words leave through Telegram.
    assert "tank" not in everything and "comment" not in everything
    assert "the chat (/export)" in everything
    assert await exports_audited(running_bot) == 3

    await olu.send("/export no-such-survey")
    assert olu.last_text == t("en", "staff-export-unknown", id="no-such-survey")


async def test_participants_and_facilitators_cannot_export(running_bot: RunningBot) -> None:
    await two_responses(running_bot)
    amina = running_bot.person("Amina", "en")
    await join(amina, "en")
    fatou = await staff_member(running_bot, staff.FACILITATOR, "Fatou")
    for person in (amina, fatou):
        await person.send("/export")
        assert t("en", "staff-export-title") not in person.last_text
        await person.send("/export every-type")
        assert t("en", "not-understood") in person.last_text
        anchor = person.last_message
        for data in (
            StaffExportAction(action="pick", id="every-type"),
            StaffExportAction(action="make", id="every-type", fmt="csv"),
            StaffExportAction(action="make", id="every-type", fmt="xlsx"),
        ):
            await person.press_data(anchor, data.pack(), expect_reply=False)
            assert person.last_popup == t("en", "button-expired")
        assert not any(m.document_name for m in person.messages)
        assert person.unanswered_callbacks == []
    assert await exports_audited(running_bot) == 0


async def test_a_forged_format_or_survey_exports_nothing(running_bot: RunningBot) -> None:
    await two_responses(running_bot)
    olu = await staff_member(running_bot, staff.ORGANISER, "Olu")
    await olu.send("/export")
    anchor = olu.last_message
    for data in (
        StaffExportAction(action="make", id="every-type", fmt="exe"),
        StaffExportAction(action="make", id="../../etc", fmt="csv"),
    ):
        await olu.press_data(anchor, data.pack(), expect_reply=False)
        assert olu.last_popup == t("en", "button-expired")
    assert not any(m.document_name for m in olu.messages)
    assert await exports_audited(running_bot) == 0


async def test_two_quick_presses_make_one_file(
    running_bot: RunningBot, emulator: BotApiEmulator
) -> None:
    await two_responses(running_bot)
    olu = await staff_member(running_bot, staff.ORGANISER, "Olu")
    await olu.send("/export every-type")
    screen = olu.last_message
    data = StaffExportAction(action="make", id="every-type", fmt="csv").pack()
    # Both presses reach the bot before either is handled (as a double tap does).
    await asyncio.gather(
        olu.press_data(screen, data, expect_reply=False),
        olu.press_data(screen, data, expect_reply=False),
    )
    assert [m.document_name for m in olu.messages if m.document_name] == ["every-type.csv"]
    assert await exports_audited(running_bot) == 1
    popups = [c.answer_text for c in emulator.callbacks.values() if c.user_id == olu.user_id]
    assert sorted(popups) == sorted(
        t("en", key) for key in ("staff-export-working", "staff-export-already")
    )
    assert olu.unanswered_callbacks == []
    # The format screen has no buttons left to press again; a new /export gives new ones.
    assert not next(m for m in olu.messages if m.message_id == screen.message_id).buttons()
