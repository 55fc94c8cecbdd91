"""Keeping answers only as long as needed: `peacebot purge` and services.retention remove the
responses older than their survey's retention period, with their answers, and nothing else.

The service tests run on the test database (SQLite, or PostgreSQL when
PEACEBOT_TEST_DATABASE_URL is set) with a fixed "now"; the command tests run `peacebot` on a
fresh SQLite deployment, with responses dated days before the real now.
"""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator, Iterable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

import bot.cli_retention
from bot.settings import Settings
from content.survey_model import MAX_RETENTION_DAYS, Question, Survey
from content.surveys import SurveyLibrary, dump_survey, load_survey_text
from content.xlsform import import_xlsform
from services import audit, retention
from services.participants import enrol_participant
from services.retention import (
    ACTION,
    BATCH,
    STARTED_ACTION,
    PurgeReport,
    UnknownSurvey,
    purge_responses,
)
from storage.database import SessionFactory, create_engine, create_session_factory
from storage.migrate import upgrade
from storage.models import Answer, AuditEntry, Participant, Response, utcnow
from tests.cli_harness import Deployment, Peacebot, assert_chained, audit_log, table_rows
from tests.test_xlsform_import import build

NOW = datetime(2027, 6, 1, 12, 0, tzinfo=UTC)


def days_ago(days: float, now: datetime = NOW) -> datetime:
    return now - timedelta(days=days)


def a_survey(survey_id: str, retention_days: int | None = None) -> Survey:
    return Survey(
        id=survey_id,
        title={"en": survey_id},
        kind="feedback",
        languages=("en",),
        description={"en": "For a test."},
        questions=(Question("q1", "text", {"en": "One?"}), Question("q2", "text", {"en": "Two?"})),
        retention_days=retention_days,
    )


@pytest.fixture
async def sessions(migrated: Settings) -> AsyncIterator[SessionFactory]:
    engine = create_engine(migrated.database_url)
    yield create_session_factory(engine)
    await engine.dispose()


class People:
    """Participants giving responses on given days; one participant per response, as a
    real deployment would mostly have."""

    def __init__(self, sessions: SessionFactory) -> None:
        self.sessions = sessions
        self.count = 0

    async def respond(
        self,
        survey_id: str,
        started: datetime,
        finished: datetime | None = None,
        answered: Iterable[datetime] | None = None,
    ) -> int:
        """A response and its answers (by default one answer at the start and, if it was
        finished, one at the end); its id."""
        self.count += 1
        async with self.sessions() as session:
            person = await enrol_participant(
                session,
                pseudonym=f"p{self.count:03d}".ljust(64, "x"),
                language="en",
                consent_version="1",
                chat_id=1000 + self.count,
            )
            response = Response(
                survey_id=survey_id,
                survey_version="1+test",
                participant_id=person.id,
                in_progress_key=None if finished else f"{survey_id}:{person.id}",
                started_at=started,
                completed_at=finished,
            )
            session.add(response)
            await session.flush()
            times: list[datetime | None] = (
                list(answered) if answered is not None else [started, finished]
            )
            for number, moment in enumerate(t for t in times if t is not None):
                session.add(
                    Answer(
                        response_id=response.id,
                        question=f"q{number + 1}",
                        value=json.dumps("yes"),
                        answered_at=moment,
                    )
                )
            await session.commit()
            return response.id


@pytest.fixture
def people(sessions: SessionFactory) -> People:
    return People(sessions)


async def remaining(sessions: SessionFactory) -> set[int]:
    async with sessions() as session:
        return set(await session.scalars(select(Response.id)))


async def answers_of(sessions: SessionFactory, response_ids: Iterable[int]) -> int:
    async with sessions() as session:
        count = await session.scalar(
            select(func.count()).select_from(Answer).where(Answer.response_id.in_(response_ids))
        )
        return int(count or 0)


async def entries(sessions: SessionFactory) -> list[AuditEntry]:
    async with sessions() as session:
        return await audit.latest(session, 100)


