"""Broadcasts as facilitators make them: what to send, to whom, checked before anything is
queued; confirm (now or at a time), cancel, and how far delivery has gone.

A broadcast goes draft → scheduled → sending → done, or → cancelled. Every change of
status is one conditional UPDATE, so two facilitators (or two presses of one button) can
never confirm or start the same broadcast twice; when it starts, one INSERT … SELECT
writes a delivery for each recipient, unique per (broadcast, participant).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import DateTime, Integer, String, func, insert, literal, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import Subquery

from content.explainers import Library
from content.surveys import SurveyLibrary
from services import audit
from services.segments import Segment, count_by_language, recipients
from services.surveys import OPEN, status_of
from storage.delivery_queue import IN_FLIGHT, QUEUED
from storage.models import Broadcast, Delivery, utcnow

SURVEY, EXPLAINER, MESSAGE, DRIP = "survey", "explainer", "message", "drip"
KINDS = (SURVEY, EXPLAINER, MESSAGE)
DRAFT, SCHEDULED, SENDING, DONE, CANCELLED = "draft", "scheduled", "sending", "done", "cancelled"
# A delivery's life: queued → sending (QUEUED, IN_FLIGHT, from the queue) → one of these.
SENT, FAILED, UNREACHABLE, SKIPPED = "sent", "failed", "unreachable", "skipped"
# A facilitator's own words: one phone screen, far under Telegram's 4096.
MESSAGE_CHARACTERS = 1500


class BroadcastProblem(Exception):
    """Something a facilitator can fix. `code` names a translated message
    (`broadcast-problem-<code>`) and `details` fill it in."""

    def __init__(self, code: str, **details: str | int):
        super().__init__(code)
        self.code, self.details = code, details


@dataclass(frozen=True)
class Draft:
    """What a facilitator chose: the kind, the survey or explainer (`subject`), their words
    per language for a message, and the audience."""

    kind: str
    segment: Segment
    subject: str | None = None
    texts: Mapping[str, str] = field(default_factory=dict)
    segment_label: str | None = None


@dataclass(frozen=True)
class Audience:
    """Who would get it now, by language (the exact counts shown before confirming)."""

    by_language: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.by_language.values())


async def check(
    session: AsyncSession,
    draft: Draft,
    consent_version: str,
    library: Library,
    surveys: SurveyLibrary,
    now: datetime | None = None,
) -> Audience:
    """The audience, if everyone in it can be sent this in their own language; otherwise
    BroadcastProblem (a language without text is refused, never sent in another one)."""
    if draft.kind not in KINDS:
        raise BroadcastProblem("unknown-kind", kind=draft.kind)
    audience = Audience(await count_by_language(session, draft.segment, consent_version))
    if audience.total == 0:
        raise BroadcastProblem("nobody")
    needed = sorted(audience.by_language)
    if draft.kind == SURVEY:
        survey = surveys.get(draft.subject or "")
        if survey is None:
            raise BroadcastProblem("unknown-survey", survey=draft.subject or "")
        if await status_of(session, survey, now) != OPEN:
            raise BroadcastProblem("survey-not-open", survey=survey.id)
        available = set(survey.languages)
    elif draft.kind == EXPLAINER:
        if draft.subject not in library.ids():
            raise BroadcastProblem("unknown-explainer", explainer=draft.subject or "")
        available = set(library.languages_of(draft.subject))
    else:
        for language, text in draft.texts.items():
            if len(text) > MESSAGE_CHARACTERS:
                raise BroadcastProblem(
                    "message-too-long", language=language, limit=MESSAGE_CHARACTERS
                )
        available = {language for language, text in draft.texts.items() if text.strip()}
    missing = [language for language in needed if language not in available]
    if missing:
        raise BroadcastProblem(
            "missing-languages",
            languages=", ".join(missing),
            people=sum(audience.by_language[language] for language in missing),
        )
    return audience


async def create(
    session: AsyncSession,
    draft: Draft,
    actor: str,
    progress_chat_id: int | None = None,
    progress_language: str | None = None,
) -> Broadcast:
    """Record a checked draft (nothing is queued yet), audited. Commits."""
    broadcast = Broadcast(
        kind=draft.kind,
        subject=draft.subject,
        texts=json.dumps(dict(draft.texts), ensure_ascii=False) if draft.kind == MESSAGE else None,
        filters=draft.segment.to_json(),
        segment_label=draft.segment_label,
        status=DRAFT,
        created_by=actor,
        progress_chat_id=progress_chat_id,
        progress_language=progress_language,
    )

    async def apply() -> None:
        session.add(broadcast)
        await session.flush()

    await audit.commit_recorded(
        session,
        actor,
        "broadcast.create",
        {"kind": draft.kind, "subject": draft.subject, "segment": draft.segment.describe()},
        apply,
    )
    return broadcast


def in_utc(moment: datetime) -> datetime:
    """A stored time as UTC (SQLite gives it back without its time zone)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def texts_of(broadcast: Broadcast) -> dict[str, str]:
    loaded = json.loads(broadcast.texts or "{}")
    return {str(key): str(value) for key, value in loaded.items()}


