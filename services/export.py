"""Exporting a survey's responses for analysts, safely: one row per response, streamed from
the database into a CSV, JSON or XLSX file, with everything that could point to a person
taken out or blurred on the way.

- No chat id, Telegram id or pseudonym: each row gets a respondent id, a keyed hash
  (HMAC-SHA256) of the pseudonym under the export key (settings.export_key), so exports
  made with different keys cannot be joined; with no key set, a fresh one per export.
- Profile fields (age band, gender, region, role, where they joined) only for surveys
  linked to the profile, and blanked where a combination is shared by fewer people than
  the threshold (services.small_groups). Times rounded to the day.
- Free text opened with the participant's key only here, then scrubbed of phone numbers,
  emails, handles and links (services.scrubbing: a backstop, not a promise), or left out.
  A voice answer is only "voice answer present". Erased participants have no rows left.
- An audit entry (who, survey, filters, format, rows) is committed before any row goes out:
  no export leaves unrecorded.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import hashlib
import multiprocessing
import secrets
from collections import Counter, deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import and_, distinct, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from content.survey_model import Survey, words_in
from services import audit
from services.export_columns import (
    FINISHED,
    RESPONDENT,
    STARTED,
    VERSION,
    VOICE_PRESENT,
    Cell,
    Column,
    ExportPlan,
    ExportShape,
    choices_of,
    plan_export,
)
from services.export_files import Codebook, Details, ExportFile
from services.export_rows import (
    AT_FINISHED,
    AT_GONE,
    AT_KEY,
    AT_PROFILE,
    AT_PSEUDONYM,
    AT_RESPONSE,
    AT_STARTED,
    AT_VERSION,
    RawRow,
    answer_to_a_removed_question,
    raw_rows,
)
from services.free_text import OpenedTexts, Sealed, open_free_text
from services.response_filter import ResponseFilter
from services.small_groups import Generalised, Profile, generalise
from storage.models import Answer, Response

AUDIT_ACTION = "responses.export"


@dataclass(frozen=True)
class ExportRequest:
    survey: Survey
    which: ResponseFilter
    shape: ExportShape
    format: str
    threshold: int
    actor: str  # a staff pseudonym, or "cli": for the audit log only, never in the file
    # Who made it, as the file says (never a pseudonym): "the command line", "the chat".
    made_from: str = "the command line"


@dataclass(frozen=True)
class ExportSummary:
    rows: int
    profile_fields_blanked: int
    scrubbed: int  # phone numbers, emails, handles and links taken out of free text
    unreadable: int
    details: Details
    # Answers to questions the survey no longer has (an earlier version asked them), by
    # question: kept in the database, but not in the file, which follows today's survey.
    left_out: dict[str, int]


async def export_responses(
    session: AsyncSession,
    request: ExportRequest,
    out: ExportFile,
    master_key: bytes,
    export_key: bytes | None,
    progress: Callable[[int, int], None] | None = None,
    text_worker: bool = False,
) -> ExportSummary:
    """Write the responses `request` selects to `out`. Records the export in the audit log
    first (raises services.audit.AuditBusy, having written nothing, if it cannot).
    `progress(done, expected)` is told after each batch of rows. `text_worker`: open and
    scrub free text in a second process when there is a lot of it (the command line; not
    inside the bot)."""
    plan = plan_export(request.survey, request.shape)
    expected = await _row_count(session, request)
    await audit.commit_recorded(
        session, request.actor, AUDIT_ACTION, _audit_details(request, expected)
    )
    # The groups are counted again in the same snapshot as the rows are read (PostgreSQL):
    # someone erased in between must not leave a group smaller than it was counted.
    if session.get_bind().dialect.name == "postgresql":
        await session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
    groups, expected = await _profile_groups(session, plan, request)
    key = export_key or secrets.token_bytes(32)
    generalised = generalise(groups, request.threshold) if plan.profile_fields else None
    rows = _Rows(plan, key, generalised)
    await out.start(plan.headers, plan.hxl_row if request.shape.hxl else None, plan.text_columns)
    # A few batches behind: while a worker opens their free text, the next ones are read.
    waiting: deque[tuple[Sequence[RawRow], asyncio.Future[OpenedTexts | None]]] = deque()

    async def write_oldest() -> None:
        batch, opened = waiting.popleft()
        await out.write(rows.rows(batch, await opened))
        if progress is not None:
            progress(rows.count, max(expected, rows.count))

    with _text_worker(plan, expected, text_worker) as helper:
        free_text = _FreeText(master_key, [s.question for s in plan.sources if s.sealed], helper)
        try:
            async with contextlib.aclosing(raw_rows(session, plan, request.which)) as batches:
                async for batch in batches:
                    waiting.append((batch, free_text.open(rows.sealed(batch))))
                    if len(waiting) > BATCHES_AHEAD:
                        await write_oldest()
            while waiting:
                await write_oldest()
        finally:
            for _, opened in waiting:  # stopped early: what the worker still does is dropped
                if not opened.cancel() and not opened.cancelled():
                    opened.exception()  # read, so that asyncio does not log it as lost
    # Which questions, only when some answers were left out (rare): in the same snapshot.
    left_out = await _answers_to_removed_questions(session, plan, request) if rows.gone else {}
    await session.commit()  # ends the read (COPY ran inside the session's transaction)
    details = _details(
        request, plan, rows, generalised, left_out, shared_key=export_key is not None
    )
    await out.finish(details, codebook(plan))
    return ExportSummary(
        rows=rows.count,
        profile_fields_blanked=generalised.blanked if generalised else 0,
        scrubbed=rows.scrubbed,
        unreadable=rows.unreadable,
        details=details,
        left_out=left_out,
    )


async def _row_count(session: AsyncSession, request: ExportRequest) -> int:
    query = select(func.count()).select_from(Response).where(*request.which.conditions())
    return int(await session.scalar(query) or 0)


async def _profile_groups(
    session: AsyncSession, plan: ExportPlan, request: ExportRequest
) -> tuple[Counter[Profile], int]:
    """How many people (not responses: someone may answer a survey more than once) share
    each combination of profile fields, and how many rows the export will have."""
    fields = [getattr(Response, name) for name in plan.profile_fields]
    rows = func.count()
    # A survey taken once per person has as many people as responses (cheaper to count).
    people = (
        rows if request.survey.responses == "one" else func.count(distinct(Response.participant_id))
    )
    query = select(*fields, people, rows).where(and_(*request.which.conditions()))
    if fields:
        query = query.group_by(*fields)
    result = await session.execute(query)
    counts: Counter[Profile] = Counter()
    total = 0
    for row in result.all():
        counts[tuple(row[:-2])] += int(row[-2])
        total += int(row[-1])
    return counts, total


# How many batches may wait for their free text to be opened (by the worker process) while
# the next ones are read: enough that the worker always has one to start on. What bounds an
# export's memory: at most these, the one being written, the two in services.export_rows'
# queue and the one COPY is filling, of export_rows.BATCH (2,000) rows each, whatever the
# number of rows.
BATCHES_AHEAD = 2


async def _answers_to_removed_questions(
    session: AsyncSession, plan: ExportPlan, request: ExportRequest
) -> dict[str, int]:
    """How many of the selected responses' answers are to questions the survey no longer
    has, by question."""
    query = (
        select(Answer.question, func.count())
        .join(Response, Response.id == Answer.response_id)
        .where(*request.which.conditions(), answer_to_a_removed_question(plan))
        .group_by(Answer.question)
        .order_by(Answer.question)
    )
    return {question: int(count) for question, count in (await session.execute(query)).all()}


# Below this many rows, starting a worker process costs more than it saves.
TEXT_WORKER_FROM_ROWS = 20_000


@contextlib.contextmanager
def _text_worker(
    plan: ExportPlan, expected: int, wanted: bool
) -> Iterator[ProcessPoolExecutor | None]:
    if not (wanted and plan.has_free_text and expected >= TEXT_WORKER_FROM_ROWS):
        yield None
        return
    # A fork: it starts at once with what is imported here (a fresh interpreter would import
    # the whole command again, a second or more). The child only runs open_free_text: it
    # touches none of this process's connections or threads. Freezing what is alive before
    # the fork (as the gc module's documentation advises) keeps the pages both processes
    # share from being copied, and spares the garbage collector walking every object the
    # command imported each time it runs during the export (about a tenth of its time).
    # Not when something else froze objects already: unfreezing would undo its freeze.
    freezing = gc.get_freeze_count() == 0
    if freezing:
        gc.freeze()
    try:
        worker = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"))
        try:
            yield worker
        finally:
            worker.shutdown(cancel_futures=True)
    finally:
        if freezing:
            gc.unfreeze()


class _FreeText:
    """Opens a batch's free text: here, or in the worker process when there is one."""

    def __init__(
        self, master_key: bytes, questions: list[str], worker: ProcessPoolExecutor | None
    ) -> None:
        self.master_key = master_key
        self.questions = questions
        self.worker = worker

    def open(self, sealed: list[Sealed] | None) -> asyncio.Future[OpenedTexts | None]:
        future: asyncio.Future[OpenedTexts | None]
        if sealed is None:
            future = asyncio.get_running_loop().create_future()
            future.set_result(None)
        elif self.worker is None:
            future = asyncio.get_running_loop().create_future()
            future.set_result(open_free_text(self.master_key, self.questions, sealed))
        else:
            future = asyncio.get_running_loop().run_in_executor(
                self.worker, open_free_text, self.master_key, self.questions, sealed
            )
        return future


