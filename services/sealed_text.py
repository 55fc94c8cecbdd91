"""Sealing a participant's free text with their own data key, and opening it again."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from services.encryption import (
    new_data_key,
    open_text,
    seal_text,
    unwrap_data_key,
    wrap_data_key,
)
from storage.models import DataKey, Participant


class DataKeyDestroyed(Exception):
    """The participant was erased: their data key, and so their text, is gone."""


async def _wrapped_key(session: AsyncSession, participant_id: int) -> bytes | None:
    result = await session.execute(
        select(DataKey.wrapped_key).where(DataKey.participant_id == participant_id)
    )
    return result.scalar_one_or_none()


async def _data_key(
    session: AsyncSession, master_key: bytes, participant: Participant, *, create: bool
) -> bytes:
    wrapped = await _wrapped_key(session, participant.id)
    if wrapped is not None:
        return unwrap_data_key(master_key, wrapped, participant.pseudonym)
    if not create:
        raise DataKeyDestroyed("this participant has no data key")
    data_key = new_data_key()
    session.add(
        DataKey(
            participant_id=participant.id,
            wrapped_key=wrap_data_key(master_key, data_key, participant.pseudonym),
        )
    )
    await session.flush()
    return data_key


async def seal_for(
    session: AsyncSession, master_key: bytes, participant: Participant, text: str, context: str
) -> bytes:
    """Encrypt `text` for storage; `context` names where it is stored (e.g. "answer:17")."""
    data_key = await _data_key(session, master_key, participant, create=True)
    return seal_text(data_key, text, context)


async def open_for(
    session: AsyncSession, master_key: bytes, participant: Participant, blob: bytes, context: str
) -> str:
    data_key = await _data_key(session, master_key, participant, create=False)
    return open_text(data_key, blob, context)
