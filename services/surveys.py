"""Taking part in surveys: which are open to whom, starting and resuming a response,
recording each answer as it is given, going back, pausing, finishing; and the lifecycle and
live counts facilitators see. Survey rules themselves are in services.survey_engine."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from content.survey_model import AUDIO, TEXT, Question, Survey
from services import audit, free_text, survey_engine
from services.sealed_text import open_for, seal_for
from services.survey_expressions import Value
from storage.delivery_queue import IN_FLIGHT
from storage.models import (
    Answer,
    Broadcast,
    Delivery,
    Participant,
    Response,
    SurveyInvitation,
    SurveyState,
    utcnow,
)

DRAFT, OPEN, CLOSED = "draft", "open", "closed"
# The plain `value` of a voice-note answer (its file reference is only in `sealed`).
VOICE_GIVEN = "voice-message"
STATUSES = (DRAFT, OPEN, CLOSED)


class SurveyUnavailable(Exception):
    """The participant cannot take this survey now. `reason`: closed | draft | not-invited |
    already-answered | not-in-language"""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class NotTheirs(Exception):
    """A response id that is not this participant's, or no longer in progress (a forged or
    stale button)."""


class LifecycleError(Exception):
    """A status change that is not allowed. `reason`: closing-date-passed (reopening after
    the closing date) | has-answers (back to draft) | unknown-status"""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


def closing_moment(survey: Survey) -> datetime | None:
    if survey.closes is None:
        return None
    return datetime.combine(date.fromisoformat(survey.closes), time.max, tzinfo=UTC)


async def status_of(session: AsyncSession, survey: Survey, now: datetime | None = None) -> str:
    """draft, open or closed; an open survey past its closing date is closed."""
    stored = await session.get(SurveyState, survey.id)
    status = stored.status if stored is not None else DRAFT
    closes = closing_moment(survey)
    if status == OPEN and closes is not None and (now or utcnow()) > closes:
        return CLOSED
    return status


async def set_status(
    session: AsyncSession, survey: Survey, status: str, now: datetime | None = None
) -> str:
    """Open or close a survey (or put it back to draft before anyone answered); returns the
    previous status. Commits. (Staff actions go through change_status, which audits.)"""
    previous = await status_of(session, survey, now)
    await _apply_status(session, survey, status, now)
    await session.commit()
    return previous


async def _apply_status(
    session: AsyncSession, survey: Survey, status: str, now: datetime | None
) -> None:
    if status not in STATUSES:
        raise LifecycleError(
            "unknown-status", f'unknown status "{status}"; use one of {", ".join(STATUSES)}'
        )
    closes = closing_moment(survey)
    if status == OPEN and closes is not None and (now or utcnow()) > closes:
        raise LifecycleError(
            "closing-date-passed",
            f"{survey.id} closed on {survey.closes}; change `closes` in its file to reopen it",
        )
    if status == DRAFT and await _response_count(session, survey.id):
        raise LifecycleError("has-answers", f"{survey.id} already has answers; close it instead")
    stored = await session.get(SurveyState, survey.id)
    if stored is None:
        session.add(SurveyState(survey_id=survey.id, status=status, changed_at=now or utcnow()))
    else:
        stored.status, stored.changed_at = status, now or utcnow()


async def change_status(
    session: AsyncSession, survey: Survey, status: str, actor: str, now: datetime | None = None
) -> str:
    """A facilitator's open or close (from the chat or the CLI): the status changes and an
    audit entry records who did it, in one commit; asking for the status it already has
    changes and records nothing. Returns the previous status."""
    previous = await status_of(session, survey, now)
    if previous == status:
        return previous
    verb = {OPEN: "open", CLOSED: "close", DRAFT: "draft"}.get(status, status)

    async def apply() -> None:
        await _apply_status(session, survey, status, now)

    await audit.commit_recorded(
        session, actor, f"survey.{verb}", {"survey": survey.id, "from": previous}, apply
    )
    return previous


async def _response_count(session: AsyncSession, survey_id: str) -> int:
    count = await session.scalar(
        select(func.count()).select_from(Response).where(Response.survey_id == survey_id)
    )
    return int(count or 0)


async def invite(session: AsyncSession, survey: Survey, participant: Participant) -> None:
    """Let a participant take an invitation-only survey. Commits; inviting twice is fine."""
    if await session.get(SurveyInvitation, (survey.id, participant.id)) is None:
        session.add(SurveyInvitation(survey_id=survey.id, participant_id=participant.id))
        await session.commit()


def _in_progress_key(survey_id: str, participant_id: int) -> str:
    return f"{survey_id}:{participant_id}"


async def in_progress(
    session: AsyncSession, survey: Survey, participant: Participant
) -> Response | None:
    return await session.scalar(
        select(Response).where(
            Response.in_progress_key == _in_progress_key(survey.id, participant.id)
        )
    )


async def why_unavailable(
    session: AsyncSession, survey: Survey, participant: Participant, now: datetime | None = None
) -> str | None:
    """None if the participant may start (or continue) this survey now, else the reason."""
    status = await status_of(session, survey, now)
    if status != OPEN:
        return status
    if participant.language not in survey.languages:
        return "not-in-language"
    if survey.invitation_only and not await _invited(session, survey, participant):
        return "not-invited"
    if survey.responses == "one" and await in_progress(session, survey, participant) is None:
        done = await session.scalar(
            select(func.count())
            .select_from(Response)
            .where(
                Response.survey_id == survey.id,
                Response.participant_id == participant.id,
                Response.completed_at.is_not(None),
            )
        )
        if done:
            return "already-answered"
    return None


async def _invited(session: AsyncSession, survey: Survey, participant: Participant) -> bool:
    """Invited by hand (`invite`), or sent an invitation broadcast for it: one that reached
    them, or is on its way (the message may be on their screen before it is recorded as
    sent). Not those whose invitation was cancelled, skipped or could not be delivered."""
    # Imported here: services.broadcasts builds on this module.
    from services.broadcasts import SENT, SURVEY

    if await session.get(SurveyInvitation, (survey.id, participant.id)) is not None:
        return True
    reached = await session.scalar(
        select(Delivery.id)
        .join(Broadcast, Broadcast.id == Delivery.broadcast_id)
        .where(
            Delivery.participant_id == participant.id,
            Delivery.status.in_((SENT, IN_FLIGHT)),
            Broadcast.kind == SURVEY,
            Broadcast.subject == survey.id,
        )
        .limit(1)
    )
    return reached is not None


@dataclass(frozen=True)
class SurveyOffer:
    """An open survey shown under "share your views"."""

    survey: Survey
    # Their response in progress, if they started and did not finish.
    response: Response | None


async def offers_for(
    session: AsyncSession,
    surveys: Sequence[Survey],
    participant: Participant,
    now: datetime | None = None,
) -> list[SurveyOffer]:
    offers = []
    for survey in surveys:
        if await why_unavailable(session, survey, participant, now) is None:
            offers.append(SurveyOffer(survey, await in_progress(session, survey, participant)))
    return offers


async def start_or_resume(
    session: AsyncSession, survey: Survey, participant: Participant, now: datetime | None = None
) -> Response:
    """Their response in progress (no longer paused), or a new one. Any other survey they
    were in is paused, so typed answers go to this one. Commits."""
    reason = await why_unavailable(session, survey, participant, now)
    if reason is not None:
        raise SurveyUnavailable(reason)
    await session.execute(
        update(Response)
        .where(Response.participant_id == participant.id, Response.in_progress_key.is_not(None))
        .values(paused=True)
    )
    response = await in_progress(session, survey, participant)
    if response is None:
        profile = survey.linked_to_profile
        response = Response(
            survey_id=survey.id,
            survey_version=survey.recorded_version,
            participant_id=participant.id,
            in_progress_key=_in_progress_key(survey.id, participant.id),
            paused=False,
            age_band=participant.age_band if profile else None,
            gender=participant.gender if profile else None,
            region=participant.region if profile else None,
            role=participant.role if profile else None,
            join_source=participant.join_source if profile else None,
            started_at=now or utcnow(),
        )
        session.add(response)
        try:
            await session.commit()
        except IntegrityError:
            # The same person's other tap won the race: continue that one.
            await session.rollback()
            existing = await in_progress(session, survey, participant)
            if existing is None:
                raise
            response = existing
    response.paused = False
    await session.commit()
    return response


async def active_response(session: AsyncSession, participant: Participant) -> Response | None:
    """The response their typed messages answer: in progress and not paused."""
    return await session.scalar(
        select(Response)
        .where(
            Response.participant_id == participant.id,
            Response.in_progress_key.is_not(None),
            Response.paused.is_(False),
        )
        .order_by(Response.started_at.desc(), Response.id.desc())
        .limit(1)
    )


async def their_response(
    session: AsyncSession, participant: Participant, response_id: int
) -> Response:
    """The response a button names, if it is theirs and still in progress."""
    response = await session.get(Response, response_id)
    if (
        response is None
        or response.participant_id != participant.id
        or response.in_progress_key is None
    ):
        raise NotTheirs(response_id)
    return response


def _sealed(step: Question) -> bool:
    return step.type in (TEXT, AUDIO)


def answer_context(response: Response, name: str) -> str:
    """What a sealed answer is bound to: moved to another row, it does not open."""
    return free_text.answer_context(response.id, name)


@dataclass(frozen=True)
class StoredAnswer:
    question: str
    # A choice name, names, a number, their own words, a voice note's file reference
    # (opened with their key); None for a skipped question or a read note.
    value: Value
    voice: bool


async def stored_answers(
    session: AsyncSession, master_key: bytes, participant: Participant, response: Response
) -> list[StoredAnswer]:
    """A response's answers as stored, in the order given, sealed ones opened."""
    rows = await session.scalars(
        select(Answer)
        .where(Answer.response_id == response.id)
        .order_by(Answer.answered_at, Answer.question)
    )
    answers = []
    for row in rows.all():
        value: Value = None
        if row.sealed is not None:
            context = answer_context(response, row.question)
            value = await open_for(session, master_key, participant, row.sealed, context)
        elif row.value is not None:
            value = _decoded(json.loads(row.value))
        # Only a voice answer has both: its plain value says one was given.
        answers.append(
            StoredAnswer(row.question, value, row.sealed is not None and row.value is not None)
        )
    return answers