class _Rows:
    """Turns a batch of the database's rows into the export's rows, a column at a time: each
    column's cells are worked out in one pass (closed answers from a small table of the
    values already seen), and the rows are put together at the end."""

    def __init__(self, plan: ExportPlan, export_key: bytes, generalised: Generalised | None):
        self.plan = plan
        self.generalised = generalised
        self.count = 0
        self.scrubbed = 0
        self.unreadable = 0
        self.gone = 0  # answers to questions the survey no longer has
        # HMAC's two keyed hashes, started once: each id then costs two copies and updates.
        block = hashlib.sha256().block_size
        if len(export_key) > block:  # as HMAC does with a key longer than a block
            export_key = hashlib.sha256(export_key).digest()
        padded = export_key.ljust(block, b"\0")
        self._inner = hashlib.sha256(bytes(byte ^ 0x36 for byte in padded))
        self._outer = hashlib.sha256(bytes(byte ^ 0x5C for byte in padded))
        survey = plan.survey
        self._prefix = b"" if survey.linked_to_profile else f"{survey.id}:".encode()
        self._first_answer = AT_PROFILE + len(plan.profile_fields)
        # For each column after the response fields: which answer it reads, and the column.
        self._answer_columns: list[tuple[int, Column]] = [
            (column.source, column) for column in plan.columns if column.source is not None
        ]
        self._sealed = [i for i, source in enumerate(plan.sources) if source.sealed]
        # Profile fields as stored -> as shown (None for not given; blanked in small groups).
        self._shown_profiles: dict[tuple[Any, ...], Profile] = {}

    def _profile_shown(self, raw: tuple[Any, ...]) -> Profile:
        profile = tuple(value or None for value in raw)
        if self.generalised is not None:
            profile = self.generalised.of(profile)
        self._shown_profiles[raw] = profile
        return profile

    def respondent(self, pseudonym: str) -> str:
        """HMAC-SHA256 of the pseudonym under the export key (80 bits of it, in hex). For an
        anonymous survey the survey is hashed in too: its rows must not be joinable, by
        respondent id, to the age, gender and area another survey's export carries."""
        inner = self._inner.copy()
        inner.update(self._prefix + pseudonym.encode())
        outer = self._outer.copy()
        outer.update(inner.digest())
        return outer.hexdigest()[:20]

    def sealed(self, batch: Sequence[RawRow]) -> list[Sealed] | None:
        """What services.free_text needs to open the batch's free text (None: there is none)."""
        if not self._sealed:
            return None
        positions = [self._first_answer + index for index in self._sealed]
        return [
            (
                int(row[AT_RESPONSE]),
                row[AT_PSEUDONYM],
                row[AT_KEY],
                tuple(row[position] for position in positions),
            )
            for row in batch
        ]

    def rows(self, batch: Sequence[RawRow], opened: OpenedTexts | None) -> list[tuple[Cell, ...]]:
        if not batch:
            return []
        self.count += len(batch)
        fields: list[Sequence[Any]] = list(zip(*batch, strict=True))
        profile_fields = fields[AT_PROFILE : self._first_answer]
        answers = fields[self._first_answer : AT_GONE]
        self.gone += sum(int(count or 0) for count in fields[AT_GONE])
        if opened is not None:
            self.scrubbed += opened.scrubbed
            self.unreadable += opened.unreadable
            for index, texts in zip(self._sealed, opened.texts, strict=True):
                answers[index] = texts
        out: list[Sequence[Cell]] = [
            [self.respondent(pseudonym) for pseudonym in fields[AT_PSEUDONYM]],
            fields[AT_VERSION],
            fields[AT_STARTED],
            [day or None for day in fields[AT_FINISHED]],
        ]
        if profile_fields:
            shown = self._shown_profiles
            profiles = [
                shown[raw] if raw in shown else self._profile_shown(raw)
                for raw in zip(*profile_fields, strict=True)
            ]
            out.extend(zip(*profiles, strict=True))
        out.extend(column.cells(answers[source]) for source, column in self._answer_columns)
        return list(zip(*out, strict=True))


