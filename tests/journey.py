"""Talking to the bot like a participant: labels come from the catalogue, never hard-coded,
so the same test reads the same in English, French, Arabic and Spanish."""

from __future__ import annotations

from typing import Any

from bot.i18n import Catalogue
from emulator import SimulatedPerson
from tests.conftest import RunningBot

CATALOGUE = Catalogue()
MENU = (
    "menu-learn",
    "menu-surveys",
    "menu-settings",
    "menu-mydata",
    "menu-help",
    "menu-quick-exit",
)
LANGUAGES = CATALOGUE.languages


def t(language: str, key: str, /, **arguments: Any) -> str:
    """What the bot says for `key` in `language`."""
    return CATALOGUE.translator(language)(key, **arguments)


PLACEHOLDERS = (
    "bot_name", "organisation", "contact", "shared_with", "language", "age_band", "gender",
    "region", "role", "updates", "silent", "reference", "consent_version", "consented_at",
    "source", "created_at", "drip", "reads", "title", "question", "number", "total", "count",
    "low", "high", "low_label", "high_label", "id", "version", "status", "questions",
    "minutes", "languages", "started", "completed", "surveys", "size", "date", "summary",
    "admins", "role", "kind", "survey", "explainer", "limit", "people", "sent", "failed",
    "unreachable", "skipped", "remaining", "moment", "ages", "audience", "example", "genders",
    "given", "now", "problem", "regions", "roles", "what", "zone", "rows", "blanked",
    "megabytes", "answers",
)  # fmt: skip


def first_line(language: str, key: str) -> str:
    """The first line of a message: enough to recognise it, whatever the placeholders hold."""
    text = t(language, key, **dict.fromkeys(PLACEHOLDERS, ""))
    return text.splitlines()[0].strip("\u2068\u2069 ")


async def consent(person: SimulatedPerson, language: str, payload: str | None = None) -> None:
    """/start, choose `language`, agree. Leaves them at the first profile question."""
    await person.send("/start" if payload is None else f"/start {payload}")
    await person.press(_language_button(person, language))
    await person.press(t(language, "consent-agree"))


async def join(
    person: SimulatedPerson, language: str, running_bot: RunningBot | None = None
) -> None:
    """Consent and skip every profile question: they end at the main menu."""
    await consent(person, language)
    while t(language, "profile-skip") in person.buttons:
        await person.press(t(language, "profile-skip"))
    assert t(language, "menu-title") in person.last_text


def _language_button(person: SimulatedPerson, language: str) -> str:
    name = t(language, "language-name")
    for label in person.buttons:
        if label.removeprefix("✓ ") == name:
            return label
    raise AssertionError(f"no button for {name!r}: {person.buttons}")


async def choose_language(person: SimulatedPerson, language: str) -> None:
    await person.press(_language_button(person, language))
