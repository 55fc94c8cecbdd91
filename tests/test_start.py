"""A person's first contact, end to end: real dispatcher, real database, the Bot API emulator."""

from __future__ import annotations

import json
import time

from aiogram.types import Update

from emulator import SimulatedPerson
from tests.conftest import RunningBot
from tests.journey import first_line, t


async def test_start_answers_a_welcome_in_english(alice: SimulatedPerson) -> None:
    await alice.send("/start")
    assert t("en", "welcome", bot_name="Peacebot").splitlines()[0] in alice.last_text
    assert alice.last_message.protect_content


async def test_start_answers_in_the_persons_telegram_language(running_bot: RunningBot) -> None:
    for language_code, language in (("ar", "ar"), ("fr-FR", "fr"), ("es", "es"), ("ko", "en")):
        person = running_bot.person("Someone", language_code)
        await person.send("/start")
        assert first_line(language, "language-choose") in person.last_text, language_code


async def test_help_is_translated(running_bot: RunningBot) -> None:
    sofia = running_bot.person("Sofía", "es")
    await sofia.send("/help")
    assert first_line("es", "help") in sofia.last_text


async def test_the_command_menu_is_set_in_every_language(running_bot: RunningBot) -> None:
    menus = {
        language: commands for (_, language), commands in running_bot.emulator.commands.items()
    }
    assert set(menus) == {"", "en", "fr", "ar", "es"}
    expected = ["start", "menu", "settings", "language", "mydata", "delete", "stop", "help"]
    for language in ("en", "fr", "ar", "es"):
        assert [c["command"] for c in menus[language]] == expected
        assert [c["description"] for c in menus[language]] == [
            t(language, f"command-{command}") for command in expected
        ]
    assert menus[""] == menus["en"]  # the default, for Telegram languages we do not have


async def test_a_sticker_before_joining_gets_the_language_choice(alice: SimulatedPerson) -> None:
    await alice.send_sticker()
    assert first_line("en", "not-understood") in alice.last_text
    assert first_line("en", "language-choose") in alice.last_text


async def test_an_edited_message_is_ignored_and_said_so(alice: SimulatedPerson) -> None:
    await alice.send("/start")
    await alice.edit_last_sent("/help")
    assert alice.last_text == t("en", "edit-ignored")


async def test_a_forged_button_is_answered_and_does_nothing(alice: SimulatedPerson) -> None:
    await alice.send("/start")
    before = len(alice.messages)
    await alice.press_data(alice.last_message, "staff:grant:admin")
    assert alice.unanswered_callbacks == []
    assert len(alice.messages) == before


async def test_a_repeated_update_is_handled_once(running_bot: RunningBot) -> None:
    alice = running_bot.person("Alice", "en")
    user = running_bot.emulator.users[alice.user_id]
    update = Update.model_validate(
        {
            "update_id": 424242,
            "message": {
                "message_id": 1,
                "date": int(time.time()),
                "chat": {"id": alice.user_id, "type": "private", "first_name": "Alice"},
                "from": user.as_json(),
                "text": "/help",
                "entities": [{"type": "bot_command", "offset": 0, "length": 5}],
            },
        }
    )
    await running_bot.dispatcher.feed_update(running_bot.bot, update)
    await running_bot.dispatcher.feed_update(running_bot.bot, update)
    assert len(alice.messages) == 1


async def test_nothing_about_a_visitor_is_stored_before_consent(
    running_bot: RunningBot, alice: SimulatedPerson
) -> None:
    await alice.send("/start")
    async with running_bot.runtime.engine.connect() as connection:
        for table in ("participants", "contacts", "data_keys"):
            rows = (await connection.exec_driver_sql(f"SELECT count(*) FROM {table}")).scalar_one()
            assert rows == 0, table


async def test_every_message_the_bot_sent_was_protected(
    running_bot: RunningBot, alice: SimulatedPerson
) -> None:
    await alice.send("/start")
    await alice.send("/help")
    await alice.send_sticker()
    sends = [c for c in running_bot.emulator.calls if c.method.startswith("send")]
    assert len(sends) == 3
    assert all(
        json.loads(json.dumps(c.params.get("protect_content"))) in (True, "true") for c in sends
    )
