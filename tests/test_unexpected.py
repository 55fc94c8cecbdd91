"""Anything unexpected gets a short translated reply and a way on, and nothing is stored from
it: stickers, photos, voice notes, locations, contact cards, forwards, edits, very long text,
text where a button is expected; group chats are told the bot works one to one."""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.conftest import RunningBot
from tests.footprint import database_rows
from tests.journey import LANGUAGES, MENU, consent, first_line, join, t

pytestmark = pytest.mark.parametrize("language", LANGUAGES)

FILE = {"file_id": "f1", "file_unique_id": "u1"}
ODD_MESSAGES: dict[str, dict[str, Any]] = {
    "photo": {"photo": [{**FILE, "width": 90, "height": 90}], "caption": "my street"},
    "voice": {"voice": {**FILE, "duration": 3}},
    "location": {"location": {"latitude": 12.5, "longitude": 33.25}},
    "contact": {"contact": {"phone_number": "+15550001234", "first_name": "Neighbour"}},
    "forward": {
        "text": "forwarded words",
        "forward_origin": {"type": "hidden_user", "sender_user_name": "X", "date": 1},
    },
    "very long text": {"text": "ب" * 4096},
    "sticker": {
        "sticker": {
            **FILE,
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
        }
    },
}


@pytest.mark.parametrize("kind", ODD_MESSAGES)
async def test_odd_messages_get_a_short_reply_and_the_menu_and_are_not_stored(
    running_bot: RunningBot, language: str, kind: str
) -> None:
    person = running_bot.person("Noor", language)
    await join(person, language)
    rows = await database_rows(running_bot)
    await person.send_content(**ODD_MESSAGES[kind])
    assert first_line(language, "not-understood") in person.last_text
    assert person.buttons == [t(language, key) for key in MENU]
    assert await database_rows(running_bot) == rows
    for secret in ("+15550001234", "12.5", "forwarded words", "my street"):
        assert not any(secret in repr(table) for table in rows.values())


async def test_text_while_a_profile_button_is_expected_repeats_the_question(
    running_bot: RunningBot, language: str
) -> None:
    person = running_bot.person("Farah", language)
    await consent(person, language)
    await person.send("I am 27")
    assert first_line(language, "use-buttons") in person.last_text
    assert first_line(language, "profile-age_band-question") in person.last_text
    await person.press(t(language, "profile-age_band-25-29"))
    assert first_line(language, "profile-gender-question") in person.last_text


async def test_an_edit_is_ignored_and_said_so(running_bot: RunningBot, language: str) -> None:
    person = running_bot.person("Iman", language)
    await join(person, language)
    await person.send("/menu")
    rows = await database_rows(running_bot)
    await person.edit_last_sent("/delete")
    assert person.last_text == t(language, "edit-ignored")
    assert await database_rows(running_bot) == rows


async def test_in_a_group_the_bot_says_it_works_one_to_one_and_stores_nothing(
    running_bot: RunningBot, language: str
) -> None:
    emulator = running_bot.emulator
    group = -1000 - int(time.time() * 1000) % 100000
    emulator.add_group(group)
    person = running_bot.person("Khalil", language)
    rows = await database_rows(running_bot)
    await person.send_in_group(group, "/start")
    assert emulator.messages(group)[-1].text == t(language, "private-only")
    await person.send_in_group(group, "hello everyone", expect_reply=False)
    await person.send_in_group(group, "/help@someone_elses_bot", expect_reply=False)
    assert emulator.messages(group)[-1].text == "/help@someone_elses_bot"
    assert await database_rows(running_bot) == rows
    assert person.messages == []  # nothing arrives in their private chat either