async def purge(
    sessions: SessionFactory,
    surveys: Iterable[Survey],
    default_days: int | None,
    now: datetime = NOW,
    *,
    survey_id: str | None = None,
    dry_run: bool = False,
    batch_size: int = BATCH,
) -> PurgeReport:
    async with sessions() as session:
        return await purge_responses(
            session,
            SurveyLibrary(surveys),
            default_days,
            now,
            survey_id=survey_id,
            dry_run=dry_run,
            batch_size=batch_size,
        )


def removed(report: PurgeReport) -> dict[str, tuple[int, int]]:
    return {s.survey_id: (s.finished, s.unfinished) for s in report.surveys}


# ------------------------------------------------------------------ the rules


async def test_with_no_retention_period_everything_is_kept(
    sessions: SessionFactory, people: People
) -> None:
    ancient = await people.respond("a", days_ago(5000), days_ago(4999))
    forgotten = await people.respond("gone", days_ago(5000))

    report = await purge(sessions, [a_survey("a")], None)

    assert report.removed == 0
    assert [(s.survey_id, s.retention_days, s.in_library) for s in report.surveys] == [
        ("a", None, True),
        ("gone", None, False),
    ]
    assert await remaining(sessions) == {ancient, forgotten}
    assert await entries(sessions) == [], "a purge that removed nothing records nothing"


async def test_finished_responses_older_than_the_period_go_with_their_answers(
    sessions: SessionFactory, people: People
) -> None:
    old = await people.respond("a", days_ago(500), days_ago(400))
    older = await people.respond("a", days_ago(900), days_ago(899))
    recent = await people.respond("a", days_ago(380), days_ago(300))
    just_inside = await people.respond("a", days_ago(366), days_ago(364.9))
    assert await answers_of(sessions, [old, older]) == 4

    report = await purge(sessions, [a_survey("a")], 365)

    assert removed(report) == {"a": (2, 0)}
    (only,) = report.surveys
    assert (only.retention_days, only.cutoff) == (365, days_ago(365))
    assert await remaining(sessions) == {recent, just_inside}
    assert await answers_of(sessions, [old, older]) == 0, "answers go with their response"
    assert await answers_of(sessions, [recent, just_inside]) == 4, "and only theirs"
    async with sessions() as session:
        participants = await session.scalar(select(func.count()).select_from(Participant))
    assert participants == 4, "the people stay; only the old responses go"


async def test_a_surveys_own_period_wins_over_the_setting_either_way(
    sessions: SessionFactory, people: People
) -> None:
    library = [a_survey("short", 30), a_survey("long", 1000), a_survey("plain")]
    short_old = await people.respond("short", days_ago(61), days_ago(60))
    short_new = await people.respond("short", days_ago(21), days_ago(20))
    long_kept = await people.respond("long", days_ago(401), days_ago(400))
    long_gone = await people.respond("long", days_ago(1101), days_ago(1100))
    plain_kept = await people.respond("plain", days_ago(61), days_ago(60))
    plain_gone = await people.respond("plain", days_ago(401), days_ago(400))

    report = await purge(sessions, library, 365)

    assert removed(report) == {"long": (1, 0), "plain": (1, 0), "short": (1, 0)}
    assert {s.survey_id: s.retention_days for s in report.surveys} == {
        "long": 1000,
        "plain": 365,
        "short": 30,
    }
    assert await remaining(sessions) == {short_new, long_kept, plain_kept}
    assert not {short_old, long_gone, plain_gone} & await remaining(sessions)


async def test_a_surveys_own_period_applies_without_the_setting(
    sessions: SessionFactory, people: People
) -> None:
    gone = await people.respond("short", days_ago(61), days_ago(60))
    other = await people.respond("plain", days_ago(5000), days_ago(4999))

    report = await purge(sessions, [a_survey("short", 30), a_survey("plain")], None)

    assert removed(report) == {"plain": (0, 0), "short": (1, 0)}
    assert [s.survey_id for s in report.without_limit] == ["plain"]
    assert await remaining(sessions) == {other}
    assert gone not in await remaining(sessions)


