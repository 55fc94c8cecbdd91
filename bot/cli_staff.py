"""`peacebot staff ...`: give and take staff roles (facilitator, organiser, admin)."""

from __future__ import annotations

import asyncio
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy.ext.asyncio import AsyncSession

from bot.cli_database import in_database
from bot.errors import UsageProblem
from bot.settings import Settings, load_settings
from services import staff
from services.audit import COMMAND_LINE
from services.pseudonyms import pseudonym_for
from storage.models import StaffGrant

staff_app = typer.Typer(
    help="Staff roles. A facilitator lists, previews, opens and closes surveys in the chat "
    "(/surveys) and here; an organiser exports answers; an admin does both and manages "
    "roles. The people in ADMIN_IDS are admins. Roles are kept under a pseudonym, never the "
    "Telegram id itself.",
    no_args_is_help=True,
)

out = Console(highlight=False, soft_wrap=True)

TelegramId = Annotated[
    int,
    typer.Argument(
        metavar="TELEGRAM_ID",
        help="The person's numeric Telegram id (they can see it with a bot such as "
        "@userinfobot). It is not stored: only its pseudonym is.",
        show_default=False,
    ),
]
Role = Annotated[
    str,
    typer.Argument(metavar="ROLE", help="facilitator, organiser or admin.", show_default=False),
]


def _change(telegram_id: int, role: str, giving: bool) -> None:
    if role not in staff.ROLES:
        raise UsageProblem(f'unknown role "{role}"; use one of: {", ".join(staff.ROLES)}')
    settings = load_settings()
    pseudonym = pseudonym_for(settings.require_pepper(), telegram_id)

    admins = staff.admin_pseudonyms(settings.require_pepper(), settings.admin_ids)

    async def change(session: AsyncSession) -> tuple[bool, frozenset[str]]:
        if giving:
            changed = await staff.grant(session, pseudonym, role, COMMAND_LINE)
        else:
            changed = await staff.revoke(session, pseudonym, role, COMMAND_LINE)
        return changed, await staff.roles_of(session, pseudonym, admins)

    changed, roles = asyncio.run(in_database(settings, change))
    if giving:
        out.print(f"granted {role}" if changed else f"already had {role}", markup=False)
    else:
        out.print(f"revoked {role}" if changed else f"did not have {role}", markup=False)
    if changed:
        out.print(asyncio.run(_update_menu(settings, telegram_id, roles)), markup=False)
    if role == staff.ADMIN and telegram_id in settings.admin_ids:
        # ADMIN_IDS makes them admin whatever was granted or revoked here.
        out.print(
            "note: their id is in ADMIN_IDS, so they are admin "
            + ("anyway" if giving else "still: remove it from ADMIN_IDS to end that"),
            markup=False,
        )


async def _update_menu(settings: Settings, telegram_id: int, roles: frozenset[str]) -> str:
    """Show or hide the staff commands in their chat's menu now; says what happened."""
    from aiogram.exceptions import TelegramAPIError

    from bot.command_menus import set_staff_menu
    from bot.factory import create_bot
    from bot.i18n import Catalogue

    later = (
        "their command menu shows it from their next message to the bot"
        if roles
        else "staff commands may stay in their menu until you run this again with Telegram "
        "reachable (the commands themselves no longer work for them)"
    )
    if settings.bot_token is None:
        return f"no BOT_TOKEN here: {later}"
    bot = create_bot(settings)
    try:
        await set_staff_menu(bot, Catalogue(), settings.default_language, telegram_id, roles)
    except (TelegramAPIError, OSError) as error:
        return f"could not reach Telegram ({type(error).__name__}): {later}"
    finally:
        await bot.session.close()
    return "their command menu in Telegram is updated"


@staff_app.command("grant", help="Give a role. It takes effect at their next message.")
def grant(telegram_id: TelegramId, role: Role) -> None:
    _change(telegram_id, role, giving=True)


@staff_app.command("revoke", help="Take a role away. It takes effect at their next message.")
def revoke(telegram_id: TelegramId, role: Role) -> None:
    _change(telegram_id, role, giving=False)


@staff_app.command("list", help="Every role given (by pseudonym), and by whom.")
def list_staff() -> None:
    settings = load_settings()

    async def read(session: AsyncSession) -> list[StaffGrant]:
        return await staff.grants(session)

    grants = asyncio.run(in_database(settings, read))
    if not grants:
        out.print("No roles given yet: `peacebot staff grant TELEGRAM_ID ROLE`.", markup=False)
        out.print(f"Admins from ADMIN_IDS: {len(settings.admin_ids)}", markup=False)
        return
    table = Table("pseudonym", "role", "granted by", "since")
    for row in grants:
        table.add_row(
            row.pseudonym[:12], row.role, row.granted_by[:12], f"{row.granted_at:%Y-%m-%d}"
        )
    out.print(table)
    out.print(f"Admins from ADMIN_IDS: {len(settings.admin_ids)}", markup=False)
