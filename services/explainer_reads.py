"""What a participant has read and how they rated it, against their participant row only."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ExplainerRead, Participant, utcnow


@dataclass(frozen=True)
class ReadingHistory:
    read: frozenset[str]
    unhelpful: frozenset[str]


async def record_read(session: AsyncSession, participant: Participant, explainer_id: str) -> None:
    row = await session.get(ExplainerRead, (participant.id, explainer_id))
    if row is None:
        session.add(ExplainerRead(participant_id=participant.id, explainer_id=explainer_id))
    else:
        row.read_at = utcnow()
    await session.flush()


async def rate(
    session: AsyncSession, participant: Participant, explainer_id: str, helpful: bool
) -> None:
    """A rating counts only for an explainer they were shown; a second tap changes it."""
    row = await session.get(ExplainerRead, (participant.id, explainer_id))
    if row is not None:
        row.helpful = helpful
        await session.flush()


async def reading_history(session: AsyncSession, participant: Participant) -> ReadingHistory:
    rows = (
        await session.execute(
            select(ExplainerRead.explainer_id, ExplainerRead.helpful).where(
                ExplainerRead.participant_id == participant.id
            )
        )
    ).all()
    return ReadingHistory(
        read=frozenset(row[0] for row in rows),
        unhelpful=frozenset(row[0] for row in rows if row[1] is False),
    )
