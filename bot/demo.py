"""`peacebot demo`: chat with the real bot in a terminal, with no token, no network, no real data.

It is for a facilitator trying the bot before going live: to see what a participant sees,
in each language, press the buttons, and show it to colleagues, without a bot token, an
internet connection or a phone. It runs the same dispatcher as `peacebot run`, but against
the local Bot API emulator (on loopback), with SQLite in a temporary folder, conversation
state in memory and throw-away secrets. Settings from the environment or `.env` are not
read at all, so a demo can never reach Telegram, a production database or Redis.

The person types messages and /commands, a number to press a button of the latest message
with buttons, and demo commands starting with a colon (`:help` lists them). Input may also
be piped in, one line per step: the transcript then shows each prompt with what was sent.
"""

from __future__ import annotations

import asyncio
import base64
import codecs
import contextlib
import hashlib
import io
import json
import os
import re
import secrets
import signal
import sys
import tempfile
import threading
from collections.abc import AsyncIterator, Awaitable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from pydantic_settings import BaseSettings, PydanticBaseSettingsSource
from rich.console import Console

from bot.settings import Settings, SettingsError, load_settings
from emulator.people import NoReply, SimulatedPerson
from emulator.server import BotApiEmulator, CallbackRecord, ChatMessage, RateLimits

if TYPE_CHECKING:
    from bot.factory import Runtime

DEMO_BOT_NAME = "Peacebot"
DEMO_BOT_USERNAME = "peacebot_demo_bot"
# How long to wait for the bot's reaction before saying "(no reply)".
REPLY_TIMEOUT = 5.0
DATABASE_FILE = "peacebot-demo.sqlite3"
SECRETS_FILE = "demo-secrets.json"
NO_REPLY = "(no reply)"

_LANGUAGE_CODE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")
_MAX_NAME = 64  # Telegram's limit for a first name

HELP_LINES = (
    "demo commands:",
    "  /start, /help, any text  send it to the bot as the current participant",
    "  1, 2, 3 ...              press that button of the latest message with buttons",
    "  :as NAME [LANGUAGE]      become another participant (new ones are created),",
    "                           e.g. :as Amira ar; LANGUAGE is their Telegram language",
    "  :who                     list the participants; * marks who you are now",
    "  :sticker                 send a sticker",
    "  :say TEXT                send TEXT as it is (a number, or text starting with ':')",
    "  :help                    this list",
    "  :quit                    stop the demo (Ctrl+D or Ctrl+C also work)",
)


class DemoProblem(Exception):
    """Something the person starting the demo can fix; the message says what."""


def is_language_code(code: str) -> bool:
    """A Telegram language_code: an IETF tag such as en, fr, ar, es or pt-BR."""
    return bool(_LANGUAGE_CODE.match(code))


# --------------------------------------------------------------------- what was typed


@dataclass(frozen=True)
class SendText:
    text: str


@dataclass(frozen=True)
class PressButton:
    number: int


@dataclass(frozen=True)
class SendSticker:
    pass


@dataclass(frozen=True)
class SwitchParticipant:
    name: str
    language: str | None


@dataclass(frozen=True)
class ShowHelp:
    pass


@dataclass(frozen=True)
class ShowParticipants:
    pass


@dataclass(frozen=True)
class Quit:
    pass


@dataclass(frozen=True)
class Nothing:
    pass


@dataclass(frozen=True)
class Hint:
    """The line cannot be used as it is; `text` says why and what to type instead."""

    text: str


DemoInput = (
    SendText
    | PressButton
    | SendSticker
    | SwitchParticipant
    | ShowHelp
    | ShowParticipants
    | Quit
    | Nothing
    | Hint
)


def parse_input(line: str) -> DemoInput:
    """What one typed line asks for: a message, a button press or a demo command."""
    text = line.strip()
    if not text:
        return Nothing()
    if text.isdigit():
        return PressButton(int(text))
    if not text.startswith(":"):
        return SendText(text)
    word, _, rest = text[1:].partition(" ")
    word, rest = word.lower(), rest.strip()
    if word in ("help", "h", "?"):
        return ShowHelp()
    if word in ("quit", "q", "exit"):
        return Quit()
    if word == "who":
        return ShowParticipants()
    if word == "sticker":
        return SendSticker()
    if word == "say":
        return SendText(rest) if rest else Hint("usage: :say TEXT, for example :say 12")
    if word == "as":
        return _parse_switch(rest.split())
    return Hint(f"unknown demo command :{word}. Type :help for the list.")


