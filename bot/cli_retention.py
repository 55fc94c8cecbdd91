"""`peacebot purge`: remove survey answers older than their retention period, for organisers
and for cron."""

from __future__ import annotations

import asyncio
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy.ext.asyncio import AsyncSession

from bot.cli_database import in_database
from bot.cli_surveys import survey_library
from bot.errors import UsageProblem
from bot.settings import load_settings
from content.surveys import SurveyLibrary
from services import retention
from services.audit import AuditBusy

out = Console(highlight=False, soft_wrap=True)

PURGE_HELP = (
    "Remove survey answers you no longer need to keep.\n\n"
    "A survey's answers are kept for the number of days its file says (retention_days), "
    "or else for RESPONSE_RETENTION_DAYS days (a setting); with neither, they are kept "
    "until you remove them. A finished response counts from the day it was finished; an "
    "unfinished one from the day it was started, or its latest answer. A response is "
    "removed whole, with every answer in it, and cannot be brought back. Each run that "
    "removes something is written to the audit log: how many from which survey, and the "
    "cut-off date, nothing about who answered.\n\n"
    "Try it first with --dry-run. It asks no questions, and it can run every day from "
    "cron in the folder of your .env, for example at 03:30:\n\n"
    "30 3 * * * cd /srv/peacebot && .venv/bin/peacebot purge --quiet"
)


def _count(number: int, what: str) -> str:
    return f"{number} {what}" if number == 1 else f"{number} {what}s"


def _by_setting(purge: retention.SurveyPurge, library: SurveyLibrary) -> bool:
    """Whether RESPONSE_RETENTION_DAYS decided, rather than the survey's own file."""
    survey = library.get(purge.survey_id)
    return survey is None or survey.retention_days is None


def _kept_for(purge: retention.SurveyPurge, library: SurveyLibrary) -> str:
    days = _count(purge.retention_days or 0, "day")
    return f"{days} (setting)" if _by_setting(purge, library) else days


def _print(report: retention.PurgeReport, library: SurveyLibrary) -> None:
    if not report.with_limit:
        out.print(
            "Nothing to remove: no retention period is set. Set RESPONSE_RETENTION_DAYS, or "
            "retention_days in a survey file, to remove answers older than that many days.",
            markup=False,
        )
        return
    both = f"{report.finished} finished, {report.unfinished} never finished"
    responses = _count(report.removed, "response")
    if not report.removed:
        said = (
            "Nothing would be removed" if report.dry_run else "Nothing to remove"
        ) + ": no response is older than its survey's retention period."
    elif report.dry_run:
        said = (
            f"Would remove {responses} and their answers ({both}). Nothing was removed (--dry-run)."
        )
    else:
        said = f"Removed {responses} and their answers ({both})."
    out.print(said, markup=False)
    table = Table()
    table.add_column("survey", overflow="fold")
    table.add_column("kept for")
    table.add_column("older than (UTC)", no_wrap=True)
    table.add_column("finished", justify="right")
    table.add_column("unfinished", justify="right")
    for purge in report.with_limit:
        name = purge.survey_id if purge.in_library else f"{purge.survey_id} (file gone)"
        table.add_row(
            name,
            _kept_for(purge, library),
            f"{purge.cutoff:%Y-%m-%d %H:%M}",
            str(purge.finished),
            str(purge.unfinished),
        )
    out.print(table)
    if any(_by_setting(purge, library) for purge in report.with_limit):
        out.print(
            "(setting): RESPONSE_RETENTION_DAYS, for surveys whose file sets no retention_days.",
            markup=False,
        )
    if report.without_limit:
        names = ", ".join(purge.survey_id for purge in report.without_limit)
        out.print(f"Kept with no time limit: {names}.", markup=False)


def purge_command(
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Only count what would be removed; remove nothing."),
    ] = False,
    quiet: Annotated[
        bool,
        typer.Option(
            "--quiet",
            help="Print nothing when nothing was removed (for cron, which e-mails any output).",
        ),
    ] = False,
    survey_id: Annotated[
        str | None,
        typer.Option(
            "--survey",
            metavar="SURVEY",
            help="Only this survey's answers (its id, as `peacebot survey list` shows it).",
            show_default=False,
        ),
    ] = None,
) -> None:
    settings = load_settings()
    library = survey_library(
        settings,
        # A survey left out for a mistake in its file would lose its own retention_days and
        # have its answers removed by the setting's instead: better remove nothing.
        strict="their retention periods are not known, so nothing was removed",
    )

    async def purge(session: AsyncSession) -> retention.PurgeReport:
        return await retention.purge_responses(
            session,
            library,
            settings.response_retention_days,
            survey_id=survey_id,
            dry_run=dry_run,
        )

    try:
        report = asyncio.run(in_database(settings, purge))
    except retention.UnknownSurvey as problem:
        raise UsageProblem(str(problem)) from None
    except retention.NothingRemoved as problem:
        raise UsageProblem(f"{problem}; nothing was removed: run it again later") from None
    except AuditBusy:
        raise UsageProblem(
            "the old answers were removed, but the audit log was too busy to record it "
            "after several tries: note the date and time of this run for whoever reads "
            "the audit log"
        ) from None
    if quiet and not report.removed:
        return
    _print(report, library)
