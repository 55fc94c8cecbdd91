"""A handler that fails: the person gets a translated apology, the log no personal data,
and the bot goes on answering."""

from __future__ import annotations

import logging

import pytest
from aiogram import Router
from aiogram.filters import Command
from aiogram.types import Message

from tests.conftest import RunningBot

SECRET = "my neighbour Omar took the land"


async def fail(message: Message) -> None:
    raise RuntimeError(f"failed while saving {SECRET!r} for chat {message.chat.id}")


@pytest.fixture
def extra_routers() -> list[Router]:
    router = Router(name="failing")
    router.message.register(fail, Command("boom"))
    return [router]


async def test_a_failing_handler_gets_an_apology_and_the_bot_keeps_running(
    running_bot: RunningBot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    lucie = running_bot.person("Lucie", "fr")
    await lucie.send("/boom")
    assert "Désolé, un problème est survenu" in lucie.last_text
    await lucie.send("/start")
    assert "bienvenue" in lucie.last_text
    assert "RuntimeError" in caplog.text
    assert SECRET not in caplog.text
    assert str(lucie.user_id) not in caplog.text
