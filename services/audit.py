"""The append-only audit log of staff actions: each entry's hash covers the previous one's,
so an edited or removed entry breaks the chain (the database also refuses changes)."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import AuditEntry, utcnow

GENESIS = "0" * 64


def entry_hash(previous_hash: str, at: datetime, actor: str, action: str, details: str) -> str:
    body = json.dumps([previous_hash, at.isoformat(), actor, action, details])
    return hashlib.sha256(body.encode()).hexdigest()


async def append(
    session: AsyncSession, actor: str, action: str, details: dict[str, object]
) -> AuditEntry:
    """Add an entry to the session (the caller commits it with the action it records).
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
