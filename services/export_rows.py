"""Streaming a survey's responses out of the database as one plain row each: the pivot of
answers into columns and the filters are done in SQL, and rows arrive in batches.

On PostgreSQL the rows come through COPY (asyncpg), which moves plain rows far faster than
a cursor; elsewhere (SQLite) through a streamed result. Both give the same `RawRow`s.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, Select, String, and_, func, select
from sqlalchemy import cast as sql_cast
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncSession

from services.export_columns import ExportPlan
from services.response_filter import ResponseFilter
from storage.models import Answer, DataKey, Participant, Response

BATCH = 2000


@dataclass(frozen=True, slots=True)
class RawRow:
    response_id: int
    pseudonym: str  # only to derive the export's respondent id; never written out
    wrapped_key: bytes | None  # the participant's data key, when free text is exported
    version: str
    started: str  # days in the deployment's time zone, YYYY-MM-DD
    finished: str | None
    profile: tuple[str | None, ...]
    # One per plan source: the stored JSON text, or for free text the sealed bytes.
    answers: tuple[str | bytes | None, ...]


async def raw_rows(
    session: AsyncSession, plan: ExportPlan, which: ResponseFilter
) -> AsyncIterator[list[RawRow]]:
    """The responses `which` selects, oldest first, in batches of about BATCH rows."""
    if session.get_bind().dialect.name == "postgresql":
        rows = _copied_rows(session, plan, which)
    else:
        rows = _streamed_rows(session, plan, which)
    async for batch in rows:
        yield batch


def _answer(question: str, column: Any) -> ColumnElement[Any]:
    """One question's stored answer for the response of the outer row: a lookup on the
    answers' primary key (response, question)."""
    return (
        select(column)
        .where(Answer.response_id == Response.id, Answer.question == question)
        .scalar_subquery()
    )


def _pivot(
    plan: ExportPlan,
    which: ResponseFilter,
    day: Any,
    binary: Any,
) -> Select[Any]:
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
        columns.append(
            _answer(source.question, binary(Answer.sealed) if source.sealed else Answer.value)
        )
    query = (
        select(*columns)
        .join(Participant, Participant.id == Response.participant_id)
        .where(and_(*which.conditions()))
        .order_by(Response.id)
    )
    if with_keys:
        query = query.outerjoin(DataKey, DataKey.participant_id == Response.participant_id)
    return query


# ---------------------------------------------------------------- PostgreSQL: COPY


async def _copied_rows(
    session: AsyncSession, plan: ExportPlan, which: ResponseFilter
) -> AsyncIterator[list[RawRow]]:
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
    profile = len(plan.profile_fields)
    sealed = [source.sealed for source in plan.sources]
    # asyncpg hands COPY's data to a callback as it arrives; a short queue passes the rows
    # on, and holds COPY back while the export is busy writing (memory stays bounded).
    batches: asyncio.Queue[list[RawRow] | None] = asyncio.Queue(maxsize=4)
    rest = b""

    async def take(chunk: bytes) -> None:
        nonlocal rest
        lines = (rest + chunk).split(b"\n")
        rest = lines.pop()
        if lines:
            await batches.put([_from_copy(line, profile, sealed) for line in lines])

    async def copy() -> None:
        try:
            await driver.copy_from_query(sql, output=take, format="text")
            if rest:
                await batches.put([_from_copy(rest, profile, sealed)])
        finally:
            await batches.put(None)

    copying = asyncio.create_task(copy())
    try:
        while (batch := await batches.get()) is not None:
            yield batch
        await copying  # raises what COPY raised
    finally:
        if not copying.done():
            copying.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await copying


_ESCAPE = re.compile(rb"\\(.)")
_ESCAPED = {b"\\": b"\\", b"t": b"\t", b"n": b"\n", b"r": b"\r", b"b": b"\b", b"f": b"\f"}


def _field(value: bytes) -> str | None:
    if value == b"\\N":
        return None
    if b"\\" in value:
        value = _ESCAPE.sub(lambda m: _ESCAPED.get(m.group(1), m.group(1)), value)
    return value.decode()


def _from_copy(line: bytes, profile: int, sealed: Sequence[bool]) -> RawRow:
    fields = [_field(value) for value in line.split(b"\t")]
    answers = fields[6 + profile :]
    wrapped = fields[2]
    return RawRow(
        response_id=int(cast(str, fields[0])),
        pseudonym=cast(str, fields[1]),
        wrapped_key=bytes.fromhex(wrapped) if wrapped else None,
        version=cast(str, fields[3]),
        started=cast(str, fields[4]),
        finished=fields[5],
        profile=tuple(fields[6 : 6 + profile]),
        answers=tuple(
            bytes.fromhex(value) if value is not None and is_sealed else value
            for value, is_sealed in zip(answers, sealed, strict=True)
        ),
    )


# ---------------------------------------------------------------- elsewhere: a stream


async def _streamed_rows(
    session: AsyncSession, plan: ExportPlan, which: ResponseFilter
) -> AsyncIterator[list[RawRow]]:
    query = _pivot(plan, which, lambda column: column, lambda column: column)
    result = await session.stream(query.execution_options(yield_per=BATCH))
    profile = len(plan.profile_fields)
    zone = which.zone
    async for partition in result.partitions():
        yield [
            RawRow(
                response_id=row[0],
                pseudonym=row[1],
                wrapped_key=row[2],
                version=row[3],
                started=_day(row[4], zone) or "",
                finished=_day(row[5], zone),
                profile=tuple(row[6 : 6 + profile]),
                answers=tuple(row[6 + profile :]),
            )
            for row in partition
        ]


def _day(moment: datetime | None, zone: ZoneInfo) -> str | None:
    if moment is None:
        return None
    if moment.tzinfo is None:  # SQLite gives UTC back without its zone
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(zone).date().isoformat()
