"""The Bot API emulator, exercised through real clients: an aiogram `Bot` pointed at it, plain
aiohttp requests where the raw shape matters, and the `SimulatedPerson` harness against a small
aiogram dispatcher."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import aiohttp
import pytest
from aiogram import Bot, Dispatcher, F, Router
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramConflictError,
    TelegramForbiddenError,
    TelegramRetryAfter,
    TelegramUnauthorizedError,
)
from aiogram.filters import Command
from aiogram.types import (
    BotCommand,
    BotCommandScopeAllPrivateChats,
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
)

from emulator import BotApiEmulator, ChatMessage, RateLimits, SimulatedPerson
from emulator.people import NoReply
from tests.conftest import TEST_TOKEN

ALICE, BOB, CAROL = 1001, 1002, 1003


# ----------------------------------------------------------------- helpers


class LoopbackSession(AiohttpSession):
    """aiogram's own session, minus the 250 ms it sleeps on close for SSL connections to wind
    down: the emulator speaks plain HTTP on loopback, and that pause per test adds up."""

    async def close(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()


def make_bot(emulator: BotApiEmulator, token: str = TEST_TOKEN) -> Bot:
    return Bot(token, session=LoopbackSession(api=TelegramAPIServer.from_base(emulator.base_url)))


@pytest.fixture
async def bot(emulator: BotApiEmulator) -> AsyncIterator[Bot]:
    bot = make_bot(emulator)
    try:
        yield bot
    finally:
        await bot.session.close()


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


@asynccontextmanager
async def limited(limits: RateLimits) -> AsyncIterator[tuple[BotApiEmulator, Bot]]:
    """A separate emulator with its own rate limits, and a bot talking to it."""
    emulator = BotApiEmulator(token=TEST_TOKEN, limits=limits)
    await emulator.start()
    bot = make_bot(emulator)
    try:
        yield emulator, bot
    finally:
        await bot.session.close()
        await emulator.stop()


def keyboard(*buttons: tuple[str, str]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton(text=text, callback_data=data)] for text, data in buttons
        ]
    )


def url(emulator: BotApiEmulator, method: str, token: str = TEST_TOKEN) -> str:
    return f"{emulator.base_url}/bot{token}/{method}"


def bot_messages(emulator: BotApiEmulator, chat_id: int) -> list[ChatMessage]:
    return [m for m in emulator.messages(chat_id) if m.from_bot]


def names(commands: list[BotCommand]) -> list[tuple[str, str]]:
    return [(c.command, c.description) for c in commands]


async def eventually(predicate: Callable[[], bool], within: float = 5.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if predicate():
            return True
        await asyncio.sleep(0.02)
    return predicate()


# ------------------------------------------------------------ the basics


async def test_get_me_describes_the_bot_named_by_the_token(
    emulator: BotApiEmulator, bot: Bot
) -> None:
    me = await bot.get_me()
    assert me.id == int(TEST_TOKEN.split(":")[0])
    assert me.is_bot
    assert me.username == "peacebot_test_bot"
    assert me.first_name == "Peacebot"
    assert [c.method for c in emulator.calls] == ["getMe"]
    assert emulator.calls[0].outcome == 200


async def test_a_malformed_token_is_unauthorized(
    emulator: BotApiEmulator, http: aiohttp.ClientSession
) -> None:
    async with http.get(url(emulator, "getMe", token="not-a-token")) as response:
        assert response.status == 401
        assert await response.json() == {
            "ok": False,
            "error_code": 401,
            "description": "Unauthorized",
        }
    assert emulator.calls == []


async def test_a_well_formed_but_wrong_token_is_unauthorized(emulator: BotApiEmulator) -> None:
    other = make_bot(emulator, token="987654321:some-other-bots-token")
    try:
        with pytest.raises(TelegramUnauthorizedError):
            await other.get_me()
    finally:
        await other.session.close()


async def test_an_unknown_method_is_not_found(
    emulator: BotApiEmulator, http: aiohttp.ClientSession
) -> None:
    async with http.post(url(emulator, "sendSticker"), data={"chat_id": "1"}) as response:
        assert response.status == 404
        assert await response.json() == {"ok": False, "error_code": 404, "description": "Not Found"}


# ------------------------------------------------------------ sendMessage


async def test_send_message_is_stored_with_its_flags(emulator: BotApiEmulator, bot: Bot) -> None:
    emulator.add_user(ALICE, "Alice", "en")
    sent = await bot.send_message(
        ALICE, "Hello Alice", protect_content=True, disable_notification=True
    )
    plain = await bot.send_message(ALICE, "Plain")
    assert sent.text == "Hello Alice"
    assert sent.chat.id == ALICE
    assert sent.from_user is not None and sent.from_user.is_bot
    assert sent.has_protected_content
    first, second = emulator.messages(ALICE)
    assert (first.message_id, first.text, first.from_bot) == (sent.message_id, "Hello Alice", True)
    assert first.protect_content and first.disable_notification
    assert second.message_id == plain.message_id
    assert not second.protect_content and not second.disable_notification
    assert emulator.activity(ALICE) == 2


async def test_html_is_stored_as_the_visible_text(emulator: BotApiEmulator, bot: Bot) -> None:
    emulator.add_user(ALICE, "Alice", "en")
    await bot.send_message(ALICE, "<b>Bold</b> &amp; plain", parse_mode="HTML")
    assert emulator.messages(ALICE)[-1].text == "Bold & plain"


@pytest.mark.parametrize(
    ("text", "description"),
    [("", "message text is empty"), ("   ", "message text is empty"), ("x" * 4097, "too long")],
)
async def test_empty_and_overlong_text_are_refused(
    emulator: BotApiEmulator, bot: Bot, text: str, description: str
) -> None:
    emulator.add_user(ALICE, "Alice", "en")
    with pytest.raises(TelegramBadRequest) as error:
        await bot.send_message(ALICE, text)
    assert description in error.value.message
    assert emulator.messages(ALICE) == []
    assert emulator.calls[-1].outcome == 400


async def test_text_of_exactly_4096_characters_is_accepted(
    emulator: BotApiEmulator, bot: Bot
) -> None:
    emulator.add_user(ALICE, "Alice", "en")
    await bot.send_message(ALICE, "y" * 4096)
    assert emulator.messages(ALICE)[-1].text == "y" * 4096


@pytest.mark.parametrize(
    "data",
    [
        "é" * 33,  # 66 bytes in 33 characters
        "🕊" * 17,  # 68 bytes in 17 characters
        "a" * 65,
    ],
)
async def test_callback_data_over_64_bytes_is_refused(
    emulator: BotApiEmulator, bot: Bot, data: str
) -> None:
    assert len(data) < 70 and len(data.encode()) > 64
    emulator.add_user(ALICE, "Alice", "en")
    with pytest.raises(TelegramBadRequest) as error:
        await bot.send_message(ALICE, "Pick", reply_markup=keyboard(("OK", data)))
    assert "BUTTON_DATA_INVALID" in error.value.message
    assert emulator.messages(ALICE) == []


@pytest.mark.parametrize("data", ["é" * 32, "🕊" * 16, "a" * 64, "é" * 31 + "ab"])
async def test_callback_data_of_exactly_64_bytes_passes(
    emulator: BotApiEmulator, bot: Bot, data: str
) -> None:
    assert len(data.encode()) == 64
    emulator.add_user(ALICE, "Alice", "en")
    sent = await bot.send_message(ALICE, "Pick", reply_markup=keyboard(("OK", data)))
    assert isinstance(sent.reply_markup, InlineKeyboardMarkup)
    assert sent.reply_markup.inline_keyboard[0][0].callback_data == data
    assert emulator.messages(ALICE)[-1].buttons() == [{"text": "OK", "callback_data": data}]


async def test_an_empty_button_label_is_refused(emulator: BotApiEmulator, bot: Bot) -> None:
    emulator.add_user(ALICE, "Alice", "en")
    with pytest.raises(TelegramBadRequest, match="BUTTON_TEXT_EMPTY"):
        await bot.send_message(ALICE, "Pick", reply_markup=keyboard((" ", "x")))


async def test_an_unknown_chat_is_not_found(emulator: BotApiEmulator, bot: Bot) -> None:
    with pytest.raises(TelegramBadRequest) as error:
        await bot.send_message(424242, "Anyone there?")
    assert "chat not found" in error.value.message


async def test_a_user_who_blocked_the_bot_is_forbidden(emulator: BotApiEmulator, bot: Bot) -> None:
    emulator.add_user(ALICE, "Alice", "en")
    emulator.block_bot(ALICE)
    with pytest.raises(TelegramForbiddenError) as error:
        await bot.send_message(ALICE, "Hello?")
    assert "blocked" in error.value.message
    assert emulator.messages(ALICE) == []
    assert emulator.calls[-1].outcome == 403
    emulator.block_bot(ALICE, False)
    await bot.send_message(ALICE, "Hello again")
    assert [m.text for m in emulator.messages(ALICE)] == ["Hello again"]


async def test_json_and_form_bodies_are_both_understood(
    emulator: BotApiEmulator, http: aiohttp.ClientSession
) -> None:
    emulator.add_user(ALICE, "Alice", "en")
    markup = {"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]}
    as_json = {
        "chat_id": ALICE,
        "text": "json body",
        "reply_markup": markup,
        "protect_content": True,
    }
    async with http.post(url(emulator, "sendMessage"), json=as_json) as response:
        assert response.status == 200
        body = await response.json()
    assert body["ok"] is True
    assert body["result"]["text"] == "json body"
    assert body["result"]["reply_markup"] == markup
    as_form = {
        "chat_id": str(ALICE),
        "text": "form body",
        "reply_markup": json.dumps(markup),
        "protect_content": "true",
    }
    async with http.post(url(emulator, "sendMessage"), data=as_form) as response:
        assert response.status == 200
        assert (await response.json())["result"]["text"] == "form body"
    json_message, form_message = emulator.messages(ALICE)
    for message, text in ((json_message, "json body"), (form_message, "form body")):
        assert message.text == text
        assert message.reply_markup == markup
        assert message.protect_content
    async with http.get(url(emulator, "getMe")) as response:
        assert (await response.json())["result"]["username"] == "peacebot_test_bot"


async def test_unparsable_json_gets_a_telegram_shaped_400(
    emulator: BotApiEmulator, http: aiohttp.ClientSession
) -> None:
    emulator.add_user(ALICE, "Alice", "en")
    form = {"chat_id": str(ALICE), "text": "hi", "reply_markup": "{not json"}
    bodies = [
        {"data": form},
        {"data": "{not json", "headers": {"Content-Type": "application/json"}},
        {"json": ["not", "an", "object"]},
    ]
    for body in bodies:
        async with http.post(url(emulator, "sendMessage"), **body) as response:
            assert response.status == 400
            answer = await response.json()
        assert answer["ok"] is False
        assert answer["error_code"] == 400
        assert answer["description"].startswith("Bad Request: ")
    assert emulator.messages(ALICE) == []
    # The description names the field that could not be read.
    form_request = {"chat_id": str(ALICE), "text": "hi", "entities": "[oops"}
    async with http.post(url(emulator, "sendMessage"), data=form_request) as response:
        assert "entities" in (await response.json())["description"]


# ------------------------------------------------------------ rate limits


async def test_a_chat_is_limited_while_other_chats_are_served() -> None:
    async with limited(RateLimits(bot_per_second=None, chat_per_second=1, chat_burst=2)) as (
        emulator,
        bot,
    ):
        emulator.add_user(ALICE, "Alice", "en")
        emulator.add_user(BOB, "Bob", "en")
        await bot.send_message(ALICE, "one")
        await bot.send_message(ALICE, "two")
        with pytest.raises(TelegramRetryAfter) as error:
            await bot.send_message(ALICE, "three")
        assert error.value.retry_after >= 1
        await bot.send_message(BOB, "to another chat")
        assert [m.text for m in emulator.messages(ALICE)] == ["one", "two"]
        assert [m.text for m in emulator.messages(BOB)] == ["to another chat"]
        # Waiting as told is enough.
        await asyncio.sleep(error.value.retry_after)
        await bot.send_message(ALICE, "three, later")
        assert emulator.messages(ALICE)[-1].text == "three, later"


async def test_the_bot_as_a_whole_is_limited_across_chats() -> None:
    async with limited(RateLimits(bot_per_second=1, bot_burst=2, chat_per_second=None)) as (
        emulator,
        bot,
    ):
        for user_id in (ALICE, BOB, CAROL):
            emulator.add_user(user_id, "Someone", "en")
        await bot.send_message(ALICE, "one")
        await bot.send_message(BOB, "two")
        with pytest.raises(TelegramRetryAfter) as error:
            await bot.send_message(CAROL, "three")
        assert error.value.retry_after >= 1
        assert emulator.messages(CAROL) == []
        assert emulator.calls[-1].outcome == 429


async def test_a_429_has_telegrams_exact_shape(http: aiohttp.ClientSession) -> None:
    async with limited(RateLimits(bot_per_second=None, chat_per_second=1, chat_burst=2)) as (
        emulator,
        _,
    ):
        emulator.add_user(ALICE, "Alice", "en")
        statuses = []
        for n in range(3):
            form = {"chat_id": str(ALICE), "text": f"message {n}"}
            async with http.post(url(emulator, "sendMessage"), data=form) as response:
                statuses.append(response.status)
                body = await response.json()
        assert statuses == [200, 200, 429]
        assert body == {
            "ok": False,
            "error_code": 429,
            "description": "Too Many Requests: retry after 1",
            "parameters": {"retry_after": 1},
        }


async def test_refused_requests_do_not_use_up_the_rate_limit() -> None:
    async with limited(RateLimits(bot_per_second=None, chat_per_second=1, chat_burst=2)) as (
        emulator,
        bot,
    ):
        emulator.add_user(ALICE, "Alice", "en")
        for _ in range(3):
            with pytest.raises(TelegramBadRequest):
                await bot.send_message(ALICE, "")
        await bot.send_message(ALICE, "one")
        await bot.send_message(ALICE, "two")
        assert len(emulator.messages(ALICE)) == 2


# ------------------------------------------------------------ getUpdates


async def test_get_updates_returns_queued_updates_in_order(
    emulator: BotApiEmulator, bot: Bot
) -> None:
    emulator.add_user(ALICE, "Alice", "en")
    first = await emulator.user_sends(ALICE, text="/start")
    second = await emulator.user_sends(ALICE, text="hello")
    updates = await bot.get_updates()
    assert [u.update_id for u in updates] == [first, second]
    assert updates[0].message is not None and updates[0].message.text == "/start"
    assert updates[0].message.entities is not None
    assert updates[0].message.entities[0].type == "bot_command"
    assert updates[1].message is not None and updates[1].message.text == "hello"
    assert updates[1].message.from_user is not None
    assert updates[1].message.from_user.id == ALICE
    assert emulator.last_delivered_update_id == second
    # Not confirmed yet, so delivered again.
    assert [u.update_id for u in await bot.get_updates()] == [first, second]


async def test_get_updates_offset_confirms_earlier_updates(
    emulator: BotApiEmulator, bot: Bot
) -> None:
    emulator.add_user(ALICE, "Alice", "en")
    ids = [await emulator.user_sends(ALICE, text=f"m{n}") for n in range(3)]
    assert [u.update_id for u in await bot.get_updates(offset=ids[1])] == ids[1:]
    # The first is now confirmed: gone even without an offset.
    assert [u.update_id for u in await bot.get_updates()] == ids[1:]
    assert await bot.get_updates(offset=ids[2] + 1) == []
    assert await bot.get_updates() == []


async def test_get_updates_honours_limit(emulator: BotApiEmulator, bot: Bot) -> None:
    emulator.add_user(ALICE, "Alice", "en")
    ids = [await emulator.user_sends(ALICE, text=f"m{n}") for n in range(5)]
    assert [u.update_id for u in await bot.get_updates(limit=2)] == ids[:2]
    assert [u.update_id for u in await bot.get_updates(offset=ids[2], limit=2)] == ids[2:4]
    assert [u.update_id for u in await bot.get_updates(offset=ids[4], limit=2)] == ids[4:]


async def test_push_update_queues_any_update(emulator: BotApiEmulator, bot: Bot) -> None:
    raw = {"message_id": 7, "date": 0, "chat": {"id": 5, "type": "private"}, "text": "raw"}
    update_id = await emulator.push_update({"message": raw})
    (update,) = await bot.get_updates()
    assert update.update_id == update_id
    assert update.message is not None and update.message.text == "raw"


async def test_long_polling_returns_early_when_an_update_arrives(
    emulator: BotApiEmulator, bot: Bot
) -> None:
    emulator.add_user(ALICE, "Alice", "en")

    async def later() -> int:
        await asyncio.sleep(0.3)
        return await emulator.user_sends(ALICE, text="late")

    pusher = asyncio.create_task(later())
    started = time.monotonic()
    updates = await bot.get_updates(timeout=2)
    elapsed = time.monotonic() - started
    update_id = await pusher
    assert [u.update_id for u in updates] == [update_id]
    assert updates[0].message is not None and updates[0].message.text == "late"
    assert 0.2 <= elapsed < 1.6


async def test_long_polling_with_nothing_new_waits_about_the_timeout(
    emulator: BotApiEmulator, bot: Bot
) -> None:
    emulator.add_user(ALICE, "Alice", "en")
    confirmed = await emulator.user_sends(ALICE, text="old news")
    timeout = 2
    started = time.monotonic()
    # The only update is below the offset: it must not cut the wait short.
    updates = await bot.get_updates(offset=confirmed + 1, timeout=timeout)
    elapsed = time.monotonic() - started
    assert updates == []
    assert elapsed >= 0.8 * timeout
    assert elapsed < timeout + 3


# ------------------------------------------------------------ editing


async def test_edit_message_text(emulator: BotApiEmulator, bot: Bot) -> None:
    emulator.add_user(ALICE, "Alice", "en")
    sent = await bot.send_message(ALICE, "version 1", reply_markup=keyboard(("Go", "go")))
    edited = await bot.edit_message_text(
        "version 2",
        chat_id=ALICE,
        message_id=sent.message_id,
        reply_markup=keyboard(("Go", "go")),
    )
    assert isinstance(edited, Message)
    assert edited.text == "version 2"
    assert edited.edit_date is not None
    (stored,) = emulator.messages(ALICE)
    assert (stored.text, stored.edited) == ("version 2", True)
    assert stored.buttons() == [{"text": "Go", "callback_data": "go"}]

    with pytest.raises(TelegramBadRequest) as error:
        await bot.edit_message_text(
            "version 2",
            chat_id=ALICE,
            message_id=sent.message_id,
            reply_markup=keyboard(("Go", "go")),
        )
    assert "message is not modified" in error.value.message

    with pytest.raises(TelegramBadRequest) as error:
        await bot.edit_message_text("version 3", chat_id=ALICE, message_id=sent.message_id + 99)
    assert "message to edit not found" in error.value.message
    assert emulator.messages(ALICE)[0].text == "version 2"


async def test_edit_message_text_refuses_empty_and_overlong_text(
    emulator: BotApiEmulator, bot: Bot
) -> None:
    emulator.add_user(ALICE, "Alice", "en")
    sent = await bot.send_message(ALICE, "version 1")
    for text in ("", "z" * 4097):
        with pytest.raises(TelegramBadRequest):
            await bot.edit_message_text(text, chat_id=ALICE, message_id=sent.message_id)
    assert emulator.messages(ALICE)[0].text == "version 1"
    assert not emulator.messages(ALICE)[0].edited


async def test_edit_message_reply_markup(emulator: BotApiEmulator, bot: Bot) -> None:
    emulator.add_user(ALICE, "Alice", "en")
    sent = await bot.send_message(ALICE, "Choose", reply_markup=keyboard(("A", "a")))
    new_markup = keyboard(("B", "b"), ("C", "c"))
    edited = await bot.edit_message_reply_markup(
        chat_id=ALICE, message_id=sent.message_id, reply_markup=new_markup
    )
    assert isinstance(edited, Message)
    (stored,) = emulator.messages(ALICE)
    assert [b["text"] for b in stored.buttons()] == ["B", "C"]
    assert stored.text == "Choose" and stored.edited

    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_reply_markup(
            chat_id=ALICE, message_id=sent.message_id, reply_markup=new_markup
        )
    with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
        await bot.edit_message_reply_markup(
            chat_id=ALICE, message_id=sent.message_id, reply_markup=keyboard(("D", "d" * 65))
        )
    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_reply_markup(
            chat_id=ALICE, message_id=sent.message_id + 99, reply_markup=new_markup
        )
    # Without a markup the keyboard is removed.
    await bot.edit_message_reply_markup(chat_id=ALICE, message_id=sent.message_id)
    assert emulator.messages(ALICE)[0].buttons() == []


# ------------------------------------------------------------ callbacks


async def test_answer_callback_query_once(emulator: BotApiEmulator, bot: Bot) -> None:
    emulator.add_user(ALICE, "Alice", "en")
    sent = await bot.send_message(ALICE, "Agree?", reply_markup=keyboard(("Yes", "yes")))
    (message,) = emulator.messages(ALICE)
    update_id = await emulator.user_presses(ALICE, message, "yes")
    (update,) = await bot.get_updates()
    assert update.update_id == update_id
    query = update.callback_query
    assert query is not None
    assert query.data == "yes"
    assert query.from_user.id == ALICE
    assert query.message is not None and query.message.message_id == sent.message_id
    assert not emulator.callbacks[query.id].answered

    assert await bot.answer_callback_query(query.id, text="Thanks")
    record = emulator.callbacks[query.id]
    assert record.answered and record.answer_text == "Thanks"

    with pytest.raises(TelegramBadRequest) as error:
        await bot.answer_callback_query(query.id)
    assert "query is too old" in error.value.message
    with pytest.raises(TelegramBadRequest, match="query is too old"):
        await bot.answer_callback_query("no-such-query")


# ------------------------------------------------------------ deleting


async def test_delete_message(emulator: BotApiEmulator, bot: Bot) -> None:
    emulator.add_user(ALICE, "Alice", "en")
    first = await bot.send_message(ALICE, "first")
    await bot.send_message(ALICE, "second")
    assert await bot.delete_message(ALICE, first.message_id)
    assert [(m.text, m.deleted) for m in emulator.messages(ALICE)] == [
        ("first", True),
        ("second", False),
    ]
    with pytest.raises(TelegramBadRequest, match="message to delete not found"):
        await bot.delete_message(ALICE, first.message_id)
    with pytest.raises(TelegramBadRequest, match="message to delete not found"):
        await bot.delete_message(ALICE, 999_999)
    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_text("back", chat_id=ALICE, message_id=first.message_id)


async def test_delete_messages(emulator: BotApiEmulator, bot: Bot) -> None:
    emulator.add_user(ALICE, "Alice", "en")
    for n in range(3):
        await emulator.user_sends(ALICE, text=f"mine {n}")
    kept = await bot.send_message(ALICE, "kept")
    ids = [m.message_id for m in emulator.messages(ALICE) if not m.from_bot]
    assert len(ids) == 3
    assert await bot.delete_messages(ALICE, ids)
    assert [m.deleted for m in emulator.messages(ALICE)] == [True, True, True, False]
    assert emulator.messages(ALICE)[-1].message_id == kept.message_id

    with pytest.raises(TelegramBadRequest, match="1 to 100"):
        await bot.delete_messages(ALICE, list(range(1, 102)))
    with pytest.raises(TelegramBadRequest, match="1 to 100"):
        await bot.delete_messages(ALICE, [])
    assert not emulator.messages(ALICE)[-1].deleted
    # Exactly 100 is allowed.
    assert await bot.delete_messages(ALICE, [kept.message_id, *range(10_000, 10_099)])
    assert emulator.messages(ALICE)[-1].deleted


# ------------------------------------------------------------ files


async def test_send_document_stores_the_file(emulator: BotApiEmulator, bot: Bot) -> None:
    emulator.add_user(ALICE, "Alice", "en")
    content = "date,topic\n2024-05-01,land ✓\n".encode()
    sent = await bot.send_document(
        ALICE,
        BufferedInputFile(content, filename="export.csv"),
        caption="Your export",
        protect_content=True,
    )
    assert sent.document is not None
    assert sent.document.file_name == "export.csv"
    assert sent.document.file_size == len(content)
    assert sent.caption == "Your export"
    (stored,) = emulator.messages(ALICE)
    assert stored.document_name == "export.csv"
    assert stored.document_bytes == content
    assert stored.text == "Your export"
    assert stored.protect_content and not stored.has_photo


async def test_send_document_refuses_a_missing_file_and_a_long_caption(
    emulator: BotApiEmulator, bot: Bot
) -> None:
    emulator.add_user(ALICE, "Alice", "en")
    with pytest.raises(TelegramBadRequest, match="there is no document"):
        await bot.send_document(ALICE, "file-id-that-was-never-uploaded")
    with pytest.raises(TelegramBadRequest, match="caption is too long"):
        await bot.send_document(ALICE, BufferedInputFile(b"x", "x.txt"), caption="c" * 1025)
    assert emulator.messages(ALICE) == []


async def test_send_photo(emulator: BotApiEmulator, bot: Bot) -> None:
    emulator.add_user(ALICE, "Alice", "en")
    image = b"\x89PNG\r\n\x1a\n" + bytes(range(256))
    sent = await bot.send_photo(ALICE, BufferedInputFile(image, filename="map.png"), caption="Map")
    assert sent.photo
    assert sent.caption == "Map"
    assert sent.document is None
    (stored,) = emulator.messages(ALICE)
    assert stored.has_photo
    assert stored.document_bytes == image
    assert stored.document_name is None
    assert stored.text == "Map"


# ------------------------------------------------------------ commands


async def test_commands_are_stored_per_scope_and_language(
    emulator: BotApiEmulator, bot: Bot
) -> None:
    default = [
        BotCommand(command="start", description="Start"),
        BotCommand(command="help", description="Help"),
    ]
    french = [BotCommand(command="start", description="Commencer")]
    private = [BotCommand(command="export", description="Export")]
    assert await bot.set_my_commands(default)
    assert await bot.set_my_commands(french, language_code="fr")
    assert await bot.set_my_commands(private, scope=BotCommandScopeAllPrivateChats())

    assert names(await bot.get_my_commands()) == names(default)
    assert names(await bot.get_my_commands(language_code="fr")) == names(french)
    assert names(await bot.get_my_commands(scope=BotCommandScopeAllPrivateChats())) == names(
        private
    )
    assert (
        await bot.get_my_commands(scope=BotCommandScopeAllPrivateChats(), language_code="fr") == []
    )
    assert await bot.get_my_commands(language_code="es") == []
    assert len(emulator.commands) == 3

    assert await bot.delete_my_commands(language_code="fr")
    assert await bot.get_my_commands(language_code="fr") == []
    assert names(await bot.get_my_commands()) == names(default)


@pytest.mark.parametrize(
    ("command", "description", "error"),
    [
        ("Start!", "Start", "BOT_COMMAND_INVALID"),
        ("c" * 33, "Too long", "BOT_COMMAND_INVALID"),
        ("start", "", "BOT_COMMAND_DESCRIPTION_INVALID"),
    ],
)
async def test_invalid_commands_are_refused(
    emulator: BotApiEmulator, bot: Bot, command: str, description: str, error: str
) -> None:
    with pytest.raises(TelegramBadRequest, match=error):
        await bot.set_my_commands([BotCommand(command=command, description=description)])
    assert emulator.commands == {}


# ------------------------------------------------------------ webhooks


async def test_webhook_needs_https_and_blocks_get_updates(
    emulator: BotApiEmulator, bot: Bot
) -> None:
    with pytest.raises(TelegramBadRequest, match="HTTPS URL must be provided"):
        await bot.set_webhook("http://example.org/hook")
    assert emulator.webhook_url is None
    assert await bot.get_updates() == []

    assert await bot.set_webhook("https://example.org/hook")
    assert (await bot.get_webhook_info()).url == "https://example.org/hook"
    with pytest.raises(TelegramConflictError) as error:
        await bot.get_updates()
    assert "webhook is active" in error.value.message
    assert emulator.calls[-1].outcome == 409

    assert await bot.delete_webhook()
    assert (await bot.get_webhook_info()).url == ""
    assert await bot.get_updates() == []


async def test_delete_webhook_can_drop_pending_updates(emulator: BotApiEmulator, bot: Bot) -> None:
    emulator.add_user(ALICE, "Alice", "en")
    await emulator.user_sends(ALICE, text="before")
    assert (await bot.get_webhook_info()).pending_update_count == 1
    assert await bot.delete_webhook(drop_pending_updates=True)
    assert await bot.get_updates() == []


# ------------------------------------------------------------ the person harness


class Responder:
    """A small real dispatcher polling the emulator: /menu offers Yes/No; Yes is answered
    properly, No is replied to without answering the callback."""

    def __init__(self, emulator: BotApiEmulator):
        self.emulator = emulator
        self.refused: list[TelegramForbiddenError] = []
        self.bot = make_bot(emulator)
        self.dispatcher = Dispatcher()
        router = Router()
        router.message.register(self._menu, Command("menu"))
        router.callback_query.register(self._yes, F.data == "yes")
        router.callback_query.register(self._no, F.data == "no")
        self.dispatcher.include_router(router)
        self._task: asyncio.Task[None] | None = None

    async def _menu(self, message: Message) -> None:
        try:
            await message.answer("Agree?", reply_markup=keyboard(("Yes", "yes"), ("No", "no")))
        except TelegramForbiddenError as error:
            self.refused.append(error)

    async def _yes(self, query: CallbackQuery) -> None:
        await query.answer("Noted")
        assert isinstance(query.message, Message)
        await query.message.answer("You agreed")

    async def _no(self, query: CallbackQuery) -> None:
        assert isinstance(query.message, Message)
        await query.message.answer("You declined")

    async def start(self) -> None:
        task = asyncio.create_task(
            self.dispatcher.start_polling(self.bot, handle_signals=False, polling_timeout=1)
        )
        self._task = task
        polled = await eventually(
            lambda: task.done() or any(c.method == "getUpdates" for c in self.emulator.calls)
        )
        if task.done():
            task.result()
        assert polled, "the responder never polled the emulator"

    async def stop(self) -> None:
        if self._task is not None:
            await self.dispatcher.stop_polling()
            await self._task
        await self.bot.session.close()


@pytest.fixture
async def responder(emulator: BotApiEmulator) -> AsyncIterator[Responder]:
    responder = Responder(emulator)
    await responder.start()
    try:
        yield responder
    finally:
        await responder.stop()


async def test_person_sends_and_presses(responder: Responder, emulator: BotApiEmulator) -> None:
    alice = SimulatedPerson(emulator, first_name="Alice", timeout=5)
    await alice.send("/menu")
    assert alice.last_text == "Agree?"
    assert alice.buttons == ["Yes", "No"]
    await alice.press("Yes")
    assert alice.last_text == "You agreed"
    assert [c.answer_text for c in emulator.callbacks.values()] == ["Noted"]
    assert alice.unanswered_callbacks == []
    assert [m.text for m in alice.messages] == ["Agree?", "You agreed"]


async def test_pressing_a_missing_label_lists_the_buttons(
    responder: Responder, emulator: BotApiEmulator
) -> None:
    alice = SimulatedPerson(emulator, timeout=5)
    await alice.send("/menu")
    with pytest.raises(AssertionError) as error:
        await alice.press("Maybe")
    assert "'Maybe'" in str(error.value)
    assert "['Yes', 'No']" in str(error.value)
    assert emulator.callbacks == {}


async def test_unanswered_callbacks_are_reported(
    responder: Responder, emulator: BotApiEmulator
) -> None:
    alice = SimulatedPerson(emulator, timeout=5)
    bob = SimulatedPerson(emulator, first_name="Bob", timeout=5)
    await alice.send("/menu")
    await bob.send("/menu")
    await alice.press("No")
    assert alice.last_text == "You declined"
    assert alice.unanswered_callbacks == ["no"]
    await alice.press("Yes")
    assert alice.unanswered_callbacks == ["no"]
    assert bob.unanswered_callbacks == []
    await bob.press("No")
    assert bob.unanswered_callbacks == ["no"]


async def test_a_person_who_blocked_the_bot_gets_nothing(
    responder: Responder, emulator: BotApiEmulator
) -> None:
    alice = SimulatedPerson(emulator, timeout=5)
    await alice.send("/menu")
    assert len(alice.messages) == 1
    alice.block_bot()
    assert emulator.users[alice.user_id].blocked_bot
    await alice.send("/menu", expect_reply=False)
    assert await eventually(lambda: len(responder.refused) == 1)
    assert "blocked" in responder.refused[0].message
    assert len(alice.messages) == 1

    impatient = SimulatedPerson(emulator, first_name="Imp", timeout=0.5)
    impatient.block_bot()
    with pytest.raises(NoReply, match="did not answer"):
        await impatient.send("/menu")

    alice.unblock_bot()
    await alice.send("/menu")
    assert len(alice.messages) == 2


async def test_no_reply_when_nobody_polls(emulator: BotApiEmulator) -> None:
    alice = SimulatedPerson(emulator, timeout=0.3)
    with pytest.raises(NoReply, match="did not fetch"):
        await alice.send("/start")
    with pytest.raises(AssertionError, match="has not said anything"):
        _ = alice.last_message


async def test_a_person_sees_the_buttons_the_bot_sent(emulator: BotApiEmulator, bot: Bot) -> None:
    alice = SimulatedPerson(emulator, timeout=0.3)
    await bot.send_message(alice.user_id, "Pick", reply_markup=keyboard(("One", "1"), ("Two", "2")))
    assert alice.buttons == ["One", "Two"]
    assert bot_messages(emulator, alice.user_id)[0].text == "Pick"
    with pytest.raises(AssertionError, match=r"buttons now: \['One', 'Two'\]"):
        await alice.press("Three")
