"""`peacebot export SURVEY`: a survey's responses as CSV, XLSX or JSON, made safe to share."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import IO, Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy.ext.asyncio import AsyncSession

from bot.cli_database import in_database
from bot.cli_surveys import survey_named
from bot.errors import UsageProblem
from bot.i18n import Catalogue
from bot.output_file import checked_target, written_whole
from bot.settings import SUPPORTED_LANGUAGES, load_settings
from services.audit import COMMAND_LINE
from services.export import ExportRequest, ExportSummary, export_responses
from services.export_columns import MULTI_SHAPES, SPLIT, ExportShape
from services.export_files import CSV, FORMATS, XLSX, export_file, open_export
from services.response_filter import BadDate, ResponseFilter, parse_day
from services.suppression import INTERNAL_THRESHOLD, threshold_for

err = Console(stderr=True, highlight=False, soft_wrap=True)

EXPORT_HELP = """A survey's responses, one row per response, as CSV (the default), XLSX or JSON,
in the shapes KoboToolbox gives.

What is in it: a respondent id (a keyed hash: never the chat id, Telegram id or the
bot's pseudonym), the survey version, the days the response was started and finished,
the person's age band, gender, area, role and join link (only for surveys linked to the
profile, and blanked where fewer than SUPPRESSION_THRESHOLD people share a combination),
then one column per question. Free text is scrubbed of phone numbers, emails, @handles
and links (a backstop: read it before you share it), or left out with --no-free-text.
Voice answers only say "voice answer present". People who used /delete are not in it.
XLSX also has a codebook sheet (every column, its type, choices and labels in each
language) and an "export" sheet saying what was exported and how. Each export is written
to the audit log.

Examples:

  peacebot export local-needs --out needs.xlsx

  peacebot export local-needs --labels --lang ar --since 2026-11-01 --out needs-ar.csv

  peacebot export local-needs --format json --multi joined > needs.json