def _parse_switch(arguments: list[str]) -> DemoInput:
    usage = "usage: :as NAME [LANGUAGE], for example :as Amira ar"
    if not 1 <= len(arguments) <= 2:
        return Hint(usage)
    name = arguments[0]
    language = arguments[1] if len(arguments) == 2 else None
    if len(name) > _MAX_NAME:
        return Hint(f"a name has at most {_MAX_NAME} characters")
    if language is not None and not is_language_code(language):
        return Hint(f"{language!r} is not a language code such as en, fr, ar or es. {usage}")
    return SwitchParticipant(name, language)


# ------------------------------------------------------------------ what is shown


def button_rows(message: ChatMessage, *, numbered: bool = True) -> list[str]:
    """Inline buttons one row per line, numbered in the order `ChatMessage.buttons()` gives."""
    rows = (message.reply_markup or {}).get("inline_keyboard", [])
    lines, number = [], 0
    for row in rows:
        cells = []
        for button in row:
            number += 1
            label = str(button.get("text", ""))
            if "url" in button:
                label += " (link)"
            cells.append(f"[{number}] {label}" if numbered else f"[{label}]")
        if cells:
            lines.append("  ".join(cells))
    return lines


def render_message(
    message: ChatMessage,
    *,
    bot_name: str = DEMO_BOT_NAME,
    edited: bool = False,
    numbered: bool = True,
) -> list[str]:
    """A bot message as lines of plain text: who said it, the text, then the buttons."""
    notes = [
        note for note, on in (("edited", edited), ("silent", message.disable_notification)) if on
    ]
    header = f"{bot_name} ({', '.join(notes)}): " if notes else f"{bot_name}: "
    body: list[str] = []
    if message.document_name is not None:
        size = len(message.document_bytes or b"")
        body.append(f"[file {message.document_name}, {size} bytes]")
    elif message.has_photo:
        body.append("[picture]")
    if message.text:
        body.extend(message.text.splitlines())
    body = body or [""]
    indent = " " * len(header)
    lines = [(header + body[0]).rstrip()]
    lines += [(indent + line).rstrip() if line.strip() else "" for line in body[1:]]
    lines += [indent + row for row in button_rows(message, numbered=numbered)]
    return lines


def _snippet(text: str | None, length: int = 40) -> str:
    lines = (text or "").strip().splitlines()
    first = lines[0] if lines else ""
    return first if len(first) <= length else first[: length - 3] + "..."


@dataclass(frozen=True)
class _Snapshot:
    text: str | None
    markup: str
    deleted: bool

    @classmethod
    def of(cls, message: ChatMessage) -> _Snapshot:
        return cls(message.text, json.dumps(message.reply_markup, sort_keys=True), message.deleted)


def button_message(messages: Sequence[ChatMessage]) -> ChatMessage | None:
    """The latest of the bot's visible messages that has buttons: the one numbers press."""
    for message in reversed(messages):
        if message.from_bot and not message.deleted and message.buttons():
            return message
    return None