async def test_unfinished_responses_count_from_their_start_unless_answered_since(
    sessions: SessionFactory, people: People
) -> None:
    abandoned = await people.respond("a", days_ago(100))
    abandoned_later = await people.respond(
        "a", days_ago(100), answered=[days_ago(100), days_ago(95)]
    )
    taken_up_again = await people.respond("a", days_ago(100), answered=[days_ago(100), days_ago(5)])
    started_lately = await people.respond("a", days_ago(20))
    # Finished lately after a long pause: its age counts from the finish, not the start.
    finished_lately = await people.respond("a", days_ago(100), days_ago(10))

    report = await purge(sessions, [a_survey("a", 90)], None)

    assert removed(report) == {"a": (0, 2)}
    assert await remaining(sessions) == {taken_up_again, started_lately, finished_lately}
    assert await answers_of(sessions, [abandoned, abandoned_later]) == 0


async def test_responses_of_a_survey_no_longer_in_the_library_follow_the_setting(
    sessions: SessionFactory, people: People
) -> None:
    gone_old = await people.respond("retired", days_ago(400), days_ago(399))
    gone_new = await people.respond("retired", days_ago(10), days_ago(9))

    kept = await purge(sessions, [a_survey("a")], None)
    assert removed(kept) == {"a": (0, 0), "retired": (0, 0)}
    assert await remaining(sessions) == {gone_old, gone_new}

    report = await purge(sessions, [a_survey("a")], 365)
    retired = next(s for s in report.surveys if s.survey_id == "retired")
    assert (retired.in_library, retired.retention_days, retired.finished) == (False, 365, 1)
    assert await remaining(sessions) == {gone_new}


async def test_one_survey_can_be_purged_alone(sessions: SessionFactory, people: People) -> None:
    a_old = await people.respond("a", days_ago(400), days_ago(399))
    b_old = await people.respond("b", days_ago(400), days_ago(399))

    report = await purge(sessions, [a_survey("a"), a_survey("b")], 365, survey_id="b")

    assert removed(report) == {"b": (1, 0)}
    assert await remaining(sessions) == {a_old}
    assert b_old not in await remaining(sessions)
    with pytest.raises(UnknownSurvey, match=r'no survey named "c" \(surveys: a, b\)'):
        await purge(sessions, [a_survey("a"), a_survey("b")], 365, survey_id="c")


async def test_no_answer_outlives_its_response_even_without_foreign_keys(
    migrated: Settings, sessions: SessionFactory, people: People
) -> None:
    old = await people.respond("a", days_ago(400), days_ago(399))
    # An engine made without storage.database's settings: SQLite then enforces no foreign
    # key, so nothing cascades by itself.
    bare = create_async_engine(migrated.database_url)
    try:
        report = await purge(create_session_factory(bare), [a_survey("a")], 365)
    finally:
        await bare.dispose()
    assert removed(report) == {"a": (1, 0)}
    async with sessions() as session:
        left = await session.scalar(select(func.count()).select_from(Answer))
    assert (await remaining(sessions), left) == (set(), 0)
    assert old not in await remaining(sessions)


async def test_a_dry_run_counts_what_a_purge_then_removes_and_removes_nothing(
    sessions: SessionFactory, people: People
) -> None:
    for days in (400, 500, 600):
        await people.respond("a", days_ago(days + 1), days_ago(days))
    await people.respond("a", days_ago(400))
    await people.respond("a", days_ago(10), days_ago(9))
    everything = await remaining(sessions)

    counted = await purge(sessions, [a_survey("a")], 365, dry_run=True)

    assert counted.dry_run and removed(counted) == {"a": (3, 1)}
    assert await remaining(sessions) == everything
    assert await entries(sessions) == []
    done = await purge(sessions, [a_survey("a")], 365)
    assert removed(done) == removed(counted)
    assert len(await remaining(sessions)) == 1


async def test_large_purges_go_batch_by_batch_and_miss_nothing(
    sessions: SessionFactory, people: People
) -> None:
    for number in range(7):
        await people.respond("a", days_ago(400 + number), days_ago(399 + number))
    for number in range(5):
        await people.respond("a", days_ago(400 + number))
    recent = await people.respond("a", days_ago(3), days_ago(2))

    report = await purge(sessions, [a_survey("a")], 365, batch_size=2)

    assert removed(report) == {"a": (7, 5)}
    assert await remaining(sessions) == {recent}


