"""The audit log stays one unbroken chain, even when staff actions are recorded at once, and
`peacebot audit verify` finds an entry edited or removed by someone who got past the
database's append-only triggers."""

from __future__ import annotations

import asyncio
import itertools

from sqlalchemy import select, text

from bot.factory import Runtime
from services import staff
from services.audit import GENESIS, ChainReport, entry_hash, verify
from storage.models import AuditEntry, StaffGrant
from tests.cli_harness import Peacebot


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


async def _three_actions(runtime: Runtime) -> None:
    async with runtime.session_factory() as session:
        for n in range(3):
            await staff.grant(session, f"{n:064d}", staff.FACILITATOR, "cli")


async def _as_an_intruder(runtime: Runtime, statement: str) -> None:
    """What someone with full access to the database could do: switch off the append-only
    triggers, then change the log."""
    async with runtime.engine.begin() as connection:
        if connection.dialect.name == "sqlite":
            await connection.execute(text("DROP TRIGGER audit_log_no_update"))
            await connection.execute(text("DROP TRIGGER audit_log_no_delete"))
        else:
            await connection.execute(
                text("ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only")
            )
        await connection.execute(text(statement))


async def _verify(runtime: Runtime, expect_head: str | None = None) -> ChainReport:
    async with runtime.session_factory() as session:
        return await verify(session, expect_head)


async def test_an_intact_log_verifies_and_names_its_head(runtime: Runtime) -> None:
    assert await _verify(runtime) == ChainReport(0, GENESIS, [])
    await _three_actions(runtime)
    report = await _verify(runtime)
    assert report.entries == 3 and report.problems == []
    async with runtime.session_factory() as session:
        newest = await session.scalar(select(AuditEntry).order_by(AuditEntry.id.desc()))
    assert newest is not None and report.head == newest.entry_hash
    assert (await _verify(runtime, expect_head=report.head)).problems == []


async def test_an_edited_entry_is_found(runtime: Runtime) -> None:
    await _three_actions(runtime)
    await _as_an_intruder(runtime, "UPDATE audit_log SET actor = 'someone-else' WHERE id = 2")
    report = await _verify(runtime)
    assert report.problems == [
        "entry 2 (staff.grant) was changed after it was written: its contents no longer "
        "match its hash"
    ]


async def test_a_removed_entry_is_found(runtime: Runtime) -> None:
    await _three_actions(runtime)
    await _as_an_intruder(runtime, "DELETE FROM audit_log WHERE id = 2")
    report = await _verify(runtime)
    assert report.entries == 2
    assert report.problems == [
        "entry 3 (staff.grant) does not follow the entry before it: entries were removed or moved"
    ]


async def test_removing_the_newest_entries_is_found_with_a_noted_head(runtime: Runtime) -> None:
    await _three_actions(runtime)
    head = (await _verify(runtime)).head
    await _as_an_intruder(runtime, "DELETE FROM audit_log WHERE id = 3")
    # The shorter chain is whole by itself; the head noted before says what is missing.
    assert (await _verify(runtime)).problems == []
    [problem] = (await _verify(runtime, expect_head=head)).problems
    assert head in problem and "newest entries were removed" in problem


async def test_a_removed_first_entry_is_found(runtime: Runtime) -> None:
    await _three_actions(runtime)
    await _as_an_intruder(runtime, "DELETE FROM audit_log WHERE id = 1")
    assert (await _verify(runtime)).problems == [
        "entry 2 (staff.grant) does not follow the start of the log: entries were removed or moved"
    ]


def test_audit_verify_and_list_from_the_command_line(peacebot: Peacebot) -> None:
    assert peacebot("staff", "grant", "12345", "facilitator").returncode == 0
    assert peacebot("survey", "open", "every-type").returncode == 0
    listed = peacebot("audit", "list")
    assert listed.returncode == 0
    assert "staff.grant" in listed.words and "survey.open" in listed.words
    assert "12345" not in listed.stdout
    checked = peacebot("audit", "verify")
    assert checked.returncode == 0, checked.stderr
    assert "2 entries, none changed or missing." in checked.stdout
    head = checked.stdout.split("head: ")[1].strip()
    assert peacebot("audit", "verify", "--expect-head", head).returncode == 0
    wrong = peacebot("audit", "verify", "--expect-head", "0" * 63 + "1")
    assert wrong.returncode == 1
    assert "the newest entries were removed" in wrong.stderr
    assert peacebot("audit", "--help").returncode == 0
