"""The broadcast worker: takes deliveries from the queue and sends them at the shared pace.

It runs inside `peacebot run` (unless RUN_WORKER=false) and as `peacebot worker`, as many
as wanted on as many machines, all sharing the database (and Redis, when set). Besides
sending, every worker does a little upkeep each second: it starts scheduled broadcasts
whose time has come, marks finished ones done, and edits the facilitators' progress
messages; a conditional update or a short claim makes each of those happen once.

What Telegram answers decides what happens to a delivery:
- sent → "sent";
- 429 → every worker sharing the pace waits `retry_after`, the delivery goes back to the
  queue (not counted as an attempt);
- 403, or "chat not found" → the contact is marked unreachable and never tried again;
- another 400 → "failed", with Telegram's reason (our message was refused; retrying
  would not help);
- a network error or a 5xx → tried again after 2, 4, 8… seconds, up to
  BROADCAST_MAX_ATTEMPTS, then "failed" with the reason.

Finished deliveries ("sent", "skipped", "cancelled", "failed") are written together, a
tenth of a second after the first of them, in one transaction: a commit for each message
would cost more than the send itself. ("Unreachable" and back-to-the-queue are written at
once: they are rare, and a retry's due time must be known before anyone looks again.) Until
then a finished delivery is still "sending" under its lease, like a message on its way: a
worker killed in that tenth of a second leaves it to be sent again after the lease, which
the README's crash guarantee counts. If writes fail, they are retried (waiting up to 5 s)
and the worker takes nothing new meanwhile.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import cast

from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import InlineKeyboardMarkup
from redis.asyncio import Redis
from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import Catalogue
from bot.send_pace import (
    BatchedPace,
    CatchUp,
    ChatGate,
    LocalChatGate,
    LocalPace,
    RedisChatGate,
    RedisPace,
    SendPace,
    wait_for_slot,
)
from bot.settings import Settings
from bot.traces import MessageRecorder, current_recorder
from content.explainers import Library
from content.surveys import SurveyLibrary
from handlers.broadcast_progress import progress_screen
from handlers.broadcast_screens import broadcast_screen
from handlers.explainers import reader_for
from services import broadcasts
from services.broadcasts import (
    CANCELLED,
    DRIP,
    EXPLAINER,
    FAILED,
    IN_FLIGHT,
    QUEUED,
    SENDING,
    SENT,
    SKIPPED,
    UNREACHABLE,
)
from services.explainer_reads import record_read
from services.targeting import suggest
from storage.database import SessionFactory
from storage.delivery_queue import DatabaseQueue, DeliveryQueue, RedisStreamQueue
from storage.ephemeral import EphemeralStore
from storage.models import Broadcast, Contact, Delivery, Participant, utcnow
from storage.recent_messages import RecentMessages

log = logging.getLogger("peacebot.broadcasts")

PROGRESS_EVERY_SECONDS = 3
# How long finished deliveries wait to be written together.
WRITE_EVERY_SECONDS = 0.1
# The share of BROADCAST_RATE the workers aim for (see create_worker).
PACE_HEADROOM = 0.97


@dataclass
class WorkerCounts:
    sent: int = 0
    failed: int = 0
    unreachable: int = 0
    skipped: int = 0
    retried: int = 0
    rate_limited: int = 0
    let_go: int = 0


@dataclass(frozen=True, slots=True)
class _Recipient:
    """What sending needs of a participant and their contact: plain values read with the
    delivery (no ORM object per message)."""

    id: int
    pseudonym: str
    language: str
    consent_version: str | None
    stopped_at: datetime | None
    broadcast_opt_in: bool
    drip_opt_in: bool
    silent_delivery: bool


@dataclass(frozen=True, slots=True)
class _Chat:
    chat_id: int
    reachable: bool


@dataclass
class _Job:
    delivery_id: int
    broadcast: Broadcast
    participant: _Recipient | None
    contact: _Chat | None
    # No later than the lease the claim wrote (it was taken before claiming).
    held_until: datetime


@dataclass(frozen=True)
class _Outcome:
    """A finished delivery, waiting to be written with the others (`DeliveryWorker.write`)."""

    delivery_id: int
    status: str
    reason: str | None = None
    sent_at: datetime | None = None
    # (participant id, explainer id) when the message was an explainer: noted as read.
    read: tuple[int, str] | None = None


_delivery = cast(Table, Delivery.__table__)  # Core: one statement, executed for many rows
# Only while it is still "sending" (a later status is never overwritten). It does not tell
# this worker's hold from another's that took the delivery over after the lease ran out: a
# worker never sends what it has held for more than two thirds of the lease, and writes
# what it sent a tenth of a second later, so that only happens if writes fail for longer.
# The bind names differ from the columns' because SQLAlchemy reserves those in VALUES.
_WRITE_OUTCOME = (
    update(_delivery)
    .where(_delivery.c.id == bindparam("delivery"), _delivery.c.status == IN_FLIGHT)
    .values(
        status=bindparam("new_status"),
        reason=bindparam("why"),
        sent_at=bindparam("when_sent"),
        lease_until=None,
    )
)


# A delivery with what sending it needs, as plain columns (see _Recipient and _Chat).
_LOAD = (
    select(
        Delivery.id,
        Delivery.broadcast_id,
        Participant.id.label("participant_id"),
        Participant.pseudonym,
        Participant.language,
        Participant.consent_version,
        Participant.stopped_at,
        Participant.broadcast_opt_in,
        Participant.drip_opt_in,
        Participant.silent_delivery,
        Contact.chat_id,
        Contact.reachable,
    )
    .outerjoin(Participant, Participant.id == Delivery.participant_id)
    .outerjoin(Contact, Contact.participant_id == Delivery.participant_id)
    .order_by(Delivery.id)
)


@dataclass
class DeliveryWorker:
    bot: Bot
    sessions: SessionFactory
    queue: DeliveryQueue
    pace: SendPace
    gate: ChatGate
    claims: EphemeralStore
    catalogue: Catalogue
    library: Library
    surveys: SurveyLibrary
    settings: Settings
    consent_version: str
    recent: RecentMessages | None = None
    clock: Callable[[], datetime] = utcnow
    catch_up: CatchUp | None = None
    name: str = field(default_factory=lambda: f"worker-{secrets.token_hex(4)}")
    counts: WorkerCounts = field(default_factory=WorkerCounts)
    # Broadcast id -> (when read, status): a cancel is seen within a second, without a
    # query before every send.
    _statuses: dict[int, tuple[float, str]] = field(default_factory=dict)
    # Broadcasts being sent, as read once: what they send does not change once confirmed
    # (their status is read apart, by `_status_of`).
    _broadcasts: dict[int, Broadcast] = field(default_factory=dict)
    # One status query on its way per broadcast, whoever asks meanwhile.
    _status_reads: dict[int, asyncio.Task[str]] = field(default_factory=dict)
    # Finished deliveries not yet written, and the task that writes them shortly.
    _outcomes: list[_Outcome] = field(default_factory=list)
    _writer: asyncio.Task[None] | None = None
    _writes_failing: bool = False  # then no more is taken until a write succeeds

    @property
    def lease(self) -> timedelta:
        return timedelta(seconds=self.settings.broadcast_lease_seconds)

    @property
    def in_flight_limit(self) -> int:
        # Enough sends on their way to keep to the rate despite each one's round trip.
        return self.settings.broadcast_in_flight or max(8, math.ceil(self.settings.broadcast_rate))

    async def run(self) -> None:
        """Until cancelled. On cancel, sends already under way get a moment to finish; the
        rest keep their lease and another worker (or this one, restarted) takes them."""
        tasks: set[asyncio.Task[None]] = set()
        loop = asyncio.get_running_loop()
        next_upkeep = 0.0
        # Deliveries are taken a batch at a time, when a batch's worth of sends has finished:
        # one claim per message would cost more than the message.
        refill_at = max(1, min(self._batch, self.in_flight_limit // 20))
        room = asyncio.Event()

        def finished(task: asyncio.Task[None]) -> None:
            tasks.discard(task)
            if self.in_flight_limit - len(tasks) >= refill_at:
                room.set()

        log.info("%s: sending at most %s messages/s", self.name, self.settings.broadcast_rate)
        try:
            while True:
                if loop.time() >= next_upkeep:
                    await self._safely(self.upkeep())
                    next_upkeep = loop.time() + 1.0
                if self._writes_failing:
                    # What was sent is not being recorded: sending more would only pile up
                    # messages that look unsent and would go again after their lease.
                    await asyncio.sleep(0.5)
                    continue
                free = self.in_flight_limit - len(tasks)
                if free < refill_at:
                    room.clear()
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(room.wait(), max(0.0, next_upkeep - loop.time()))
                    continue
                try:
                    jobs = await self._take(min(free, self._batch), wait=0.5)
                except Exception as error:  # the database or Redis hiccuped: try again soon
                    log.error("%s: could not take deliveries: %s", self.name, type(error).__name__)
                    await asyncio.sleep(1.0)
                    continue
                for job in jobs:
                    task = asyncio.create_task(self._safely(self.deliver(job)))
                    tasks.add(task)
                    task.add_done_callback(finished)
        finally:
            # Within the shutdown grace in all (`peacebot run` waits no longer): sends under
            # way finish, then what was sent is written (else, still "sending", it would go
            # again after the lease), a write already under way included.
            deadline = loop.time() + self.settings.shutdown_grace_seconds
            if tasks:
                await asyncio.wait(tasks, timeout=self.settings.shutdown_grace_seconds / 2)
                for task in tasks:
                    task.cancel()
            if self._writer is not None and not self._writer.done():
                await asyncio.wait([self._writer], timeout=max(0.1, deadline - loop.time()))
            await self._safely(self.write())

    async def drain(self) -> None:
        """Send everything that is due now, then return (tests; `peacebot worker --once`)."""
        await self.upkeep()
        while True:
            await self.queue.tidy(self.clock())
            jobs = await self._take(self.in_flight_limit, wait=0)
            if not jobs:
                break
            await asyncio.gather(*(self._safely(self.deliver(job)) for job in jobs))
            if self._writer is not None and not self._writer.done():
                await self._writer  # not two writes at once (SQLite would refuse one)
            await self.write()
        await self.upkeep()

    async def _safely(self, work: Awaitable[None]) -> None:
        try:
            await work
        except asyncio.CancelledError:
            raise
        except Exception as error:
            log.exception("%s: %s", self.name, type(error).__name__)

    # ------------------------------------------------------------------ upkeep

    async def upkeep(self) -> None:
        now = self.clock()
        async with self.sessions() as session:
            if await broadcasts.start_due(session, self.consent_version, now):
                self.queue.wake()
            await self.queue.tidy(now)
            sending = await session.scalars(select(Broadcast.id).where(Broadcast.status == SENDING))
            for broadcast_id in sending.all():
                finished = await broadcasts.finish_if_done(session, broadcast_id, now)
                window = int(now.timestamp() // PROGRESS_EVERY_SECONDS)
                if finished or await self.claims.claim(
                    f"broadcast-progress:{broadcast_id}:{window}", PROGRESS_EVERY_SECONDS + 1
                ):
                    await self.show_progress(broadcast_id)

    async def show_progress(self, broadcast_id: int) -> None:
        """Edit the facilitator's progress message (if the broadcast has one)."""
        async with self.sessions() as session:
            broadcast = await session.get(Broadcast, broadcast_id)
            done = await broadcasts.progress(session, broadcast_id)
        if broadcast is None or done is None or broadcast.progress_message_id is None:
            return
        assert broadcast.progress_chat_id is not None
        i18n = self.catalogue.translator(
            broadcast.progress_language or self.settings.default_language
        )
        screen = progress_screen(
            i18n, broadcast, done, self.settings.broadcast_rate, self.settings.zone
        )
        await wait_for_slot(self.pace, self.catch_up)
        try:
            await self.bot.edit_message_text(
                text=screen.text,
                chat_id=broadcast.progress_chat_id,
                message_id=broadcast.progress_message_id,
                reply_markup=screen.keyboard,
            )
        except TelegramBadRequest as error:
            if "not modified" not in error.message:
                log.warning("progress of broadcast %s: %s", broadcast_id, _first_words(error))
        except TelegramRetryAfter as error:  # a 429 here holds every sender back too
            log.warning("progress of broadcast %s: Telegram asked to wait", broadcast_id)
            await self.pace.pause(error.retry_after)
        except (TelegramForbiddenError, TelegramNetworkError) as error:
            log.warning("progress of broadcast %s: %s", broadcast_id, type(error).__name__)

    # ------------------------------------------------------------------ sending

    @property
    def _batch(self) -> int:
        # No more at once than can be sent in a third of the lease at the rate.
        lease = self.settings.broadcast_lease_seconds
        return max(1, min(100, int(self.settings.broadcast_rate * lease / 3)))

    @property
    def _margin(self) -> timedelta:
        """A delivery is sent only this long before its lease runs out, so that no other
        worker (on a machine whose clock is a little ahead) can have taken it over."""
        return self.lease / 3

    async def _take(self, limit: int, wait: float) -> list[_Job]:
        before = self.clock()
        ids = await self.queue.take(self.name, limit, wait)
        return await self._load(ids, before + self.lease)

    async def _load(self, ids: list[int], held_until: datetime) -> list[_Job]:
        if not ids:
            return []
        async with self.sessions() as session:
            rows = (await session.execute(_LOAD.where(Delivery.id.in_(ids)))).all()
            needed = {row.broadcast_id for row in rows}
            if len(self._broadcasts) > 100:  # keep only the ones still being sent
                self._broadcasts = {
                    key: value for key, value in self._broadcasts.items() if key in needed
                }
            missing = needed - self._broadcasts.keys()
            if missing:
                found = await session.scalars(select(Broadcast).where(Broadcast.id.in_(missing)))
                for read in found.all():
                    self._broadcasts[read.id] = read
                session.expunge_all()
        jobs = []
        for row in rows:
            # Deliveries go with their broadcast (a foreign key): it is there.
            broadcast = self._broadcasts[row.broadcast_id]
            recipient = _Recipient(*row[2:10]) if row.participant_id is not None else None
            chat = _Chat(row.chat_id, row.reachable) if row.chat_id is not None else None
            jobs.append(_Job(row.id, broadcast, recipient, chat, held_until))
        return jobs

    def _reason_not_to_send(self, job: _Job) -> str | None:
        participant, contact = job.participant, job.contact
        if participant is None or contact is None:
            return "gone"
        if not contact.reachable:
            return "unreachable"
        if participant.stopped_at is not None:
            return "stopped"
        if participant.consent_version != self.consent_version:
            return "consent-changed"
        wanted = (
            participant.drip_opt_in
            if job.broadcast.kind == DRIP
            else (participant.broadcast_opt_in)
        )
        return None if wanted else "opted-out"

    async def deliver(self, job: _Job) -> None:
        if await self._status_of(job.broadcast.id) == CANCELLED:
            await self._finish(job, CANCELLED)
            return
        reason = self._reason_not_to_send(job)
        if reason is not None:
            await self._finish(job, SKIPPED, reason)
            return
        assert job.participant is not None and job.contact is not None
        participant = job.participant
        i18n = self.catalogue.translator(participant.language)
        pick = None
        if job.broadcast.kind == DRIP:
            async with self.sessions() as session:
                reader = await session.get(Participant, participant.id)
                suggestion = (
                    suggest(self.library, await reader_for(session, reader))
                    if reader is not None
                    else None
                )
            pick = suggestion.explainer if suggestion is not None else None
        screen = broadcast_screen(
            job.broadcast.kind,
            job.broadcast.subject,
            broadcasts.texts_of(job.broadcast),
            participant.language,
            i18n,
            self.library,
            self.surveys,
            self.settings,
            pick,
        )
        if screen is None:
            await self._finish(job, SKIPPED, "nothing-in-language")
            return
        wait = await self.gate.try_enter(f"broadcast-chat:{participant.id}")
        if wait > 0:  # they just got another message: theirs comes a little later
            await self._again(job, wait, attempt=False)
            return
        await wait_for_slot(self.pace, self.catch_up)
        if await self._status_of(job.broadcast.id) == CANCELLED:
            await self._finish(job, CANCELLED)
            return
        if self.clock() > job.held_until - self._margin:
            # Held too long (a slow database, a long pause): another worker may take it
            # over, so this one lets it go untouched rather than risk a second message.
            self.counts.let_go += 1
            return
        recorder = (
            MessageRecorder(self.recent, job.contact.chat_id, participant.pseudonym)
            if (self.recent is not None)
            else None
        )
        token = current_recorder.set(recorder)
        try:
            await self.bot.send_message(
                job.contact.chat_id,
                screen.text,
                parse_mode=screen.parse_mode,
                reply_markup=screen.keyboard
                if isinstance(screen.keyboard, InlineKeyboardMarkup)
                else None,
                disable_notification=participant.silent_delivery,
                # An answer that comes later than the margin could follow a takeover.
                request_timeout=max(1, int(self._margin.total_seconds() * 0.9)),
            )
        except TelegramRetryAfter as error:
            self.counts.rate_limited += 1
            log.warning("Telegram asked to wait %s s; all sending pauses", error.retry_after)
            await self.pace.pause(error.retry_after)
            await self._again(job, error.retry_after, attempt=False)
        except TelegramForbiddenError:
            await self._unreachable(job)
        except TelegramBadRequest as error:
            if _chat_is_gone(error):
                await self._unreachable(job)
            else:
                log.error(
                    "broadcast %s: Telegram refused a message: %s",
                    job.broadcast.id,
                    _first_words(error),
                )
                await self._finish(job, FAILED, _first_words(error))
        except (TelegramNetworkError, TelegramServerError) as error:
            await self._transient(job, type(error).__name__)
        else:
            await self._sent(job, pick.id if pick is not None else None)
        finally:
            current_recorder.reset(token)

    async def _status_of(self, broadcast_id: int) -> str:
        now = asyncio.get_running_loop().time()
        known = self._statuses.get(broadcast_id)
        if known is not None and now - known[0] <= 1.0:
            return known[1]
        reading = self._status_reads.get(broadcast_id)
        if reading is None:
            reading = asyncio.create_task(self._read_status(broadcast_id, now))
            self._status_reads[broadcast_id] = reading
            reading.add_done_callback(lambda _: self._status_reads.pop(broadcast_id, None))
        return await asyncio.shield(reading)

    async def _read_status(self, broadcast_id: int, now: float) -> str:
        async with self.sessions() as session:
            status = await session.scalar(
                select(Broadcast.status).where(Broadcast.id == broadcast_id)
            )
        self._statuses[broadcast_id] = (now, status or CANCELLED)
        return status or CANCELLED

    async def _sent(self, job: _Job, drip_explainer: str | None) -> None:
        self.counts.sent += 1
        explainer = drip_explainer or (
            job.broadcast.subject if job.broadcast.kind == EXPLAINER else None
        )
        read = None
        if explainer is not None and job.participant is not None:
            read = (job.participant.id, explainer)
        self._note(_Outcome(job.delivery_id, SENT, sent_at=self.clock(), read=read))

    async def _finish(self, job: _Job, status: str, reason: str | None = None) -> None:
        if status == FAILED:
            self.counts.failed += 1
        elif status == SKIPPED:
            self.counts.skipped += 1
        self._note(_Outcome(job.delivery_id, status, reason=reason))

    def _note(self, outcome: _Outcome) -> None:
        self._outcomes.append(outcome)
        if self._writer is None or self._writer.done():
            self._writer = asyncio.create_task(self._write_soon())

    async def _write_soon(self) -> None:
        pause = WRITE_EVERY_SECONDS
        while self._outcomes:
            await asyncio.sleep(pause)
            try:
                await self.write()
                pause = WRITE_EVERY_SECONDS
                self._writes_failing = False
            except Exception as error:  # kept, and tried again a little later
                log.error("%s: could not write deliveries: %s", self.name, type(error).__name__)
                pause = min(5.0, pause * 2)
                self._writes_failing = True

    async def write(self) -> None:
        """Write the finished deliveries noted so far, in one transaction. On an error they
        are kept for the next try (they are still "sending" under their lease meanwhile)."""
        outcomes, self._outcomes = self._outcomes, []
        if not outcomes:
            return
        try:
            async with self.sessions() as session:
                await session.execute(
                    _WRITE_OUTCOME,
                    [
                        {
                            "delivery": outcome.delivery_id,
                            "new_status": outcome.status,
                            "why": outcome.reason,
                            "when_sent": outcome.sent_at,
                        }
                        for outcome in outcomes
                    ],
                )
                for outcome in outcomes:
                    if outcome.read is not None:
                        participant = await session.get(Participant, outcome.read[0])
                        if participant is not None:
                            await record_read(session, participant, outcome.read[1])
                await session.commit()
        except BaseException:
            self._outcomes[:0] = outcomes
            raise

    async def _unreachable(self, job: _Job) -> None:
        """They blocked the bot (or the account is gone): never retried, by any broadcast."""
        self.counts.unreachable += 1
        now = self.clock()
        async with self.sessions() as session:
            await self._update(session, job, status=UNREACHABLE, lease_until=None)
            assert job.participant is not None
            await session.execute(
                update(Contact)
                .where(Contact.participant_id == job.participant.id)
                .values(reachable=False, unreachable_since=now)
                .execution_options(synchronize_session=False)
            )
            await session.commit()

    async def _transient(self, job: _Job, reason: str) -> None:
        async with self.sessions() as session:
            attempts = await session.scalar(
                select(Delivery.attempts).where(Delivery.id == job.delivery_id)
            )
        attempts = int(attempts or 0) + 1
        if attempts >= self.settings.broadcast_max_attempts:
            await self._finish(job, FAILED, f"{reason} after {attempts} attempts")
            return
        self.counts.retried += 1
        await self._again(job, min(300.0, 2.0**attempts), attempt=True)

    async def _again(self, job: _Job, after: float, *, attempt: bool) -> None:
        """Back to the queue, due `after` seconds from now."""
        values: dict[str, object] = {
            "status": QUEUED,
            "not_before": self.clock() + timedelta(seconds=after),
            "lease_until": None,
            "handed_at": None,
        }
        if attempt:
            values["attempts"] = Delivery.attempts + 1
        async with self.sessions() as session:
            await self._update(session, job, **values)
            await session.commit()

    async def _update(self, session: AsyncSession, job: _Job, **values: object) -> None:
        # Only while it is still ours to finish ("sending"): a cancel or another worker
        # that took over after our lease ran out is not overwritten.
        await session.execute(
            update(Delivery)
            .where(Delivery.id == job.delivery_id, Delivery.status == IN_FLIGHT)
            .values(**values)
            .execution_options(synchronize_session=False)
        )