async def test_each_purge_that_removes_something_is_audited_with_counts_only(
    sessions: SessionFactory, people: People
) -> None:
    async with sessions() as session:
        await audit.commit_recorded(session, "cli", "survey.open", {"survey": "a"}, _nothing)
    await people.respond("a", days_ago(400), days_ago(399))
    await people.respond("a", days_ago(400))
    await people.respond("b", days_ago(50), days_ago(40))

    await purge(sessions, [a_survey("a"), a_survey("b", 30)], 365)
    again = await purge(sessions, [a_survey("a"), a_survey("b", 30)], 365)

    assert again.removed == 0, "a second run finds nothing more"
    log = await entries(sessions)
    # What was due, written before anything went; then what went.
    assert [(e.actor, e.action) for e in log] == [
        ("cli", "survey.open"), ("cli", STARTED_ACTION), ("cli", ACTION),
    ]  # fmt: skip
    assert json.loads(log[1].details) == json.loads(log[2].details)
    assert json.loads(log[2].details) == {
        "finished": 2,
        "unfinished": 1,
        "surveys": {
            "a": {
                "retention_days": 365,
                "cutoff": "2026-06-01T12:00:00Z",
                "finished": 1,
                "unfinished": 1,
            },
            "b": {
                "retention_days": 30,
                "cutoff": "2027-05-02T12:00:00Z",
                "finished": 1,
                "unfinished": 0,
            },
        },
    }
    async with sessions() as session:
        chain = await audit.verify(session)
    assert (chain.entries, chain.problems) == (3, [])


async def test_a_purge_stopped_half_way_has_already_said_what_it_was_removing(
    sessions: SessionFactory, people: People, monkeypatch: pytest.MonkeyPatch
) -> None:
    for number in range(6):
        await people.respond("a", days_ago(400 + number), days_ago(399 + number))
    real = retention._remove

    async def stopping(*args: Any, **kwargs: Any) -> int:
        await real(*args, **kwargs)
        raise ConnectionResetError("the database went away")

    monkeypatch.setattr(retention, "_remove", stopping)
    with pytest.raises(ConnectionResetError):
        await purge(sessions, [a_survey("a")], 365, batch_size=2)
    log = await entries(sessions)
    assert [e.action for e in log] == [STARTED_ACTION]
    assert json.loads(log[0].details)["finished"] == 6


async def _nothing() -> None:
    pass


async def test_two_purges_at_once_remove_each_response_once(
    sessions: SessionFactory, people: People
) -> None:
    for number in range(12):
        await people.respond("a", days_ago(400 + number), days_ago(399 + number))
    kept = await people.respond("a", days_ago(3), days_ago(2))

    reports = await asyncio.gather(
        purge(sessions, [a_survey("a")], 365, batch_size=3),
        purge(sessions, [a_survey("a")], 365, batch_size=3),
    )

    assert sum(report.removed for report in reports) == 12
    assert await remaining(sessions) == {kept}
    log = [e for e in await entries(sessions) if e.action == ACTION]
    assert len(log) == sum(1 for report in reports if report.removed)
    assert sum(json.loads(e.details)["finished"] for e in log) == 12
    async with sessions() as session:
        assert (await audit.verify(session)).problems == []


# ------------------------------------------------------------------ the survey's field


def _header(extra: str) -> str:
    return (
        "id: a\nkind: feedback\nlanguages: [en]\ntitle: {en: Title}\n"
        f"description: {{en: About.}}\n{extra}questions:\n"
        "  - name: q\n    type: text\n    label: {en: Q}\n"
    )


def test_retention_days_is_read_written_back_and_leaves_the_version_alone() -> None:
    plain, problems = load_survey_text(_header(""), Path("a.yaml"))
    assert problems == [] and plain is not None and plain.retention_days is None
    kept, problems = load_survey_text(_header("retention_days: 180\n"), Path("a.yaml"))
    assert problems == [] and kept is not None
    assert kept.retention_days == 180
    assert "\nretention_days: 180\n" in dump_survey(kept)
    assert "retention_days" not in dump_survey(plain)
    again, _ = load_survey_text(dump_survey(kept), Path("a.yaml"))
    assert again == kept
    # It changes nothing a participant sees: responses keep their recorded version.
    assert kept.recorded_version == plain.recorded_version
    assert replace(plain, retention_days=7).fingerprint == plain.fingerprint
    assert replace(plain, version="2").recorded_version != plain.recorded_version


