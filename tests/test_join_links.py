"""Join links: facilitators make t.me deep links and QR codes, and see who joined through them."""

from __future__ import annotations

import asyncio
import os
import struct
import sys
import zlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import pytest
import segno
from sqlalchemy.ext.asyncio import AsyncSession

from bot.settings import Settings
from emulator import BotApiEmulator
from services.join_links import (
    QR_BORDER,
    QR_SCALE,
    InvalidBotUsername,
    InvalidNote,
    InvalidPayload,
    JoinLinkExists,
    count_joins_by_source,
    create_join_link,
    find_join_link,
    is_valid_payload,
    link_url,
    list_join_links,
    write_qr_png,
)
from services.participants import enrol_participant
from storage.database import create_engine, create_session_factory
from tests.conftest import TEST_TOKEN

VALID = ["a", "evt-youthforum-north", "Region_7-B", "x" * 64, "-", "_"]
INVALID = [
    "",
    "x" * 65,
    "with space",
    "évènement",
    "ваш",
    "١٢٣",  # Arabic-Indic digits: digits, but not 0-9
    "ｅｖｔ",  # full-width letters
    "a.b",
    "a/b",
    "a?b=c",
    "line\n",
    "tab\t",
]


@pytest.fixture
async def session(migrated: Settings) -> AsyncIterator[AsyncSession]:
    engine = create_engine(migrated.database_url)
    async with create_session_factory(engine)() as session:
        yield session
    await engine.dispose()


# ------------------------------------------------------------------ the payload rule


@pytest.mark.parametrize("payload", VALID)
def test_telegram_payloads_are_accepted(payload: str) -> None:
    assert is_valid_payload(payload)


@pytest.mark.parametrize("payload", INVALID)
def test_anything_else_is_refused(payload: str) -> None:
    assert not is_valid_payload(payload)


def test_the_refusal_says_what_is_allowed() -> None:
    message = str(InvalidPayload("youth forum"))
    assert "'youth forum'" in message
    assert "1 to 64" in message
    assert "A-Z, a-z, 0-9, _ and -" in message
    assert "\n" not in str(InvalidPayload("two\nlines")), "the CLI prints one line per line"


# ------------------------------------------------------------------ the service


async def test_a_link_is_created_listed_and_found(session: AsyncSession) -> None:
    link = await create_join_link(session, "evt-youthforum-north", " Youth forum, north ")
    await create_join_link(session, "radio-spot", None)
    await session.commit()
    assert link.note == "Youth forum, north"
    assert link.created_at is not None

    assert [each.payload for each in await list_join_links(session)] == [
        "evt-youthforum-north",
        "radio-spot",
    ]
    found = await find_join_link(session, "radio-spot")
    assert found is not None
    assert found.note is None
    assert await find_join_link(session, "never-made") is None


@pytest.mark.parametrize("payload", ["x" * 65, "évènement", "with space", ""])
async def test_a_malformed_payload_is_refused_and_nothing_saved(
    session: AsyncSession, payload: str
) -> None:
    with pytest.raises(InvalidPayload, match="1 to 64 characters"):
        await create_join_link(session, payload, "note")
    assert await list_join_links(session) == []


async def test_the_same_payload_cannot_be_created_twice(session: AsyncSession) -> None:
    await create_join_link(session, "evt-1", "first")
    await session.commit()
    with pytest.raises(JoinLinkExists, match="evt-1"):
        await create_join_link(session, "evt-1", "second")
    links = await list_join_links(session)
    assert [(each.payload, each.note) for each in links] == [("evt-1", "first")]


async def test_a_note_is_kept_short_and_a_blank_one_is_none(session: AsyncSession) -> None:
    with pytest.raises(InvalidNote, match="200"):
        await create_join_link(session, "evt-2", "n" * 201)
    link = await create_join_link(session, "evt-2", "   ")
    assert link.note is None


async def test_find_does_not_query_for_a_malformed_payload() -> None:
    class NoDatabase:
        def __getattr__(self, name: str) -> Any:
            raise AssertionError(f"the database was used ({name})")

    session = cast(AsyncSession, NoDatabase())
    for payload in INVALID:
        assert await find_join_link(session, payload) is None


