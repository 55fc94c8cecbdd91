"""Telegram's 429 is honoured: a reply that meets it arrives after retry_after, not never."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from emulator import BotApiEmulator, RateLimits
from tests.conftest import TEST_TOKEN, RunningBot


@pytest.fixture
async def emulator() -> AsyncIterator[BotApiEmulator]:
    emulator = BotApiEmulator(
        token=TEST_TOKEN, limits=RateLimits(bot_per_second=None, chat_per_second=1, chat_burst=1)
    )
    await emulator.start()
    yield emulator
    await emulator.stop()


async def test_a_reply_that_meets_a_429_is_sent_after_retry_after(running_bot: RunningBot) -> None:
    alice = running_bot.person()
    await alice.send("/start")
    await alice.send("/help")
    refused = [c for c in running_bot.emulator.calls if c.outcome == 429]
    assert refused, "the emulator should have refused the second quick reply"
    assert [m.text is not None and "/start" in m.text for m in alice.messages] == [False, True]