"""


def export_command(
    survey_id: Annotated[
        str,
        typer.Argument(
            metavar="SURVEY",
            help="The survey's name, as `survey list` shows it.",
            show_default=False,
        ),
    ],
    out_path: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="File to write (its .csv/.xlsx/.json ending picks the format). Without it, "
            "CSV and JSON go to the screen (standard output).",
            show_default=False,
        ),
    ] = None,
    file_format: Annotated[
        str | None,
        typer.Option(
            "--format", help="csv, xlsx or json (default: from --out's ending, else csv)."
        ),
    ] = None,
    labels: Annotated[
        bool,
        typer.Option(
            "--labels/--values",
            help="Choices as their labels in --lang, or as their names (the default, as "
            "KoboToolbox's 'XML values').",
        ),
    ] = False,
    language: Annotated[
        str | None,
        typer.Option("--lang", help="Language of the labels (default: DEFAULT_LANGUAGE)."),
    ] = None,
    multi: Annotated[
        str,
        typer.Option(
            "--multi",
            help="Select-multiple and ranking answers: 'split' (one column per choice: 1/0, "
            "or its place in the ranking) or 'joined' (one column, names separated by spaces).",
        ),
    ] = SPLIT,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            help="Only responses finished on or after this day (YYYY-MM-DD, in TIME_ZONE).",
        ),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option("--until", help="Only responses finished on or before this day."),
    ] = None,
    unfinished: Annotated[
        bool,
        typer.Option(
            "--unfinished",
            help="Also responses not finished yet (--since/--until then count the day started).",
        ),
    ] = False,
    hxl: Annotated[
        bool,
        typer.Option(
            "--hxl",
            help="Add a row of HXL hashtags under the headers (Humanitarian Data Exchange).",
        ),
    ] = False,
    free_text: Annotated[
        bool,
        typer.Option(
            "--free-text/--no-free-text",
            help="Include free-text answers (scrubbed), or leave those columns out.",
        ),
    ] = True,
    force: Annotated[
        bool, typer.Option("--force", help="Replace the --out file if it already exists.")
    ] = False,
    internal: Annotated[
        bool,
        typer.Option(
            "--internal",
            help=f"For your own team only: blank profile combinations shared by fewer than "
            f"{INTERNAL_THRESHOLD} people, instead of SUPPRESSION_THRESHOLD.",
        ),
    ] = False,
) -> None:
    settings = load_settings()
    survey = survey_named(settings, survey_id)
    kind = _format(file_format, out_path)
    target = checked_target(out_path, force, f"answers.{kind}") if out_path else None
    if kind == XLSX and out_path is None:
        raise UsageProblem(
            "--format xlsx needs --out FILE.xlsx (a spreadsheet cannot go to the screen)"
        )
    if multi not in MULTI_SHAPES:
        raise UsageProblem(f"--multi {multi}: use split or joined")
    if language is not None and not labels:
        raise UsageProblem("--lang only changes labels: add --labels")
    lang = language or settings.default_language
    if labels and lang not in survey.languages:
        raise UsageProblem(
            f"--lang {lang}: {survey.id} has labels in {', '.join(survey.languages)} only"
        )
    if labels and lang not in SUPPORTED_LANGUAGES:
        raise UsageProblem(f"--lang {lang}: use one of {', '.join(SUPPORTED_LANGUAGES)}")
    try:
        which = ResponseFilter(
            survey.id,
            parse_day(since, "--since") if since else None,
            parse_day(until, "--until") if until else None,
            settings.zone,
            unfinished_too=unfinished,
        )
    except BadDate as error:
        raise UsageProblem(str(error)) from None
    request = ExportRequest(
        survey=survey,
        which=which,
        shape=ExportShape(
            language=lang if labels else None,
            fallback_language=settings.default_language,
            multi=multi,
            free_text=free_text,
            hxl=hxl,
            other_label=Catalogue().in_every_language("survey-other"),
        ),
        format=kind,
        threshold=threshold_for(settings.suppression_threshold, internal=internal),
        actor=COMMAND_LINE,
    )
    master_key = settings.require_master_key()
    export_key = settings.export_key_bytes

    async def run(out: IO[Any]) -> ExportSummary:
        with _progress() as progress:
            task = progress.add_task("exporting", total=None)

            def moved(done: int, expected: int) -> None:
                progress.update(task, completed=done, total=expected)

            async def work(session: AsyncSession) -> ExportSummary:
                return await export_responses(
                    session,
                    request,
                    export_file(kind, out),
                    master_key,
                    export_key,
                    moved,
                    text_worker=True,
                )

            return await in_database(settings, work)

    if target is None:
        summary = asyncio.run(run(sys.stdout))
    else:
        with written_whole(target) as part, open_export(part, kind) as stream:
            summary = asyncio.run(run(stream))
    where = str(out_path) if out_path else "standard output"
    err.print(
        f"Exported {summary.rows} response(s) of {survey.id} to {where}"
        f" ({kind}; {summary.profile_fields_blanked} profile field(s) blanked in small groups,"
        f" {summary.scrubbed} contact detail(s) scrubbed from free text"
        + (f", {summary.unreadable} free-text answer(s) unreadable" if summary.unreadable else "")
        + "). Recorded in the audit log.",
        markup=False,
    )
    if summary.left_out:
        err.print(
            f"Not in the file: {sum(summary.left_out.values())} answer(s) to question(s) the "
            f"survey no longer has ({', '.join(summary.left_out)}), given to an earlier "
            "version. They are kept in the database; put the questions back in the survey "
            "file to export them.",
            markup=False,
        )


def _format(file_format: str | None, out_path: Path | None) -> str:
    suffix = out_path.suffix.lower().lstrip(".") if out_path else ""
    if file_format is None:
        return suffix if suffix in FORMATS else CSV
    kind = file_format.lower()
    if kind not in FORMATS:
        raise UsageProblem(f"--format {file_format}: use one of {', '.join(FORMATS)}")
    if suffix in FORMATS and suffix != kind:
        raise UsageProblem(
            f"--format {kind} and --out {out_path}: the file's ending says {suffix}; "
            "make them agree"
        )
    return kind


def _progress() -> Progress:
    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )
