"""Settings: a missing or malformed setting is one clear line, never a traceback."""

from __future__ import annotations

import base64
import os
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from bot.settings import SettingsError, load_settings

PYTHON = sys.executable


def run_cli(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `peacebot` in a clean environment (no settings leak in from the developer's shell)."""
    clean = {"PATH": os.environ["PATH"], "HOME": str(cwd), "LANG": "C.UTF-8"}
    clean.update(env or {})
    return subprocess.run(
        [PYTHON, "-m", "bot", *args],
        cwd=cwd,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_run_without_a_token_names_bot_token_in_one_line(tmp_path: Path) -> None:
    result = run_cli("run", cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "BOT_TOKEN" in lines[0]
    assert "Traceback" not in result.stderr + result.stdout


def test_malformed_encryption_key_names_the_setting_and_the_fix(tmp_path: Path) -> None:
    result = run_cli(
        "run",
        cwd=tmp_path,
        env={"BOT_TOKEN": "123456:abcdefghijklmnopqrstuvwxyz", "ENCRYPTION_KEY": "short"},
    )
    assert result.returncode == 2
    assert "ENCRYPTION_KEY" in result.stderr
    assert "peacebot init" in result.stderr
    assert "Traceback" not in result.stderr


def test_malformed_token_is_refused_without_echoing_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BOT_TOKEN", "not-a-token-secret-value")
    with pytest.raises(SettingsError) as raised:
        load_settings(env_file=None)
    assert "BOT_TOKEN" in str(raised.value)
    assert "not-a-token-secret-value" not in str(raised.value)


def test_admin_ids_are_read_as_a_comma_separated_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADMIN_IDS", "12345, 67890")
    assert load_settings(env_file=None).admin_ids == [12345, 67890]
    monkeypatch.setenv("ADMIN_IDS", "12345,alice")
    with pytest.raises(SettingsError, match="ADMIN_IDS"):
        load_settings(env_file=None)


def test_init_writes_private_secrets_that_load_and_refuses_to_overwrite(tmp_path: Path) -> None:
    result = run_cli("init", "--token", "123456789:abcdefghijklmnopqrstuvwxyz", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    env_file = tmp_path / ".env"
    assert stat.S_IMODE(env_file.stat().st_mode) == 0o600
    settings = load_settings(env_file=env_file)
    assert settings.require_bot_token() == "123456789:abcdefghijklmnopqrstuvwxyz"
    assert len(settings.require_master_key()) == 32
    assert len(settings.require_pepper()) >= 32
    first = env_file.read_text()

    again = run_cli("init", cwd=tmp_path)
    assert again.returncode == 2
    assert "already exists" in again.stderr
    assert env_file.read_text() == first

    forced = run_cli("init", "--force", cwd=tmp_path)
    assert forced.returncode == 0
    assert env_file.read_text() != first, "--force must generate new secrets"


def test_two_inits_generate_different_secrets(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    run_cli("init", cwd=tmp_path / "a")
    run_cli("init", cwd=tmp_path / "b")
    a = load_settings(env_file=tmp_path / "a" / ".env")
    b = load_settings(env_file=tmp_path / "b" / ".env")
    assert a.require_pepper() != b.require_pepper()
    assert a.require_master_key() != b.require_master_key()
    assert base64.urlsafe_b64decode(a.encryption_key.get_secret_value() + "==")  # type: ignore[union-attr]


def test_help_explains_the_commands(tmp_path: Path) -> None:
    result = run_cli("--help", cwd=tmp_path)
    assert result.returncode == 0
    for command in ("init", "run", "db"):
        assert command in result.stdout
    db = run_cli("db", "--help", cwd=tmp_path)
    assert "upgrade" in db.stdout


def test_wrong_cli_arguments_get_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("run", "--no-such-option", cwd=tmp_path)
    assert result.returncode == 2
    assert "No such option" in result.stderr
    assert "Traceback" not in result.stderr


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("DATABASE_URL", "postgresql+asyncpg://postgres:hunter2@127.0.0.1:{port}/test"),
        ("REDIS_URL", "redis://127.0.0.1:{port}/0"),
        ("TELEGRAM_API_URL", "http://127.0.0.1:{port}"),
    ],
)
def test_an_unreachable_service_is_one_line_naming_its_setting(
    tmp_path: Path, setting: str, value: str
) -> None:
    assert (
        run_cli("init", "--token", "123456789:abcdefghijklmnopqrstuvwxyz", cwd=tmp_path).returncode
        == 0
    )
    result = run_cli("run", cwd=tmp_path, env={setting: value.format(port=_free_port())})
    assert result.returncode == 2
    problems = [line for line in result.stderr.splitlines() if line.startswith("peacebot:")]
    assert len(problems) == 1, result.stderr
    assert problems[0].startswith(f"peacebot: {setting}:")
    assert "Traceback" not in result.stderr
    assert "hunter2" not in result.stderr
