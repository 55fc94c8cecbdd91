"""`peacebot link ...`: join links (t.me deep links) and their QR codes, for facilitators."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text
from sqlalchemy.ext.asyncio import AsyncSession

from bot.cli_database import in_database
from bot.errors import UsageProblem
from bot.settings import Settings, load_settings
from services.join_links import (
    PAYLOAD_RULE,
    InvalidBotUsername,
    InvalidNote,
    InvalidPayload,
    JoinLinkExists,
    bot_username_of,
    count_joins_by_source,
    create_join_link,
    find_join_link,
    is_valid_payload,
    link_url,
    list_join_links,
    write_qr_png,
)
from storage.models import JoinLink

T = TypeVar("T")

link_app = typer.Typer(
    help="Join links: web addresses and QR codes that open the bot and remember where "
    "people came from (an event, a place, a campaign). Hand them out on posters, "
    "flyers or in messages; `peacebot link list` then shows how many people joined "
    "through each one.",
    no_args_is_help=True,
)

out = Console(highlight=False, soft_wrap=True)

PayloadArgument = Annotated[
    str,
    typer.Argument(
        metavar="NAME",
        help=f"The link's name, e.g. evt-youthforum-north: {PAYLOAD_RULE}. "
        "It is part of the address, so anyone who sees the link or QR code can read it.",
        show_default=False,
    ),
]
QrDirOption = Annotated[
    Path, typer.Option("--qr-dir", help="Folder where the QR code picture (PNG) is saved.")
]
BotUsernameOption = Annotated[
    str | None,
    typer.Option(
        "--bot-username",
        help="The bot's Telegram username (as in t.me/USERNAME). "
        "Default: the BOT_USERNAME setting, else asked from Telegram with BOT_TOKEN.",
        show_default=False,
    ),
]

NO_USERNAME_HINT = "pass --bot-username NAME or set BOT_USERNAME=NAME in .env"


def _known_username(option: str | None, settings: Settings) -> str | None:
    """The bot username from the option or the setting, without asking Telegram."""
    for source, value in (("--bot-username", option), ("BOT_USERNAME", settings.bot_username)):
        if value:
            try:
                return bot_username_of(value)
            except InvalidBotUsername as error:
                raise UsageProblem(f"{source}: {error}") from None
    return None


async def _ask_telegram_for_username(settings: Settings) -> str:
    from aiogram.exceptions import TelegramAPIError

    from bot.factory import create_bot

    if settings.bot_token is None:
        raise UsageProblem(
            f"cannot tell which bot the link is for: {NO_USERNAME_HINT} "
            "(or set BOT_TOKEN so that peacebot can ask Telegram)"
        )
    bot = create_bot(settings)
    try:
        me = await bot.get_me()
    except (TelegramAPIError, OSError) as error:
        raise UsageProblem(
            f"could not ask Telegram (TELEGRAM_API_URL) for the bot's username "
            f"({type(error).__name__}): {NO_USERNAME_HINT}"
        ) from None
    finally:
        await bot.session.close()
    if not me.username:
        raise UsageProblem(f"Telegram did not say the bot's username: {NO_USERNAME_HINT}")
    return me.username


def _bot_username(option: str | None, settings: Settings) -> str:
    known = _known_username(option, settings)
    if known is not None:
        return known
    return asyncio.run(_ask_telegram_for_username(settings))


def _check_payload(payload: str) -> None:
    if not is_valid_payload(payload):
        raise UsageProblem(str(InvalidPayload(payload)))


def _save_qr(url: str, qr_dir: Path, payload: str) -> Path:
    path = qr_dir / f"{payload}.png"
    try:
        write_qr_png(url, path)
    except OSError as error:
        raise UsageProblem(
            f"could not save the QR code in {qr_dir} ({error.strerror or type(error).__name__}); "
            "choose another folder with --qr-dir"
        ) from None
    return path


@link_app.command("create")
def create(
    payload: PayloadArgument,
    note: Annotated[
        str | None,
        typer.Option(
            help='A description for yourself, e.g. "Youth forum, north, March" '
            "(at most 200 characters; never people's names).",
            show_default=False,
        ),
    ] = None,
    qr_dir: QrDirOption = Path("links"),
    bot_username: BotUsernameOption = None,
) -> None:
    """Create a join link, print its address and save its QR code picture."""
    _check_payload(payload)
    settings = load_settings()
    username = _bot_username(bot_username, settings)

    async def save(session: AsyncSession) -> JoinLink:
        return await create_join_link(session, payload, note)

    try:
        link = asyncio.run(in_database(settings, save))
    except JoinLinkExists as error:
        raise UsageProblem(
            f"{error}; choose another name, or run `peacebot link qr {payload}` "
            "to save its QR code again"
        ) from None
    except (InvalidPayload, InvalidNote) as error:
        raise UsageProblem(str(error)) from None
    url = link_url(username, link.payload)
    path = _save_qr(url, qr_dir, link.payload)
    out.print(f"Created the join link {link.payload}.", markup=False)
    out.print(f"Address: {url}", markup=False)
    out.print(f"QR code: {path}", markup=False)


@link_app.command("list")
def list_links(bot_username: BotUsernameOption = None) -> None:
    """Show every join link and how many people joined through it."""
    settings = load_settings()
    username = _known_username(bot_username, settings)

    async def read(session: AsyncSession) -> tuple[list[JoinLink], dict[str, int]]:
        return await list_join_links(session), await count_joins_by_source(session)

    links, joins = asyncio.run(in_database(settings, read))
    if not links:
        out.print(
            'No join links yet. Create one with: peacebot link create NAME --note "..."',
            markup=False,
        )
        return
    table = Table(show_lines=False)
    table.add_column("name", no_wrap=True)
    table.add_column("note")
    table.add_column("created (UTC)", no_wrap=True)
    table.add_column("joined", justify="right", no_wrap=True)
    urls = {link.payload: link_url(username, link.payload) for link in links} if username else {}
    if username:
        table.add_column("address", no_wrap=True, min_width=max(len(u) for u in urls.values()))
    for link in links:
        row = [
            Text(link.payload),
            Text(link.note or ""),
            Text(_when(link.created_at)),
            Text(str(joins.get(link.payload, 0))),
        ]
        if username:
            row.append(Text(urls[link.payload]))
        table.add_row(*row)
    _table_console().print(table)
    if not username:
        out.print(
            "To show each link's address too, add --bot-username NAME or set BOT_USERNAME.",
            markup=False,
        )


@link_app.command("qr")
def qr(
    payload: PayloadArgument,
    qr_dir: QrDirOption = Path("links"),
    bot_username: BotUsernameOption = None,
) -> None:
    """Save the QR code picture of an existing join link again (e.g. after deleting it)."""
    _check_payload(payload)
    settings = load_settings()

    async def find(session: AsyncSession) -> JoinLink | None:
        return await find_join_link(session, payload)

    link = asyncio.run(in_database(settings, find))
    if link is None:
        raise UsageProblem(
            f"there is no join link named {payload}; `peacebot link list` shows them, "
            "`peacebot link create` makes one"
        )
    url = link_url(_bot_username(bot_username, settings), link.payload)
    path = _save_qr(url, qr_dir, link.payload)
    out.print(f"Address: {url}", markup=False)
    out.print(f"QR code: {path}", markup=False)


def _when(moment: datetime) -> str:
    # SQLite hands back naive datetimes; they were written in UTC.
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M")


def _table_console() -> Console:
    """In a terminal, its width; written to a file or a pipe, wide enough not to cut addresses."""
    console = Console(highlight=False)
    if not console.is_terminal:
        console = Console(highlight=False, width=max(console.width, 200))
    return console
