"""`peacebot content ...`: check the explainers and surveys before publishing them, for
facilitators."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from content.explainers import LIBRARY_DIR, ContentProblem, load_library
from content.surveys import SURVEYS_DIR, load_surveys

content_app = typer.Typer(
    help="Explainers and surveys. Explainers are the short notes about rights that the bot "
    "offers: Markdown files in content/explainers/, one folder per explainer and one file per "
    "language (content/explainers/README.md tells how to write one). Surveys are YAML files in "
    "content/surveys/, one per survey (content/surveys/README.md). Check them after every "
    "change; the bot reads them when it starts, so restart it to publish the changes.",
    no_args_is_help=True,
)

out = Console(highlight=False, soft_wrap=True)


@content_app.command(
    "check",
    help="Check every explainer and survey; list each problem with its file and line.\n\n"
    'A problem reads like `participation/fr.md:6: unknown audience "youht"`: open that file '
    "at that line to fix it. The last line counts the explainers and surveys the bot can "
    "use, and the problems. With --dir only, only explainers are checked; with --surveys "
    "only, only surveys. The exit status is 0 with no problems, 1 otherwise (for scripts and "
    "CI).",
)
def check(
    directory: Annotated[
        Path | None,
        typer.Option(
            "--dir",
            metavar="DIR",
            help="The folder of explainers to check (default: the bot's own).",
            show_default=False,
        ),
    ] = None,
    surveys_directory: Annotated[
        Path | None,
        typer.Option(
            "--surveys",
            metavar="DIR",
            help="The folder of surveys to check (default: the bot's own).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Check every explainer and survey; list each problem with its file and line."""
    # Naming one folder checks only that one; naming none checks the bot's own two.
    both = directory is None and surveys_directory is None
    problems: list[ContentProblem] = []
    counts: list[str] = []
    if directory is not None or both:
        library, found = load_library(directory or LIBRARY_DIR)
        problems += found
        explainers, languages = len(library.ids()), len(library.languages())
        counts.append(f"{_count(explainers, 'explainer')} in {_count(languages, 'language')}")
    if surveys_directory is not None or both:
        surveys, found = load_surveys(surveys_directory or SURVEYS_DIR)
        problems += found
        counts.append(_count(len(surveys), "survey"))
    for problem in problems:
        out.print(str(_shown(problem)), markup=False)
    summary = ", ".join(counts) + ": "
    summary += _count(len(problems), "problem") if problems else "no problems"
    out.print(summary, markup=False)
    if problems:
        raise typer.Exit(1)


def _shown(problem: ContentProblem) -> ContentProblem:
    """The problem with its path relative to the current folder, when it is inside it."""
    try:
        return replace(problem, path=problem.path.absolute().relative_to(Path.cwd()))
    except ValueError:
        return problem


def _count(number: int, thing: str) -> str:
    return f"{number} {thing}" + ("" if number == 1 else "s")