class ChatView:
    """What one participant has been shown of their chat, so that only changes are printed."""

    def __init__(self, bot_name: str = DEMO_BOT_NAME):
        self.bot_name = bot_name
        self._shown: dict[int, _Snapshot] = {}
        self._notices: set[str] = set()
        self._numbered: tuple[int, str] | None = None

    def has_news(self, messages: Sequence[ChatMessage]) -> bool:
        for message in messages:
            before = self._shown.get(message.message_id)
            if before is None:
                if message.from_bot and not message.deleted:
                    return True
            elif before != _Snapshot.of(message) and (message.from_bot or message.deleted):
                return True
        return False

    def news(
        self, messages: Sequence[ChatMessage], callbacks: Iterable[CallbackRecord] = ()
    ) -> list[str]:
        """Lines for what changed since the last call: pop-ups, new and edited messages."""
        lines = [
            f"{self.bot_name} (pop-up): {callback.answer_text}"
            for callback in callbacks
            if callback.answered and callback.answer_text and callback.id not in self._notices
        ]
        self._notices.update(c.id for c in callbacks if c.answered and c.answer_text)
        target = button_message(messages)
        deleted, target_shown = 0, False
        for message in messages:
            now, before = _Snapshot.of(message), self._shown.get(message.message_id)
            self._shown[message.message_id] = now
            if now == before:
                continue
            if message.deleted:
                if before is not None and not before.deleted:
                    deleted += 1
                continue
            if not message.from_bot:
                continue  # the participant knows what they sent
            numbered = message is target
            target_shown = target_shown or numbered
            if before is not None and before.text == now.text:
                lines += self._buttons_changed(message, numbered)
            else:
                lines += render_message(
                    message, bot_name=self.bot_name, edited=before is not None, numbered=numbered
                )
        if deleted:
            lines.append(
                "(a message was deleted from this chat)"
                if deleted == 1
                else f"({deleted} messages were deleted from this chat)"
            )
        numbered_now = (target.message_id, _Snapshot.of(target).markup) if target else None
        if target is not None and numbered_now != self._numbered and not target_shown:
            # The numbers now press the buttons of an earlier message: show which ones.
            lines.append(f'demo: the numbers now press the buttons of "{_snippet(target.text)}":')
            lines += ["  " + row for row in button_rows(target)]
        self._numbered = numbered_now
        return lines

    def _buttons_changed(self, message: ChatMessage, numbered: bool) -> list[str]:
        quoted = _snippet(message.text)
        rows = button_rows(message, numbered=numbered)
        if not rows:
            return [f'{self.bot_name} removed the buttons from "{quoted}"']
        return [f'{self.bot_name} changed the buttons of "{quoted}":', *("  " + r for r in rows)]


# -------------------------------------------------------------------- the people


@dataclass
class Participant:
    name: str
    person: SimulatedPerson
    view: ChatView

    @property
    def user_id(self) -> int:
        return self.person.user_id

    @property
    def language(self) -> str | None:
        return self.person.emulator.users[self.user_id].language_code


def _user_id_for(name: str) -> int:
    """The same name gets the same Telegram id every run, so --keep-data remembers them."""
    digest = hashlib.sha256(name.casefold().encode()).digest()
    return 7_000_000_000 + int.from_bytes(digest[:4], "big") % 1_000_000_000