@pytest.mark.parametrize(
    ("written", "message"),
    [
        (
            "retention_days: 0",
            f"6: retention_days 0 is not a number of days to keep the answers: write a whole "
            f"number from 1 to {MAX_RETENTION_DAYS}, such as 365",
        ),
        ("retention_days: -30", "6: retention_days -30 is not a number of days"),
        (f"retention_days: {MAX_RETENTION_DAYS + 1}", "6: retention_days 36501 is not"),
        ("retention_days: six months", '6: "retention_days" must be a whole number, not text'),
        ("retention_days: 1.5", '6: "retention_days" must be a whole number'),
        ("retention_days: [30]", '6: "retention_days" must be a whole number, not a list'),
    ],
)
def test_a_bad_retention_days_is_named_with_its_line(written: str, message: str) -> None:
    survey, problems = load_survey_text(_header(written + "\n"), Path("a.yaml"))
    assert survey is None
    found = [f"{p.line}: {p.message}" for p in problems]
    assert len(found) == 1 and found[0].startswith(message), found


def test_content_check_names_the_file_and_line_of_a_bad_retention_days(
    peacebot: Peacebot, deployment: Deployment
) -> None:
    path = deployment.surveys_dir / "every-type.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\nversion: 2\n", "\nversion: 2\nretention_days: 0\n"))
    line = path.read_text(encoding="utf-8").splitlines().index("retention_days: 0") + 1

    result = peacebot("content", "check", "--surveys", str(deployment.surveys_dir))

    assert result.returncode == 1
    assert f"every-type.yaml:{line}: retention_days 0 is not a number of days" in result.stdout


def _form(tmp_path: Path, value: object) -> Path:
    return build.write_form(
        tmp_path / "form.xlsx",
        [["type", "name", "label"], ["text", "t", "T"]],
        (),
        [
            ["form_title", "form_id", "description", "retention_days"],
            ["Kept", "kept", "About", value],
        ],
    )


@pytest.mark.parametrize("value", [180, "180", 180.0])
def test_an_xlsform_can_say_how_long_to_keep_the_answers(tmp_path: Path, value: object) -> None:
    survey, problems = import_xlsform(_form(tmp_path, value))
    assert [str(p) for p in problems] == []
    assert survey is not None and survey.retention_days == 180
    assert "\nretention_days: 180\n" in dump_survey(survey)


def test_an_xlsform_without_the_column_keeps_no_period_of_its_own(tmp_path: Path) -> None:
    survey, problems = import_xlsform(_form(tmp_path, None))
    assert problems == [] and survey is not None and survey.retention_days is None


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "six months",
            'sheet settings, row 2: retention_days is "six months": write a whole number of days',
        ),
        (
            0,
            "sheet settings: retention_days 0 is not a number of days to keep the answers: "
            f"write a whole number from 1 to {MAX_RETENTION_DAYS}, such as 365, or leave it "
            'out to follow the RESPONSE_RETENTION_DAYS setting (column "retention_days")',
        ),
    ],
)
def test_an_xlsform_with_a_bad_retention_days_is_refused_naming_it(
    tmp_path: Path, value: object, message: str
) -> None:
    survey, problems = import_xlsform(_form(tmp_path, value))
    assert survey is None
    assert [p.message for p in problems] == [message]


# ------------------------------------------------------------------ the command


@pytest.fixture
def wide(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bot.cli_retention.out, "width", 200)


def seed(deployment: Deployment, *responses: tuple[str, float, float | None]) -> list[int]:
    """Responses (survey, started and finished so many days before now) in the deployment's
    database, migrated first as any command would."""

    async def add() -> list[int]:
        engine = create_engine(deployment.database_url)
        try:
            await upgrade(engine)
            now = utcnow()
            helper = People(create_session_factory(engine))
            return [
                await helper.respond(
                    survey,
                    days_ago(started, now),
                    None if finished is None else days_ago(finished, now),
                )
                for survey, started, finished in responses
            ]
        finally:
            await engine.dispose()

    return asyncio.run(add())