def segment_of(broadcast: Broadcast) -> Segment:
    return Segment.from_json(broadcast.filters)


async def confirm(
    session: AsyncSession,
    broadcast_id: int,
    actor: str,
    consent_version: str,
    send_at: datetime | None = None,
    now: datetime | None = None,
    *,
    anyones: bool = False,
) -> Broadcast:
    """Send a draft now (its deliveries are written at once) or at `send_at`. Only its
    creator may, or with `anyones` an admin or the CLI; a second confirm finds it no
    longer a draft and changes nothing. Audited; commits."""
    now = now or utcnow()
    if send_at is not None:
        # Stored in UTC: SQLite keeps no time zone, and every comparison is in UTC.
        send_at = send_at.astimezone(UTC)
        if send_at <= now:
            raise BroadcastProblem("in-the-past")
    broadcast = await _theirs(session, broadcast_id, actor, anyones)
    new_status = SCHEDULED if send_at is not None else SENDING

    async def apply() -> None:
        changed = await session.execute(
            update(Broadcast)
            .where(Broadcast.id == broadcast_id, Broadcast.status == DRAFT)
            .values(status=new_status, send_at=send_at, started_at=None if send_at else now)
            .execution_options(synchronize_session=False)
        )
        if not changed.rowcount:  # type: ignore[attr-defined]
            raise BroadcastProblem("not-a-draft", id=broadcast_id)
        if new_status == SENDING:
            await _write_deliveries(session, broadcast, consent_version, now)

    details: dict[str, object] = {"broadcast": broadcast_id}
    if send_at is not None:
        details["send_at"] = send_at.isoformat()
    await audit.commit_recorded(session, actor, "broadcast.confirm", details, apply)
    await session.refresh(broadcast)
    return broadcast


async def start_due(
    session: AsyncSession, consent_version: str, now: datetime | None = None
) -> list[int]:
    """Start the scheduled broadcasts whose time has come; each is taken by one conditional
    update, so several workers start it once. Commits each."""
    now = now or utcnow()
    due = await session.scalars(
        select(Broadcast.id).where(Broadcast.status == SCHEDULED, Broadcast.send_at <= now)
    )
    started = []
    for broadcast_id in due.all():
        changed = await session.execute(
            update(Broadcast)
            .where(Broadcast.id == broadcast_id, Broadcast.status == SCHEDULED)
            .values(status=SENDING, started_at=now)
            .execution_options(synchronize_session=False)
        )
        if changed.rowcount:  # type: ignore[attr-defined]
            broadcast = await session.get(Broadcast, broadcast_id)
            assert broadcast is not None
            await _write_deliveries(session, broadcast, consent_version, now)
            started.append(broadcast_id)
        await session.commit()
    return started


async def queue_deliveries(
    session: AsyncSession, broadcast_id: int, who: Subquery, now: datetime
) -> int:
    """One INSERT … SELECT: a queued delivery for each participant id in `who` (a
    subquery with an `id` column). Returns how many."""
    inserted = await session.execute(
        insert(Delivery).from_select(
            ["broadcast_id", "participant_id", "status", "attempts", "not_before"],
            select(
                literal(broadcast_id, Integer),
                who.c.id,
                literal(QUEUED, String),
                literal(0, Integer),
                literal(now, DateTime(timezone=True)),
            ),
        )
    )
    return int(inserted.rowcount or 0)  # type: ignore[attr-defined]