class DemoSession:
    """The participants of one demo and what each line typed does; prints nothing itself."""

    def __init__(
        self,
        emulator: BotApiEmulator,
        *,
        name: str = "Alice",
        language: str = "en",
        bot_name: str = DEMO_BOT_NAME,
        reply_timeout: float = REPLY_TIMEOUT,
    ):
        self.emulator, self.bot_name = emulator, bot_name
        self.default_language, self.reply_timeout = language, reply_timeout
        self.participants: list[Participant] = []
        self.current = self._add(name, language)
        self.finished = False
        self._seen_activity: dict[int, int] = {}

    @property
    def prompt(self) -> str:
        return f"{self.current.name.lower()}> "

    def _add(self, name: str, language: str | None) -> Participant:
        user_id = _user_id_for(name)
        while user_id in self.emulator.users:
            user_id += 1
        person = SimulatedPerson(self.emulator, user_id, name, language, timeout=self.reply_timeout)
        participant = Participant(name, person, ChatView(self.bot_name))
        self.participants.append(participant)
        return participant

    def _find(self, name: str) -> Participant | None:
        for participant in self.participants:
            if participant.name.casefold() == name.casefold():
                return participant
        return None

    async def handle(self, line: str) -> list[str]:
        """Do what the line asks; return the lines to show (hints, and what the bot did)."""
        match parse_input(line):
            case Nothing():
                return []
            case Quit():
                self.finished = True
                return []
            case ShowHelp():
                return list(HELP_LINES)
            case ShowParticipants():
                return self._who()
            case Hint(text):
                return [f"demo: {text}"]
            case SwitchParticipant(name, language):
                return self._switch(name, language)
            case SendText(text):
                return await self._act(self.current.person.send(text))
            case SendSticker():
                return await self._act(self.current.person.send_sticker())
            case PressButton(number):
                return await self._press(number)

    async def _act(self, action: Awaitable[None]) -> list[str]:
        try:
            await action
        except NoReply:
            return [*self.news(), NO_REPLY]
        return self.news()

    async def _press(self, number: int) -> list[str]:
        message = button_message(self.current.person.messages)
        if message is None:
            return [
                f"demo: there is no button {number}: no message has buttons right now. "
                f"To send {number} as a message, type :say {number}"
            ]
        buttons = message.buttons()
        if not 1 <= number <= len(buttons):
            numbers = f"1 to {len(buttons)}" if len(buttons) > 1 else "1"
            return [
                f"demo: there is no button {number}: the latest buttons are numbered {numbers}."
            ]
        button = buttons[number - 1]
        if "callback_data" in button:
            person = self.current.person
            return await self._act(person.press_data(message, str(button["callback_data"])))
        if "url" in button:
            return [
                f"demo: button {number} opens {button['url']} in Telegram; the demo stays here."
            ]
        return [f"demo: button {number} is a kind of button the demo cannot press."]

    def _switch(self, name: str, language: str | None) -> list[str]:
        participant = self._find(name)
        if participant is None:
            participant = self._add(name, language or self.default_language)
            self.current = participant
            return [
                f"demo: you are now {participant.name}, a new participant "
                f"(Telegram language {participant.language}). Type /start to begin."
            ]
        if language is not None:
            self.emulator.users[participant.user_id].language_code = language
        self.current = participant
        return [
            f"demo: you are now {participant.name} (Telegram language {participant.language})",
            *self.news(),
        ]

    def _who(self) -> list[str]:
        lines = ["demo: participants (* is you):"]
        for participant in self.participants:
            mark = "*" if participant is self.current else " "
            lines.append(f"  {mark} {participant.name} ({participant.language or 'no language'})")
        return lines

    # ---------------------------------------------------------------- news

    def _callbacks(self, participant: Participant) -> list[CallbackRecord]:
        return [c for c in self.emulator.callbacks.values() if c.user_id == participant.user_id]

    def news(self) -> list[str]:
        """What the bot did in the current chat since last shown; a note for other chats."""
        current = self.current
        lines = current.view.news(self.emulator.messages(current.user_id), self._callbacks(current))
        for participant in self.participants:
            activity = self.emulator.activity(participant.user_id)
            changed = self._seen_activity.get(participant.user_id) != activity
            if (
                participant is not current
                and changed
                and participant.view.has_news(self.emulator.messages(participant.user_id))
            ):
                lines.append(
                    f"demo: {participant.name} has new messages; "
                    f"type :as {participant.name} to read them."
                )
            self._seen_activity[participant.user_id] = activity
        return lines

    def has_unseen_activity(self) -> bool:
        return any(
            self.emulator.activity(p.user_id) != self._seen_activity.get(p.user_id, 0)
            for p in self.participants
        )

    async def wait_for_activity(self, settle: float = 0.15) -> None:
        """Return once the bot did something in any chat and has then been quiet briefly."""
        while not await self.emulator.wait_for(self.has_unseen_activity, 3600):
            pass
        while True:
            seen = [self.emulator.activity(p.user_id) for p in self.participants]
            await asyncio.sleep(settle)
            if seen == [self.emulator.activity(p.user_id) for p in self.participants]:
                return


# ------------------------------------------------------------ the terminal side