def stored(deployment: Deployment) -> dict[str, int]:
    async def count() -> dict[str, int]:
        engine = create_engine(deployment.database_url)
        try:
            async with create_session_factory(engine)() as session:
                return await _per_table(session)
        finally:
            await engine.dispose()

    return asyncio.run(count())


async def _per_table(session: AsyncSession) -> dict[str, int]:
    responses = await session.scalar(select(func.count()).select_from(Response))
    answers = await session.scalar(select(func.count()).select_from(Answer))
    return {"responses": int(responses or 0), "answers": int(answers or 0)}


def test_purge_with_no_period_set_says_so_and_keeps_everything(
    peacebot: Peacebot, deployment: Deployment, wide: None
) -> None:
    seed(deployment, ("every-type", 5000, 4999))

    result = peacebot("purge")

    assert result.returncode == 0, result.stderr
    assert "Nothing to remove: no retention period is set" in result.stdout
    assert stored(deployment) == {"responses": 1, "answers": 2}
    quiet = peacebot("purge", "--quiet")
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (0, "", "")
    assert audit_log(deployment) == []


def test_purge_dry_run_then_purge_then_nothing_more(
    peacebot: Peacebot, deployment: Deployment, wide: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RESPONSE_RETENTION_DAYS", "365")
    seed(
        deployment,
        ("every-type", 401, 400),
        ("every-type", 400, None),
        ("every-type", 30, 29),
        ("invited-only", 800, 799),
        ("retired-survey", 900, 899),
    )
    assert peacebot("survey", "open", "every-type").returncode == 0

    counted = peacebot("purge", "--dry-run")
    assert counted.returncode == 0, counted.stderr
    assert counted.stdout.startswith(
        "Would remove 4 responses and their answers (3 finished, 1 never finished). "
        "Nothing was removed (--dry-run)."
    )
    assert stored(deployment)["responses"] == 5
    assert [e.action for e in audit_log(deployment)] == ["survey.open"]

    done = peacebot("purge")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(
        "Removed 4 responses and their answers (3 finished, 1 never finished)."
    )
    rows = table_rows(done.stdout)
    kept_for, older_than, finished, unfinished = rows["every-type"][1:]
    assert (kept_for, finished, unfinished) == ("365 days (setting)", "1", "1")
    cutoff = datetime.strptime(older_than, "%Y-%m-%d %H:%M").replace(tzinfo=UTC)
    assert abs(cutoff - days_ago(365, utcnow())) < timedelta(days=1)
    assert rows["invited-only"][3:] == ["1", "0"]
    assert rows["retired-survey (file gone)"][3:] == ["1", "0"]
    assert rows["closed-last-year"][3:] == ["0", "0"]
    assert stored(deployment) == {"responses": 1, "answers": 2}
    log = audit_log(deployment)
    assert [(e.actor, e.action) for e in log] == [
        ("cli", "survey.open"), ("cli", STARTED_ACTION), ("cli", ACTION),
    ]  # fmt: skip
    assert_chained(log)
    details = json.loads(log[-1].details)
    assert (details["finished"], details["unfinished"]) == (3, 1)
    assert sorted(details["surveys"]) == ["every-type", "invited-only", "retired-survey"]
    assert "p0" not in log[-1].details, "no pseudonym in the audit log"
    verified = peacebot("audit", "verify")
    assert verified.returncode == 0, verified.stderr

    counted_again = peacebot("purge", "--dry-run")
    assert counted_again.stdout.startswith("Nothing would be removed: no response is older")
    again = peacebot("purge", "--quiet")
    assert (again.returncode, again.stdout, again.stderr) == (0, "", "")
    loud = peacebot("purge")
    assert loud.returncode == 0
    assert "Nothing to remove: no response is older than its survey's retention" in loud.stdout
    assert len(audit_log(deployment)) == 3, "runs that remove nothing record nothing"


def test_a_survey_files_own_period_is_used_by_the_command(
    peacebot: Peacebot, deployment: Deployment, wide: None
) -> None:
    path = deployment.surveys_dir / "every-type.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\nversion: 2\n", "\nversion: 2\nretention_days: 30\n"))
    seed(deployment, ("every-type", 61, 60), ("every-type", 11, 10), ("invited-only", 61, 60))

    result = peacebot("purge")

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Removed 1 response and their answers")
    assert table_rows(result.stdout)["every-type"][1] == "30 days"
    assert "Kept with no time limit: closed-last-year, invited-only." in result.stdout
    assert stored(deployment)["responses"] == 2


