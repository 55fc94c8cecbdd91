"""Join links: deep-link payloads that say where a participant came from, and their QR codes."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import segno
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import JoinLink, Participant

# Telegram's rule for the `start` parameter of a deep link.
PAYLOAD_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,64}")
PAYLOAD_RULE = "1 to 64 characters of A-Z, a-z, 0-9, _ and - (no spaces or accents)"
NOTE_MAX_LENGTH = 200

# Telegram usernames: 5-32 characters of letters, digits and _, starting with a letter.
BOT_USERNAME_PATTERN = re.compile(r"@?([A-Za-z][A-Za-z0-9_]{4,31})")

# Printed QR codes get scanned from a wall by old phones: large modules and the
# standard quiet zone of 4 modules around the code.
QR_SCALE = 10
QR_BORDER = 4


class InvalidPayload(Exception):
    """The text cannot be a deep-link payload; the message says what is allowed."""

    def __init__(self, payload: str):
        shown = payload if len(payload) <= 70 else payload[:67] + "..."
        super().__init__(
            f"{shown!r} cannot be a join link name: use {PAYLOAD_RULE}, "
            "for example evt-youthforum-north"
        )
        self.payload = payload


class InvalidNote(Exception):
    """The note is longer than the database keeps."""

    def __init__(self, length: int):
        super().__init__(
            f"the note is {length} characters long; keep it to {NOTE_MAX_LENGTH} or fewer"
        )


class InvalidBotUsername(Exception):
    """The text cannot be a Telegram bot username."""

    def __init__(self, username: str):
        super().__init__(
            f"{username!r} is not a Telegram username: 5 to 32 letters, digits or _, "
            "as in t.me/<username> (for example peace_forum_bot)"
        )


class JoinLinkExists(Exception):
    """A join link with this payload was created before."""

    def __init__(self, payload: str):
        super().__init__(f"a join link named {payload} already exists")
        self.payload = payload


def is_valid_payload(text: str) -> bool:
    return PAYLOAD_PATTERN.fullmatch(text) is not None


def _clean_note(note: str | None) -> str | None:
    if note is None or not note.strip():
        return None
    note = note.strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise InvalidNote(len(note))
    return note


async def create_join_link(session: AsyncSession, payload: str, note: str | None) -> JoinLink:
    """Save a new join link (flushed, not committed: the caller owns the transaction)."""
    if not is_valid_payload(payload):
        raise InvalidPayload(payload)
    note = _clean_note(note)
    if await session.get(JoinLink, payload) is not None:
        raise JoinLinkExists(payload)
    link = JoinLink(payload=payload, note=note)
    session.add(link)
    try:
        await session.flush()
    except IntegrityError:
        # Someone else created the same payload between our check and our insert.
        raise JoinLinkExists(payload) from None
    return link


async def list_join_links(session: AsyncSession) -> list[JoinLink]:
    """Every join link, oldest first."""
    result = await session.execute(select(JoinLink).order_by(JoinLink.created_at, JoinLink.payload))
    return list(result.scalars())


async def find_join_link(session: AsyncSession, payload: str) -> JoinLink | None:
    if not is_valid_payload(payload):
        return None
    return await session.get(JoinLink, payload)


def link_token(payload: str) -> str:
    """A short stand-in for a payload in button data, so that before consent where someone
    came from travels in the buttons they press, not in anything stored."""
    return hashlib.sha256(payload.encode()).hexdigest()[:10]


async def find_join_link_by_token(session: AsyncSession, token: str) -> JoinLink | None:
    """The link whose token this is. Links are few (one per event or area)."""
    if not token:
        return None
    for link in await list_join_links(session):
        if link_token(link.payload) == token:
            return link
    return None


async def count_joins_by_source(session: AsyncSession) -> dict[str, int]:
    """How many participants joined through each payload (payloads nobody used are absent)."""
    result = await session.execute(
        select(Participant.join_source, func.count())
        .where(Participant.join_source.is_not(None))
        .group_by(Participant.join_source)
    )
    return {source: count for source, count in result if source is not None}


def bot_username_of(text: str) -> str:
    """The username without a leading @, or InvalidBotUsername."""
    match = BOT_USERNAME_PATTERN.fullmatch(text.strip())
    if match is None:
        raise InvalidBotUsername(text)
    return match.group(1)


def link_url(bot_username: str, payload: str) -> str:
    """The t.me deep link that opens the bot and sends it `/start <payload>`."""
    if not is_valid_payload(payload):
        raise InvalidPayload(payload)
    return f"https://t.me/{bot_username_of(bot_username)}?start={payload}"


def write_qr_png(url: str, path: Path) -> None:
    """Write a printable QR code of the address (creating the folder if needed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    segno.make_qr(url, error="m").save(str(path), kind="png", scale=QR_SCALE, border=QR_BORDER)
