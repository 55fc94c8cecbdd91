"""`peacebot demo`: the real bot in a terminal, driven here by a script on stdin."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

import pytest
from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

from bot.demo import (
    DEMO_BOT_NAME,
    NO_REPLY,
    ChatView,
    DemoSession,
    Hint,
    Nothing,
    PressButton,
    SendSticker,
    SendText,
    ShowHelp,
    ShowParticipants,
    SwitchParticipant,
    parse_input,
    render_message,
)
from bot.i18n import Catalogue
from emulator import ChatMessage
from tests.conftest import RunningBot

REPO = str(Path(__file__).resolve().parent.parent)

# Loaded before the demo through PYTHONPATH: records every TCP connection it opens and
# refuses any that is not to loopback.
NETWORK_GUARD = """
import os, socket
_log, _connect = os.environ["DEMO_CONNECTIONS"], socket.socket.connect

def _guarded(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6):
        with open(_log, "a") as log:
            log.write(address[0] + "\\n")
        if address[0] not in ("127.0.0.1", "::1"):
            raise OSError("the demo tried to reach " + address[0])
    return _connect(self, address)

socket.socket.connect = _guarded
"""

# What a deployment's environment and .env could hold: the demo must use none of it.
PRODUCTION_SETTINGS = {
    "BOT_TOKEN": "987654321:a-real-looking-token-that-must-be-ignored",
    "TELEGRAM_API_URL": "http://127.0.0.1:9",
    "DATABASE_URL": "postgresql+asyncpg://peacebot:secret@127.0.0.1:9/production",
    "REDIS_URL": "redis://127.0.0.1:9/0",
    "FLOOD_LIMIT": "not-a-number",
}


def _environment(home: Path) -> dict[str, str]:
    guard = home / "guard"
    guard.mkdir(exist_ok=True)
    (guard / "sitecustomize.py").write_text(NETWORK_GUARD)
    return {
        "PATH": os.environ["PATH"],
        "HOME": str(home),
        "PYTHONPATH": f"{guard}{os.pathsep}{REPO}",
        "DEMO_CONNECTIONS": str(home / "connections.log"),
        **PRODUCTION_SETTINGS,
    }


async def _demo(cwd: Path, *args: str) -> asyncio.subprocess.Process:
    (cwd / ".env").write_text("".join(f"{k}={v}\n" for k, v in PRODUCTION_SETTINGS.items()))
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "demo",
        *args,
        cwd=cwd,
        env=_environment(cwd),
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


def _first_line(language: str, key: str, **arguments: str) -> str:
    return Catalogue().translator(language)(key, **arguments).splitlines()[0]


def _between(transcript: str, start: str, end: str) -> str:
    """What the transcript shows after `start` and before `end`."""
    after = transcript.index(start) + len(start)
    return transcript[after : transcript.index(end, after)]


# ---------------------------------------------------------------- the real command


async def test_a_scripted_demo_talks_in_two_languages_and_uses_only_loopback(
    tmp_path: Path,
) -> None:
    script = "\n".join(
        ["/start", "/help", ":sticker", ":as Bob fr", "/start", ":who", ":nope", "7", ":quit"]
    )
    demo = await _demo(tmp_path)
    stdout, stderr = await asyncio.wait_for(demo.communicate(script.encode()), 25)
    out, log = stdout.decode(), stderr.decode()
    assert demo.returncode == 0, log
    assert "Traceback" not in log

    assert "alice> /start" in out
    english_welcome = out.index(_first_line("en", "welcome", bot_name=DEMO_BOT_NAME))
    assert out.index("alice> /start") < english_welcome < out.index("alice> /help")
    # /help and the sticker are answered (their wording is the translators' business).
    assert _between(out, "alice> /help\n", "alice> :sticker").startswith(f"{DEMO_BOT_NAME}: ")
    assert _between(out, "alice> :sticker\n", "alice> :as").startswith(f"{DEMO_BOT_NAME}: ")
    assert "demo: you are now Bob" in out
    french_welcome = out.index(_first_line("fr", "welcome", bot_name=DEMO_BOT_NAME))
    assert out.index("bob> /start") < french_welcome
    assert "  * Bob (fr)" in out
    assert "    Alice (en)" in out
    assert "demo: unknown demo command :nope" in out
    assert "demo: there is no button 7" in out
    assert "\x1b[" not in out  # no colour codes on a pipe
    assert out.rstrip().endswith("demo: stopped. The demo's data has been deleted.")

    # It ignored the production settings in the environment and .env, kept nothing here,
    # and every connection it opened was to itself.
    assert not (tmp_path / "data").exists()
    connections = (tmp_path / "connections.log").read_text().split()
    assert connections
    assert set(connections) == {"127.0.0.1"}


async def test_the_end_of_input_stops_cleanly(tmp_path: Path) -> None:
    demo = await _demo(tmp_path, "--name", "Amira", "--language", "ar")
    stdout, stderr = await asyncio.wait_for(demo.communicate(b"/start"), 25)
    assert demo.returncode == 0, stderr.decode()
    assert "amira> /start" in stdout.decode()
    assert _first_line("ar", "welcome", bot_name=DEMO_BOT_NAME) in stdout.decode()
    assert "demo: stopped" in stdout.decode()


async def test_ctrl_c_stops_cleanly(tmp_path: Path) -> None:
    interrupted = await _demo(tmp_path)
    assert interrupted.stdin is not None and interrupted.stdout is not None
    interrupted.stdin.write(b"/start\n")
    await interrupted.stdin.drain()
    welcome = _first_line("en", "welcome", bot_name=DEMO_BOT_NAME)
    seen = ""
    while welcome not in seen:
        line = await asyncio.wait_for(interrupted.stdout.readline(), 20)
        assert line, "the demo ended before answering"
        seen += line.decode()
    interrupted.send_signal(signal.SIGINT)
    rest, stderr = await asyncio.wait_for(interrupted.communicate(), 20)
    assert interrupted.returncode == 0, stderr.decode()
    assert "Traceback" not in stderr.decode()
    assert "demo: stopped" in rest.decode()


async def test_kept_data_is_in_the_folder_given(tmp_path: Path) -> None:
    demo = await _demo(tmp_path, "--keep-data", "demo-data")
    stdout, stderr = await asyncio.wait_for(demo.communicate(b"/start\n:quit\n"), 25)
    assert demo.returncode == 0, stderr.decode()
    assert (tmp_path / "demo-data" / "peacebot-demo.sqlite3").exists()
    assert (tmp_path / "demo-data" / "demo-secrets.json").stat().st_mode & 0o077 == 0
    assert "kept in demo-data" in stdout.decode()


async def test_a_bad_language_is_one_line_without_traceback(tmp_path: Path) -> None:
    demo = await _demo(tmp_path, "--language", "english please")
    _, stderr = await asyncio.wait_for(demo.communicate(b""), 25)
    assert demo.returncode == 2
    assert stderr.decode().strip().startswith("peacebot: --language 'english please'")
    assert "Traceback" not in stderr.decode()


# ------------------------------------------------------- reading what was typed


@pytest.mark.parametrize(
    ("line", "meaning"),
    [
        ("/start", SendText("/start")),
        ("  hello there \n", SendText("hello there")),
        ("", Nothing()),
        ("2", PressButton(2)),
        (":say 2", SendText("2")),
        (":say :)", SendText(":)")),
        (":sticker", SendSticker()),
        (":who", ShowParticipants()),
        (":HELP", ShowHelp()),
        (":as Bob", SwitchParticipant("Bob", None)),
        (":as Amira ar", SwitchParticipant("Amira", "ar")),
        (":as Lucie fr-FR", SwitchParticipant("Lucie", "fr-FR")),
    ],
)
def test_a_typed_line_means(line: str, meaning: object) -> None:
    assert parse_input(line) == meaning


@pytest.mark.parametrize("line", [":nope", ":as", ":as Bob fr extra", ":as Bob 42", ":say"])
def test_a_line_the_demo_cannot_use_gets_a_hint(line: str) -> None:
    assert isinstance(parse_input(line), Hint)


# ------------------------------------------------------------ what is shown


def _message(text: str, rows: list[list[dict[str, str]]] | None = None) -> ChatMessage:
    markup = {"inline_keyboard": rows} if rows is not None else None
    return ChatMessage(11, 5, True, 0, text=text, reply_markup=markup)


def test_buttons_are_numbered_across_rows_in_order() -> None:
    message = _message(
        "Before we start\nPlease read this.",
        [
            [
                {"text": "I agree", "callback_data": "c:yes"},
                {"text": "No", "callback_data": "c:no"},
            ],
            [{"text": "Who runs this?", "url": "https://example.org"}],
        ],
    )
    assert render_message(message) == [
        "Peacebot: Before we start",
        "          Please read this.",
        "          [1] I agree  [2] No",
        "          [3] Who runs this? (link)",
    ]
    assert message.buttons()[1]["callback_data"] == "c:no"  # what [2] presses


def test_arabic_is_printed_as_it_is() -> None:
    text = Catalogue().translator("ar")("welcome", bot_name=DEMO_BOT_NAME)
    lines = render_message(_message(text))
    assert [line.strip() for line in lines] == [
        f"{DEMO_BOT_NAME}: {text.splitlines()[0]}",
        *text.splitlines()[1:],
    ]


def test_the_view_shows_new_messages_once_then_edits_and_deletions() -> None:
    view = ChatView()
    message = _message("Pick one", [[{"text": "Red", "callback_data": "c:red"}]])
    assert view.news([message]) == ["Peacebot: Pick one", "          [1] Red"]
    assert view.news([message]) == []
    message.text, message.edited = "You chose red", True
    assert view.news([message]) == [
        "Peacebot (edited): You chose red",
        "                   [1] Red",
    ]
    message.reply_markup = None
    assert view.news([message]) == ['Peacebot removed the buttons from "You chose red"']
    message.deleted = True
    assert view.news([message]) == ["(a message was deleted from this chat)"]


def test_when_the_numbers_move_to_an_earlier_message_the_view_says_so() -> None:
    view = ChatView()
    first = _message("First", [[{"text": "A", "callback_data": "a"}]])
    second = _message("Second", [[{"text": "B", "callback_data": "b"}]])
    second.message_id = 12
    lines = view.news([first, second])
    assert "          [A]" in lines  # not numbered: the numbers press the latest buttons
    assert "          [1] B" in lines
    second.deleted = True
    assert view.news([first, second]) == [
        "(a message was deleted from this chat)",
        'demo: the numbers now press the buttons of "First":',
        "  [1] A",
    ]


# --------------------------------------------------- a session with the real bot


def _colours_router() -> Router:
    router = Router(name="colours")

    @router.message(Command("colours"))
    async def ask(message: Message) -> None:
        keyboard = InlineKeyboardMarkup(
            inline_keyboard=[
                [
                    InlineKeyboardButton(text="Red", callback_data="colour:red"),
                    InlineKeyboardButton(text="Green", callback_data="colour:green"),
                ],
                [
                    InlineKeyboardButton(text="Blue", callback_data="colour:blue"),
                    InlineKeyboardButton(text="Why?", url="https://example.org/why"),
                ],
            ]
        )
        await message.answer("Pick a colour", reply_markup=keyboard)

    @router.callback_query(F.data.startswith("colour:"))
    async def chosen(query: CallbackQuery) -> None:
        await query.answer("Saved")
        assert isinstance(query.message, Message) and query.data is not None
        await query.message.edit_text(f"You chose {query.data.removeprefix('colour:')}")

    @router.message(Command("silence"))
    async def say_nothing(message: Message) -> None:
        return None

    return router


@pytest.fixture
def extra_routers() -> list[Router]:
    return [_colours_router()]


async def test_a_number_presses_that_button_of_the_latest_message(
    running_bot: RunningBot,
) -> None:
    session = DemoSession(running_bot.emulator, name="Alice", language="en")
    shown = await session.handle("/colours")
    assert shown == [
        "Peacebot: Pick a colour",
        "          [1] Red  [2] Green",
        "          [3] Blue  [4] Why? (link)",
    ]
    assert await session.handle("5") == [
        "demo: there is no button 5: the latest buttons are numbered 1 to 4."
    ]
    assert "opens https://example.org/why" in (await session.handle("4"))[0]

    shown = await session.handle("2")
    assert shown == ["Peacebot (pop-up): Saved", "Peacebot (edited): You chose green"]
    assert [c.data for c in running_bot.emulator.callbacks.values()] == ["colour:green"]
    assert (await session.handle("1"))[0].startswith("demo: there is no button 1:")


async def test_silence_from_the_bot_is_a_neutral_note(running_bot: RunningBot) -> None:
    session = DemoSession(running_bot.emulator, reply_timeout=0.5)
    assert await session.handle("/silence") == [NO_REPLY]


async def test_participants_have_their_own_chats(running_bot: RunningBot) -> None:
    session = DemoSession(running_bot.emulator, name="Alice", language="en")
    await session.handle("/colours")
    assert (await session.handle(":as Bob es"))[0].startswith("demo: you are now Bob")
    assert session.prompt == "bob> "
    assert await session.handle("1") == [
        "demo: there is no button 1: no message has buttons right now. "
        "To send 1 as a message, type :say 1"
    ]
    bob = session.current.user_id
    assert running_bot.emulator.users[bob].language_code == "es"

    # The bot writes to Alice while the demo shows Bob: a note, then the message on return.
    alice = session.participants[0]
    await running_bot.bot.send_message(alice.user_id, "A new explainer for you")
    await session.wait_for_activity()
    assert session.news() == ["demo: Alice has new messages; type :as Alice to read them."]
    assert await session.handle(":as alice") == [
        "demo: you are now Alice (Telegram language en)",
        "Peacebot: A new explainer for you",
    ]
    assert await session.handle(":who") == [
        "demo: participants (* is you):",
        "  * Alice (en)",
        "    Bob (es)",
    ]
    assert await session.handle(":quit") == []
    assert session.finished


async def test_the_demo_previews_the_deployments_own_wording(tmp_path: Path) -> None:
    # A facilitator tries their consent wording before going live; what connects anywhere
    # (token, database, Redis) is still ignored.
    wording = {"ORGANISATION_NAME": "Lakeside Women's Network", "REGIONS": "North,Lakeside"}
    (tmp_path / ".env").write_text("".join(f"{k}={v}\n" for k, v in wording.items()))
    environment = _environment(tmp_path)
    del environment["FLOOD_LIMIT"]
    demo = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "demo",
        cwd=tmp_path, env=environment,
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    script = "/start\n1\n1\n:quit\n"  # English, then "I agree"
    stdout, stderr = await asyncio.wait_for(demo.communicate(script.encode()), 25)
    out = stdout.decode()
    assert demo.returncode == 0, stderr.decode()
    assert "Lakeside Women's Network" in out
    assert "problem" not in out
    assert set((tmp_path / "connections.log").read_text().split()) == {"127.0.0.1"}
