"""`peacebot broadcast ...`, `peacebot segment ...` and `peacebot worker`: what a facilitator
types and reads in the terminal, on a fresh SQLite database per test."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import sys
from pathlib import Path

import pytest

from bot.factory import current_consent_version
from bot.i18n import Catalogue
from bot.settings import Settings
from emulator import BotApiEmulator, RateLimits
from services.participants import enrol_participant
from services.pseudonyms import pseudonym_for
from storage.database import create_engine, create_session_factory
from storage.migrate import upgrade
from tests.cli_harness import Deployment, Peacebot, assert_chained, audit_log, table_rows
from tests.conftest import TEST_KEY, TEST_PEPPER, TEST_TOKEN

ROOT = Path(__file__).resolve().parent.parent
PEOPLE = {"en": [101, 102], "fr": [201]}


def enrol_people(deployment: Deployment, opted_in: bool = True, **profile: str) -> None:
    """Participants as "I agree" leaves them, who asked for updates (not through the CLI)."""

    async def enrol() -> None:
        engine = create_engine(deployment.database_url)
        await upgrade(engine)
        settings = Settings(_env_file=None)  # type: ignore[call-arg]
        version = current_consent_version(settings, Catalogue())
        async with create_session_factory(engine)() as session:
            for language, users in PEOPLE.items():
                for user in users:
                    participant = await enrol_participant(
                        session,
                        pseudonym=pseudonym_for(TEST_PEPPER.encode(), user),
                        chat_id=user,
                        language=language,
                        consent_version=version,
                    )
                    participant.broadcast_opt_in = opted_in
                    for key, value in profile.items():
                        setattr(participant, key, value)
            await session.commit()
        await engine.dispose()

    asyncio.run(enrol())


def deliveries(deployment: Deployment) -> list[tuple[int, str]]:
    with sqlite3.connect(deployment.database) as connection:
        return connection.execute(
            "SELECT broadcast_id, status FROM deliveries ORDER BY id"
        ).fetchall()


def test_create_needs_exactly_one_thing_to_send(peacebot: Peacebot) -> None:
    for args in ([], ["--survey", "every-type", "--explainer", "land-property"]):
        result = peacebot("broadcast", "create", *args)
        assert result.returncode == 2
        assert "exactly one of --survey, --explainer, --message" in result.stderr


def test_a_bad_segment_names_the_part_and_the_allowed_values(peacebot: Peacebot) -> None:
    result = peacebot("broadcast", "create", "--message", "en=Hi", "--segment", "gender=wizard")
    assert result.returncode == 2
    assert "--segment" in result.stderr and "wizard" in result.stderr
    assert "woman" in result.stderr  # what is allowed


def test_a_message_lacking_a_language_of_the_audience_is_refused(
    peacebot: Peacebot, deployment: Deployment
) -> None:
    enrol_people(deployment)
    result = peacebot("broadcast", "create", "--message", "en=Meeting on Friday")
    assert result.returncode == 2
    assert "1 person in this audience reads fr" in result.stderr
    assert [a.action for a in audit_log(deployment)] == []
    assert deliveries(deployment) == []


def test_create_preview_send_status_cancel(peacebot: Peacebot, deployment: Deployment) -> None:
    enrol_people(deployment)
    created = peacebot(
        "broadcast",
        "create",
        "--message",
        "en=Meeting on Friday",
        "--message",
        "fr=Réunion vendredi",
    )
    assert created.returncode == 0, created.stderr
    assert "Broadcast 1 is ready for 3 people (2 in en, 1 in fr)" in created.words

    shown = peacebot("broadcast", "preview", "1")
    assert shown.returncode == 0, shown.stderr
    assert "en: 2 people" in shown.stdout and "Meeting on Friday" in shown.stdout
    assert "fr: 1 person" in shown.stdout and "Réunion vendredi" in shown.stdout
    assert deliveries(deployment) == []  # a preview sends and queues nothing

    bad_time = peacebot("broadcast", "send", "1", "--at", "tomorrow")
    assert bad_time.returncode == 2 and "YYYY-MM-DD HH:MM" in bad_time.stderr
    past = peacebot("broadcast", "send", "1", "--at", "2020-01-01 09:00")
    assert past.returncode == 2 and "already passed" in past.stderr

    sent = peacebot("broadcast", "send", "1")
    assert sent.returncode == 0, sent.stderr
    assert "on its way to 3 people" in sent.words
    assert deliveries(deployment) == [(1, "queued")] * 3
    again = peacebot("broadcast", "send", "1")
    assert again.returncode == 2 and "already confirmed" in again.stderr

    status = peacebot("broadcast", "status", "1")
    assert table_rows(status.stdout)["waiting"][1] == "3"
    listed = peacebot("broadcast", "list")
    assert table_rows(listed.stdout)["1"][1:4] == ["message", "everyone", "sending"]

    cancelled = peacebot("broadcast", "cancel", "1")
    assert cancelled.returncode == 0, cancelled.stderr
    assert "3 messages will not be sent" in cancelled.words
    assert deliveries(deployment) == [(1, "cancelled")] * 3
    twice = peacebot("broadcast", "cancel", "1")
    assert twice.returncode == 2 and "already finished" in twice.stderr

    entries = audit_log(deployment)
    assert [e.action for e in entries] == [
        "broadcast.create", "broadcast.confirm", "broadcast.cancel",
    ]  # fmt: skip
    assert {e.actor for e in entries} == {"cli"}
    assert_chained(entries)
    assert "101" not in "".join(e.details for e in entries)


def test_scheduling_records_the_time_in_the_deployments_zone(
    peacebot: Peacebot, deployment: Deployment, monkeypatch: pytest.MonkeyPatch
) -> None:
    enrol_people(deployment)
    monkeypatch.setenv("TIME_ZONE", "Africa/Khartoum")  # UTC+2
    peacebot("broadcast", "create", "--message", "en=Later", "--message", "fr=Plus tard")
    result = peacebot("broadcast", "send", "1", "--at", "2099-03-01 09:30")
    assert result.returncode == 0, result.stderr
    assert "will start at 2099-03-01 09:30 (Africa/Khartoum)" in result.words
    with sqlite3.connect(deployment.database) as connection:
        ((status, send_at),) = connection.execute("SELECT status, send_at FROM broadcasts")
    assert status == "scheduled" and send_at.startswith("2099-03-01 07:30")
    assert deliveries(deployment) == []  # queued when the time comes, not before
    wrong_zone = peacebot("broadcast", "list")
    assert wrong_zone.returncode == 0
    monkeypatch.setenv("TIME_ZONE", "Mars/Olympus")
    refused = peacebot("broadcast", "list")
    assert refused.returncode == 2 and "TIME_ZONE" in refused.stderr


def test_segments_save_count_list_delete(peacebot: Peacebot, deployment: Deployment) -> None:
    enrol_people(deployment, gender="woman")
    saved = peacebot("segment", "save", "women", "gender=woman")
    assert saved.returncode == 0, saved.stderr
    assert "(3 people today)" in saved.words
    counted = peacebot("segment", "count", "gender=woman language=fr")
    assert "1 person (1 in fr)" in counted.words
    listed = peacebot("segment", "list")
    assert table_rows(listed.stdout)["women"][1:] == ["gender=woman", "3"]
    via_saved = peacebot(
        "broadcast", "create", "--message", "en=Hi", "--message", "fr=Salut", "--saved", "women"
    )
    assert via_saved.returncode == 0 and "ready for 3 people" in via_saved.words
    missing = peacebot("broadcast", "create", "--message", "en=Hi", "--saved", "nobody-here")
    assert missing.returncode == 2 and 'no saved segment "nobody-here"' in missing.stderr
    assert peacebot("segment", "delete", "women").returncode == 0
    assert peacebot("segment", "delete", "women").returncode == 2
    bad_name = peacebot("segment", "save", "a/b", "gender=woman")
    assert bad_name.returncode == 2


async def test_worker_once_sends_what_is_due_and_stops(tmp_path: Path) -> None:
    database = tmp_path / "peacebot.sqlite3"
    emulator = BotApiEmulator(token=TEST_TOKEN, limits=RateLimits(chat_burst=5))
    await emulator.start()
    try:
        for language, users in PEOPLE.items():
            for user in users:
                emulator.add_user(user, f"P{user}", language)
        environment = {
            key: value
            for key, value in os.environ.items()
            if key.upper() not in {name.upper() for name in Settings.model_fields}
            and not key.startswith("PEACEBOT_")
        }
        environment.update(
            DATABASE_URL=f"sqlite+aiosqlite:///{database}",
            PSEUDONYM_PEPPER=TEST_PEPPER,
            ENCRYPTION_KEY=TEST_KEY,
            BOT_TOKEN=TEST_TOKEN,
            TELEGRAM_API_URL=emulator.base_url,
            PYTHONPATH=str(ROOT),
        )

        async def peacebot(*args: str) -> tuple[int, str]:
            process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", *args, cwd=tmp_path, env=environment,
                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
            )  # fmt: skip
            output, _ = await process.communicate()
            return process.returncode or 0, output.decode()

        await asyncio.to_thread(
            enrol_people,
            Deployment(tmp_path, tmp_path, database),  # type: ignore[arg-type]
        )
        code, output = await peacebot(
            "broadcast", "create", "--message", "en=From the worker", "--message", "fr=Du worker"
        )
        assert code == 0, output
        assert (await peacebot("broadcast", "send", "1"))[0] == 0
        code, output = await peacebot("worker", "--once")
        assert code == 0, output
        for user in PEOPLE["en"]:
            assert "From the worker" in (emulator.messages(user)[-1].text or "")
        assert "Du worker" in (emulator.messages(PEOPLE["fr"][0])[-1].text or "")
        code, output = await peacebot("broadcast", "status", "1")
        assert "sent" in output and "broadcast 1: done" in output.lower()
    finally:
        await emulator.stop()
