"""Participants: find by pseudonym, enrol after consent, renew consent, stop, erase."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Contact, Participant, StaffGrant, utcnow


async def find_participant(session: AsyncSession, pseudonym: str) -> Participant | None:
    result = await session.execute(select(Participant).where(Participant.pseudonym == pseudonym))
    return result.scalar_one_or_none()


async def enrol_participant(
    session: AsyncSession,
    *,
    pseudonym: str,
    chat_id: int,
    language: str,
    consent_version: str,
    join_source: str | None = None,
    consented_at: datetime | None = None,
) -> Participant:
    """Create the participant and their contact row, the moment they give consent."""
    participant = Participant(
        pseudonym=pseudonym,
        language=language,
        consent_version=consent_version,
        consented_at=consented_at or utcnow(),
        join_source=join_source,
        broadcast_opt_in=False,
        silent_delivery=False,
    )
    session.add(participant)
    await session.flush()
    session.add(Contact(participant_id=participant.id, chat_id=chat_id, reachable=True))
    await session.flush()
    return participant


async def erase_participant(session: AsyncSession, participant: Participant) -> None:
    """Delete the participant (the database cascades to contact, data key and answers) and
    any staff role under their pseudonym, and commit: nobody is told "erased" before it is."""
    pseudonym = participant.pseudonym
    await session.execute(delete(Participant).where(Participant.id == participant.id))
    await session.execute(delete(StaffGrant).where(StaffGrant.pseudonym == pseudonym))
    await session.commit()
    session.expunge_all()


def has_current_consent(participant: Participant | None, consent_version: str) -> bool:
    return participant is not None and participant.consent_version == consent_version


def renew_consent(participant: Participant, consent_version: str) -> None:
    """A returning participant agreed to a new version of the notice."""
    participant.consent_version, participant.consented_at = consent_version, utcnow()
    participant.stopped_at = None


def stop(participant: Participant) -> None:
    """/stop: nothing unasked-for is sent; the data stays until /delete."""
    if participant.stopped_at is None:
        participant.stopped_at = utcnow()


def resume(participant: Participant) -> bool:
    """/start after /stop; returns whether they had stopped."""
    stopped, participant.stopped_at = participant.stopped_at is not None, None
    return stopped
