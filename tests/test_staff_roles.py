"""Staff roles in the chat and the command menus: an admin gives and takes roles with
/staff; staff see their commands in their own chat's menu, participants never do."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from bot.command_menus import PARTICIPANT_COMMANDS
from emulator import BotApiEmulator, SimulatedPerson
from services import staff
from services.pseudonyms import pseudonym_for
from storage.models import AuditEntry, StaffGrant
from tests.conftest import TEST_PEPPER, RunningBot
from tests.footprint import database_rows, pseudonym_of
from tests.journey import join, t

ADMIN_ID = 777002


@pytest.fixture
def settings_overrides() -> dict[str, object]:
    return {"admin_ids": [ADMIN_ID]}


def menu(emulator: BotApiEmulator, chat_id: int | None, language: str = "") -> list[str]:
    """The commands Telegram would show: in one chat's scope, or everyone's."""
    scope = {"type": "default"} if chat_id is None else {"type": "chat", "chat_id": chat_id}
    commands = emulator.commands.get((json.dumps(scope, sort_keys=True), language), [])
    return [c["command"] for c in commands]


async def test_everyone_s_menu_has_no_staff_command(
    running_bot: RunningBot, emulator: BotApiEmulator
) -> None:
    for language in ("", "en", "fr", "ar", "es"):
        assert menu(emulator, None, language) == list(PARTICIPANT_COMMANDS)


async def test_an_admin_gives_and_takes_a_role_in_the_chat(
    running_bot: RunningBot, emulator: BotApiEmulator
) -> None:
    admin = SimulatedPerson(emulator, ADMIN_ID, handled=running_bot.handled)
    fatou = running_bot.person("Fatou", "fr")
    await join(fatou, "fr")
    await admin.send("/staff")
    assert "/staff grant TELEGRAM_ID ROLE" in admin.last_text
    await admin.send(f"/staff grant {fatou.user_id} facilitator")
    assert admin.last_text == t("en", "staff-granted", role="facilitator")
    # Her own chat's menu, in each language, now has /surveys; nobody else's does.
    assert menu(emulator, fatou.user_id, "fr") == [*PARTICIPANT_COMMANDS, "surveys", "broadcast"]
    assert menu(emulator, fatou.user_id) == [*PARTICIPANT_COMMANDS, "surveys", "broadcast"]
    assert menu(emulator, None, "fr") == list(PARTICIPANT_COMMANDS)
    await fatou.send("/surveys")
    assert t("fr", "staff-surveys-title") in fatou.last_text
    await admin.send(f"/staff grant {fatou.user_id} facilitator")
    assert admin.last_text == t("en", "staff-already", role="facilitator")

    await admin.send(f"/staff revoke {fatou.user_id} facilitator")
    assert admin.last_text == t("en", "staff-revoked", role="facilitator")
    assert menu(emulator, fatou.user_id, "fr") == [] and menu(emulator, fatou.user_id) == []
    await fatou.send("/surveys")
    assert t("fr", "not-understood") in fatou.last_text
    async with running_bot.runtime.session_factory() as session:
        entries = (await session.scalars(select(AuditEntry).order_by(AuditEntry.id))).all()
    admin_pseudonym = pseudonym_for(TEST_PEPPER.encode(), ADMIN_ID)
    assert [(e.actor, e.action) for e in entries] == [
        (admin_pseudonym, "staff.grant"),
        (admin_pseudonym, "staff.revoke"),
    ]
    assert all(str(fatou.user_id) not in e.details for e in entries)


@pytest.mark.parametrize(
    "words",
    ["grant", "grant 12345", "grant abc facilitator", "grant 12345 boss", "promote 12345 admin"],
)
async def test_a_staff_command_that_makes_no_sense_is_explained(
    running_bot: RunningBot, emulator: BotApiEmulator, words: str
) -> None:
    admin = SimulatedPerson(emulator, ADMIN_ID, handled=running_bot.handled)
    before = await database_rows(running_bot)
    await admin.send(f"/staff {words}")
    assert admin.last_text == t("en", "staff-bad-command")
    assert await database_rows(running_bot) == before


async def test_only_admins_give_roles(running_bot: RunningBot, emulator: BotApiEmulator) -> None:
    fatou = running_bot.person("Fatou", "en")
    await join(fatou, "en")
    async with running_bot.runtime.session_factory() as session:
        await staff.grant(session, pseudonym_of(fatou), staff.FACILITATOR, "test")
    before = await database_rows(running_bot)
    await fatou.send(f"/staff grant {fatou.user_id} admin")
    assert t("en", "not-understood") in fatou.last_text
    assert await database_rows(running_bot) == before
    async with running_bot.runtime.session_factory() as session:
        roles = (await session.scalars(select(StaffGrant.role))).all()
    assert roles == ["facilitator"]


async def test_a_role_given_from_the_command_line_shows_in_the_menu_at_the_next_message(
    running_bot: RunningBot, emulator: BotApiEmulator
) -> None:
    amina = running_bot.person("Amina", "en")
    await join(amina, "en")
    assert menu(emulator, amina.user_id) == []
    # As `peacebot staff grant` does when it cannot reach Telegram: only the database knows.
    async with running_bot.runtime.session_factory() as session:
        await staff.grant(session, pseudonym_of(amina), staff.FACILITATOR, "cli")
    running_bot.dispatcher["staff_menus"].forget()  # the minute the bot trusts its list
    await amina.send("/menu")
    assert menu(emulator, amina.user_id, "en") == [*PARTICIPANT_COMMANDS, "surveys", "broadcast"]
    async with running_bot.runtime.session_factory() as session:
        await staff.revoke(session, pseudonym_of(amina), staff.FACILITATOR, "cli")
    running_bot.dispatcher["staff_menus"].forget()
    await amina.send("/menu")
    assert menu(emulator, amina.user_id, "en") == []


async def test_an_admin_s_menu_has_both_staff_commands(
    running_bot: RunningBot, emulator: BotApiEmulator
) -> None:
    admin = SimulatedPerson(emulator, ADMIN_ID, handled=running_bot.handled)
    await admin.send("/staff")
    assert menu(emulator, ADMIN_ID) == [
        *PARTICIPANT_COMMANDS, "surveys", "broadcast", "export", "staff",
    ]  # fmt: skip
