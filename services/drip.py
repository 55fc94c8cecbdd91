"""Who is due their explainer of the week (opted in, not stopped, consent in force, a chat
that can still be reached, nothing sent within the period), and the round that queues them
on the broadcast engine."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import exists, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import Select

from services.broadcasts import DRIP, SENDING, queue_deliveries
from storage.models import Broadcast, Contact, Delivery, Participant

DRIP_ACTOR = "drip"


def _due(now: datetime, period: timedelta, consent_version: str) -> Select[int]:
    return (
        select(Participant.id)
        .where(
            Participant.drip_opt_in.is_(True),
            Participant.stopped_at.is_(None),
            Participant.consent_version == consent_version,
            or_(Participant.last_drip_at.is_(None), Participant.last_drip_at <= now - period),
            exists().where(Contact.participant_id == Participant.id, Contact.reachable.is_(True)),
        )
        .order_by(Participant.id)
    )


async def plan_drip_round(
    session: AsyncSession, now: datetime, period: timedelta, consent_version: str
) -> Broadcast | None:
    """Queue this period's explainer for everyone due, as one broadcast of kind "drip"
    that the workers send (each person's explainer is chosen when theirs is sent). Their
    turn is taken in the same commit (last_drip_at), so a second process, or a second
    round in the same period, queues nobody twice. None when nobody is due. Commits."""
    due = _due(now, period, consent_version).subquery()
    broadcast = Broadcast(kind=DRIP, status=SENDING, created_by=DRIP_ACTOR, started_at=now)
    session.add(broadcast)
    await session.flush()
    count = await queue_deliveries(session, broadcast.id, due, now)
    if count == 0:
        await session.rollback()
        return None
    # Their turn for the period: exactly those just queued.
    await session.execute(
        update(Participant)
        .where(
            Participant.id.in_(
                select(Delivery.participant_id).where(Delivery.broadcast_id == broadcast.id)
            )
        )
        .values(last_drip_at=now)
        .execution_options(synchronize_session=False)
    )
    broadcast.recipients = count
    await session.commit()
    return broadcast
