"""Odd and hostile updates thrown at the real dispatcher, thousands of them: it never fails,
answers every button press, stores nothing for anyone who has not agreed to the consent
notice, and goes on serving people afterwards."""

from __future__ import annotations

import itertools
import logging
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiogram.fsm.storage.base import StorageKey
from aiogram.types import Update
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from emulator import BotApiEmulator, RateLimits
from emulator.server import CallbackRecord
from services.consent import version_token
from services.pseudonyms import pseudonym_for
from storage.models import Participant
from tests.conftest import TEST_PEPPER, TEST_TOKEN, RunningBot
from tests.footprint import ephemeral_state
from tests.journey import first_line

_user_ids = itertools.count(8_100_000_001)
_update_ids = itertools.count(900_000)
_message_ids = itertools.count(1)

texts = st.one_of(
    st.text(max_size=300),
    st.text(alphabet="/abcdefghijklmnopqrstuvwxyz_@ ", max_size=40).map(lambda t: "/" + t),
    st.sampled_from(
        [
            "/start",
            "/start evt-youthforum-north",
            "/start " + "x" * 64,
            "/start " + "x" * 65,
            "/start ../../etc",
            "/start <b>hi</b>",
            "/help@other_bot",
            "/menu",
            "/settings",
            "/mydata",
            "/delete",
            "/stop",
            "/language",
            "\u202e/start",
            "مرحبا /start",
            "أريد أن أتكلم عن حقوقي 2250 UNSCR",
            "👩🏽‍🌾🕊️✊🏿",
            "\u200f\u200e\u2066x\u2069",
            "\x00",
        ]
    ),
    st.just("x" * 4096),
)
callback_data = st.one_of(
    st.text(max_size=64).filter(lambda d: len(d.encode()) <= 64),
    st.sampled_from(
        [
            "",
            "staff:grant:admin",
            "survey:answer:1:999",
            "lang:fr:",
            "lang:ar:0123456789",
            "lang:xx:",
            "lang:",
            # {V} becomes the token of the notice in force, as on a real "I agree" button.
            "consent:agree:{V}:",
            "consent:agree:{V}:0123456789",
            "consent:decline:{V}:",
            "consent:more:{V}:",
            "consent:agree:00000000:",
            "consent:agree",
            "consent:yes",
            "pf:age_band:18-24:o",
            "lang:es",
            "pf:age_band:under-18:o",
            "pf:age_band:under-18:s",
            "pf:age_band:99:o",
            "pf:region:r00000000:s",
            "pf:nope:prefer-not:o",
            "pf:gender:skip:s",
            "minor:1:o",
            "minor:0:s",
            "menu:settings",
            "menu:mydata",
            "menu:quick-exit",
            "set:updates:",
            "set:edit:gender",
            "set:edit:password",
            "del:1",
            "del:true",
            "qx:what",
            "menu:learn",
            "ex:suggest:",
            "ex:topic:land-property",
            "ex:topic:no-such-topic",
            "ex:show:what-are-rights",
            "ex:show:../../etc/passwd",
            "ex:more:participation",
            "ex:related:participation",
            "ex:yes:what-are-rights",
            "ex:no:nothing-here",
            "ex:ask:",
            "ex:drip:",
            "menu:surveys",
            "sv:show:local-needs-assessment",
            "sv:start:peace-process-feedback",
            "sv:start:../../etc",
            "sv:explode:x",
            "sq:1:0:pick:0",
            "sq:1:2:toggle:99",
            "sq:0:0:seen:-1",
            "sq:-1:0:skip:-1",
            "sq:x:y:pick:z",
            "ss:list::",
            "ss:open:local-needs-assessment:",
            "ss:preview:local-needs-assessment:ar",
            "ex:launch:rockets",
            ":" * 64,
        ]
    ),
)
FILE = {"file_id": "f", "file_unique_id": "u"}
contents = st.sampled_from(
    [
        {"sticker": {**FILE, "type": "regular", "width": 1, "height": 1, "is_animated": False,
                     "is_video": False}},
        {"photo": [{**FILE, "width": 1, "height": 1}], "caption": "a caption"},
        {"voice": {**FILE, "duration": 1}},
        {"video_note": {**FILE, "length": 1, "duration": 1}},
        {"document": {**FILE, "file_name": "passport.pdf"}},
        {"location": {"latitude": 1.5, "longitude": 2.5}},
        {"contact": {"phone_number": "+15550001234", "first_name": "Neighbour"}},
        {"dice": {"emoji": "🎲", "value": 3}},
        {"text": "forwarded", "forward_origin": {"type": "hidden_user", "sender_user_name": "X",
                                                  "date": 1}},
        {"new_chat_members": [{"id": 5, "is_bot": False, "first_name": "New"}]},
        {},
    ]
)  # fmt: skip