async def test_joins_are_counted_by_where_people_came_from(session: AsyncSession) -> None:
    sources = ["evt-north", "evt-north", "radio", None, "evt-north"]
    for number, source in enumerate(sources):
        await enrol_participant(
            session,
            pseudonym=f"p{number}",
            chat_id=1000 + number,
            language="en",
            consent_version="1",
            join_source=source,
        )
    await session.commit()
    assert await count_joins_by_source(session) == {"evt-north": 3, "radio": 1}


# ------------------------------------------------------------------ addresses and QR codes


def test_the_address_is_a_t_me_deep_link() -> None:
    assert link_url("peace_forum_bot", "evt-1") == "https://t.me/peace_forum_bot?start=evt-1"
    assert link_url("@peace_forum_bot", "evt-1") == "https://t.me/peace_forum_bot?start=evt-1"
    with pytest.raises(InvalidPayload):
        link_url("peace_forum_bot", "evt 1")
    for username in ("https://t.me/peace_forum_bot", "bot", "peace forum bot", ""):
        with pytest.raises(InvalidBotUsername):
            link_url(username, "evt-1")


def read_png_modules(path: Path) -> tuple[int, list[list[bool]]]:
    """The image's width and, per QR module, whether its centre pixel is dark.

    A minimal PNG reader (1-bit greyscale, what segno writes), so the test needs no
    image library: it checks the bytes on disk, not segno's idea of them."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG file"
    position, idat, header = 8, b"", b""
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        (crc,) = struct.unpack(">I", data[position + 8 + length : position + 12 + length])
        assert zlib.crc32(kind + body) == crc, f"corrupt {kind!r} chunk"
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat += body
        position += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert (depth, colour, interlace) == (1, 0, 0), "expected a 1-bit greyscale PNG"
    assert width == height
    raw = zlib.decompress(idat)
    stride = (width + 7) // 8
    rows: list[bytearray] = []
    previous = bytearray(stride)
    for y in range(height):
        line = raw[y * (stride + 1) : (y + 1) * (stride + 1)]
        row = _unfilter(line[0], bytearray(line[1:]), previous)
        rows.append(row)
        previous = row

    def dark(x: int, y: int) -> bool:
        return not (rows[y][x // 8] >> (7 - x % 8)) & 1

    modules = width // QR_SCALE
    centre = QR_SCALE // 2
    grid = [
        [dark(column * QR_SCALE + centre, row * QR_SCALE + centre) for column in range(modules)]
        for row in range(modules)
    ]
    return width, grid


def _unfilter(kind: int, row: bytearray, above: bytearray) -> bytearray:
    for i in range(len(row)):
        left = row[i - 1] if i else 0
        up, up_left = above[i], above[i - 1] if i else 0
        if kind == 1:
            row[i] = (row[i] + left) & 0xFF
        elif kind == 2:
            row[i] = (row[i] + up) & 0xFF
        elif kind == 3:
            row[i] = (row[i] + (left + up) // 2) & 0xFF
        elif kind == 4:
            guess = left + up - up_left
            nearest = min(
                (abs(guess - left), 0, left),
                (abs(guess - up), 1, up),
                (abs(guess - up_left), 2, up_left),
            )[2]
            row[i] = (row[i] + nearest) & 0xFF
    return row


def test_the_qr_png_is_printable_and_holds_the_address(tmp_path: Path) -> None:
    url = link_url("peace_forum_bot", "evt-youthforum-north")
    path = tmp_path / "qr" / "evt-youthforum-north.png"
    write_qr_png(url, path)

    width, grid = read_png_modules(path)
    expected = segno.make_qr(url, error="m")
    size = len(expected.matrix)
    assert width == (size + 2 * QR_BORDER) * QR_SCALE
    assert width >= 300, "too small to print and scan from a wall"
    quiet = [
        grid[r][c]
        for r in range(len(grid))
        for c in range(len(grid))
        if not (QR_BORDER <= r < QR_BORDER + size and QR_BORDER <= c < QR_BORDER + size)
    ]
    assert not any(quiet), "the quiet zone around the code must be light"
    symbol = [row[QR_BORDER : QR_BORDER + size] for row in grid[QR_BORDER : QR_BORDER + size]]
    assert symbol == [[bool(module) for module in row] for row in expected.matrix]


def test_different_addresses_give_different_pictures(tmp_path: Path) -> None:
    write_qr_png(link_url("peace_forum_bot", "evt-a"), tmp_path / "a.png")
    write_qr_png(link_url("peace_forum_bot", "evt-b"), tmp_path / "b.png")
    assert read_png_modules(tmp_path / "a.png") != read_png_modules(tmp_path / "b.png")


# ------------------------------------------------------------------ the `peacebot link` command


@dataclass
class Finished:
    returncode: int
    stdout: str
    stderr: str

    @property
    def problems(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.strip()]


async def peacebot(*args: str, cwd: Path, env: dict[str, str] | None = None) -> Finished:
    """Run the real `peacebot` in a clean environment (no settings from the developer's shell)."""
    clean = {"PATH": os.environ["PATH"], "HOME": str(cwd), "LANG": "C.UTF-8"}
    clean.update(env or {})
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        cwd=cwd,
        env=clean,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    stdout, stderr = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode is not None
    return Finished(process.returncode, stdout.decode(), stderr.decode())


async def saved_payloads(settings: Settings) -> list[str]:
    engine = create_engine(settings.database_url)
    try:
        async with create_session_factory(engine)() as session:
            return [link.payload for link in await list_join_links(session)]
    finally:
        await engine.dispose()


async def test_create_prints_the_address_and_saves_the_qr_code(
    migrated: Settings, tmp_path: Path
) -> None:
    env = {"DATABASE_URL": migrated.database_url}
    created = await peacebot(
        "link",
        "create",
        "evt-youthforum-north",
        "--note",
        "Youth forum, north, March",
        "--bot-username",
        "@peace_forum_bot",
        cwd=tmp_path,
        env=env,
    )
    assert created.returncode == 0, created.stderr
    url = "https://t.me/peace_forum_bot?start=evt-youthforum-north"
    assert url in created.stdout
    png = Path("links") / "evt-youthforum-north.png"
    assert str(png) in created.stdout
    assert (tmp_path / png).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert await saved_payloads(migrated) == ["evt-youthforum-north"]

    listed = await peacebot("link", "list", cwd=tmp_path, env=env)
    assert listed.returncode == 0, listed.stderr
    assert "evt-youthforum-north" in listed.stdout
    assert "Youth forum, north, March" in listed.stdout
    assert "t.me" not in listed.stdout, "the address needs the bot username"
    assert "BOT_USERNAME" in listed.stdout

    with_url = await peacebot(
        "link", "list", cwd=tmp_path, env={**env, "BOT_USERNAME": "peace_forum_bot"}
    )
    assert with_url.returncode == 0, with_url.stderr
    assert url in with_url.stdout


async def test_list_counts_the_people_who_joined_through_each_link(
    migrated: Settings, tmp_path: Path
) -> None:
    engine = create_engine(migrated.database_url)
    async with create_session_factory(engine)() as session:
        await create_join_link(session, "evt-north", None)
        await create_join_link(session, "evt-south", None)
        for number in range(3):
            await enrol_participant(
                session,
                pseudonym=f"p{number}",
                chat_id=number,
                language="en",
                consent_version="1",
                join_source="evt-north",
            )
        await session.commit()
    await engine.dispose()

    listed = await peacebot(
        "link", "list", cwd=tmp_path, env={"DATABASE_URL": migrated.database_url}
    )
    assert listed.returncode == 0, listed.stderr
    rows = {line.split()[1]: line for line in listed.stdout.splitlines() if "evt-" in line}
    assert " 3 " in rows["evt-north"]
    assert " 0 " in rows["evt-south"]


@pytest.mark.parametrize("payload", ["youth forum", "x" * 65, "évènement"])
async def test_a_malformed_name_is_one_line_saying_what_is_allowed(
    migrated: Settings, tmp_path: Path, payload: str
) -> None:
    result = await peacebot(
        "link",
        "create",
        payload,
        "--bot-username",
        "peace_forum_bot",
        cwd=tmp_path,
        env={"DATABASE_URL": migrated.database_url},
    )
    assert result.returncode == 2
    assert len(result.problems) == 1, result.stderr
    assert result.problems[0].startswith("peacebot: ")
    assert "A-Z, a-z, 0-9, _ and -" in result.problems[0]
    assert "Traceback" not in result.stderr + result.stdout
    assert await saved_payloads(migrated) == []


async def test_a_name_taken_or_unknown_is_one_line(migrated: Settings, tmp_path: Path) -> None:
    env = {"DATABASE_URL": migrated.database_url, "BOT_USERNAME": "peace_forum_bot"}
    assert (await peacebot("link", "create", "evt-1", cwd=tmp_path, env=env)).returncode == 0

    again = await peacebot("link", "create", "evt-1", cwd=tmp_path, env=env)
    assert again.returncode == 2
    assert len(again.problems) == 1, again.stderr
    assert "already exists" in again.problems[0]

    unknown = await peacebot("link", "qr", "evt-2", cwd=tmp_path, env=env)
    assert unknown.returncode == 2
    assert len(unknown.problems) == 1, unknown.stderr
    assert "no join link named evt-2" in unknown.problems[0]
    assert "Traceback" not in again.stderr + unknown.stderr


async def test_qr_saves_the_picture_of_an_existing_link_again(
    migrated: Settings, tmp_path: Path
) -> None:
    env = {"DATABASE_URL": migrated.database_url, "BOT_USERNAME": "peace_forum_bot"}
    assert (await peacebot("link", "create", "evt-1", cwd=tmp_path, env=env)).returncode == 0
    first = (tmp_path / "links" / "evt-1.png").read_bytes()

    result = await peacebot("link", "qr", "evt-1", "--qr-dir", "posters", cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr
    assert "https://t.me/peace_forum_bot?start=evt-1" in result.stdout
    assert (tmp_path / "posters" / "evt-1.png").read_bytes() == first


async def test_without_a_bot_username_or_token_it_says_what_to_set(
    migrated: Settings, tmp_path: Path
) -> None:
    result = await peacebot(
        "link", "create", "evt-1", cwd=tmp_path, env={"DATABASE_URL": migrated.database_url}
    )
    assert result.returncode == 2
    assert len(result.problems) == 1, result.stderr
    assert "--bot-username" in result.problems[0]
    assert "BOT_USERNAME" in result.problems[0]
    assert "Traceback" not in result.stderr
    assert await saved_payloads(migrated) == [], "nothing is saved when no address can be made"


async def test_the_bot_username_is_asked_from_telegram_with_the_token(
    migrated: Settings, tmp_path: Path, emulator: BotApiEmulator
) -> None:
    result = await peacebot(
        "link",
        "create",
        "evt-1",
        cwd=tmp_path,
        env={
            "DATABASE_URL": migrated.database_url,
            "BOT_TOKEN": TEST_TOKEN,
            "TELEGRAM_API_URL": emulator.base_url,
        },
    )
    assert result.returncode == 0, result.stderr
    assert f"https://t.me/{emulator.bot_username}?start=evt-1" in result.stdout
    assert any(call.method == "getMe" for call in emulator.calls)


async def test_an_unreachable_telegram_is_one_line_with_the_way_out(
    migrated: Settings, tmp_path: Path
) -> None:
    result = await peacebot(
        "link",
        "create",
        "evt-1",
        cwd=tmp_path,
        env={
            "DATABASE_URL": migrated.database_url,
            "BOT_TOKEN": TEST_TOKEN,
            "TELEGRAM_API_URL": "http://127.0.0.1:9",
        },
    )
    assert result.returncode == 2
    assert len(result.problems) == 1, result.stderr
    assert "TELEGRAM_API_URL" in result.problems[0]
    assert "--bot-username" in result.problems[0]
    assert "Traceback" not in result.stderr


async def test_the_sqlite_default_needs_no_upgrade_and_postgresql_does(
    settings: Settings, tmp_path: Path
) -> None:
    result = await peacebot(
        "link", "list", cwd=tmp_path, env={"DATABASE_URL": settings.database_url}
    )
    if settings.sqlite_path is not None:
        assert result.returncode == 0, result.stderr
        assert "No join links yet" in result.stdout
    else:
        assert result.returncode == 2
        assert "peacebot db upgrade" in result.stderr
