"""`peacebot survey ...`: list, show, open, close and count surveys; import XLSForms."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy.ext.asyncio import AsyncSession

from bot.cli_database import in_database
from bot.errors import UsageProblem
from bot.settings import Settings, load_settings
from content.survey_model import Survey, words_in
from content.surveys import SURVEYS_DIR, SurveyLibrary, dump_survey, load_surveys
from content.xlsform import import_xlsform
from services import survey_engine
from services import surveys as taking
from services.audit import COMMAND_LINE

survey_app = typer.Typer(
    help="Surveys and consultations. A survey is a file in content/surveys/ (written by "
    "hand, see content/surveys/README.md, or imported from a KoboToolbox/ODK XLSForm with "
    "`peacebot survey import`). A new survey is a draft: participants see it under "
    '"Share your views" once you open it, until you close it (or its closing date passes).',
    no_args_is_help=True,
)

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

SurveyArgument = Annotated[
    str,
    typer.Argument(
        metavar="SURVEY",
        help="The survey's name (its id, as `survey list` shows it).",
        show_default=False,
    ),
]


def _folder(settings: Settings) -> Path:
    return settings.surveys_dir or SURVEYS_DIR


def survey_library(settings: Settings, *, strict: str | None = None) -> SurveyLibrary:
    """The surveys in SURVEYS_DIR. A file with a problem is left out with a note; with
    `strict` (what cannot be done then, e.g. "nothing was removed"), nothing goes on."""
    folder = _folder(settings)
    if not folder.is_dir():
        where = "SURVEYS_DIR " if settings.surveys_dir else ""
        tail = f"; {strict}" if strict else ""
        raise UsageProblem(f"{where}{folder}: there is no such folder{tail}")
    library, problems = load_surveys(folder)
    if problems:
        # `content check` alone checks the bot's own folder: name this one.
        command = "peacebot content check" + (
            f" --surveys {folder}" if settings.surveys_dir else ""
        )
        if strict:
            raise UsageProblem(
                f"{len(problems)} problem(s) in the survey files in {folder}: {strict}. "
                f"Run `{command}` and fix them first."
            )
        err.print(
            f"note: {len(problems)} problem(s) in the survey files in {folder}; surveys with "
            f"problems are left out. Run `{command}` to see them.",
            markup=False,
        )
    return library


def survey_named(settings: Settings, survey_id: str) -> Survey:
    library = survey_library(settings)
    survey = library.get(survey_id)
    if survey is None:
        known = ", ".join(s.id for s in library.all()) or "none"
        raise UsageProblem(f'no survey named "{survey_id}" (surveys: {known})')
    return survey


def _title(survey: Survey, language: str | None = None) -> str:
    return words_in(survey.title, language or survey.languages[0], survey.languages[0])


@survey_app.command("list", help="Every survey, its status and how many took part.")
def list_surveys() -> None:
    settings = load_settings()
    library = survey_library(settings)

    async def read(session: AsyncSession) -> list[tuple[Survey, str, taking.SurveyStats]]:
        return [
            (s, await taking.status_of(session, s), await taking.stats(session, s))
            for s in library.all()
        ]

    rows = asyncio.run(in_database(settings, read))
    if not rows:
        out.print(f"No surveys yet: put survey files in {_folder(settings)}.", markup=False)
        return
    table = Table("survey", "title", "status", "questions", "languages", "started", "completed")
    for survey, status, counts in rows:
        table.add_row(
            survey.id,
            _title(survey),
            status,
            str(survey_engine.question_count(survey)),
            " ".join(survey.languages),
            str(counts.started),
            str(counts.completed),
        )
    out.print(table)


@survey_app.command(
    "show", help="A survey's questions, choices and rules, as participants get them."
)
def show(
    survey_id: SurveyArgument,
    language: Annotated[
        str | None,
        typer.Option("--lang", help="Show the texts in this language (default: its first)."),
    ] = None,
) -> None:
    settings = load_settings()
    survey = survey_named(settings, survey_id)
    lang = language or survey.languages[0]
    if lang not in survey.languages:
        raise UsageProblem(f"--lang {lang}: {survey.id} is in {', '.join(survey.languages)} only")
    status = asyncio.run(in_database(settings, lambda s: taking.status_of(s, survey)))
    out.print(
        f"{_title(survey, lang)}  [{survey.id}, version {survey.recorded_version}, {status}]",
        markup=False,
    )
    anonymous = "linked to the profile" if survey.linked_to_profile else "anonymous"
    per_person = "one response" if survey.responses == "one" else "any number of responses"
    out.print(
        f"{survey.kind}, {anonymous}, {per_person} per person, "
        f"{survey_engine.question_count(survey)} questions, about "
        f"{survey_engine.minutes_needed(survey)} min"
        + (f", closes {survey.closes}" if survey.closes else "")
        + (", invitation only" if survey.invitation_only else ""),
        markup=False,
    )
    number = 0
    for question in survey.questions:
        label = words_in(question.label, lang, survey.languages[0])
        if question.asks_for_input:
            number += 1
            required = ", required" if question.required else ""
            head = f"{number}. {question.name} ({question.type}{required})"
        else:
            head = f"-  {question.name} (note)"
        out.print(f"\n{head}\n   {label}", markup=False)
        for choice in question.choices:
            out.print(
                f"   - {choice.name}: {words_in(choice.label, lang, survey.languages[0])}",
                markup=False,
            )
        if question.or_other:
            out.print("   - other: (then asks what)", markup=False)
        if question.groups:
            out.print(f"   in group: {' / '.join(question.groups)}", markup=False)
        if question.relevant:
            out.print(f"   asked only if: {question.relevant}", markup=False)
        if question.constraint:
            out.print(f"   answer must meet: {question.constraint}", markup=False)


def _change_status(survey_id: str, status: str) -> None:
    settings = load_settings()
    survey = survey_named(settings, survey_id)

    async def change(session: AsyncSession) -> str:
        return await taking.change_status(session, survey, status, COMMAND_LINE)

    try:
        previous = asyncio.run(in_database(settings, change))
    except taking.LifecycleError as problem:
        raise UsageProblem(str(problem)) from None
    if previous == status:
        out.print(f"{survey.id} is already {status}; nothing changed", markup=False)
    else:
        out.print(f"{survey.id}: {previous} → {status}", markup=False)


@survey_app.command("open", help='Open a survey: participants see it under "Share your views".')
def open_survey(survey_id: SurveyArgument) -> None:
    _change_status(survey_id, taking.OPEN)


@survey_app.command("close", help="Close a survey: no new answers; answers given are kept.")
def close_survey(survey_id: SurveyArgument) -> None:
    _change_status(survey_id, taking.CLOSED)


@survey_app.command("stats", help="Live counts: started, completed, and answers per question.")
def stats(survey_id: SurveyArgument) -> None:
    settings = load_settings()
    survey = survey_named(settings, survey_id)

    async def read(session: AsyncSession) -> tuple[str, taking.SurveyStats]:
        return await taking.status_of(session, survey), await taking.stats(session, survey)

    status, counts = asyncio.run(in_database(settings, read))
    rate = f"{counts.completed / counts.started:.0%}" if counts.started else "-"
    out.print(
        f"{survey.id} ({status}): started {counts.started}, completed {counts.completed} "
        f"(completion {rate})",
        markup=False,
    )
    table = Table("question", "answers")
    for name, n in counts.answered.items():
        table.add_row(name, str(n))
    out.print(table)


@survey_app.command(
    "import",
    help="Import a form made in KoboToolbox or ODK (an XLSForm .xlsx file) as a survey file.\n\n"
    "Every row is carried over or refused with its sheet and row number: questions a chat "
    "cannot ask (locations, photos, signatures, repeats, calculations...) are refused, "
    "never dropped silently. The survey is written as <id>.yaml in the surveys folder "
    "(content/surveys/, or SURVEYS_DIR when set) or where --out says, as a draft; check it "
    "with `peacebot survey show`, then `peacebot survey open`.",
)
def import_form(
    form: Annotated[
        Path, typer.Argument(metavar="FORM.xlsx", help="The XLSForm file.", show_default=False)
    ],
    out_file: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Where to write the survey: a file, or a folder to write <id>.yaml in "
            "(default: the surveys folder).",
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace an existing survey file.")
    ] = False,
) -> None:
    if not form.is_file():
        raise UsageProblem(f"{form}: no such file")
    survey, problems = import_xlsform(form)
    if survey is None or problems:
        for problem in problems:
            err.print(str(problem), markup=False)
        raise UsageProblem(
            f"{form}: not imported ({len(problems)} problem(s) above); fix them in the form "
            "and import it again"
        )
    settings = load_settings()
    file_name = f"{survey.id}.yaml"
    if out_file is None:
        target = _folder(settings) / file_name
    elif out_file.is_dir():
        target = out_file / file_name
    else:
        target = out_file
    if target.is_dir():
        raise UsageProblem(f"{target} is a folder; give a file name with --out")
    if target.exists() and not force:
        raise UsageProblem(f"{target} exists; pass --force to replace it")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(dump_survey(survey), encoding="utf-8")
    except OSError as problem:
        raise UsageProblem(f"{target}: cannot write it ({problem.strerror})") from None
    if target.name != file_name:
        err.print(
            f"note: the bot reads this survey only from a file named {file_name}; rename "
            "it to that before putting it in the surveys folder.",
            markup=False,
        )
    out.print(
        f"{survey.id}: {survey_engine.question_count(survey)} questions in "
        f"{', '.join(survey.languages)} written to {target}. It is a draft: "
        f"`peacebot survey show {survey.id}`, then `peacebot survey open {survey.id}`.",
        markup=False,
    )
