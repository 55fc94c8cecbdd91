"""`peacebot audit ...`: read the log of staff actions and check that nobody altered it."""

from __future__ import annotations

import asyncio
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy.ext.asyncio import AsyncSession

from bot.cli_database import in_database
from bot.settings import load_settings
from services import audit
from storage.models import AuditEntry

audit_app = typer.Typer(
    help="The audit log: every staff action (roles given and taken, surveys opened and "
    "closed, ...) with who did it and when. The database refuses to change or delete an "
    "entry, and each entry's fingerprint covers the one before it, so `peacebot audit "
    "verify` finds an entry that was edited or removed anyway (by someone with full access "
    "to the database).",
    no_args_is_help=True,
)

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


@audit_app.command(
    "verify",
    help="Check the whole log: every entry unchanged, none missing. Prints the newest "
    "entry's fingerprint (the head): keep it somewhere else (a notebook, an e-mail to "
    "yourself), and pass it next time with --expect-head to also catch removed newest "
    "entries. Exit status 0 when the log is intact, 1 otherwise.",
)
def verify(
    expect_head: Annotated[
        str | None,
        typer.Option(
            "--expect-head",
            metavar="HASH",
            help="A head printed by an earlier `audit verify`: it must still be in the log.",
        ),
    ] = None,
) -> None:
    settings = load_settings()

    async def check(session: AsyncSession) -> audit.ChainReport:
        return await audit.verify(session, expect_head)

    report = asyncio.run(in_database(settings, check))
    for problem in report.problems:
        err.print(f"peacebot: {problem}", markup=False)
    if report.problems:
        err.print(
            f"peacebot: the audit log was altered ({len(report.problems)} problem(s) in "
            f"{report.entries} entries)",
            markup=False,
        )
        raise typer.Exit(1)
    out.print(f"{report.entries} entries, none changed or missing.", markup=False)
    out.print(f"head: {report.head}", markup=False)


@audit_app.command("list", help="The newest entries: when, who (a pseudonym), what.")
def list_entries(
    last: Annotated[int, typer.Option("--last", min=1, help="How many entries.")] = 20,
) -> None:
    settings = load_settings()

    async def read(session: AsyncSession) -> list[AuditEntry]:
        return await audit.latest(session, last)

    entries = asyncio.run(in_database(settings, read))
    if not entries:
        out.print("The audit log is empty.", markup=False)
        return
    table = Table("#", "when (UTC)", "who", "action", "details")
    for entry in entries:
        table.add_row(
            str(entry.id), f"{entry.at:%Y-%m-%d %H:%M}", entry.actor[:12], entry.action,
            entry.details,
        )  # fmt: skip
    out.print(table)