@pytest.fixture
async def emulator() -> AsyncIterator[BotApiEmulator]:
    """No rate limits here: this storm is about odd input, not pace (see test_rate_limits)."""
    emulator = BotApiEmulator(token=TEST_TOKEN, limits=RateLimits(None, 1, None, 1))
    await emulator.start()
    yield emulator
    await emulator.stop()


@st.composite
def updates(draw: st.DrawFn, user_id: int) -> dict[str, Any]:
    user: dict[str, Any] = {
        "id": user_id,
        "is_bot": False,
        "first_name": draw(st.text(min_size=1, max_size=20)),
    }
    language = draw(
        st.one_of(st.none(), st.sampled_from(["en", "fr", "ar", "es", "zz", "pt-BR", ""]))
    )
    if language is not None:
        user["language_code"] = language
    chat_type = draw(
        st.sampled_from(["private"] * 6 + ["group", "supergroup", "channel", "secret-ish"])
    )
    chat = {"id": user_id if chat_type == "private" else -user_id, "type": chat_type}
    message: dict[str, Any] = {
        "message_id": next(_message_ids),
        "date": int(time.time()),
        "chat": chat,
        "from": user,
    }
    kind = draw(st.sampled_from(["text", "text", "content", "edited", "callback", "callback"]))
    update: dict[str, Any] = {"update_id": next(_update_ids)}
    if kind == "text":
        text = draw(texts)
        message["text"] = text
        if text.startswith("/"):
            message["entities"] = [
                {"type": "bot_command", "offset": 0, "length": len(text.split(" ")[0])}
            ]
        update["message"] = message
    elif kind == "content":
        update["message"] = {**message, **draw(contents)}
    elif kind == "edited":
        message["text"] = draw(texts)
        message["edit_date"] = int(time.time())
        update["edited_message"] = message
    else:
        query: dict[str, Any] = {
            "id": f"cb{update['update_id']}",
            "from": user,
            "chat_instance": "1",
            "data": draw(callback_data),
        }
        where = draw(st.sampled_from(["message", "message", "inline", "inaccessible"]))
        if where == "message":
            query["message"] = {
                **message,
                "from": {"id": 1, "is_bot": True, "first_name": "Bot"},
                "text": "old",
            }
        elif where == "inline":
            query["inline_message_id"] = "inline-1"
        else:  # a message too old for Telegram to show the bot: date 0
            query["message"] = {"chat": chat, "message_id": message["message_id"], "date": 0}
        update["callback_query"] = query
    return update


@st.composite
def conversations(draw: st.DrawFn) -> list[dict[str, Any]]:
    """A few people, each sending a run of updates in some interleaving."""
    people = [next(_user_ids) for _ in range(draw(st.integers(1, 3)))]
    return draw(
        st.lists(st.sampled_from(people).flatmap(lambda u: updates(u)), min_size=1, max_size=12)
    )


def _pressed_outside_groups(raw: dict[str, Any], *data: str) -> bool:
    query = raw.get("callback_query")
    if query is None or query["data"] not in data:
        return False
    return "message" not in query or query["message"]["chat"]["type"] == "private"


