"""Admins give and take staff roles in the chat: /staff grant TELEGRAM_ID ROLE,
/staff revoke TELEGRAM_ID ROLE, /staff alone for how and who has what. Checked against the
database on every message; anyone else's /staff is an unknown command."""

from __future__ import annotations

from collections import Counter
from typing import Any

from aiogram import F, Router
from aiogram.enums import ChatType
from aiogram.filters import Command, CommandObject, Filter
from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.command_menus import StaffMenus, set_staff_menu
from bot.i18n import Catalogue, Translator
from bot.settings import Settings
from services import staff
from services.pseudonyms import pseudonym_for


class IsAdmin(Filter):
    async def __call__(
        self, event: Any, session: AsyncSession, pseudonym: str | None, staff_admins: frozenset[str]
    ) -> bool:
        return staff.ADMIN in await staff.roles_of(session, pseudonym, staff_admins)


def _parse(args: str | None) -> tuple[str, int, str] | None:
    """("grant" | "revoke", Telegram id, role) from the command's words, if they make sense."""
    words = (args or "").split()
    if len(words) != 3 or words[0] not in ("grant", "revoke") or not words[1].isdigit():
        return None
    if words[2] not in staff.ROLES or len(words[1]) > 15:
        return None
    return words[0], int(words[1]), words[2]


async def staff_command(
    message: Message,
    command: CommandObject,
    session: AsyncSession,
    pseudonym: str,
    staff_admins: frozenset[str],
    settings: Settings,
    catalogue: Catalogue,
    staff_menus: StaffMenus,
    i18n: Translator,
) -> None:
    if not command.args:
        rows = await staff.grants(session)
        counts = Counter(row.role for row in rows)
        summary = ", ".join(f"{role}: {counts.get(role, 0)}" for role in staff.ROLES)
        await message.answer(i18n("staff-help", summary=summary, admins=len(staff_admins)))
        return
    parsed = _parse(command.args)
    if parsed is None:
        await message.answer(i18n("staff-bad-command"))
        return
    verb, telegram_id, role = parsed
    their_pseudonym = pseudonym_for(settings.require_pepper(), telegram_id)
    if verb == "grant":
        changed = await staff.grant(session, their_pseudonym, role, pseudonym)
        reply = "staff-granted" if changed else "staff-already"
    else:
        changed = await staff.revoke(session, their_pseudonym, role, pseudonym)
        reply = "staff-revoked" if changed else "staff-did-not-have"
        if role == staff.ADMIN and their_pseudonym in staff_admins:
            reply = "staff-admin-from-settings"
    if changed:
        roles = await staff.roles_of(session, their_pseudonym, staff_admins)
        if message.bot is not None:
            await set_staff_menu(
                message.bot, catalogue, settings.default_language, telegram_id, roles
            )
        staff_menus.forget()
    await message.answer(i18n(reply, role=role))


def create_router() -> Router:
    router = Router(name="staff-roles")
    router.message.filter(F.chat.type == ChatType.PRIVATE)
    router.message.register(staff_command, Command("staff"), IsAdmin())
    return router
