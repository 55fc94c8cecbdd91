"""Webhook mode: Telegram's secret-token header is required; a good request is handled."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiohttp import web
from pydantic import SecretStr

from bot.factory import Runtime
from bot.runner import create_webhook_app
from emulator import BotApiEmulator, SimulatedPerson

SECRET = "webhook-secret-for-tests-0123456789"


@pytest.fixture
async def webhook_url(runtime: Runtime, emulator: BotApiEmulator) -> AsyncIterator[str]:
    runtime.settings = runtime.settings.model_copy(
        update={
            "telegram_api_url": emulator.base_url,
            "webhook_url": "https://bot.example.org",
            "webhook_secret": SecretStr(SECRET),
        }
    )
    runner = web.AppRunner(create_webhook_app(runtime))
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    yield f"http://127.0.0.1:{port}{runtime.settings.webhook_path}"
    await runner.cleanup()


def _start_update(person: SimulatedPerson, update_id: int) -> dict[str, object]:
    user = person.emulator.users[person.user_id]
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": int(time.time()),
            "chat": {"id": person.user_id, "type": "private", "first_name": user.first_name},
            "from": user.as_json(),
            "text": "/start",
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        },
    }


async def test_webhook_is_registered_with_the_secret(
    webhook_url: str, emulator: BotApiEmulator
) -> None:
    calls = [c for c in emulator.calls if c.method == "setWebhook"]
    assert calls and calls[-1].params["url"] == "https://bot.example.org/telegram/webhook"
    assert calls[-1].params["secret_token"] == SECRET


async def test_requests_without_the_right_secret_are_refused(
    webhook_url: str, emulator: BotApiEmulator
) -> None:
    alice = SimulatedPerson(emulator)
    async with aiohttp.ClientSession() as http:
        for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "wrong-secret-000000000000"}):
            async with http.post(
                webhook_url, json=_start_update(alice, 1), headers=headers
            ) as response:
                assert response.status == 401
    assert alice.messages == []


async def test_a_request_with_the_secret_is_handled(
    webhook_url: str, emulator: BotApiEmulator
) -> None:
    alice = SimulatedPerson(emulator)
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    async with (
        aiohttp.ClientSession() as http,
        http.post(webhook_url, json=_start_update(alice, 2), headers=headers) as response,
    ):
        assert response.status == 200
    # The update is handled before Telegram gets its answer, so the reply is already there.
    assert "welcome to Peacebot" in alice.last_text
