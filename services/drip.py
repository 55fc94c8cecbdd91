"""Who is due their explainer of the week: opted in, not stopped, consent in force, a chat
that can still be reached, and nothing sent within the period."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Contact, Participant


async def due_for_drip(
    session: AsyncSession, now: datetime, period: timedelta, consent_version: str
) -> list[tuple[Participant, Contact]]:
    result = await session.execute(
        select(Participant, Contact)
        .join(Contact, Contact.participant_id == Participant.id)
        .where(
            Participant.drip_opt_in.is_(True),
            Participant.stopped_at.is_(None),
            Participant.consent_version == consent_version,
            Contact.reachable.is_(True),
            or_(Participant.last_drip_at.is_(None), Participant.last_drip_at <= now - period),
        )
        .order_by(Participant.id)
    )
    return [(row[0], row[1]) for row in result.all()]


async def claim_for_drip(
    session: AsyncSession, participant_id: int, now: datetime, period: timedelta, version: str
) -> bool:
    """Take this person's turn for the period, if it is still theirs: one conditional update,
    so an opt-out, /stop or /delete since the list was read, or another process that took
    it first, means no message."""
    result = await session.execute(
        update(Participant)
        .where(
            Participant.id == participant_id,
            Participant.drip_opt_in.is_(True),
            Participant.stopped_at.is_(None),
            Participant.consent_version == version,
            or_(Participant.last_drip_at.is_(None), Participant.last_drip_at <= now - period),
        )
        .values(last_drip_at=now)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]