@settings(
    max_examples=500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(conversation=conversations())
async def test_odd_updates_never_fail_every_button_is_answered_nothing_kept_without_consent(
    running_bot: RunningBot, conversation: list[dict[str, Any]], caplog: pytest.LogCaptureFixture
) -> None:
    emulator = running_bot.emulator
    agreed: set[int] = set()
    v = version_token(running_bot.dispatcher["consent_version"])
    agree_buttons = {f"consent:agree:{v}:", f"consent:agree:{v}:0123456789"}
    for raw in conversation:
        if "callback_query" in raw:
            raw["callback_query"]["data"] = raw["callback_query"]["data"].replace("{V}", v)
        body = raw.get("message") or raw.get("edited_message") or raw["callback_query"]
        user_id = body["from"]["id"]
        if user_id not in emulator.users:
            emulator.add_user(user_id, "Someone", None)
            emulator.add_group(-user_id)
        if "callback_query" in raw:
            query = raw["callback_query"]
            emulator.callbacks[query["id"]] = CallbackRecord(query["id"], user_id, query["data"])
        calls_before = len(emulator.calls)
        caplog.clear()
        with caplog.at_level(logging.ERROR, logger="peacebot"):
            await running_bot.dispatcher.feed_update(running_bot.bot, Update.model_validate(raw))
        assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
        if "callback_query" in raw:
            assert emulator.callbacks[raw["callback_query"]["id"]].answered
        refused = [
            c
            for c in emulator.calls[calls_before:]
            # An edit of a message the emulator never saw may fail: the bot then sends anew.
            if c.method.startswith(("send", "answer")) and c.outcome >= 400
        ]
        assert refused == [], refused[-1].params if refused else None
        # Consent is "I agree" on the notice in force (its token is on the button).
        if _pressed_outside_groups(raw, *agree_buttons):
            agreed.add(user_id)
        await _nothing_kept_without_consent(running_bot, {b["from"]["id"] for b in _bodies(
            conversation)}, agreed)  # fmt: skip


def _bodies(conversation: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        r.get("message") or r.get("edited_message") or r["callback_query"] for r in conversation
    ]


async def _nothing_kept_without_consent(
    running_bot: RunningBot, people: set[int], agreed: set[int]
) -> None:
    pseudonyms = {pseudonym_for(TEST_PEPPER.encode(), user_id): user_id for user_id in people}
    async with running_bot.runtime.session_factory() as session:
        stored = (
            await session.execute(
                select(Participant.pseudonym).where(Participant.pseudonym.in_(pseudonyms))
            )
        ).scalars()
        participants = {pseudonyms[p] for p in stored}
    assert participants <= agreed, "a participant row without an I agree on the notice"
    state = await ephemeral_state(running_bot)
    for pseudonym, user_id in pseudonyms.items():
        if user_id in participants:
            continue
        assert pseudonym not in repr(state), "recent-message ids kept for someone not enrolled"
        for data in await _conversation_data(running_bot, user_id):
            assert set(data) <= {"language"}, f"before consent, state holds {data}"


async def _conversation_data(running_bot: RunningBot, user_id: int) -> list[dict[str, Any]]:
    """What aiogram's FSM storage holds for this person, in their private chat or a group."""
    storage, bot_id = running_bot.dispatcher.storage, running_bot.bot.id
    found = []
    for chat_id in (user_id, -user_id):
        key = StorageKey(bot_id=bot_id, chat_id=chat_id, user_id=user_id)
        found.append(await storage.get_data(key))
        assert await storage.get_state(key) is None, "a conversation state before consent"
    return found


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
        {"update_id": 10**9 + 2, "channel_post": {"message_id": 1, "date": 1,
         "chat": {"id": -100, "type": "channel", "title": "News"}, "text": "/start"}},
    ):  # fmt: skip
        try:
            update = Update.model_validate(raw)
        except Exception:
            continue
        await running_bot.dispatcher.feed_update(running_bot.bot, update)
    alice = running_bot.person()
    await alice.send("/start")
    assert first_line("en", "language-choose") in alice.last_text
