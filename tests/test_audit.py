"""The audit log stays one unbroken chain, even when staff actions are recorded at once."""

from __future__ import annotations

import asyncio
import itertools

from sqlalchemy import select

from bot.factory import Runtime
from services import staff
from services.audit import GENESIS, entry_hash
from storage.models import AuditEntry, StaffGrant


async def test_actions_recorded_at_once_keep_one_chain_and_each_is_recorded(
    runtime: Runtime,
) -> None:
    async def grant(n: int) -> None:
        async with runtime.session_factory() as session:
            await staff.grant(session, f"{n:064d}", staff.FACILITATOR, "cli")

    await asyncio.gather(*(grant(n) for n in range(8)))
    async with runtime.session_factory() as session:
        entries = (await session.scalars(select(AuditEntry).order_by(AuditEntry.id))).all()
        grants = (await session.scalars(select(StaffGrant))).all()
    assert len(entries) == len(grants) == 8
    assert entries[0].previous_hash == GENESIS
    for before, after in itertools.pairwise(entries):
        assert after.previous_hash == before.entry_hash
    for entry in entries:
        recomputed = entry_hash(
            entry.previous_hash, entry.at, entry.actor, entry.action, entry.details
        )
        assert entry.entry_hash == recomputed
