"""The real `peacebot` process: started as a person would, against the emulator."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from emulator import BotApiEmulator, SimulatedPerson
from tests.conftest import TEST_KEY, TEST_PEPPER, TEST_TOKEN

REPO = str(Path(__file__).resolve().parent.parent)


def _environment(home: Path, **settings: str) -> dict[str, str]:
    """Only what the process needs: nothing leaks in from the developer's shell or .env."""
    return {
        "PATH": os.environ["PATH"],
        "HOME": str(home),
        "PYTHONPATH": REPO,
        "BOT_TOKEN": TEST_TOKEN,
        "PSEUDONYM_PEPPER": TEST_PEPPER,
        "ENCRYPTION_KEY": TEST_KEY,
        **settings,
    }


async def _cli(env: dict[str, str], cwd: Path, *args: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        cwd=cwd,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def test_peacebot_run_answers_start_and_stops_cleanly_on_sigterm(
    emulator: BotApiEmulator, database_url: str, redis_url: str | None, tmp_path: Path
) -> None:
    env = _environment(
        tmp_path,
        TELEGRAM_API_URL=emulator.base_url,
        DATABASE_URL=database_url,
        REDIS_URL=redis_url or "",
    )
    upgrade = await _cli(env, tmp_path, "db", "upgrade")
    stdout, stderr = await upgrade.communicate()
    assert upgrade.returncode == 0, stderr.decode()
    assert b"upgraded" in stdout

    bot = await _cli(env, tmp_path, "run")
    try:
        alice = SimulatedPerson(emulator, first_name="Alice", language_code="en", timeout=30)
        await alice.send("/start")
        assert "welcome to Peacebot" in alice.last_text
        assert alice.last_message.protect_content
    finally:
        bot.send_signal(signal.SIGTERM)
        _, log = await asyncio.wait_for(bot.communicate(), 20)
    assert bot.returncode == 0, log.decode()
    assert TEST_TOKEN not in log.decode()
    assert TEST_TOKEN.split(":")[1] not in log.decode()
    assert str(alice.user_id) not in log.decode()


async def test_a_token_the_server_refuses_is_one_line_naming_bot_token(
    emulator: BotApiEmulator, tmp_path: Path
) -> None:
    wrong = "987654321:this-token-is-not-the-emulators-one"
    env = _environment(tmp_path, BOT_TOKEN=wrong, TELEGRAM_API_URL=emulator.base_url)
    bot = await _cli(env, tmp_path, "run")
    _, stderr = await asyncio.wait_for(bot.communicate(), 30)
    assert bot.returncode == 2
    assert "peacebot: BOT_TOKEN was refused" in stderr.decode()
    assert wrong not in stderr.decode()