async def answers_of(
    session: AsyncSession,
    master_key: bytes,
    survey: Survey,
    participant: Participant,
    response: Response,
) -> dict[str, Value]:
    """The steps done so far, with their values (free text and voice references opened)."""
    stored = await stored_answers(session, master_key, participant, response)
    answers = {answer.question: answer.value for answer in stored}
    if response.survey_version != survey.recorded_version:
        answers = await _fit_to_new_version(session, survey, response, answers)
    return answers


async def _fit_to_new_version(
    session: AsyncSession, survey: Survey, response: Response, answers: dict[str, Value]
) -> dict[str, Value]:
    """The survey changed since they started: answers that no longer fit (a question or
    choice removed, a skip on a question now required) are withdrawn, to be asked again
    under the new version, which the response records from now on. Commits."""
    unfit = [name for name in answers if not survey_engine.still_fits(survey, answers, name)]
    if unfit:
        await session.execute(
            delete(Answer).where(Answer.response_id == response.id, Answer.question.in_(unfit))
        )
    response.survey_version = survey.recorded_version
    await session.commit()
    return {name: value for name, value in answers.items() if name not in unfit}


def _decoded(value: object) -> Value:
    if isinstance(value, list):
        return tuple(str(v) for v in value)
    if isinstance(value, str | int | float):
        return value
    return None