def _audit_details(request: ExportRequest, rows: int) -> dict[str, object]:
    return {
        **request.which.described(),
        "format": request.format,
        "choices": f"labels:{request.shape.language}" if request.shape.labels else "values",
        "multi": request.shape.multi,
        "free_text": request.shape.free_text,
        "threshold": request.threshold,
        "rows": rows,
    }


def _details(
    request: ExportRequest,
    plan: ExportPlan,
    rows: _Rows,
    generalised: Generalised | None,
    left_out: dict[str, int],
    *,
    shared_key: bool,
) -> Details:
    survey, shape, which = request.survey, request.shape, request.which
    fallback = shape.language or shape.fallback_language
    return [
        ("survey", survey.id),
        ("title", words_in(survey.title, fallback, shape.fallback_language)),
        ("survey versions", "the version each response answered is in survey_version"),
        ("made at (UTC)", datetime.now(UTC).strftime("%Y-%m-%d %H:%M")),
        ("made from", request.made_from),
        (
            "responses",
            "started (finished or not), by the day started"
            if which.unfinished_too
            else "finished, by the day finished",
        ),
        ("since", which.since.isoformat() if which.since else "(any day)"),
        ("until", which.until.isoformat() if which.until else "(any day)"),
        ("time zone of the days", str(which.zone)),
        ("rows", str(rows.count)),
        ("choices as", f"labels in {shape.language}" if shape.labels else "names (values)"),
        (
            "select-multiple and ranking",
            "one column per choice (1/0; for a ranking, its place)"
            if shape.multi == "split"
            else "one column, names separated by spaces (labels by '; ')",
        ),
        (
            "free text",
            "scrubbed of phone numbers, emails, handles and links "
            f"({rows.scrubbed} taken out); read it before sharing"
            if shape.free_text
            else "left out",
        ),
        ("voice answers", f'"{VOICE_PRESENT}" only; the recordings never leave'),
        (
            "answers not in this file",
            "none"
            if not left_out
            else (
                f"{sum(left_out.values())} answers to questions the survey no longer has "
                f"({', '.join(f'{name}: {count}' for name, count in left_out.items())}); "
                "kept in the database"
            ),
        ),
        ("suppression threshold", str(request.threshold)),
        (
            "profile fields",
            "not kept for this survey"
            if not plan.profile_fields
            else (
                f"blanked where fewer than {request.threshold} people share a combination "
                f"({generalised.blanked if generalised else 0} fields blanked, counted once "
                "per person)"
            ),
        ),
        (
            "respondent ids",
            "the same in every export made with this deployment's EXPORT_KEY"
            if shared_key
            else "valid in this file only (no EXPORT_KEY set)",
        ),
    ]


