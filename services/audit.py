"""The append-only audit log of staff actions: each entry's hash covers the previous one's,
so an edited or removed entry breaks the chain (the database also refuses changes)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import AuditEntry, utcnow

GENESIS = "0" * 64
ATTEMPTS = 20
# The actor of what is done from the command line (on the server, by whoever runs it).
COMMAND_LINE = "cli"


class AuditBusy(Exception):
    """Other entries kept being written first; the action was not recorded, so not done."""


def entry_hash(previous_hash: str, at: datetime, actor: str, action: str, details: str) -> str:
    # The moment in UTC to the second, whether the database gave it back with its time zone
    # (PostgreSQL) or without (SQLite).
    moment = (at if at.tzinfo else at.replace(tzinfo=UTC)).astimezone(UTC)
    body = json.dumps(
        [previous_hash, moment.strftime("%Y-%m-%dT%H:%M:%SZ"), actor, action, details]
    )
    return hashlib.sha256(body.encode()).hexdigest()


async def append(
    session: AsyncSession, actor: str, action: str, details: dict[str, object]
) -> AuditEntry:
    """Add an entry after the newest one to the session; `commit_recorded` commits it.
    `actor` is a staff pseudonym or "cli"; `details` never hold free text or Telegram ids."""
    last = await session.scalar(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1))
    previous = last.entry_hash if last is not None else GENESIS
    at = utcnow().replace(microsecond=0)
    text = json.dumps(details, sort_keys=True, ensure_ascii=False)
    entry = AuditEntry(
        at=at,
        actor=actor,
        action=action,
        details=text,
        previous_hash=previous,
        entry_hash=entry_hash(previous, at, actor, action, text),
    )
    session.add(entry)
    return entry


async def commit_recorded(
    session: AsyncSession,
    actor: str,
    action: str,
    details: dict[str, object],
    apply: Callable[[], Awaitable[None]] | None = None,
) -> None:
    """Make a staff action's changes (`apply` adds them to the session) and its audit entry
    in one commit: the action is done if and only if it is recorded. Without `apply`, only
    the entry (an action that changes nothing stored: an export, a report).

    Two actions recorded at once would both follow the same entry; the unique index on
    previous_hash refuses the second commit, which is then made again after the first."""
    for _ in range(ATTEMPTS):
        if apply is not None:
            await apply()
        await append(session, actor, action, details)
        try:
            await session.commit()
            return
        except IntegrityError as error:
            await session.rollback()
            if "previous_hash" not in str(error):
                raise
    raise AuditBusy(f"could not append to the audit log after {ATTEMPTS} attempts")


@dataclass(frozen=True)
class ChainReport:
    """What `verify` found: how many entries, the newest one's hash (the head), and each
    break in the chain, in words."""

    entries: int
    head: str
    problems: list[str]


async def verify(session: AsyncSession, expect_head: str | None = None) -> ChainReport:
    """Walk the log in order: every entry's hash must match its contents (else it was
    edited) and name the entry before it (else entries were removed or moved). Removing the
    newest entries leaves a shorter chain that is still whole: `expect_head`, a head noted
    earlier, must then still be in the log."""
    problems: list[str] = []
    previous, count, seen_expected = GENESIS, 0, expect_head is None
    rows = await session.stream_scalars(select(AuditEntry).order_by(AuditEntry.id))
    async for entry in rows:
        count += 1
        recomputed = entry_hash(
            entry.previous_hash, entry.at, entry.actor, entry.action, entry.details
        )
        if recomputed != entry.entry_hash:
            problems.append(
                f"entry {entry.id} ({entry.action}) was changed after it was written: its "
                "contents no longer match its hash"
            )
        if entry.previous_hash != previous:
            where = "the start of the log" if previous == GENESIS else "the entry before it"
            problems.append(
                f"entry {entry.id} ({entry.action}) does not follow {where}: entries "
                "were removed or moved"
            )
        if entry.entry_hash == expect_head:
            seen_expected = True
        previous = entry.entry_hash
    if not seen_expected:
        problems.append(
            f"the head you noted ({expect_head}) is no longer in the log: the newest entries "
            "were removed"
        )
    return ChainReport(count, previous, problems)


async def latest(session: AsyncSession, limit: int) -> list[AuditEntry]:
    rows = await session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit))
    return list(reversed(rows.all()))
