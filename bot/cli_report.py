"""`peacebot report SURVEY --out FILE`: the needs-assessment report of a survey, as one
HTML page with tables and charts, small counts hidden."""

from __future__ import annotations

import asyncio
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from sqlalchemy.ext.asyncio import AsyncSession

from bot.cli_database import in_database
from bot.cli_surveys import SurveyArgument, survey_named
from bot.errors import UsageProblem
from bot.i18n import Catalogue, MissingTranslation
from bot.output_file import checked_target, written_whole
from bot.settings import load_settings
from content.survey_model import TEXT, Survey
from services import audit
from services.audit import COMMAND_LINE
from services.response_filter import BadDate, ResponseFilter, parse_day
from services.suppression import INTERNAL_THRESHOLD, threshold_for

if TYPE_CHECKING:
    from services.report import Report


out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

REPORT_HELP = """Make the needs-assessment report of a survey: one web page (HTML) to open in any
browser, offline, or to print.

It has how many people were invited, started and finished; for every question with
choices, a scale or a ranking, how many chose each answer and what percentage, for
everyone and by gender, by age (18-29 or other ages) and by region, with bar charts that
read in black and white; for rankings, priority scores, also for groups such as "women
aged 18-29 in North"; for numbers, the median; for answers in people's own words, how many
and the words most used in each language (never the answers themselves).

Small counts are hidden: any count below SUPPRESSION_THRESHOLD (10 unless set) reads
"<10", and so do the counts that would let someone work a hidden one out from a total.
The top of the report says what was hidden and why. Each report is written to the audit
log.

For a PDF, open the report in a web browser and print it to a PDF file. (peacebot does
not make PDFs itself: the library that would do it well needs system programs that are
not installed with peacebot.)

Example: peacebot report local-needs-assessment --out needs-report.html"""


def report_command(
    survey_id: SurveyArgument,
    out_file: Annotated[
        Path,
        typer.Option(
            "--out",
            metavar="FILE",
            help="Where to save the report, e.g. report.html.",
            show_default=False,
        ),
    ],
    internal: Annotated[
        bool,
        typer.Option(
            "--internal",
            help=f"Hide only counts below {INTERNAL_THRESHOLD}, for use inside your "
            "organisation only (the report says so at the top). Never share it outside.",
        ),
    ] = False,
    since: Annotated[
        str | None,
        typer.Option(
            metavar="DAY",
            help="Only responses finished on or after this day (YYYY-MM-DD, in TIME_ZONE).",
        ),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(
            metavar="DAY",
            help="Only responses finished on or before this day (YYYY-MM-DD, in TIME_ZONE).",
        ),
    ] = None,
    language: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help="The language of the questions and answers in the report, e.g. fr "
            "(default: DEFAULT_LANGUAGE, if the survey has it).",
        ),
    ] = None,
    unfinished: Annotated[
        bool,
        typer.Option(
            "--unfinished",
            help="Count the answers of people who started but did not finish too (and "
            "--since/--until then go by the day they started).",
        ),
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Replace the file if it already exists.")
    ] = False,
) -> None:
    # Here, not at the top: drawing charts needs matplotlib, which every other command can
    # start without.
    from services.report import build_report
    from services.report_page import render_page

    settings = load_settings()
    survey = survey_named(settings, survey_id)
    lang = _language(survey, language, settings.default_language)
    try:
        filter = ResponseFilter(
            survey.id,
            since=parse_day(since, "--since") if since is not None else None,
            until=parse_day(until, "--until") if until is not None else None,
            zone=settings.zone,
            unfinished_too=unfinished,
        )
    except BadDate as problem:
        raise UsageProblem(str(problem)) from None
    threshold = threshold_for(settings.suppression_threshold, internal=internal)
    has_text = any(q.type == TEXT or q.or_other for q in survey.questions)
    # Free text is sealed with each participant's key, itself sealed with ENCRYPTION_KEY.
    master_key = settings.require_master_key() if has_text else b""
    target = checked_target(out_file, force, "report.html")
    other_label = _other_label(lang)
    made_at = datetime.now(settings.zone)

    async def figures(session: AsyncSession) -> Report:
        return await build_report(
            session,
            survey,
            filter,
            threshold=threshold,
            master_key=master_key,
            language=lang,
            made_at=made_at,
            regions=settings.regions,
            other_label=other_label,
        )

    # Written next to the target, then renamed over it: a report is either whole or absent.
    with written_whole(target) as part:
        with part.open("w", encoding="utf-8") as handle:
            report = asyncio.run(in_database(settings, figures))
            handle.write(render_page(report, internal=internal))
        hidden = report.hidden()
        details: dict[str, object] = {
            **filter.described(),
            "threshold": threshold,
            "internal": internal,
            "language": lang,
            "format": "html",
            "file": target.name,
            "invited": report.invited,
            "started": report.started,
            "completed": report.completed,
            "analysed": report.analysed,
            "hidden_small": hidden.small,
            "hidden_complementary": hidden.complementary,
        }

        async def record(session: AsyncSession) -> None:
            await audit.commit_recorded(session, COMMAND_LINE, "report.create", details)

        asyncio.run(in_database(settings, record))
    out.print(
        f"Report on {survey.id} written to {target}: {report.analysed} "
        f"{'response' if report.analysed == 1 else 'responses'}, {hidden.counts} "
        f"{'count' if hidden.counts == 1 else 'counts'} hidden (below {threshold}, or to "
        "protect those).",
        markup=False,
    )
    if internal:
        out.print(
            f"For use inside your organisation only (counts below {threshold} hidden, not "
            f"below {settings.suppression_threshold}): do not share it outside.",
            markup=False,
        )


def _language(survey: Survey, asked: str | None, default: str) -> str:
    if asked is None:
        return default if default in survey.languages else survey.languages[0]
    if asked not in survey.languages:
        raise UsageProblem(f"--lang {asked}: {survey.id} is in {', '.join(survey.languages)} only")
    return asked


def _other_label(language: str) -> str:
    catalogue = Catalogue()
    if language not in catalogue.languages:
        return "Other"
    try:
        return catalogue.translator(language)("survey-other")
    except MissingTranslation:
        return "Other"