_FIELD_MEANINGS = {
    RESPONDENT: "respondent id: a keyed hash, not the person's Telegram account",
    VERSION: "the survey version the response answered",
    STARTED: "the day the response was started",
    FINISHED: "the day it was finished (empty: not finished)",
    "age_band": "age band the person gave (under-18, 18-24, 25-29, 30-39, 40-59, 60-plus)",
    "gender": "gender the person gave",
    "region": "area the person gave",
    "role": "role the person gave",
    "join_source": "the join link they came through",
}


def codebook(plan: ExportPlan) -> Codebook:
    """One entry per column (and per choice of a choice question): what it holds, with
    labels in each of the survey's languages."""
    languages = plan.survey.languages
    entries: Codebook = []

    def entry(column: str, kind: str, choice: str, labels: dict[str, str]) -> None:
        row = {"column": column, "type": kind, "choice": choice}
        row.update({f"label::{lang}": labels.get(lang, "") for lang in languages})
        row["hxl"] = hxl_of.get(column, "") if not choice else ""
        entries.append(row)

    hxl_of = dict(zip(plan.headers, plan.hxl_row, strict=True))
    for column in plan.columns:
        question = column.question
        if question is None:
            meaning = _FIELD_MEANINGS[column.header]
            entry(column.header, "response", "", dict.fromkeys(languages, meaning))
            continue
        labels = dict(question.label)
        if question.other_of is not None:
            parent = plan.survey.question(question.other_of)
            labels = {
                lang: f"{text} (other, in their words)"
                for lang, text in (parent.label.items() if parent else ())
            }
        if column.choice is not None:
            entry(column.header, question.type, column.choice.name, dict(column.choice.label))
            continue
        entry(column.header, question.type, "", labels)
        for choice in choices_of(question, plan.shape):
            entry(column.header, question.type, choice.name, dict(choice.label))
    return entries
