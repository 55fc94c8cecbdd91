"""The delivery engine on its own: real workers, the real database (and Redis where set)
and the Bot API emulator answering as Telegram does (429, 403, 5xx). The facilitator's chat
flow is tested in test_broadcasts_chat.py; who is in a segment in test_segments.py."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from aiogram import Bot
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.broadcast_worker import DeliveryWorker
from bot.factory import Runtime, create_bot, current_consent_version
from emulator import BotApiEmulator, RateLimits
from services import broadcasts
from services.broadcasts import Draft
from services.my_data import participant_record
from services.participants import erase_participant
from services.pseudonyms import pseudonym_for
from services.segments import Segment
from storage.models import Contact, Delivery, Participant, utcnow
from tests.broadcasting import (
    FIRST_USER,
    drain_all,
    enrol,
    received,
    send_message,
    statuses,
    worker_for,
)


@pytest.fixture
def settings_overrides() -> dict[str, object]:
    return {"broadcast_rate": 200.0, "broadcast_lease_seconds": 2.0}


@pytest.fixture
def emulator_limits() -> RateLimits:
    return RateLimits(bot_per_second=None, chat_per_second=None)


@pytest.fixture
async def sender(runtime: Runtime, emulator: BotApiEmulator) -> AsyncIterator[Bot]:
    runtime.settings = runtime.settings.model_copy(update={"telegram_api_url": emulator.base_url})
    bot = create_bot(runtime.settings, retry_on_429=False)
    yield bot
    await bot.session.close()


async def test_each_participant_gets_it_once_in_their_language(
    runtime: Runtime, emulator: BotApiEmulator, sender: Bot
) -> None:
    english = await enrol(runtime, emulator, 12, "en")
    arabic = await enrol(runtime, emulator, 7, "ar", first=FIRST_USER + 100)
    quiet = await enrol(runtime, emulator, 3, "en", silent=True, first=FIRST_USER + 200)
    not_asked = await enrol(runtime, emulator, 4, "en", opted_in=False, first=FIRST_USER + 300)
    broadcast_id = await send_message(runtime, {"en": "Meeting on Friday", "ar": "اجتماع الجمعة"})

    await worker_for(runtime, sender).drain()

    assert received(emulator, english + quiet, "Meeting on Friday") == Counter(english + quiet)
    assert received(emulator, arabic, "اجتماع الجمعة") == Counter(arabic)
    assert received(emulator, arabic, "Meeting") == Counter()
    assert all(not emulator.messages(user) for user in not_asked)
    assert all(emulator.messages(user)[-1].disable_notification for user in quiet)
    assert not any(emulator.messages(user)[-1].disable_notification for user in english)
    assert all(emulator.messages(user)[-1].protect_content for user in english + arabic)
    assert await statuses(runtime, broadcast_id) == {"sent": 22}
    async with runtime.session_factory() as session:
        assert (await broadcasts.progress(session, broadcast_id)).status == "done"  # type: ignore[union-attr]


async def test_a_language_without_text_is_refused_and_nothing_is_queued(
    runtime: Runtime, emulator: BotApiEmulator
) -> None:
    await enrol(runtime, emulator, 2, "en")
    await enrol(runtime, emulator, 1, "fr", first=FIRST_USER + 10)
    version = current_consent_version(runtime.settings, runtime.catalogue)
    draft = Draft(broadcasts.MESSAGE, Segment(), texts={"en": "Hello"})
    async with runtime.session_factory() as session:
        with pytest.raises(broadcasts.BroadcastProblem) as refused:
            await broadcasts.check(session, draft, version, runtime.library, runtime.surveys)
        assert refused.value.code == "missing-languages"
        assert refused.value.details == {"languages": "fr", "people": 1}
        assert await session.scalar(select(func.count()).select_from(Delivery)) == 0


async def test_a_blocked_chat_is_marked_unreachable_and_never_tried_again(
    runtime: Runtime, emulator: BotApiEmulator, sender: Bot
) -> None:
    users = await enrol(runtime, emulator, 5)
    emulator.block_bot(users[0])
    first = await send_message(runtime, {"en": "First news"})
    await worker_for(runtime, sender).drain()
    assert await statuses(runtime, first) == {"sent": 4, "unreachable": 1}
    async with runtime.session_factory() as session:
        contact = await session.scalar(select(Contact).where(Contact.chat_id == users[0]))
    assert contact is not None and contact.reachable is False

    tries_before = sum(1 for c in emulator.calls if c.params.get("chat_id") == str(users[0]))
    second = await send_message(runtime, {"en": "Second news"})
    await drain_all(runtime, worker_for(runtime, sender), second)
    assert await statuses(runtime, second) == {"sent": 4}
    tries_after = sum(1 for c in emulator.calls if c.params.get("chat_id") == str(users[0]))
    assert tries_after == tries_before


async def test_a_429_pauses_all_sending_for_retry_after_and_nothing_is_lost(
    runtime: Runtime, emulator: BotApiEmulator, sender: Bot
) -> None:
    users = await enrol(runtime, emulator, 20)
    emulator.fail_next("sendMessage", 1, 429, "Too Many Requests: retry after 1")
    broadcast_id = await send_message(runtime, {"en": "Paced news"})
    worker = worker_for(runtime, sender)
    await drain_all(runtime, worker, broadcast_id)

    assert received(emulator, users, "Paced news") == Counter(users)
    sends = [c for c in emulator.calls if c.method == "sendMessage"]
    refused = [c for c in sends if c.outcome == 429]
    assert len(refused) == 1 and worker.counts.rate_limited == 1
    # Nothing reached Telegram until retry_after had passed, from any task of the worker
    # (sends already on the wire when the 429 came back are allowed: a few ms).
    later = [c for c in sends if c.at > refused[0].at + 0.05]
    assert later and min(c.at for c in later) >= refused[0].at + 1.0 - 0.05


async def test_network_errors_are_retried_then_given_up_with_the_reason(
    runtime: Runtime, emulator: BotApiEmulator, sender: Bot
) -> None:
    users = await enrol(runtime, emulator, 1)
    emulator.fail_next("sendMessage", 2, 502)
    broadcast_id = await send_message(runtime, {"en": "Retried news"})
    moment = [utcnow()]
    worker = worker_for(runtime, sender, broadcast_max_attempts=3)
    worker.clock = lambda: moment[0]
    worker.queue._clock = worker.clock  # type: ignore[attr-defined]
    await worker.drain()  # fails once: back in the queue for later
    assert (await statuses(runtime, broadcast_id)) == {"queued": 1}
    for _ in range(2):
        moment[0] += timedelta(minutes=10)
        await asyncio.sleep(1.05)  # one message a second per chat, failed tries included
        await worker.drain()
    assert received(emulator, users, "Retried news") == Counter(users)
    assert await statuses(runtime, broadcast_id) == {"sent": 1}

    emulator.fail_next("sendMessage", 5, 500, "Internal Server Error")
    again = await send_message(runtime, {"en": "Given up"})
    for _ in range(4):
        await worker.drain()
        moment[0] += timedelta(minutes=10)
        await asyncio.sleep(1.05)
    assert await statuses(runtime, again) == {"failed": 1}
    async with runtime.session_factory() as session:
        reason = await session.scalar(select(Delivery.reason).where(Delivery.broadcast_id == again))
    assert reason == "TelegramServerError after 3 attempts"


async def test_cancel_stops_what_was_not_sent(
    runtime: Runtime, emulator: BotApiEmulator, sender: Bot
) -> None:
    users = await enrol(runtime, emulator, 30)
    broadcast_id = await send_message(runtime, {"en": "Cancelled news"})
    worker = worker_for(runtime, sender, broadcast_rate=10.0)
    running = asyncio.create_task(worker.run())
    assert await emulator.wait_for(
        lambda: sum(received(emulator, users, "Cancelled news").values()) >= 3, within=10
    )
    async with runtime.session_factory() as session:
        await broadcasts.cancel(session, broadcast_id, "facilitator")
    await asyncio.sleep(1.5)  # what was on its way lands; nothing else may follow
    got = sum(received(emulator, users, "Cancelled news").values())
    await asyncio.sleep(1.5)
    running.cancel()
    await asyncio.gather(running, return_exceptions=True)
    assert sum(received(emulator, users, "Cancelled news").values()) == got < 30
    counts = await statuses(runtime, broadcast_id)
    assert counts["sent"] == got and counts["cancelled"] == 30 - got


async def test_opting_out_after_confirming_means_no_message(
    runtime: Runtime, emulator: BotApiEmulator, sender: Bot
) -> None:
    users = await enrol(runtime, emulator, 3)
    broadcast_id = await send_message(runtime, {"en": "Late opt-out"})
    async with runtime.session_factory() as session:
        await session.execute(
            update(Participant)
            .where(
                Participant.id
                == select(Contact.participant_id)
                .where(Contact.chat_id == users[0])
                .scalar_subquery()
            )
            .values(broadcast_opt_in=False)
        )
        await session.commit()
    await worker_for(runtime, sender).drain()
    assert received(emulator, users, "Late opt-out") == Counter(users[1:])
    assert await statuses(runtime, broadcast_id) == {"sent": 2, "skipped": 1}


async def test_a_dead_workers_deliveries_are_taken_over_after_its_lease(
    runtime: Runtime, emulator: BotApiEmulator, sender: Bot
) -> None:
    users = await enrol(runtime, emulator, 6)
    broadcast_id = await send_message(runtime, {"en": "Taken over"})
    dead = worker_for(runtime, sender)
    await dead.queue.tidy(utcnow())
    taken = await dead.queue.take(dead.name, 2, wait=0)  # …and then it dies
    assert len(taken) == 2
    alive = worker_for(runtime, sender)
    await alive.drain()
    assert await statuses(runtime, broadcast_id) == {"sent": 4, "sending": 2}
    await asyncio.sleep(runtime.settings.broadcast_lease_seconds + 0.5)
    await alive.drain()
    assert await statuses(runtime, broadcast_id) == {"sent": 6}
    assert received(emulator, users, "Taken over") == Counter(users)


async def test_what_was_sent_is_written_after_a_database_hiccup_and_not_sent_again(
    runtime: Runtime, emulator: BotApiEmulator, sender: Bot
) -> None:
    """Finished deliveries are written together a moment after sending; if the database
    refuses that write, they stay "sending" (on their way) and the write is tried again."""
    users = await enrol(runtime, emulator, 5)
    broadcast_id = await send_message(runtime, {"en": "Written later"})
    worker = worker_for(runtime, sender)
    real_sessions, refusing = worker.sessions, [False]

    def sessions() -> AsyncSession:
        if refusing[0]:
            raise ConnectionError("the database is unreachable")
        return real_sessions()

    worker.sessions = sessions  # type: ignore[assignment]
    await worker.queue.tidy(utcnow())  # as the worker's upkeep does (fills Redis's stream)
    jobs = await worker._take(10, wait=0)
    await worker._status_of(broadcast_id)  # known for the next second: no query to refuse
    refusing[0] = True
    await asyncio.gather(*(worker.deliver(job) for job in jobs))
    assert received(emulator, users, "Written later") == Counter(users)
    await asyncio.sleep(0.5)  # the write was tried (twice) and refused
    assert await statuses(runtime, broadcast_id) == {"sending": 5}
    refusing[0] = False
    for _ in range(30):
        await asyncio.sleep(0.2)
        if await statuses(runtime, broadcast_id) == {"sent": 5}:
            break
    assert await statuses(runtime, broadcast_id) == {"sent": 5}
    await worker.drain()
    assert received(emulator, users, "Written later") == Counter(users), "nobody got it twice"


async def test_two_workers_at_once_send_each_message_once(
    runtime: Runtime, emulator: BotApiEmulator, sender: Bot
) -> None:
    users = await enrol(runtime, emulator, 120)
    other_bot = create_bot(runtime.settings, retry_on_429=False)
    try:
        broadcast_id = await send_message(runtime, {"en": "Shared work"})
        workers = [worker_for(runtime, sender), worker_for(runtime, other_bot)]
        tasks = [asyncio.create_task(w.run()) for w in workers]
        assert await emulator.wait_for(
            lambda: sum(received(emulator, users, "Shared work").values()) >= 120, within=30
        )
        await asyncio.sleep(0.5)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    finally:
        await other_bot.session.close()
    assert received(emulator, users, "Shared work") == Counter(users)
    assert all(w.counts.sent > 0 for w in workers), [w.counts for w in workers]
    assert (await statuses(runtime, broadcast_id))["sent"] == 120


async def test_what_they_were_sent_is_in_their_data_and_erased_with_them(
    runtime: Runtime, emulator: BotApiEmulator, sender: Bot
) -> None:
    users = await enrol(runtime, emulator, 2)
    broadcast_id = await send_message(runtime, {"en": "Yours to see"})
    await worker_for(runtime, sender).drain()
    pepper = runtime.settings.require_pepper()
    async with runtime.session_factory() as session:
        participant = await session.scalar(
            select(Participant).where(Participant.pseudonym == pseudonym_for(pepper, users[0]))
        )
        assert participant is not None
        record = await participant_record(
            session, participant, runtime.settings.require_master_key()
        )
        assert [(b.kind, b.status) for b in record.broadcasts] == [("message", "sent")]
        assert '"broadcasts"' in record.to_json("about")
        await erase_participant(session, participant)
        await session.commit()
        left = await session.scalar(
            select(func.count()).select_from(Delivery).where(Delivery.broadcast_id == broadcast_id)
        )
    assert left == 1  # only the other person's


async def test_a_scheduled_broadcast_starts_when_the_workers_clock_reaches_it(
    runtime: Runtime, emulator: BotApiEmulator, sender: Bot
) -> None:
    users = await enrol(runtime, emulator, 3)
    version = current_consent_version(runtime.settings, runtime.catalogue)
    now = utcnow()
    start = now + timedelta(days=2, hours=3)
    draft = Draft(broadcasts.MESSAGE, Segment(), texts={"en": "On the day"})
    async with runtime.session_factory() as session:
        created = await broadcasts.create(session, draft, "facilitator")
        scheduled = await broadcasts.confirm(session, created.id, "facilitator", version, start)
    assert scheduled.status == "scheduled"
    moment = [now]

    def worker_at() -> DeliveryWorker:
        return worker_for(runtime, sender, clock=lambda: moment[0])

    for moment[0] in (now + timedelta(days=1), start - timedelta(seconds=1)):
        await worker_at().drain()
        assert received(emulator, users, "On the day") == Counter()
        assert await statuses(runtime, created.id) == {}  # nothing queued before its time
    moment[0] = start + timedelta(seconds=1)
    await worker_at().drain()
    assert received(emulator, users, "On the day") == Counter(users)
    async with runtime.session_factory() as session:
        done = await broadcasts.progress(session, created.id)
    assert done is not None and done.status == "done" and done.counts == {"sent": 3}