class LineReader:
    """Lines typed or piped in, read by a thread so that the bot keeps running meanwhile."""

    def __init__(self, stream: TextIO):
        self._loop = asyncio.get_running_loop()
        self._queue: asyncio.Queue[str | None] = asyncio.Queue()
        self._encoding = getattr(stream, "encoding", None) or "utf-8"
        # A daemon thread: a read still blocked on the terminal must not keep the process alive.
        thread = threading.Thread(
            target=self._read, args=(stream,), name="peacebot-demo-input", daemon=True
        )
        thread.start()

    async def next_line(self) -> str | None:
        """The next line without its line ending; None at the end of input."""
        return await self._queue.get()

    def _read(self, stream: TextIO) -> None:
        if hasattr(signal, "pthread_sigmask"):
            # Ctrl+C must reach the event loop's thread, which stops the demo cleanly.
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            try:
                fd = stream.fileno()
            except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
                for line in iter(stream.readline, ""):
                    self._put(line.rstrip("\r\n"))
                return
            # os.read holds no lock of sys.stdin, so the process can exit while it waits.
            decoder = codecs.getincrementaldecoder(self._encoding)(errors="replace")
            pending = ""
            while chunk := os.read(fd, 4096):
                pending += decoder.decode(chunk)
                *complete, pending = pending.split("\n")
                for line in complete:
                    self._put(line.rstrip("\r"))
            pending += decoder.decode(b"", final=True)
            if pending:
                self._put(pending.rstrip("\r"))
        except OSError:
            pass
        finally:
            self._put(None)

    def _put(self, line: str | None) -> None:
        with contextlib.suppress(RuntimeError):  # the demo is over and its loop closed
            self._loop.call_soon_threadsafe(self._queue.put_nowait, line)


class Transcript:
    """Prints to the terminal or a pipe: plain lines, flushed at once, a prompt when typing."""

    def __init__(self, console: Console, interactive: bool):
        self.console, self.interactive = console, interactive
        self._prompting = False

    def show(self, lines: Iterable[str]) -> None:
        for line in lines:
            self.end_prompt()
            self.console.print(line, markup=False, emoji=False, highlight=False)

    def end_prompt(self) -> None:
        """Leave the prompt's line (news arrived, or Ctrl+D) so output starts on a fresh one."""
        if self._prompting:
            self.console.print()
            self._prompting = False

    def prompt(self, prompt: str) -> None:
        if self.interactive:
            self.console.print(prompt, end="", markup=False, emoji=False, highlight=False)
            self._prompting = True

    def typed(self, prompt: str, line: str) -> None:
        """Piped input is not echoed by a terminal: show it after its prompt instead."""
        self._prompting = False
        if not self.interactive:
            self.show([prompt + line])


async def converse(
    session: DemoSession, reader: LineReader, transcript: Transcript, bot: asyncio.Task[None]
) -> None:
    """Read lines and show what the bot does, also between lines, until :quit or end of input."""
    while not session.finished:
        transcript.prompt(session.prompt)
        next_line = asyncio.ensure_future(reader.next_line())
        try:
            while not next_line.done():
                activity = asyncio.ensure_future(session.wait_for_activity())
                try:
                    await asyncio.wait({next_line, activity, bot}, return_when="FIRST_COMPLETED")
                finally:
                    activity.cancel()
                if bot.done():
                    bot.result()
                    raise DemoProblem("the bot stopped unexpectedly")
                news = session.news()
                if news:
                    transcript.show(news)
                    if not next_line.done():
                        transcript.prompt(session.prompt)
        finally:
            next_line.cancel()
        line = next_line.result()
        if line is None:
            transcript.end_prompt()
            return
        transcript.typed(session.prompt, line)
        transcript.show(await session.handle(line))


# ----------------------------------------------------------- the bot, in process


@dataclass(frozen=True)
class DemoSecrets:
    bot_token: str
    pseudonym_pepper: str
    encryption_key: str

    @classmethod
    def generate(cls) -> DemoSecrets:
        return cls(
            bot_token=f"{secrets.randbelow(9 * 10**9) + 10**9}:{secrets.token_urlsafe(32)}",
            pseudonym_pepper=secrets.token_urlsafe(48),
            encryption_key=base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        )

    @classmethod
    def kept_in(cls, folder: Path) -> DemoSecrets:
        """The folder's own secrets (made the first time), so kept data stays readable."""
        path = folder / SECRETS_FILE
        fresh = cls.generate()
        if not path.exists():
            try:
                descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                    json.dump(
                        {
                            "pseudonym_pepper": fresh.pseudonym_pepper,
                            "encryption_key": fresh.encryption_key,
                        },
                        handle,
                    )
            except OSError as error:
                raise DemoProblem(f"--keep-data: cannot write {path} ({error.strerror})") from None
            return fresh
        try:
            kept = json.loads(path.read_text(encoding="utf-8"))
            return cls(fresh.bot_token, str(kept["pseudonym_pepper"]), str(kept["encryption_key"]))
        except (OSError, ValueError, KeyError, TypeError):
            raise DemoProblem(
                f"--keep-data: {path} is unreadable; delete the folder to start a new demo"
            ) from None


