"""Who is due their explainer of the week: opted in, not stopped, consent in force, a chat
that can still be reached, and nothing sent within the period."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import or_, select
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
