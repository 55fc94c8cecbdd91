"""`peacebot broadcast ...`, `peacebot segment ...` and `peacebot worker`: send a survey
invitation, an explainer or a message to an audience, from the terminal."""

from __future__ import annotations

import asyncio
import contextlib
import html
import re
import signal
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer
import yaml
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from sqlalchemy.ext.asyncio import AsyncSession

from bot.cli_database import in_database
from bot.errors import UsageProblem
from bot.i18n import Catalogue
from bot.settings import SUPPORTED_LANGUAGES, Settings, load_settings
from services import broadcasts
from services.audit import COMMAND_LINE
from services.broadcasts import BroadcastProblem, Draft
from services.segments import (
    Segment,
    SegmentError,
    count_by_language,
    forget_segment,
    load_segment,
    parse_segment,
    save_segment,
    saved_segments,
)
from storage.models import Broadcast

broadcast_app = typer.Typer(
    help="Send a survey invitation, an explainer or your own message to an audience of "
    "participants who asked for updates. First `create` (checks everything and shows how "
    "many people, in which languages), then `preview`, then `send` (now or --at a time). "
    "The workers inside `peacebot run` (or `peacebot worker`) do the sending, at "
    "BROADCAST_RATE messages a second.",
    no_args_is_help=True,
)
segment_app = typer.Typer(
    help="Saved audiences (segments), e.g. young women in the north: "
    '`peacebot segment save young-women-north "gender=woman age=youth region=North"`. '
    "Fields: language, age (or youth), gender, region, role, source, answered, "
    "not-answered, active-since (YYYY-MM-DD or 30d).",
    no_args_is_help=True,
)

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

IdArgument = Annotated[int, typer.Argument(metavar="ID", help="The broadcast's number.")]
SegmentOption = Annotated[
    str | None,
    typer.Option(
        "--segment",
        help='Who gets it, e.g. "gender=woman age=youth region=North" (default: everyone '
        "who asked for updates).",
    ),
]


def _people(count: int) -> str:
    return f"{count} person" if count == 1 else f"{count} people"


def _problem(error: BroadcastProblem) -> UsageProblem:
    english = Catalogue().translator("en")
    return UsageProblem(english(f"broadcast-problem-{error.code}", **error.details))


def _consent_version(settings: Settings) -> str:
    from bot.factory import current_consent_version

    return current_consent_version(settings, Catalogue())


def _segment(text: str | None, settings: Settings) -> Segment:
    try:
        return parse_segment(text or "", settings.regions)
    except SegmentError as error:
        raise UsageProblem(f"--segment: {error}") from None


