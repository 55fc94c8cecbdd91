"""Keeping answers only as long as needed: remove survey responses, with their answers, once
they are older than their survey's retention period (`peacebot purge`).

A survey's own `retention_days` wins; otherwise the deployment's RESPONSE_RETENTION_DAYS;
with neither, its responses are kept. A finished response's age counts from when it was
finished; an unfinished one's from when it was started, unless an answer was added to it
since the cut-off (someone taking up a paused survey again keeps it).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from sqlalchemy import ColumnElement, and_, delete, exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from content.survey_model import Survey
from content.surveys import SurveyLibrary
from services import audit
from storage.models import Answer, Response, utcnow

ACTION = "responses.purge"
# Written before the first response goes, with what is due (the counts then): a purge that
# stops half-way still leaves a record of what it was removing.
STARTED_ACTION = "responses.purge-started"
# Responses removed per transaction: a large purge never holds one long transaction (and
# SQLite's single writer is free between batches for the bot's own answers).
BATCH = 500


class NothingRemoved(Exception):
    """The purge could not begin (what is due could not be recorded): nothing was removed."""


class UnknownSurvey(Exception):
    """The survey asked for is neither in the library nor among the stored responses."""

    def __init__(self, survey_id: str, known: Sequence[str]) -> None:
        listed = ", ".join(known) or "none"
        super().__init__(f'no survey named "{survey_id}" (surveys: {listed})')
        self.survey_id = survey_id


@dataclass(frozen=True)
class SurveyPurge:
    """What became of one survey's responses. `retention_days` None: kept with no limit
    (then `cutoff` is None and nothing was removed). `in_library`: False for responses of a
    survey whose file is gone (the deployment's setting applies to them)."""

    survey_id: str
    retention_days: int | None
    cutoff: datetime | None
    finished: int
    unfinished: int
    in_library: bool

    @property
    def removed(self) -> int:
        return self.finished + self.unfinished


@dataclass(frozen=True)
class PurgeReport:
    """One purge, survey by survey (in order of id). With `dry_run`, the counts are what
    would have been removed, and nothing was."""

    at: datetime
    dry_run: bool
    surveys: tuple[SurveyPurge, ...]

    @property
    def finished(self) -> int:
        return sum(survey.finished for survey in self.surveys)

    @property
    def unfinished(self) -> int:
        return sum(survey.unfinished for survey in self.surveys)

    @property
    def removed(self) -> int:
        return self.finished + self.unfinished

    @property
    def with_limit(self) -> tuple[SurveyPurge, ...]:
        return tuple(survey for survey in self.surveys if survey.retention_days is not None)

    @property
    def without_limit(self) -> tuple[SurveyPurge, ...]:
        return tuple(survey for survey in self.surveys if survey.retention_days is None)


def retention_of(survey: Survey | None, default_days: int | None) -> int | None:
    """Days a survey's responses are kept: its own setting, else the deployment's."""
    if survey is not None and survey.retention_days is not None:
        return survey.retention_days
    return default_days


def _finished_before(survey_id: str, cutoff: datetime) -> ColumnElement[bool]:
    return and_(
        Response.survey_id == survey_id,
        Response.completed_at.is_not(None),
        Response.completed_at < cutoff,
    )


def _unfinished_before(survey_id: str, cutoff: datetime) -> ColumnElement[bool]:
    answered_since = exists().where(Answer.response_id == Response.id, Answer.answered_at >= cutoff)
    return and_(
        Response.survey_id == survey_id,
        Response.completed_at.is_(None),
        Response.started_at < cutoff,
        ~answered_since,
    )


async def _count(session: AsyncSession, condition: ColumnElement[bool]) -> int:
    return int(await session.scalar(select(func.count(Response.id)).where(condition)) or 0)


async def _remove(session: AsyncSession, condition: ColumnElement[bool], batch_size: int) -> int:
    """Delete the responses meeting `condition` and their answers, `batch_size` at a time,
    committing each batch. Counts only rows this call deleted: a purge running at the same
    time takes the others, and neither counts a response twice."""
    removed = 0
    # Each batch starts after the last one's ids: one pass over the responses in all, rather
    # than reading again from the start each time.
    after = 0
    while True:
        ids = list(
            await session.scalars(
                select(Response.id)
                .where(condition, Response.id > after)
                .order_by(Response.id)
                .limit(batch_size)
            )
        )
        if not ids:
            return removed
        after = ids[-1]
        # The condition again: an answer given since the ids were read keeps its response.
        result = await session.execute(
            delete(Response)
            .where(Response.id.in_(ids), condition)
            .execution_options(synchronize_session=False)
        )
        removed += int(result.rowcount or 0)  # type: ignore[attr-defined]
        # The foreign key cascades on both databases; this also covers a SQLite connection
        # opened without foreign keys, leaving no answer whose response is gone.
        await session.execute(
            delete(Answer)
            .where(
                Answer.response_id.in_(ids),
                ~exists().where(Response.id == Answer.response_id),
            )
            .execution_options(synchronize_session=False)
        )
        await session.commit()


async def purge_responses(
    session: AsyncSession,
    library: SurveyLibrary,
    default_days: int | None,
    now: datetime | None = None,
    *,
    survey_id: str | None = None,
    dry_run: bool = False,
    batch_size: int = BATCH,
    actor: str = audit.COMMAND_LINE,
) -> PurgeReport:
    """Remove (or with `dry_run` only count) the responses older than their survey's
    retention period, for every survey with responses or in the library, or only
    `survey_id`. When something is due, writes an audit entry of what is due, removes it
    batch by batch (a commit each), then writes one of what was removed (counts and
    cut-offs only). Safe to run twice at once, or again at any time."""
    moment = (now or utcnow()).replace(microsecond=0)
    moment = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)
    stored = set(await session.scalars(select(Response.survey_id).distinct()))
    known = sorted(stored | {survey.id for survey in library.all()})
    if survey_id is not None:
        if survey_id not in known:
            raise UnknownSurvey(survey_id, known)
        known = [survey_id]
    # What is due, counted first: a dry run stops here; a purge records it in the audit log
    # before removing anything, so that a purge stopped half-way is never unrecorded.
    plan: list[SurveyPurge] = []
    for sid in known:
        survey = library.get(sid)
        days = retention_of(survey, default_days)
        if days is None:
            plan.append(SurveyPurge(sid, None, None, 0, 0, survey is not None))
            continue
        cutoff = moment - timedelta(days=days)
        finished = await _count(session, _finished_before(sid, cutoff))
        unfinished = await _count(session, _unfinished_before(sid, cutoff))
        plan.append(SurveyPurge(sid, days, cutoff, finished, unfinished, survey is not None))
    due = PurgeReport(moment, dry_run, tuple(plan))
    if dry_run or not due.removed:
        return due
    try:
        await audit.commit_recorded(session, actor, STARTED_ACTION, _details(due))
    except audit.AuditBusy:
        raise NothingRemoved("the audit log was too busy to record the purge") from None
    results: list[SurveyPurge] = []
    for planned in plan:
        if not planned.removed or planned.cutoff is None:
            results.append(replace(planned, finished=0, unfinished=0))
            continue
        sid, cutoff = planned.survey_id, planned.cutoff
        finished = await _remove(session, _finished_before(sid, cutoff), batch_size)
        unfinished = await _remove(session, _unfinished_before(sid, cutoff), batch_size)
        results.append(replace(planned, finished=finished, unfinished=unfinished))
    report = PurgeReport(moment, False, tuple(results))
    if report.removed:
        await audit.commit_recorded(session, actor, ACTION, _details(report))
    return report


def _details(report: PurgeReport) -> dict[str, object]:
    """Counts and cut-offs per survey: no response ids, no participant, no text."""
    return {
        "finished": report.finished,
        "unfinished": report.unfinished,
        "surveys": {
            survey.survey_id: {
                "retention_days": survey.retention_days,
                "cutoff": f"{survey.cutoff:%Y-%m-%dT%H:%M:%SZ}",
                "finished": survey.finished,
                "unfinished": survey.unfinished,
            }
            for survey in report.with_limit
            if survey.removed
        },
    }