async def _write_deliveries(
    session: AsyncSession, broadcast: Broadcast, consent_version: str, now: datetime
) -> None:
    """One INSERT … SELECT of the segment as it is now. (An invitation-only survey lets in
    those its invitation reaches: services.surveys reads that from their delivery.)"""
    who = recipients(segment_of(broadcast), consent_version).subquery()
    await queue_deliveries(session, broadcast.id, who, now)
    count = await session.scalar(
        select(func.count()).select_from(Delivery).where(Delivery.broadcast_id == broadcast.id)
    )
    await session.execute(
        update(Broadcast)
        .where(Broadcast.id == broadcast.id)
        .values(recipients=int(count or 0))
        .execution_options(synchronize_session=False)
    )


async def _theirs(session: AsyncSession, broadcast_id: int, actor: str, anyones: bool) -> Broadcast:
    broadcast = await session.get(Broadcast, broadcast_id)
    if broadcast is None or not (anyones or broadcast.created_by == actor):
        # Someone else's broadcast looks the same as none at all.
        raise BroadcastProblem("unknown-broadcast", id=broadcast_id)
    return broadcast


async def cancel(
    session: AsyncSession,
    broadcast_id: int,
    actor: str,
    now: datetime | None = None,
    *,
    anyones: bool = False,
) -> int:
    """Stop what has not been sent: a draft or a scheduled broadcast never starts, a
    sending one sends nothing more (a message already on its way may still arrive).
    Returns how many deliveries were called off. Who may: as for `confirm`. Audited;
    commits."""
    await _theirs(session, broadcast_id, actor, anyones)
    called_off = 0

    async def apply() -> None:
        nonlocal called_off
        changed = await session.execute(
            update(Broadcast)
            .where(Broadcast.id == broadcast_id, Broadcast.status.in_((DRAFT, SCHEDULED, SENDING)))
            .values(status=CANCELLED, finished_at=now or utcnow())
            .execution_options(synchronize_session=False)
        )
        if not changed.rowcount:  # type: ignore[attr-defined]
            raise BroadcastProblem("already-finished", id=broadcast_id)
        result = await session.execute(
            update(Delivery)
            .where(Delivery.broadcast_id == broadcast_id, Delivery.status == QUEUED)
            .values(status=CANCELLED)
            .execution_options(synchronize_session=False)
        )
        called_off = int(result.rowcount)  # type: ignore[attr-defined]

    await audit.commit_recorded(
        session, actor, "broadcast.cancel", {"broadcast": broadcast_id}, apply
    )
    return called_off


@dataclass(frozen=True)
class Progress:
    """How far a broadcast has gone, from its deliveries."""

    status: str
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def __getitem__(self, status: str) -> int:
        return self.counts.get(status, 0)

    @property
    def remaining(self) -> int:
        return self[QUEUED] + self[IN_FLIGHT]

    @property
    def finished(self) -> bool:
        return self.status in (DONE, CANCELLED) and self[IN_FLIGHT] == 0


async def progress(session: AsyncSession, broadcast_id: int) -> Progress | None:
    broadcast = await session.get(Broadcast, broadcast_id, populate_existing=True)
    if broadcast is None:
        return None
    rows = await session.execute(
        select(Delivery.status, func.count())
        .where(Delivery.broadcast_id == broadcast_id)
        .group_by(Delivery.status)
    )
    return Progress(broadcast.status, {str(status): int(n) for status, n in rows.all()})


async def finish_if_done(session: AsyncSession, broadcast_id: int, now: datetime) -> bool:
    """A sending broadcast with nothing left to send becomes done (once). Commits."""
    left = await session.scalar(
        select(func.count())
        .select_from(Delivery)
        .where(Delivery.broadcast_id == broadcast_id, Delivery.status.in_((QUEUED, IN_FLIGHT)))
    )
    if left:
        return False
    changed = await session.execute(
        update(Broadcast)
        .where(Broadcast.id == broadcast_id, Broadcast.status == SENDING)
        .values(status=DONE, finished_at=now)
        .execution_options(synchronize_session=False)
    )
    await session.commit()
    return bool(changed.rowcount)  # type: ignore[attr-defined]


async def listed(
    session: AsyncSession, limit: int = 20, created_by: str | None = None
) -> list[Broadcast]:
    """The newest broadcasts facilitators made (not the weekly drip's rounds), or only
    those `created_by` one of them."""
    query = select(Broadcast).where(Broadcast.kind.in_(KINDS)).order_by(Broadcast.id.desc())
    if created_by is not None:
        query = query.where(Broadcast.created_by == created_by)
    return list((await session.scalars(query.limit(limit))).all())