@dataclass(frozen=True)
class Step:
    """Where a response stands after an action: the step to ask (None: finished)."""

    question: Question | None
    answers: dict[str, Value]


async def give(
    session: AsyncSession,
    master_key: bytes,
    survey: Survey,
    participant: Participant,
    response: Response,
    step_name: str,
    given: survey_engine.Given,
    now: datetime | None = None,
) -> Step:
    """Record an answer to the step being asked, committed at once, and say what comes
    next; finishing the survey when nothing does. Raises survey_engine.AnswerRefused (say
    why, ask again) or NotCurrent (an old or forged button: change nothing)."""
    answers = await answers_of(session, master_key, survey, participant, response)
    value = survey_engine.answer(survey, answers, step_name, given)
    step = survey_engine.step_named(survey, step_name)
    assert step is not None  # answer() accepted it as the current step
    row = Answer(response_id=response.id, question=step_name, answered_at=now or utcnow())
    if value is not None and _sealed(step):
        row.sealed = await seal_for(
            session, master_key, participant, str(value), answer_context(response, step_name)
        )
        if step.type == AUDIO:
            # Counting voice answers must not need the key: the plain value only says one
            # was given; the file reference is sealed.
            row.value = json.dumps(VOICE_GIVEN)
    elif value is not None:
        row.value = json.dumps(list(value) if isinstance(value, tuple) else value)
    session.add(row)
    try:
        await session.commit()
    except IntegrityError:
        # Two taps on the same question: the first one counts.
        await session.rollback()
        raise survey_engine.NotCurrent(step_name) from None
    answers[step_name] = value
    following = survey_engine.current_step(survey, answers)
    if following is None:
        await _finish(session, survey, response, answers, now)
    return Step(following, answers)


