"""`peacebot content ...`: check the explainers before publishing them, for facilitators."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from content.explainers import LIBRARY_DIR, ContentProblem, load_library

content_app = typer.Typer(
    help="Explainers: the short notes about rights that the bot offers. They are Markdown "
    "files in content/explainers/, one folder per explainer and one file per language "
    "(content/explainers/README.md tells how to write one). Check them after every change; "
    "the bot reads them when it starts, so restart it to publish the changes.",
    no_args_is_help=True,
)

out = Console(highlight=False, soft_wrap=True)


@content_app.command(
    "check",
    help="Check every explainer; list each problem with its file and line.\n\n"
    'A problem reads like `participation/fr.md:6: unknown audience "youht"`: open that file '
    "at that line to fix it. The last line counts the explainers the bot can show, and the "
    "problems. The exit status is 0 with no problems, 1 otherwise (for scripts and CI).",
)
def check(
    directory: Annotated[
        Path,
        typer.Option(
            "--dir",
            metavar="DIR",
            help="The folder of explainers to check (default: the bot's own).",
            show_default=False,
        ),
    ] = LIBRARY_DIR,
) -> None:
    """Check every explainer; list each problem with its file and line."""
    library, problems = load_library(directory)
    for problem in problems:
        out.print(str(_shown(problem)), markup=False)
    explainers, languages = len(library.ids()), len(library.languages())
    summary = f"{_count(explainers, 'explainer')} in {_count(languages, 'language')}: "
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
