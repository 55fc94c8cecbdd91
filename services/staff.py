"""Staff roles (admin, facilitator, organiser), granted explicitly and checked server-side.

Admins are bootstrapped from the ADMIN_IDS setting; they grant the other roles. Roles are
kept under the person's pseudonym, never their Telegram id.
"""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from services import audit
from services.pseudonyms import pseudonym_for
from storage.models import StaffGrant

ADMIN, FACILITATOR, ORGANISER = "admin", "facilitator", "organiser"
ROLES = (ADMIN, FACILITATOR, ORGANISER)
# Who may list, preview, open and close surveys and see their counts.
SURVEY_ROLES = frozenset({ADMIN, FACILITATOR})
# Who may take answers out (exports): facilitators run surveys but do not export them.
EXPORT_ROLES = frozenset({ADMIN, ORGANISER})


class UnknownRole(Exception):
    def __init__(self, role: str) -> None:
        super().__init__(f'unknown role "{role}"; use one of: {", ".join(ROLES)}')


def admin_pseudonyms(pepper: bytes, admin_ids: list[int]) -> frozenset[str]:
    return frozenset(pseudonym_for(pepper, telegram_id) for telegram_id in admin_ids)


async def roles_of(
    session: AsyncSession, pseudonym: str | None, admins: frozenset[str]
) -> frozenset[str]:
    if pseudonym is None:
        return frozenset()
    granted = await session.scalars(
        select(StaffGrant.role).where(StaffGrant.pseudonym == pseudonym)
    )
    roles = set(granted.all())
    if pseudonym in admins:
        roles.add(ADMIN)
    return frozenset(roles)


async def grant(session: AsyncSession, pseudonym: str, role: str, granted_by: str) -> bool:
    """Give `role`; False if they had it already. Audited; commits."""
    if role not in ROLES:
        raise UnknownRole(role)
    if await _has(session, pseudonym, role):
        return False

    async def apply() -> None:
        session.add(StaffGrant(pseudonym=pseudonym, role=role, granted_by=granted_by))

    details: dict[str, object] = {"pseudonym": pseudonym, "role": role}
    await audit.commit_recorded(session, granted_by, "staff.grant", details, apply)
    return True


async def revoke(session: AsyncSession, pseudonym: str, role: str, revoked_by: str) -> bool:
    """Take `role` away; False if they did not have it. Audited; commits."""
    if role not in ROLES:
        raise UnknownRole(role)
    if not await _has(session, pseudonym, role):
        return False

    async def apply() -> None:
        await session.execute(
            delete(StaffGrant).where(StaffGrant.pseudonym == pseudonym, StaffGrant.role == role)
        )

    details: dict[str, object] = {"pseudonym": pseudonym, "role": role}
    await audit.commit_recorded(session, revoked_by, "staff.revoke", details, apply)
    return True


async def _has(session: AsyncSession, pseudonym: str, role: str) -> bool:
    found = await session.scalar(
        select(StaffGrant.id).where(StaffGrant.pseudonym == pseudonym, StaffGrant.role == role)
    )
    return found is not None


async def grants(session: AsyncSession) -> list[StaffGrant]:
    rows = await session.scalars(
        select(StaffGrant).order_by(StaffGrant.role, StaffGrant.granted_at)
    )
    return list(rows.all())
