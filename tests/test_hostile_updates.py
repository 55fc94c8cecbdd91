"""Odd and hostile updates thrown at the real dispatcher: it never raises, answers every
button press, and goes on serving people afterwards."""

from __future__ import annotations

import itertools
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiogram.types import Update
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from emulator import BotApiEmulator, RateLimits
from emulator.server import CallbackRecord
from tests.conftest import TEST_TOKEN, RunningBot

_user_ids = itertools.count(8_100_000_001)
_update_ids = itertools.count(900_000)

texts = st.one_of(
    st.text(max_size=300),
    st.text(alphabet="/abcdefghijklmnopqrstuvwxyz_@ ", max_size=40).map(lambda t: "/" + t),
    st.sampled_from(
        [
            "/start",
            "/start " + "x" * 64,
            "/start ../../etc",
            "/help@other_bot",
            "\u202e/start",
            "مرحبا /start",
        ]
    ),
    st.just("x" * 4096),
)
callback_data = st.one_of(
    st.text(max_size=64).filter(lambda d: len(d.encode()) <= 64),
    st.sampled_from(["", "staff:grant:admin", "survey:answer:1:999", "consent:yes", ":" * 64]),
)


@pytest.fixture
async def emulator() -> AsyncIterator[BotApiEmulator]:
    """No rate limits here: this storm is about odd input, not pace (see test_rate_limits)."""
    emulator = BotApiEmulator(token=TEST_TOKEN, limits=RateLimits(None, 1, None, 1))
    await emulator.start()
    yield emulator
    await emulator.stop()


@st.composite
def updates(draw: st.DrawFn) -> tuple[dict[str, Any], int]:
    user_id = next(_user_ids)
    user = {"id": user_id, "is_bot": False, "first_name": draw(st.text(min_size=1, max_size=20))}
    language = draw(
        st.one_of(st.none(), st.sampled_from(["en", "fr", "ar", "es", "zz", "pt-BR", ""]))
    )
    if language is not None:
        user["language_code"] = language
    chat_type = draw(st.sampled_from(["private", "private", "private", "group", "supergroup"]))
    chat = {"id": user_id if chat_type == "private" else -user_id, "type": chat_type}
    message: dict[str, Any] = {
        "message_id": draw(st.integers(1, 10**6)),
        "date": int(time.time()),
        "chat": chat,
        "from": user,
    }
    kind = draw(
        st.sampled_from(["text", "sticker", "edited", "callback", "no_text", "photo", "location"])
    )
    update: dict[str, Any] = {"update_id": next(_update_ids)}
    if kind == "text":
        text = draw(texts)
        message["text"] = text
        if text.startswith("/"):
            message["entities"] = [
                {"type": "bot_command", "offset": 0, "length": len(text.split(" ")[0])}
            ]
        update["message"] = message
    elif kind == "sticker":
        message["sticker"] = {
            "file_id": "s",
            "file_unique_id": "s",
            "type": "regular",
            "width": 1,
            "height": 1,
            "is_animated": False,
            "is_video": False,
        }
        update["message"] = message
    elif kind == "edited":
        message["text"] = draw(texts)
        message["edit_date"] = int(time.time())
        update["edited_message"] = message
    elif kind == "callback":
        update["callback_query"] = {
            "id": f"cb{update['update_id']}",
            "from": user,
            "chat_instance": "1",
            "data": draw(callback_data),
            "message": {
                **message,
                "from": {"id": 1, "is_bot": True, "first_name": "Bot"},
                "text": "old",
            },
        }
    elif kind == "photo":
        message["photo"] = [{"file_id": "p", "file_unique_id": "p", "width": 1, "height": 1}]
        message["caption"] = draw(st.text(max_size=50))
        update["message"] = message
    elif kind == "location":
        # The bot never asks for a location; one sent anyway must not be stored or crash anything.
        message["location"] = {"latitude": 1.5, "longitude": 2.5}
        update["message"] = message
    else:
        update["message"] = message
    return update, user_id


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(case=updates())
async def test_odd_updates_never_crash_and_every_button_is_answered(
    running_bot: RunningBot, case: tuple[dict[str, Any], int]
) -> None:
    raw, user_id = case
    emulator = running_bot.emulator
    emulator.add_user(user_id, "Someone", None)
    emulator.add_group(-user_id)
    if "callback_query" in raw:
        query = raw["callback_query"]
        emulator.callbacks[query["id"]] = CallbackRecord(query["id"], user_id, query["data"])
    update = Update.model_validate(raw)
    calls_before = len(emulator.calls)
    await running_bot.dispatcher.feed_update(running_bot.bot, update)
    if "callback_query" in raw:
        assert emulator.callbacks[raw["callback_query"]["id"]].answered
    failures = [
        c
        for c in emulator.calls[calls_before:]
        if c.method.startswith(("send", "answer")) and c.outcome >= 400
    ]
    assert failures == [], failures[-1].params if failures else None


# An update of no known type is the point of this test; aiogram warns about it, we don't need to.
@pytest.mark.filterwarnings("ignore:Detected unknown update type")
async def test_after_the_storm_the_bot_still_answers(running_bot: RunningBot) -> None:
    for raw in (
        {"update_id": 10**9},
        {
            "update_id": 10**9 + 1,
            "poll": {
                "id": "1",
                "question": "?",
                "options": [],
                "total_voter_count": 0,
                "is_closed": False,
                "is_anonymous": True,
                "type": "regular",
                "allows_multiple_answers": False,
            },
        },
    ):
        try:
            update = Update.model_validate(raw)
        except Exception:
            continue
        await running_bot.dispatcher.feed_update(running_bot.bot, update)
    alice = running_bot.person()
    await alice.send("/start")
    assert "welcome" in alice.last_text
