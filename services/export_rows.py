"""Streaming a survey's responses out of the database as one plain row each: the pivot of
answers into columns and the filters are done in SQL, and rows arrive in batches.

On PostgreSQL the rows come through COPY (asyncpg), which moves plain rows far faster than
a cursor; elsewhere (SQLite) through a streamed result. Both give the same `RawRow`s.
"""

from __future__ import annotations

import asyncio
import contextlib
import csv
from collections.abc import AsyncGenerator, Sequence
from datetime import UTC, datetime
from typing import Any, cast
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Select, String, and_, func, or_, select
from sqlalchemy import cast as sql_cast
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncSession

from services.export_columns import ExportPlan
from services.response_filter import ResponseFilter
from storage.models import Answer, DataKey, Participant, Response

BATCH = 2000

# A raw row: the response's id, the participant's pseudonym (only to derive the export's
# respondent id; never written out), their wrapped data key (when free text is exported),
# the survey version, the days started and finished (YYYY-MM-DD in the deployment's time
# zone), the profile fields, one stored answer per plan source: JSON text, or for free
# text the sealed bytes (as hex from COPY), and last how many of the response's answers are
# to questions the survey no longer has (AT_GONE). NULL is None, or "" from COPY.
AT_RESPONSE, AT_PSEUDONYM, AT_KEY, AT_VERSION, AT_STARTED, AT_FINISHED = range(6)
AT_PROFILE = 6
AT_GONE = -1
RawRow = Sequence[Any]


async def raw_rows(
    session: AsyncSession, plan: ExportPlan, which: ResponseFilter
) -> AsyncGenerator[list[RawRow], None]:
    """The responses `which` selects, oldest first, in batches of about BATCH rows."""
    if session.get_bind().dialect.name == "postgresql":
        rows = _copied_rows(session, plan, which)
    else:
        rows = _streamed_rows(session, plan, which)
    async with contextlib.aclosing(rows):  # a stopped export stops COPY at once
        async for batch in rows:
            yield batch


def answer_to_a_removed_question(plan: ExportPlan) -> ColumnElement[bool]:
    """An answer given to a question (or "other" step) the survey no longer has. Skipped
    questions and read notes hold no answer."""
    return and_(
        Answer.question.not_in(plan.asked),
        or_(Answer.value.is_not(None), Answer.sealed.is_not(None)),
    )


def _pivot(
    plan: ExportPlan,
    which: ResponseFilter,
    day: Any,
    binary: Any,
) -> Select[Any]:
    """One row per response: its answers pivoted into columns by a grouped join (one pass
    over the answers; faster than a lookup per answer on PostgreSQL)."""
    with_keys = plan.has_free_text
    columns: list[Any] = [
        Response.id,
        Participant.pseudonym,
        binary(DataKey.wrapped_key) if with_keys else sql_cast(None, String),
        Response.survey_version,
        day(Response.started_at),
        day(Response.completed_at),
        *(getattr(Response, name) for name in plan.profile_fields),
    ]
    for source in plan.sources:
        stored = binary(Answer.sealed) if source.sealed else Answer.value
        columns.append(func.max(stored).filter(Answer.question == source.question))
    # Counted in the same pass: a query of its own would read every answer again.
    columns.append(func.count(Answer.question).filter(answer_to_a_removed_question(plan)))
    query = (
        select(*columns)
        .join(Participant, Participant.id == Response.participant_id)
        .outerjoin(Answer, Answer.response_id == Response.id)
        .where(and_(*which.conditions()))
        .group_by(Response.id, Participant.pseudonym)
        .order_by(Response.id)
    )
    if with_keys:
        query = query.outerjoin(DataKey, DataKey.participant_id == Response.participant_id)
        query = query.group_by(DataKey.wrapped_key)
    return query


# ---------------------------------------------------------------- PostgreSQL: COPY


async def _copied_rows(
    session: AsyncSession, plan: ExportPlan, which: ResponseFilter
) -> AsyncGenerator[list[RawRow], None]:
    zone = str(which.zone)

    def day(column: Any) -> Any:
        return func.to_char(func.timezone(zone, column), "YYYY-MM-DD")

    def hexed(column: Any) -> Any:
        return func.encode(column, "hex")

    query = _pivot(plan, which, day, hexed)
    sql = str(query.compile(dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True}))
    connection = await session.connection()
    raw = await connection.get_raw_connection()
    driver = cast(Any, raw.driver_connection)  # asyncpg's Connection
    # asyncpg hands COPY's data to a callback as it arrives; a short queue passes the rows
    # on, and holds COPY back while the export is busy writing (memory stays bounded). No
    # field can hold a line break (JSON escapes them, sealed text comes as hex), so a chunk's
    # complete lines are complete rows.
    batches: asyncio.Queue[list[RawRow] | None] = asyncio.Queue(maxsize=2)
    rest = b""
    rows: list[RawRow] = []
    # Set when the export stops early (it failed, or was stopped): COPY is then read to its
    # end and its rows dropped. Cancelling it instead would leave asyncpg waiting for an
    # answer it never reads, and the connection with it.
    dropping = False

    async def take(chunk: bytes) -> None:
        nonlocal rest, rows
        if dropping:
            return
        data = rest + chunk
        cut = data.rfind(b"\n") + 1
        rest = data[cut:]
        if cut:
            # Split on "\n" only: str.splitlines would also cut at U+2028 and the like.
            rows += csv.reader(data[: cut - 1].decode().split("\n"))
            # COPY's chunks hold a few hundred rows: passed on BATCH at a time.
            while len(rows) >= BATCH and not dropping:
                batch, rows = rows[:BATCH], rows[BATCH:]
                await batches.put(batch)

    async def copy() -> None:
        nonlocal rows
        try:
            await driver.copy_from_query(sql, output=take, format="csv")
            if rest and not dropping:
                rows += csv.reader(rest.decode().split("\n"))
            if rows and not dropping:
                await batches.put(rows)
        finally:
            await batches.put(None)

    copying = asyncio.create_task(copy())
    try:
        while (batch := await batches.get()) is not None:
            yield batch
        await copying  # raises what COPY raised
    finally:
        if not copying.done():
            dropping = True
            # Room for what `take` may be putting now and for the end: nothing blocks.
            while not batches.empty():
                batches.get_nowait()
            # What stopped the export is what it reports, not how COPY ended. Shielded: if
            # this task is cancelled meanwhile, COPY still reads to its end on its own.
            with contextlib.suppress(Exception):
                await asyncio.shield(copying)


# ---------------------------------------------------------------- elsewhere: a stream


async def _streamed_rows(
    session: AsyncSession, plan: ExportPlan, which: ResponseFilter
) -> AsyncGenerator[list[RawRow], None]:
    query = _pivot(plan, which, lambda column: column, lambda column: column)
    result = await session.stream(query.execution_options(yield_per=BATCH))
    zone = which.zone
    async for partition in result.partitions():
        yield [
            (
                row[AT_RESPONSE],
                row[AT_PSEUDONYM],
                row[AT_KEY],
                row[AT_VERSION],
                _day(row[AT_STARTED], zone),
                _day(row[AT_FINISHED], zone),
                *row[AT_PROFILE:],
            )
            for row in partition
        ]


def _day(moment: datetime | None, zone: ZoneInfo) -> str | None:
    if moment is None:
        return None
    if moment.tzinfo is None:  # SQLite gives UTC back without its zone
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(zone).date().isoformat()
