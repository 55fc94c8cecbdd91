"""Running the real `peacebot` command in this process, as a facilitator types it: a fresh
SQLite deployment per test (settings from environment variables only), and readers for what
it prints and records. The fixtures are registered for every test by tests/conftest.py."""

from __future__ import annotations

import itertools
import re
import shutil
import sqlite3
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from rich.console import Console

import bot.cli
import bot.cli_broadcasts
import bot.cli_staff
import bot.cli_surveys
from bot.cli import main
from bot.settings import Settings
from services.audit import GENESIS
from tests.conftest import TEST_KEY, TEST_PEPPER

CHAT_SURVEYS = Path(__file__).resolve().parent / "fixtures" / "chat_surveys"
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


@dataclass
class Finished:
    returncode: int
    stdout: str
    stderr: str

    @property
    def problems(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.strip()]

    @property
    def words(self) -> str:
        """stdout with table and panel borders and line breaks folded into single spaces."""
        return " ".join(re.sub(r"[│┃╭╮╰╯─━┏┓┗┛┡┩└┘┳┻╇┼]", " ", self.stdout).split())


@dataclass
class Deployment:
    workdir: Path
    surveys_dir: Path
    database: Path

    @property
    def database_url(self) -> str:
        return f"sqlite+aiosqlite:///{self.database}"


Peacebot = Callable[..., Finished]


@pytest.fixture
def deployment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Deployment:
    workdir = tmp_path / "work"
    workdir.mkdir()
    surveys_dir = tmp_path / "surveys"
    shutil.copytree(CHAT_SURVEYS, surveys_dir)
    here = Deployment(workdir, surveys_dir, tmp_path / "peacebot.sqlite3")
    # No setting from the developer's shell or a .env file: only the ones given here.
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.chdir(workdir)
    monkeypatch.setenv("DATABASE_URL", here.database_url)
    monkeypatch.setenv("PSEUDONYM_PEPPER", TEST_PEPPER)
    monkeypatch.setenv("ENCRYPTION_KEY", TEST_KEY)
    monkeypatch.setenv("SURVEYS_DIR", str(surveys_dir))
    monkeypatch.setenv("COLUMNS", "200")
    return here


@pytest.fixture
def peacebot(
    deployment: Deployment, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Peacebot:
    # Wide enough that no table cell is wrapped.
    consoles: list[Console] = [
        bot.cli.err,
        bot.cli.out,
        bot.cli_surveys.out,
        bot.cli_surveys.err,
        bot.cli_staff.out,
        bot.cli_broadcasts.out,
        bot.cli_broadcasts.err,
    ]
    for console in consoles:
        monkeypatch.setattr(console, "width", 200)

    def run(*args: str) -> Finished:
        monkeypatch.setattr(sys, "argv", ["peacebot", *args])
        capsys.readouterr()
        try:
            main()
            code = 0
        except SystemExit as exit:
            code = exit.code if isinstance(exit.code, int) else (0 if exit.code is None else 1)
        stdout, stderr = capsys.readouterr()
        return Finished(code, ANSI.sub("", stdout), ANSI.sub("", stderr))

    return run


def table_rows(text: str) -> dict[str, list[str]]:
    """The body rows of a rich table, by their first cell."""
    rows = {}
    for line in text.splitlines():
        if line.startswith("│"):
            cells = [cell.strip() for cell in line.strip("│").split("│")]
            rows[cells[0]] = cells
    return rows


@dataclass
class Audited:
    actor: str
    action: str
    details: str
    previous_hash: str
    entry_hash: str


def audit_log(deployment: Deployment) -> list[Audited]:
    if not deployment.database.exists():
        return []  # the command never reached the database
    with sqlite3.connect(deployment.database) as connection:
        rows = connection.execute(
            "SELECT actor, action, details, previous_hash, entry_hash FROM audit_log ORDER BY id"
        ).fetchall()
    return [Audited(*row) for row in rows]


def assert_chained(entries: list[Audited]) -> None:
    assert entries, "no audit entries"
    assert entries[0].previous_hash == GENESIS
    for before, after in itertools.pairwise(entries):
        assert after.previous_hash == before.entry_hash
    assert len({entry.entry_hash for entry in entries}) == len(entries)