def test_purge_of_one_survey_and_of_an_unknown_one(
    peacebot: Peacebot, deployment: Deployment, wide: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RESPONSE_RETENTION_DAYS", "30")
    seed(deployment, ("every-type", 61, 60), ("invited-only", 61, 60))

    one = peacebot("purge", "--survey", "invited-only")
    assert one.returncode == 0, one.stderr
    assert sorted(table_rows(one.stdout)) == ["invited-only"]
    assert stored(deployment)["responses"] == 1

    unknown = peacebot("purge", "--survey", "every-typo")
    assert unknown.returncode == 2
    assert unknown.problems == [
        'peacebot: no survey named "every-typo" (surveys: closed-last-year, every-type, '
        "invited-only)"
    ]
    assert stored(deployment)["responses"] == 1


def test_purge_refuses_while_a_survey_file_has_a_problem(
    peacebot: Peacebot, deployment: Deployment, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RESPONSE_RETENTION_DAYS", "30")
    path = deployment.surveys_dir / "every-type.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\nversion: 2\n", "\nversion: 2\nretention_days: a year\n"))
    seed(deployment, ("every-type", 61, 60))

    result = peacebot("purge", "--quiet")

    assert result.returncode == 2
    assert len(result.problems) == 1, result.stderr
    assert "1 problem(s) in the survey files" in result.problems[0]
    assert "nothing was removed" in result.problems[0]
    assert f"peacebot content check --surveys {deployment.surveys_dir}" in result.problems[0]
    assert stored(deployment)["responses"] == 1


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("0", "RESPONSE_RETENTION_DAYS Input should be greater than or equal to 1"),
        ("a year", "RESPONSE_RETENTION_DAYS Input should be a valid integer"),
    ],
)
def test_a_bad_setting_is_one_line_naming_it(
    peacebot: Peacebot, monkeypatch: pytest.MonkeyPatch, value: str, says: str
) -> None:
    monkeypatch.setenv("RESPONSE_RETENTION_DAYS", value)
    result = peacebot("purge")
    assert result.returncode == 2
    assert len(result.problems) == 1 and result.problems[0].startswith(f"peacebot: {says}")


def test_an_empty_setting_keeps_everything(
    peacebot: Peacebot, monkeypatch: pytest.MonkeyPatch, wide: None
) -> None:
    monkeypatch.setenv("RESPONSE_RETENTION_DAYS", "")
    result = peacebot("purge")
    assert result.returncode == 0, result.stderr
    assert "no retention period is set" in result.stdout


def test_an_unreachable_database_is_one_line_and_an_error(
    peacebot: Peacebot, monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setenv(
        "DATABASE_URL", f"postgresql+asyncpg://postgres:hunter2@127.0.0.1:{port}/nothing"
    )
    result = peacebot("purge", "--quiet")
    assert result.returncode == 2
    assert len(result.problems) == 1, result.stderr
    assert result.problems[0].startswith("peacebot: DATABASE_URL: cannot use the database")
    assert "hunter2" not in result.stderr


def test_help_explains_purge_in_words(peacebot: Peacebot) -> None:
    result = peacebot("purge", "--help")
    assert result.returncode == 0, result.stderr
    for phrase in (
        "retention_days",
        "RESPONSE_RETENTION_DAYS",
        "cannot be brought back",
        "audit log",
        "--dry-run",
        "cron",
        "--quiet",
        "--survey",
    ):
        assert phrase in result.words, f"{phrase!r} not in: {result.words}"
    listed = peacebot("--help")
    assert "purge" in listed.words


async def test_a_purge_that_cannot_record_what_is_due_removes_nothing(
    sessions: SessionFactory, people: People, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = await people.respond("a", days_ago(400), days_ago(399))

    async def busy(*args: Any, **kwargs: Any) -> None:
        raise audit.AuditBusy("others kept writing first")

    monkeypatch.setattr(audit, "commit_recorded", busy)
    with pytest.raises(retention.NothingRemoved):
        await purge(sessions, [a_survey("a")], 365)
    assert old in await remaining(sessions)