async def _finish(
    session: AsyncSession,
    survey: Survey,
    response: Response,
    answers: dict[str, Value],
    now: datetime | None,
) -> None:
    kept = survey_engine.counted_answers(survey, answers)
    stale = [name for name in answers if name not in kept]
    if stale:
        await session.execute(
            delete(Answer).where(Answer.response_id == response.id, Answer.question.in_(stale))
        )
    # The definition it was finished under: a survey changed while someone was in it keeps
    # their answers to the questions that remain (the others are dropped above).
    response.survey_version = survey.recorded_version
    response.completed_at = now or utcnow()
    response.in_progress_key = None
    response.paused = False
    await session.commit()


async def current(
    session: AsyncSession,
    master_key: bytes,
    survey: Survey,
    participant: Participant,
    response: Response,
) -> Step:
    answers = await answers_of(session, master_key, survey, participant, response)
    return Step(survey_engine.current_step(survey, answers), answers)


async def go_back(
    session: AsyncSession,
    master_key: bytes,
    survey: Survey,
    participant: Participant,
    response: Response,
    from_step: str,
) -> Step:
    """Reopen the step before `from_step` (its answer is withdrawn, to be given again).
    Raises NotCurrent if `from_step` is not the one being asked."""
    answers = await answers_of(session, master_key, survey, participant, response)
    asked = survey_engine.current_step(survey, answers)
    if asked is None or asked.name != from_step:
        raise survey_engine.NotCurrent(from_step)
    previous = survey_engine.previous_step(survey, answers)
    if previous is None:
        return Step(asked, answers)
    await session.execute(
        delete(Answer).where(Answer.response_id == response.id, Answer.question == previous.name)
    )
    await session.commit()
    del answers[previous.name]
    return Step(survey_engine.current_step(survey, answers), answers)


async def pause(session: AsyncSession, response: Response) -> None:
    response.paused = True
    await session.commit()


async def pause_all(session: AsyncSession, participant: Participant) -> None:
    """They left the survey (e.g. for the menu): what they type next is not an answer.
    Commits. Writes only when there is something to pause: on SQLite a write holds the
    database's one write lock until the commit, and most people at the menu are in no
    survey."""
    if await active_response(session, participant) is None:
        return
    await session.execute(
        update(Response)
        .where(
            Response.participant_id == participant.id,
            Response.in_progress_key.is_not(None),
            Response.paused.is_(False),
        )
        .values(paused=True)
    )
    await session.commit()


@dataclass(frozen=True)
class SurveyStats:
    started: int
    completed: int
    # How many responses answered each question (skips not counted), in survey order.
    answered: dict[str, int]


async def stats(session: AsyncSession, survey: Survey) -> SurveyStats:
    started = await _response_count(session, survey.id)
    completed = await session.scalar(
        select(func.count())
        .select_from(Response)
        .where(Response.survey_id == survey.id, Response.completed_at.is_not(None))
    )
    rows = await session.execute(
        select(Answer.question, func.count())
        .join(Response, Response.id == Answer.response_id)
        .where(
            Response.survey_id == survey.id,
            (Answer.value.is_not(None)) | (Answer.sealed.is_not(None)),
        )
        .group_by(Answer.question)
    )
    counts = {name: int(n) for name, n in rows.all()}
    answered = {q.name: counts.get(q.name, 0) for q in survey.questions if q.asks_for_input}
    return SurveyStats(started, int(completed or 0), answered)
