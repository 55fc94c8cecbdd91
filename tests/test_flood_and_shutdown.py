"""Per-person flood control, and a shutdown that finishes the updates in flight."""

from __future__ import annotations

import asyncio

import pytest
from aiogram import Router
from aiogram.filters import Command
from aiogram.types import Message

from bot.settings import Settings
from emulator import SimulatedPerson
from tests.conftest import RunningBot, make_settings


@pytest.fixture
def settings(database_url: str, redis_url: str | None) -> Settings:
    return make_settings(
        database_url=database_url, redis_url=redis_url, flood_limit=3, flood_window_seconds=60
    )


async def slow(message: Message) -> None:
    await asyncio.sleep(0.6)
    await message.answer("saved after a slow write")


@pytest.fixture
def extra_routers() -> list[Router]:
    router = Router(name="slow")
    router.message.register(slow, Command("slow"))
    return [router]


async def test_a_flood_is_dropped_with_one_translated_warning(running_bot: RunningBot) -> None:
    sofia = running_bot.person("Sofía", "es")
    for _ in range(3):
        await sofia.send("/help")
    await sofia.send("/help")
    assert "muy rápido" in sofia.last_text
    await sofia.send("/help", expect_reply=False)
    await sofia.send("/start", expect_reply=False)
    texts = [m.text or "" for m in sofia.messages]
    assert sum("muy rápido" in t for t in texts) == 1
    assert len(texts) == 4
    # Someone else is not slowed down by Sofía's flood.
    other = running_bot.person("Ana", "es")
    await other.send("/start")
    assert "bienvenida" in other.last_text


async def test_a_flooded_button_press_is_still_answered(running_bot: RunningBot) -> None:
    alice = running_bot.person()
    for _ in range(3):
        await alice.send("/help")
    await alice.press_data(alice.last_message, "anything")
    assert alice.unanswered_callbacks == []
    assert running_bot.emulator.callbacks[max(running_bot.emulator.callbacks, key=int)].answer_text


async def test_stopping_waits_for_an_update_being_handled(running_bot: RunningBot) -> None:
    # Not running_bot.person(): that one would wait for the slow update to finish.
    alice = SimulatedPerson(running_bot.emulator, first_name="Alice")
    await alice.send("/slow", expect_reply=False)
    assert alice.messages == [], "the slow handler is still running"
    await running_bot.stop()
    assert alice.last_text == "saved after a slow write"