def _chat_is_gone(error: TelegramBadRequest) -> bool:
    text = error.message.lower()
    return "chat not found" in text or "deactivated" in text or "user not found" in text


def _first_words(error: TelegramBadRequest) -> str:
    # Telegram's description names the problem, never the text we tried to send.
    return error.message.split(":", 1)[-1].strip()[:80] or "refused"


def aimed_rate(settings: Settings) -> float:
    """The pace workers keep: a little under BROADCAST_RATE, since slots are spaced exactly
    but arrivals at Telegram are not (network and event-loop jitter bunch a few together),
    and Telegram counts arrivals."""
    return settings.broadcast_rate * PACE_HEADROOM


def create_queue(
    bot_id: int,
    sessions: SessionFactory,
    redis: Redis | None,
    settings: Settings,
    clock: Callable[[], datetime] = utcnow,
) -> DeliveryQueue:
    lease = timedelta(seconds=settings.broadcast_lease_seconds)
    if redis is not None:
        stream = f"peacebot:{bot_id}:deliveries"
        return RedisStreamQueue(redis, sessions, lease, stream=stream, clock=clock)
    return DatabaseQueue(sessions, lease, clock=clock)


def create_worker(
    bot: Bot,
    sessions: SessionFactory,
    redis: Redis | None,
    catalogue: Catalogue,
    library: Library,
    surveys: SurveyLibrary,
    settings: Settings,
    consent_version: str,
    claims: EphemeralStore,
    recent: RecentMessages | None = None,
    queue: DeliveryQueue | None = None,
    clock: Callable[[], datetime] = utcnow,
) -> DeliveryWorker:
    """A worker on Redis (queue, pace and per-chat gate shared by every worker) or, without
    it, on the database and this process's own pace."""
    pace: SendPace
    gate: ChatGate
    queue = queue or create_queue(bot.id, sessions, redis, settings, clock)
    aim = aimed_rate(settings)
    if redis is not None:
        pace = BatchedPace(RedisPace(redis, aim, key=f"peacebot:{bot.id}:send-pace"))
        gate = RedisChatGate(redis, prefix=f"peacebot:{bot.id}:chat-gate")
    else:
        pace, gate = LocalPace(aim), LocalChatGate()
    return DeliveryWorker(
        bot,
        sessions,
        queue,
        pace,
        gate,
        claims,
        catalogue,
        library,
        surveys,
        settings,
        consent_version,
        recent,
        clock,
        CatchUp(aim),
    )
