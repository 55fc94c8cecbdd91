"""A survey's life: draft → open → closed, its closing date, and what each response records;
at the service layer, with the real database and no bot."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from bot.factory import Runtime
from content.survey_model import Survey
from services import surveys as taking
from services.participants import enrol_participant
from services.survey_engine import Picked, Seen
from storage.models import Broadcast, Delivery
from tests.test_surveys_chat import SURVEYS

BEFORE = datetime(2027, 3, 30, 12, tzinfo=UTC)
AFTER = datetime(2027, 4, 1, 0, 1, tzinfo=UTC)


@pytest.fixture
def settings_overrides() -> dict[str, object]:
    return {"surveys_dir": SURVEYS}


def survey_closing(runtime: Runtime) -> Survey:
    survey = runtime.surveys.get("every-type")
    assert survey is not None
    return replace(survey, closes="2027-03-31")


async def test_draft_open_closed_and_the_closing_date(runtime: Runtime) -> None:
    survey = survey_closing(runtime)
    async with runtime.session_factory() as session:
        assert await taking.status_of(session, survey, BEFORE) == "draft"
        assert await taking.set_status(session, survey, "open", BEFORE) == "draft"
        assert await taking.status_of(session, survey, BEFORE) == "open"
        # The last day counts: closed only once it is over.
        assert (
            await taking.status_of(session, survey, datetime(2027, 3, 31, 23, tzinfo=UTC)) == "open"
        )
        assert await taking.status_of(session, survey, AFTER) == "closed"
        with pytest.raises(taking.LifecycleError, match="2027-03-31"):
            await taking.set_status(session, survey, "open", AFTER)
        with pytest.raises(taking.LifecycleError, match="unknown status"):
            await taking.set_status(session, survey, "paused", BEFORE)


async def test_a_response_records_the_version_and_a_closed_survey_takes_nothing(
    runtime: Runtime,
) -> None:
    survey = survey_closing(runtime)
    master_key = runtime.settings.require_master_key()
    async with runtime.session_factory() as session:
        participant = await enrol_participant(
            session, pseudonym="p" * 64, language="fr", consent_version="1", chat_id=5
        )
        await session.commit()
        with pytest.raises(taking.SurveyUnavailable) as draft:
            await taking.start_or_resume(session, survey, participant, BEFORE)
        assert draft.value.reason == "draft"
        await taking.set_status(session, survey, "open", BEFORE)
        response = await taking.start_or_resume(session, survey, participant, BEFORE)
        assert response.survey_version == survey.recorded_version
        assert await taking.start_or_resume(session, survey, participant, BEFORE) is response
        step = await taking.give(
            session, master_key, survey, participant, response, "intro", Seen()
        )
        assert step.question is not None and step.question.name == "water"
        await taking.give(
            session, master_key, survey, participant, response, "water", Picked(("yes",))
        )
        # Back to draft is refused once someone answered.
        with pytest.raises(taking.LifecycleError, match="already has answers"):
            await taking.set_status(session, survey, "draft", BEFORE)
        assert await taking.why_unavailable(session, survey, participant, AFTER) == "closed"
        counts = await taking.stats(session, survey)
        assert (counts.started, counts.completed) == (1, 0)
        assert counts.answered["water"] == 1 and counts.answered["problems"] == 0


async def test_a_different_definition_records_a_different_version(runtime: Runtime) -> None:
    survey = survey_closing(runtime)
    reworded = replace(survey, title={**survey.title, "en": "Needs where you live"})
    assert reworded.version == survey.version
    assert reworded.recorded_version != survey.recorded_version


async def test_an_invitation_only_survey_lets_in_those_the_invitation_reached(
    runtime: Runtime,
) -> None:
    survey = runtime.surveys.get("invited-only")
    assert survey is not None
    statuses = ("sent", "sending", "queued", "cancelled", "skipped", "failed", "unreachable")
    async with runtime.session_factory() as session:
        await taking.set_status(session, survey, "open", BEFORE)
        invitation = Broadcast(kind="survey", subject=survey.id, status="sending", created_by="x")
        other = Broadcast(kind="survey", subject="every-type", status="done", created_by="x")
        message = Broadcast(kind="message", subject=None, status="done", created_by="x")
        session.add_all([invitation, other, message])
        await session.flush()
        people = {}
        for number, status in enumerate(statuses, start=1):
            person = await enrol_participant(
                session, pseudonym=f"{number:064x}", language="en", consent_version="1",
                chat_id=number,
            )  # fmt: skip
            session.add(
                Delivery(broadcast_id=invitation.id, participant_id=person.id, status=status)
            )
            people[status] = person
        elsewhere = await enrol_participant(
            session, pseudonym="e" * 64, language="en", consent_version="1", chat_id=99
        )
        for broadcast in (other, message):
            session.add(
                Delivery(broadcast_id=broadcast.id, participant_id=elsewhere.id, status="sent")
            )
        await session.commit()
        reasons = {
            status: await taking.why_unavailable(session, survey, person, BEFORE)
            for status, person in people.items()
        }
        assert reasons == {
            "sent": None, "sending": None, "queued": "not-invited", "cancelled": "not-invited",
            "skipped": "not-invited", "failed": "not-invited", "unreachable": "not-invited",
        }  # fmt: skip
        assert await taking.why_unavailable(session, survey, elsewhere, BEFORE) == "not-invited"
        # Invited by hand still works.
        await taking.invite(session, survey, elsewhere)
        await session.commit()
        assert await taking.why_unavailable(session, survey, elsewhere, BEFORE) is None