def _read_messages(pairs: list[str], file: Path | None) -> dict[str, str]:
    texts: dict[str, str] = {}
    if file is not None:
        try:
            loaded = yaml.safe_load(file.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
            raise UsageProblem(f"{file}: cannot read it ({error})") from None
        if not isinstance(loaded, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in loaded.items()
        ):
            raise UsageProblem(
                f"{file}: write one line per language, e.g.  en: Hello  (then ar: …, fr: …)"
            )
        texts.update(loaded)
    for pair in pairs:
        language, sep, text = pair.partition("=")
        if not sep:
            raise UsageProblem(f'--message "{pair}": write it as LANGUAGE=TEXT, e.g. en=Hello')
        texts[language.strip()] = text
    unknown = sorted(set(texts) - set(SUPPORTED_LANGUAGES))
    if unknown:
        raise UsageProblem(
            f"unknown language(s) {', '.join(unknown)}; use {', '.join(SUPPORTED_LANGUAGES)}"
        )
    return texts


@broadcast_app.command("create")
def create(
    survey: Annotated[
        str | None, typer.Option(help="Invite them to this open survey (its id).")
    ] = None,
    explainer: Annotated[str | None, typer.Option(help="Send this explainer (its id).")] = None,
    message: Annotated[
        list[str] | None,
        typer.Option(
            help="Your own words in one language, as LANGUAGE=TEXT (repeat for each "
            "language of the audience).",
        ),
    ] = None,
    message_file: Annotated[
        Path | None,
        typer.Option(help="A YAML file with your words, one line per language: `en: …`."),
    ] = None,
    segment: SegmentOption = None,
    saved: Annotated[
        str | None, typer.Option(help="Use a saved segment (see `peacebot segment list`).")
    ] = None,
) -> None:
    """Check a broadcast and record it as a draft; nothing is sent until `send`."""
    from bot.factory import open_library, open_surveys

    settings = load_settings()
    chosen = [x for x in (survey, explainer, message or message_file) if x]
    if len(chosen) != 1:
        raise UsageProblem("give exactly one of --survey, --explainer, --message/--message-file")
    if segment is not None and saved is not None:
        raise UsageProblem("give --segment or --saved, not both")
    kind = (
        broadcasts.SURVEY if survey else broadcasts.EXPLAINER if explainer else broadcasts.MESSAGE
    )
    texts = _read_messages(message or [], message_file) if kind == broadcasts.MESSAGE else {}
    consent_version = _consent_version(settings)
    library, surveys = open_library(), open_surveys(settings)

    async def work(session: AsyncSession) -> tuple[Broadcast, broadcasts.Audience]:
        audience_segment = _segment(segment, settings)
        if saved is not None:
            found = await load_segment(session, saved)
            if found is None:
                raise UsageProblem(f'no saved segment "{saved}" (see `peacebot segment list`)')
            audience_segment = found
        draft = Draft(kind, audience_segment, survey or explainer, texts, saved)
        try:
            audience = await broadcasts.check(session, draft, consent_version, library, surveys)
        except BroadcastProblem as error:
            raise _problem(error) from None
        return await broadcasts.create(session, draft, COMMAND_LINE), audience

    broadcast, audience = asyncio.run(in_database(settings, work))
    languages = ", ".join(f"{n} in {lang}" for lang, n in sorted(audience.by_language.items()))
    out.print(f"Broadcast {broadcast.id} is ready for {_people(audience.total)} ({languages}).")
    out.print(
        f"See it with `peacebot broadcast preview {broadcast.id}`; send it with "
        f"`peacebot broadcast send {broadcast.id}` (or add --at for a later time)."
    )


def _plain(text: str) -> str:
    """Telegram's HTML as a terminal shows it."""
    return html.unescape(re.sub(r"<[^>]+>", "", text))


@broadcast_app.command("preview")
def preview(broadcast_id: IdArgument) -> None:
    """Show the broadcast exactly as participants of each language will read it. Stores
    nothing."""
    from bot.factory import open_library, open_surveys
    from handlers.broadcast_screens import broadcast_screen

    settings = load_settings()
    catalogue = Catalogue()
    consent_version = _consent_version(settings)
    library, surveys = open_library(), open_surveys(settings)

    async def work(session: AsyncSession) -> tuple[Broadcast, dict[str, int]]:
        broadcast = await session.get(Broadcast, broadcast_id)
        if broadcast is None:
            raise UsageProblem(f"there is no broadcast {broadcast_id}")
        segment = broadcasts.segment_of(broadcast)
        return broadcast, await count_by_language(session, segment, consent_version)

    broadcast, by_language = asyncio.run(in_database(settings, work))
    for language in sorted(by_language) or SUPPORTED_LANGUAGES:
        screen = broadcast_screen(
            broadcast.kind,
            broadcast.subject,
            broadcasts.texts_of(broadcast),
            language,
            catalogue.translator(language),
            library,
            surveys,
            settings,
        )
        people = by_language.get(language, 0)
        out.rule(f"{language}: {_people(people)}")
        if screen is None:
            out.print("(nothing in this language: sending would be refused)")
            continue
        out.print(_plain(screen.text) if screen.html else screen.text, markup=False)
        if screen.keyboard is not None:
            labels = [button.text for row in screen.keyboard.inline_keyboard for button in row]
            out.print("buttons: " + " | ".join(f"[{label}]" for label in labels), markup=False)


def _moment(text: str, settings: Settings) -> datetime:
    try:
        moment = datetime.strptime(text.strip(), "%Y-%m-%d %H:%M")
    except ValueError:
        raise UsageProblem(
            f'--at "{text}": write the date and time as YYYY-MM-DD HH:MM, e.g. 2026-12-01 09:30'
        ) from None
    return moment.replace(tzinfo=settings.zone)


@broadcast_app.command("send")
def send(
    broadcast_id: IdArgument,
    at: Annotated[
        str | None,
        typer.Option(
            "--at",
            help="Send at this time instead of now: YYYY-MM-DD HH:MM in TIME_ZONE.",
        ),
    ] = None,
    follow: Annotated[
        bool, typer.Option("--follow", help="Show a progress bar until it has finished.")
    ] = False,
) -> None:
    """Confirm a draft: it is sent now (or at --at) by the running workers."""
    settings = load_settings()
    consent_version = _consent_version(settings)
    send_at = _moment(at, settings) if at else None

    async def work(session: AsyncSession) -> Broadcast:
        try:
            return await broadcasts.confirm(
                session, broadcast_id, COMMAND_LINE, consent_version, send_at, anyones=True
            )
        except BroadcastProblem as error:
            raise _problem(error) from None

    broadcast = asyncio.run(in_database(settings, work))
    if broadcast.status == broadcasts.SCHEDULED and broadcast.send_at is not None:
        local = broadcasts.in_utc(broadcast.send_at).astimezone(settings.zone)
        out.print(
            f"Broadcast {broadcast_id} will start at {local:%Y-%m-%d %H:%M} ({settings.time_zone})."
        )
        return
    out.print(
        f"Broadcast {broadcast_id} is on its way to {_people(broadcast.recipients)}. The "
        "workers of `peacebot run` (or `peacebot worker`) send it."
    )
    if follow:
        _follow(settings, broadcast_id)


@broadcast_app.command("cancel")
def cancel(broadcast_id: IdArgument) -> None:
    """Stop a broadcast: nothing more is sent (a message already on its way may arrive)."""
    settings = load_settings()

    async def work(session: AsyncSession) -> int:
        try:
            return await broadcasts.cancel(session, broadcast_id, COMMAND_LINE, anyones=True)
        except BroadcastProblem as error:
            raise _problem(error) from None

    called_off = asyncio.run(in_database(settings, work))
    out.print(f"Broadcast {broadcast_id} is stopped; {called_off} messages will not be sent.")


async def _progress_of(settings: Settings, broadcast_id: int) -> broadcasts.Progress:
    async def work(session: AsyncSession) -> broadcasts.Progress:
        found = await broadcasts.progress(session, broadcast_id)
        if found is None:
            raise UsageProblem(f"there is no broadcast {broadcast_id}")
        return found

    return await in_database(settings, work)


def _follow(settings: Settings, broadcast_id: int) -> None:
    async def watch() -> broadcasts.Progress:
        with Progress(
            TextColumn("broadcast {task.fields[id]}: {task.fields[status]}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn(
                "sent {task.fields[sent]} · failed {task.fields[failed]} · "
                "unreachable {task.fields[unreachable]}"
            ),
            TimeRemainingColumn(),
            console=out,
        ) as bar:
            task = bar.add_task(
                "", total=None, id=broadcast_id, status="", sent=0, failed=0, unreachable=0
            )
            while True:
                done = await _progress_of(settings, broadcast_id)
                bar.update(
                    task,
                    total=done.total or None,
                    completed=done.total - done.remaining,
                    status=done.status,
                    sent=done[broadcasts.SENT],
                    failed=done[broadcasts.FAILED],
                    unreachable=done[broadcasts.UNREACHABLE],
                )
                if done.finished:
                    return done
                await asyncio.sleep(1.0)

    try:
        asyncio.run(watch())
    except KeyboardInterrupt:
        out.print("Stopped watching; the broadcast goes on.")
        return
    _report(asyncio.run(_progress_of(settings, broadcast_id)), broadcast_id)


def _report(done: broadcasts.Progress, broadcast_id: int) -> None:
    table = Table(title=f"Broadcast {broadcast_id}: {done.status}")
    table.add_column("what")
    table.add_column("people", justify="right")
    words = {
        broadcasts.SENT: "sent",
        broadcasts.FAILED: "could not be sent",
        broadcasts.UNREACHABLE: "blocked the bot or left Telegram",
        broadcasts.SKIPPED: "not sent (stopped updates or left since)",
        broadcasts.CANCELLED: "called off (stopped)",
        broadcasts.QUEUED: "waiting",
        broadcasts.IN_FLIGHT: "being sent",
    }
    for status, label in words.items():
        if done[status]:
            table.add_row(label, str(done[status]))
    table.add_row("total", str(done.total))
    out.print(table)


@broadcast_app.command("status")
def status(
    broadcast_id: IdArgument,
    follow: Annotated[
        bool, typer.Option("--follow", help="Show a progress bar until it has finished.")
    ] = False,
) -> None:
    """How far a broadcast has gone: sent, failed, unreachable, still to send."""
    settings = load_settings()
    if follow:
        _follow(settings, broadcast_id)
        return
    _report(asyncio.run(_progress_of(settings, broadcast_id)), broadcast_id)


@broadcast_app.command("list")
def list_broadcasts(
    last: Annotated[int, typer.Option(help="How many, newest first.", min=1)] = 20,
) -> None:
    """The latest broadcasts, newest first."""
    settings = load_settings()

    async def work(session: AsyncSession) -> list[Broadcast]:
        return await broadcasts.listed(session, last)

    rows = asyncio.run(in_database(settings, work))
    if not rows:
        out.print("No broadcasts yet. Start with `peacebot broadcast create --help`.")
        return
    table = Table()
    for column in ("id", "what", "audience", "status", "people", "created"):
        table.add_column(column)
    for row in rows:
        what = row.kind + (f" {row.subject}" if row.subject else "")
        audience = row.segment_label or broadcasts.segment_of(row).describe()
        table.add_row(
            str(row.id), what, audience, row.status, str(row.recipients),
            f"{row.created_at:%Y-%m-%d %H:%M}",
        )  # fmt: skip
    out.print(table)


@segment_app.command("save")
def segment_save(
    name: Annotated[str, typer.Argument(help="A short name, e.g. young-women-north.")],
    filters: Annotated[str, typer.Argument(help='e.g. "gender=woman age=youth region=North"')],
) -> None:
    """Save an audience under a name (saving again under the same name replaces it)."""
    settings = load_settings()
    segment = _segment(filters, settings)
    consent_version = _consent_version(settings)

    async def work(session: AsyncSession) -> int:
        try:
            await save_segment(session, name, segment, COMMAND_LINE)
        except SegmentError as error:
            raise UsageProblem(str(error)) from None
        return sum((await count_by_language(session, segment, consent_version)).values())

    people = asyncio.run(in_database(settings, work))
    out.print(f'Saved "{name}": {segment.describe()} ({_people(people)} today).')


@segment_app.command("list")
def segment_list() -> None:
    """Saved audiences and how many people each reaches today."""
    settings = load_settings()
    consent_version = _consent_version(settings)

    async def work(session: AsyncSession) -> list[tuple[str, Segment, int]]:
        found = []
        for label, segment in await saved_segments(session):
            counts = await count_by_language(session, segment, consent_version)
            found.append((label, segment, sum(counts.values())))
        return found

    rows = asyncio.run(in_database(settings, work))
    if not rows:
        out.print("No saved segments. Save one with `peacebot segment save NAME FILTERS`.")
        return
    table = Table()
    for column in ("name", "filters", "people today"):
        table.add_column(column)
    for label, segment, people in rows:
        table.add_row(label, segment.describe(), str(people))
    out.print(table)


@segment_app.command("count")
def segment_count(
    filters: Annotated[str, typer.Argument(help='e.g. "gender=woman age=youth"')] = "",
) -> None:
    """How many people an audience reaches today, by language (nothing is saved)."""
    settings = load_settings()
    segment = _segment(filters, settings)
    consent_version = _consent_version(settings)

    async def work(session: AsyncSession) -> dict[str, int]:
        return await count_by_language(session, segment, consent_version)

    counts = asyncio.run(in_database(settings, work))
    parts = ", ".join(f"{n} in {lang}" for lang, n in sorted(counts.items())) or "nobody"
    out.print(f"{segment.describe()}: {_people(sum(counts.values()))} ({parts}).")


@segment_app.command("delete")
def segment_delete(name: Annotated[str, typer.Argument(help="The saved segment's name.")]) -> None:
    """Forget a saved audience (broadcasts already made with it are not affected)."""
    settings = load_settings()

    async def work(session: AsyncSession) -> bool:
        return await forget_segment(session, name)

    if not asyncio.run(in_database(settings, work)):
        raise UsageProblem(f'no saved segment "{name}" (see `peacebot segment list`)')
    out.print(f'Forgot "{name}".')


def worker_command(
    once: Annotated[
        bool,
        typer.Option("--once", help="Send what is due now, then stop (e.g. from cron)."),
    ] = False,
) -> None:
    """Send broadcasts, without answering chats: run as many as you like, on as many
    machines as you like (with REDIS_URL set they share the queue and the rate limit;
    without Redis, run only one). Set RUN_WORKER=false for `peacebot run` if all sending
    should happen here. Stops cleanly on Ctrl+C or SIGTERM."""
    from bot.log import configure_logging

    settings = load_settings()
    settings.require_bot_token()
    configure_logging(settings.log_level, settings.secrets())
    if settings.redis_url is None:
        err.print(
            "note: without REDIS_URL this worker keeps to BROADCAST_RATE by itself; do not "
            "run a second worker, or `peacebot run` with RUN_WORKER=true, at the same time.",
            markup=False,
        )
    asyncio.run(_work(settings, once))


async def _work(settings: Settings, once: bool) -> None:
    from bot.broadcast_worker import create_worker
    from bot.factory import create_bot, current_consent_version, open_runtime
    from bot.runner import check_bot_api, settle_memory
    from storage.ephemeral import MemoryEphemeralStore, RedisEphemeralStore
    from storage.recent_messages import RedisRecentMessages

    async with open_runtime(settings) as runtime:
        bot = create_bot(settings, retry_on_429=False)
        await check_bot_api(bot, settings)
        redis = runtime.redis
        worker = create_worker(
            bot,
            runtime.session_factory,
            redis,
            runtime.catalogue,
            runtime.library,
            runtime.surveys,
            settings,
            current_consent_version(settings, runtime.catalogue),
            RedisEphemeralStore(redis) if redis is not None else MemoryEphemeralStore(),
            RedisRecentMessages(redis) if redis is not None else None,
        )
        try:
            if once:
                await worker.drain()
                return
            settle_memory()
            task = asyncio.create_task(worker.run())
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGTERM, signal.SIGINT):
                loop.add_signal_handler(sig, task.cancel)
            with contextlib.suppress(asyncio.CancelledError):
                await task
        finally:
            await bot.session.close()