class _DemoSettings(Settings):
    """Settings from the values given only: no environment variable and no `.env` is read."""

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings,)


# What participants see, copied from the deployment's own settings so that a facilitator
# previews their own consent wording, areas and policy. Named one by one: nothing that
# connects anywhere (Telegram, databases, Redis, later an AI endpoint) comes along.
DISPLAY_SETTINGS = (
    "organisation_name",
    "organisation_contact",
    "data_shared_with",
    "consent_version",
    "regions",
    "minors_may_continue",
    "default_language",
)


def deployment_display_settings() -> tuple[dict[str, Any], str | None]:
    """The display settings from the environment and `.env`; if those do not load, none,
    with the first problem to show the facilitator."""
    try:
        deployment = load_settings()
    except SettingsError as problem:
        return {}, str(problem).splitlines()[0]
    return {name: getattr(deployment, name) for name in DISPLAY_SETTINGS}, None


def demo_settings(
    folder: Path,
    telegram_api_url: str,
    demo_secrets: DemoSecrets,
    display: dict[str, Any] | None = None,
) -> Settings:
    """The embedded defaults, pointed at the emulator; the environment and `.env` are ignored.

    Ignoring only BOT_TOKEN, DATABASE_URL, REDIS_URL and TELEGRAM_API_URL would not be enough:
    any setting added later that reaches out (an AI endpoint, say) must not leak in either.
    """
    values: dict[str, Any] = {
        "bot_token": demo_secrets.bot_token,
        "telegram_api_url": telegram_api_url,
        "bot_username": DEMO_BOT_USERNAME,
        "database_url": f"sqlite+aiosqlite:///{folder.resolve() / DATABASE_FILE}",
        "redis_url": None,
        "pseudonym_pepper": demo_secrets.pseudonym_pepper,
        "encryption_key": demo_secrets.encryption_key,
        "admin_ids": [],
        "webhook_url": None,
        "webhook_secret": None,
        "log_level": "WARNING",
    }
    values.update({k: v for k, v in (display or {}).items() if k in DISPLAY_SETTINGS})
    return _DemoSettings(_env_file=None, **values)


@contextlib.contextmanager
def _data_folder(keep_data: Path | None) -> Iterator[Path]:
    if keep_data is None:
        with tempfile.TemporaryDirectory(
            prefix="peacebot-demo-", ignore_cleanup_errors=True
        ) as folder:
            yield Path(folder)
        return
    if keep_data.exists() and not keep_data.is_dir():
        raise DemoProblem(f"--keep-data: {keep_data} is a file, not a folder")
    try:
        keep_data.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise DemoProblem(f"--keep-data: cannot create {keep_data} ({error.strerror})") from None
    yield keep_data.resolve()


@contextlib.asynccontextmanager
async def _polling_bot(
    settings: Settings, emulator: BotApiEmulator
) -> AsyncIterator[asyncio.Task[None]]:
    """The real dispatcher long-polling the emulator in this event loop, as `peacebot run` does."""
    from bot.factory import create_bot, create_dispatcher, open_runtime

    async with open_runtime(settings) as runtime:
        await _open_example_surveys(runtime)
        bot = create_bot(settings)
        dispatcher, _ = create_dispatcher(runtime)
        task = asyncio.create_task(
            dispatcher.start_polling(bot, handle_signals=False, polling_timeout=1)
        )
        try:
            polling = await emulator.wait_for(
                lambda: task.done() or any(c.method == "getUpdates" for c in emulator.calls), 30
            )
            if task.done():
                task.result()
                raise DemoProblem("the bot stopped as soon as it started")
            if not polling:
                raise DemoProblem("the bot did not start within 30 seconds")
            yield task
        finally:
            if not task.done():
                with contextlib.suppress(RuntimeError):  # polling had not really begun
                    await dispatcher.stop_polling()
                await task
            await bot.session.close()  # already closed unless the bot failed to start


