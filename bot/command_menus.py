"""The command menus (the "/" button): everyone's, in each language, and a wider one scoped to
each staff member's own chat, so participants never see staff commands.

Staff menus are set when a role is given or taken (from the chat or the CLI, which have the
person's Telegram id in hand) and, for roles given while the bot could not be told, at the
staff member's next message (`StaffMenus`). Telegram ids are never stored for this.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.types import BotCommand, BotCommandScopeChat, BotCommandScopeDefault, TelegramObject
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import Catalogue
from services.staff import ADMIN, FACILITATOR, ORGANISER, grants

PARTICIPANT_COMMANDS = ("start", "menu", "settings", "language", "mydata", "delete", "stop", "help")
# What each role adds to its holder's menu.
STAFF_COMMANDS = {
    FACILITATOR: ("surveys", "broadcast"),
    ORGANISER: ("export",),
    ADMIN: ("surveys", "broadcast", "export", "staff"),
}
# How long a process trusts its list of who is staff before reading it again.
STAFF_LIST_SECONDS = 60.0


def staff_commands(roles: Iterable[str]) -> tuple[str, ...]:
    extra: list[str] = []
    for role in sorted(roles):
        extra += [c for c in STAFF_COMMANDS.get(role, ()) if c not in extra]
    return tuple(extra)


def _menu(catalogue: Catalogue, language: str, commands: Iterable[str]) -> list[BotCommand]:
    translate = catalogue.translator(language)
    return [BotCommand(command=c, description=translate(f"command-{c}")) for c in commands]


async def set_default_menus(bot: Bot, catalogue: Catalogue, default_language: str) -> None:
    for language in catalogue.languages:
        menu = _menu(catalogue, language, PARTICIPANT_COMMANDS)
        await bot.set_my_commands(menu, BotCommandScopeDefault(), language_code=language)
    menu = _menu(catalogue, default_language, PARTICIPANT_COMMANDS)
    await bot.set_my_commands(menu, BotCommandScopeDefault())


async def set_staff_menu(
    bot: Bot, catalogue: Catalogue, default_language: str, chat_id: int, roles: Iterable[str]
) -> None:
    """The menu in this person's own chat: everyone's commands and their role's; with no
    staff role left, back to everyone's (the scoped menus are deleted)."""
    extra = staff_commands(roles)
    scope = BotCommandScopeChat(chat_id=chat_id)
    if not extra:
        for language in (*catalogue.languages, None):
            await bot.delete_my_commands(scope, language_code=language)
        return
    commands = (*PARTICIPANT_COMMANDS, *extra)
    for language in catalogue.languages:
        await bot.set_my_commands(
            _menu(catalogue, language, commands), scope, language_code=language
        )
    await bot.set_my_commands(_menu(catalogue, default_language, commands), scope)


class StaffMenus(BaseMiddleware):
    """At a staff member's message, sets their menu if this process has not yet (a role
    given from the CLI while the bot could not be reached, or a restart); removes it from
    someone who lost their role since. Reads who is staff at most once a minute."""

    def __init__(self, catalogue: Catalogue, default_language: str, admins: frozenset[str]):
        self._catalogue, self._default, self._admins = catalogue, default_language, admins
        self._roles: dict[str, frozenset[str]] = {}
        self._read_at = -STAFF_LIST_SECONDS
        self._shown: dict[int, frozenset[str]] = {}

    async def _staff_roles(self, session: AsyncSession) -> dict[str, frozenset[str]]:
        if time.monotonic() - self._read_at >= STAFF_LIST_SECONDS:
            roles: dict[str, set[str]] = {p: {ADMIN} for p in self._admins}
            for grant in await grants(session):
                roles.setdefault(grant.pseudonym, set()).add(grant.role)
            self._roles = {p: frozenset(r) for p, r in roles.items()}
            self._read_at = time.monotonic()
        return self._roles

    def forget(self) -> None:
        """Read the staff list again at the next message (a role was just given or taken)."""
        self._read_at = -STAFF_LIST_SECONDS

    async def __call__(self, handler: Any, event: TelegramObject, data: dict[str, Any]) -> Any:
        pseudonym: str | None = data.get("pseudonym")
        user = data.get("event_from_user")
        if pseudonym is not None and user is not None:
            roles = (await self._staff_roles(data["session"])).get(pseudonym, frozenset())
            shown = self._shown.get(user.id, frozenset())
            if staff_commands(roles) != staff_commands(shown):
                await set_staff_menu(data["bot"], self._catalogue, self._default, user.id, roles)
                if roles:
                    self._shown[user.id] = roles
                else:
                    self._shown.pop(user.id, None)
        return await handler(event, data)
