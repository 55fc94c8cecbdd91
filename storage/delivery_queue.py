"""The durable queue broadcast workers take deliveries from: the database alone, or a Redis
stream in front of it when REDIS_URL is set.

Either way the `deliveries` table is the truth. A worker owns a delivery only after one
conditional UPDATE moved it from "queued" (or "sending" with a lease run out) to
"sending" with a new lease; two workers cannot both win it, so nothing is sent twice. A
worker killed at any moment leaves its deliveries "queued" (never taken) or "sending"
with a lease that runs out, after which another worker takes them again: nothing is lost,
and only a message that was on its way when the worker died can arrive twice.

Why a plain Redis stream and not arq or taskiq: those queue *function calls*, and their
own retries and acknowledgements would sit beside the table's, which must stay the only
record of what was sent. What the table needs from Redis is a fair, blocking hand-out of
ids to many workers on many machines: a stream with a consumer group does exactly that
(XREADGROUP), and keeps what a dead consumer read but never acknowledged (XAUTOCLAIM).
Entries are acknowledged as soon as the database claim is committed; from then on the
lease covers the delivery.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any, Protocol

from redis.asyncio import Redis
from redis.exceptions import ResponseError
from sqlalchemy import and_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.database import SessionFactory
from storage.models import Delivery, utcnow

log = logging.getLogger("peacebot.broadcasts")

# A delivery waiting its turn, and one a worker holds (services.broadcasts has the rest).
QUEUED, IN_FLIGHT = "queued", "sending"


def _takeable(now: datetime) -> object:
    return or_(
        and_(Delivery.status == QUEUED, Delivery.not_before <= now),
        and_(Delivery.status == IN_FLIGHT, Delivery.lease_until < now),
    )


async def claim(
    session: AsyncSession,
    now: datetime,
    lease: timedelta,
    limit: int,
    among: Sequence[int] | None = None,
) -> list[int]:
    """Take up to `limit` deliveries that are due (or whose worker's lease ran out), among
    the given ids if any. One UPDATE … RETURNING; on PostgreSQL the rows are picked with
    FOR UPDATE SKIP LOCKED so workers do not queue behind each other. Commits."""
    candidates = select(Delivery.id).where(_takeable(now))  # type: ignore[arg-type]
    if among is not None:
        candidates = candidates.where(Delivery.id.in_(among))
    picked = (
        candidates.order_by(Delivery.id).limit(limit).with_for_update(skip_locked=True)
    ).scalar_subquery()
    result = await session.execute(
        update(Delivery)
        .where(Delivery.id.in_(picked), _takeable(now))  # type: ignore[arg-type]
        .values(status=IN_FLIGHT, lease_until=now + lease)
        .returning(Delivery.id)
        .execution_options(synchronize_session=False)
    )
    taken = sorted(result.scalars().all())
    await session.commit()
    return taken


class DeliveryQueue(Protocol):
    async def take(self, worker: str, limit: int, wait: float) -> list[int]:
        """Claim up to `limit` deliveries for this worker, waiting up to `wait` seconds for
        some to be due; returns their ids (now "sending", leased to this worker)."""

    async def tidy(self, now: datetime) -> None:
        """Regular upkeep, called every second or so by each worker."""

    def wake(self) -> None:
        """Something was queued in this process: stop waiting."""


class DatabaseQueue:
    """The embedded default: workers poll the table (a short wait when there is nothing)."""

    def __init__(
        self,
        session_factory: SessionFactory,
        lease: timedelta,
        poll: float = 0.25,
        clock: Callable[[], datetime] = utcnow,
    ):
        self._sessions, self._lease, self._poll = session_factory, lease, poll
        self._clock = clock
        self._queued = asyncio.Event()

    async def take(self, worker: str, limit: int, wait: float) -> list[int]:
        deadline = asyncio.get_running_loop().time() + wait
        while True:
            async with self._sessions() as session:
                # A read first: an idle worker must not take SQLite's write lock each poll.
                now = self._clock()
                due = await session.scalar(
                    select(Delivery.id).where(_takeable(now)).limit(1)  # type: ignore[arg-type]
                )
                taken = await claim(session, now, self._lease, limit) if due is not None else []
            left = deadline - asyncio.get_running_loop().time()
            if taken or left <= 0:
                return taken
            self._queued.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._queued.wait(), min(self._poll, left))

    async def tidy(self, now: datetime) -> None:
        return None

    def wake(self) -> None:
        self._queued.set()


class RedisStreamQueue:
    """Deliveries' ids handed out through a Redis stream with one consumer group.

    `tidy` keeps the stream topped up from the table: due deliveries that were never put
    on it (or were put long enough ago that the entry must have been lost) are added, a
    couple of hundred at a time, so the stream stays short and each entry is read well within a
    lease. Extra copies of an id are harmless: the database claim lets one through. Besides
    each worker's upkeep, the stream is topped up when a worker finds it short (at most
    every FILL_EVERY seconds) and at once when this process queued something (`wake`), so a
    broadcast's first message leaves as soon as it is confirmed."""

    GROUP = "workers"
    FILL_EVERY = 0.25

    def __init__(
        self,
        redis: Redis,
        session_factory: SessionFactory,
        lease: timedelta,
        stream: str = "peacebot:deliveries",
        batch: int = 200,
        clock: Callable[[], datetime] = utcnow,
    ):
        self._redis, self._sessions, self._lease = redis, session_factory, lease
        self._clock = clock
        self._stream, self._batch = stream, batch
        self._group_ready = False
        self._filled_at = -math.inf  # on the event loop's clock
        self._found_work = False  # the last top-up found deliveries to hand out
        self._wake_again = False
        self._filling: asyncio.Task[None] | None = None
        self._queued = asyncio.Event()

    async def _ensure_group(self) -> None:
        if self._group_ready:
            return
        try:
            await self._redis.xgroup_create(self._stream, self.GROUP, id="0", mkstream=True)
        except ResponseError as error:
            if "BUSYGROUP" not in str(error):
                raise
        self._group_ready = True

    async def take(self, worker: str, limit: int, wait: float) -> list[int]:
        if not self._group_ready and not await self._redis.exists(self._stream):
            # Nothing was ever queued: no stream (and no key in Redis) until the upkeep's
            # `tidy` or a `wake` finds something. Waits for `wake` or the time given.
            self._queued.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._queued.wait(), wait)
            return []
        await self._ensure_group()
        idle_ms = int(self._lease.total_seconds() * 1000)
        # First what a dead worker read but never acknowledged, then new entries.
        claimed = await self._redis.xautoclaim(
            self._stream, self.GROUP, worker, idle_ms, "0-0", count=limit
        )
        entries: list[tuple[bytes, dict[bytes, bytes]]] = list(claimed[1])
        if len(entries) < limit:
            entries += await self._read(worker, limit - len(entries), block=None)
        if len(entries) < limit:
            await self._fill()
            entries += await self._read(worker, limit - len(entries), block=None)
        if not entries and wait > 0:
            entries += await self._read(worker, limit, block=max(1, int(wait * 1000)))
        if not entries:
            return []
        ids = []
        for _, fields in entries:
            raw = fields.get(b"d") if fields else None
            if raw is not None and raw.isdigit():
                ids.append(int(raw))
        async with self._sessions() as session:
            taken = await claim(session, self._clock(), self._lease, len(ids), among=ids)
            left = sorted(set(ids) - set(taken))
            if left:
                # Not due yet (a retry's wait, or this machine's clock is behind): `tidy`
                # hands it out again once it is due, rather than a lease later.
                await session.execute(
                    update(Delivery)
                    .where(Delivery.id.in_(left), Delivery.status == QUEUED)
                    .values(handed_at=None)
                    .execution_options(synchronize_session=False)
                )
                await session.commit()
        # Claimed (the lease covers them now) or not takeable (sent, cancelled, not yet due:
        # `tidy` puts those back when due): either way the entries are done with.
        entry_ids = [entry_id for entry_id, _ in entries]
        async with self._redis.pipeline(transaction=False) as pipe:
            pipe.xack(self._stream, self.GROUP, *entry_ids)
            pipe.xdel(self._stream, *entry_ids)
            await pipe.execute()
        return taken

    async def _read(
        self, worker: str, count: int, block: int | None
    ) -> list[tuple[bytes, dict[bytes, bytes]]]:
        fresh: list[Any] = await self._redis.xreadgroup(  # type: ignore[assignment]
            self.GROUP, worker, {self._stream: ">"}, count=count, block=block
        )
        return [entry for _stream, items in fresh or [] for entry in items]

    async def _fill(self, force: bool = False) -> None:
        """Top the stream up from the table, unless that was done a moment ago or found
        nothing to add (then the upkeep's `tidy`, or `wake`, starts the next broadcast: an
        idle worker does not query the table four times a second)."""
        started = asyncio.get_running_loop().time()
        if not force and (not self._found_work or started - self._filled_at < self.FILL_EVERY):
            return
        self._filled_at = started
        await self.tidy(self._clock())

    async def tidy(self, now: datetime) -> None:
        if await self._redis.xlen(self._stream) >= self._batch:
            self._found_work = True
            return
        stale = now - self._lease
        async with self._sessions() as session:
            due = (
                select(Delivery.id)
                .where(
                    _takeable(now),  # type: ignore[arg-type]
                    or_(Delivery.handed_at.is_(None), Delivery.handed_at < stale),
                )
                .order_by(Delivery.id)
                .limit(self._batch)
                .with_for_update(skip_locked=True)
                .scalar_subquery()
            )
            result = await session.execute(
                update(Delivery)
                .where(Delivery.id.in_(due))
                .values(handed_at=now)
                .returning(Delivery.id)
                .execution_options(synchronize_session=False)
            )
            ids = sorted(result.scalars().all())
            await session.commit()
        self._found_work = bool(ids)
        if ids:
            await self._ensure_group()
            async with self._redis.pipeline(transaction=False) as pipe:
                for delivery_id in ids:
                    pipe.xadd(self._stream, {"d": str(delivery_id)})
                await pipe.execute()

    def wake(self) -> None:
        # Put what was just queued on the stream now, for every worker on every machine,
        # rather than at the next upkeep; then an idle worker in this process stops waiting.
        if self._filling is None or self._filling.done():
            self._filling = asyncio.get_running_loop().create_task(self._fill_now())
        else:  # a top-up under way may have looked before this was committed
            self._wake_again = True

    async def _fill_now(self) -> None:
        try:
            while True:
                self._wake_again = False
                await self._fill(force=True)
                if not self._wake_again:
                    break
        except Exception as error:  # the upkeep tries again within a second
            log.warning("could not fill the delivery stream: %s", type(error).__name__)
        finally:
            self._queued.set()