async def _open_example_surveys(runtime: Runtime) -> None:
    """In the demo's own database, the library's surveys are open: "Share your views" then
    shows them as participants see them once a facilitator opens them."""
    from services import surveys

    async with runtime.session_factory() as session:
        for survey in runtime.surveys.all():
            if await surveys.status_of(session, survey) == surveys.DRAFT:
                await surveys.set_status(session, survey, surveys.OPEN)


def _tolerant_streams() -> None:
    """A terminal that cannot show Arabic shows '?' rather than stopping the demo."""
    for stream in (sys.stdout, sys.stdin):
        if isinstance(stream, io.TextIOWrapper):
            with contextlib.suppress(ValueError, io.UnsupportedOperation):
                stream.reconfigure(errors="replace")


async def run_demo(
    *,
    name: str = "Alice",
    language: str = "en",
    keep_data: Path | None = None,
    input_stream: TextIO | None = None,
    console: Console | None = None,
) -> None:
    """Start the emulator and the bot, then chat in the terminal until :quit, Ctrl+D or Ctrl+C."""
    from bot.log import configure_logging

    if not is_language_code(language):
        raise DemoProblem(
            f"--language {language!r} is not a Telegram language code such as en, fr, ar or es"
        )
    if not 1 <= len(name) <= _MAX_NAME or len(name.split()) != 1:
        raise DemoProblem(f"--name must be one word of at most {_MAX_NAME} characters")
    if input_stream is None:
        _tolerant_streams()
        input_stream = sys.stdin
    console = console or Console(highlight=False, soft_wrap=True, markup=False, emoji=False)
    interactive = console.is_terminal and input_stream.isatty()
    transcript = Transcript(console, interactive)
    with _data_folder(keep_data) as folder:
        demo_secrets = DemoSecrets.kept_in(folder) if keep_data else DemoSecrets.generate()
        # A scripted demo taps faster than a person; a roomier per-chat burst keeps Telegram's
        # 1-message-a-second pause (and its log line) out of the transcript.
        emulator = BotApiEmulator(
            token=demo_secrets.bot_token,
            bot_username=DEMO_BOT_USERNAME,
            bot_name=DEMO_BOT_NAME,
            limits=RateLimits(chat_burst=20),
        )
        telegram_api_url = await emulator.start("127.0.0.1")
        try:
            display, problem = deployment_display_settings()
            settings = demo_settings(folder, telegram_api_url, demo_secrets, display)
            configure_logging(settings.log_level, settings.secrets())
            if problem is not None:
                transcript.show(
                    [f"demo: your settings have a problem ({problem}); showing the defaults."]
                )
            async with _polling_bot(settings, emulator) as bot:
                session = DemoSession(emulator, name=name, language=language)
                transcript.show(_banner(session, keep_data))
                try:
                    await converse(session, LineReader(input_stream), transcript, bot)
                finally:
                    transcript.show(_goodbye(keep_data))
        finally:
            await emulator.stop()


def _banner(session: DemoSession, keep_data: Path | None) -> list[str]:
    where = (
        f"the demo's data is kept in {keep_data}"
        if keep_data
        else "the demo's data is deleted when you stop"
    )
    return [
        "peacebot demo: the real bot in a pretend Telegram on this computer.",
        f"Nothing is sent to Telegram or the internet; {where}.",
        f"You are {session.current.name} (Telegram language {session.current.language}). "
        "Type /start to begin, a number to press a button, :help for the demo commands, "
        ":quit to stop.",
    ]


def _goodbye(keep_data: Path | None) -> list[str]:
    if keep_data:
        return [f"demo: stopped. The data is kept in {keep_data} for `--keep-data` next time."]
    return ["demo: stopped. The demo's data has been deleted."]
