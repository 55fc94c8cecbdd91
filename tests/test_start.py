"""A person's first contact, end to end: real dispatcher, real database, the Bot API emulator."""

from __future__ import annotations

from tests.conftest import RunningBot

from emulator import SimulatedPerson


async def test_start_answers_a_welcome_in_english(alice: SimulatedPerson) -> None:
    await alice.send("/start")
    assert "welcome to Peacebot" in alice.last_text
    assert alice.last_message.protect_content


async def test_start_answers_in_the_persons_telegram_language(running_bot: RunningBot) -> None:
    amira = running_bot.person("Amira", "ar")
    await amira.send("/start")
    assert "مرحبًا" in amira.last_text
    lucie = running_bot.person("Lucie", "fr-FR")
    await lucie.send("/start")
    assert "bienvenue" in lucie.last_text
