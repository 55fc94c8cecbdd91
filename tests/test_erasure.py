"""/delete erases everything about a participant and nothing about anyone else; the quick exit
deletes exactly the chat's recent messages. In all four languages."""

from __future__ import annotations

import time

import pytest

from emulator import SimulatedPerson
from services.participants import find_participant
from services.sealed_text import seal_for
from storage import recent_messages
from tests.conftest import RunningBot
from tests.footprint import database_rows, ephemeral_state, mentions, pseudonym_of
from tests.journey import LANGUAGES, first_line, join, t

pytestmark = pytest.mark.parametrize("language", LANGUAGES)


async def full_profile(person: SimulatedPerson, language: str) -> None:
    await join(person, language)
    await person.send("/settings")
    await person.press(t(language, "settings-change-age_band"))
    await person.press(t(language, "profile-age_band-25-29"))
    await person.press(t(language, "settings-updates-off"))
    # An explainer read and rated: erasure takes those too.
    await person.send("/menu")
    await person.press(t(language, "menu-learn"))
    await person.press(t(language, "learn-suggest"))
    await person.press(t(language, "explainer-helpful-yes"))


# A long flood window: Bob's counter must not expire by itself while the test runs.
@pytest.mark.parametrize("settings_overrides", [{"flood_window_seconds": 3600}])
async def test_delete_leaves_nothing_that_refers_to_the_participant(
    running_bot: RunningBot, language: str
) -> None:
    bob = running_bot.person("Bob", "en")
    await full_profile(bob, "en")
    rows_with_bob_only = await database_rows(running_bot)
    state_with_bob_only = await ephemeral_state(running_bot)

    huda = running_bot.person("Huda", language)
    await full_profile(huda, language)
    async with running_bot.runtime.session_factory() as session:
        participant = await find_participant(session, pseudonym_of(huda))
        assert participant is not None
        master_key = running_bot.runtime.settings.require_master_key()
        await seal_for(session, master_key, participant, "an answer", "test")
        await session.commit()
    needles = (pseudonym_of(huda), str(huda.user_id))
    assert await mentions(running_bot, *needles), "the scan must find her before deletion"

    await huda.send("/delete")
    assert first_line(language, "delete-confirm") in huda.last_text
    await huda.press(t(language, "delete-yes"))

    assert first_line(language, "delete-done") in huda.last_text
    assert await mentions(running_bot, *needles) == []
    # Bob's rows, and every key in Redis (or in memory), are exactly as they were.
    assert await database_rows(running_bot) == rows_with_bob_only
    assert await ephemeral_state(running_bot) == state_with_bob_only
    # And she can come back as a new participant.
    await join(huda, language)


async def test_delete_can_be_cancelled(running_bot: RunningBot, language: str) -> None:
    person = running_bot.person("Reem", language)
    await join(person, language)
    rows = await database_rows(running_bot)
    await person.send("/delete")
    await person.press(t(language, "delete-cancel"))
    assert person.last_text == t(language, "delete-cancelled")
    assert await database_rows(running_bot) == rows


async def test_a_stale_delete_button_erases_nobody_else(
    running_bot: RunningBot, language: str
) -> None:
    bob = running_bot.person("Bob", "en")
    await join(bob, "en")
    person = running_bot.person("Nadia", language)
    await join(person, language)
    await person.send("/delete")
    confirm = person.last_message
    yes = confirm.buttons()[0]["callback_data"]
    await person.press(t(language, "delete-yes"))
    rows = await database_rows(running_bot)
    # The same button again (a double tap, or an old message): nothing left to erase.
    await person.press_data(confirm, yes)
    assert await database_rows(running_bot) == rows
    assert person.unanswered_callbacks == []


async def test_quick_exit_deletes_exactly_the_recent_messages(
    running_bot: RunningBot, language: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    person = running_bot.person("Lama", language)
    chat = running_bot.emulator.messages(person.user_id)
    # Three days ago: she joined and looked at her settings.
    real_time = time.time
    monkeypatch.setattr(recent_messages.time, "time", lambda: real_time() - 3 * 24 * 3600)
    await join(person, language)
    await person.send("/settings")
    old = {m.message_id for m in chat}
    # Today: more messages, hers and the bot's.
    monkeypatch.setattr(recent_messages.time, "time", real_time)
    await person.send("/help")
    await person.send("are you there?")
    await person.send("/menu")
    recent = {m.message_id for m in chat} - old

    await person.press(t(language, "menu-quick-exit"))

    deleted = {m.message_id for m in chat if m.deleted}
    assert deleted == recent
    visible = [m for m in chat if not m.deleted and m.message_id not in old]
    assert [m.text for m in visible] == [t(language, "quick-exit-done")]
    await person.press(t(language, "quick-exit-what"))
    answers = [c for c in running_bot.emulator.callbacks.values() if c.user_id == person.user_id]
    assert answers[-1].answer_text == t(language, "quick-exit-limits")
    # What it deleted it has forgotten; the neutral screen is the only id left.
    assert await running_bot.dispatcher["traces"].recent.recent(pseudonym_of(person)) == [
        visible[0].message_id
    ]


async def test_quick_exit_before_joining_changes_nothing(
    running_bot: RunningBot, language: str
) -> None:
    person = running_bot.person("Mona", language)
    await person.send("/start")
    rows = await database_rows(running_bot)
    await person.press_data(person.last_message, "menu:quick-exit")
    assert person.unanswered_callbacks == []
    assert not any(m.deleted for m in running_bot.emulator.messages(person.user_id))
    assert await database_rows(running_bot) == rows
    assert await mentions(running_bot, pseudonym_of(person)) == []
