"""Who may reach a staff screen: the roles of the person's pseudonym, read from the database
on every update (never what the update says), so a revoked role stops at once."""

from __future__ import annotations

from typing import Any

from aiogram.filters import Filter
from sqlalchemy.ext.asyncio import AsyncSession

from services.staff import EXPORT_ROLES, SURVEY_ROLES, roles_of


class HasRole(Filter):
    """Passes when the person holds one of `roles` (admins from ADMIN_IDS included)."""

    def __init__(self, roles: frozenset[str]) -> None:
        self.roles = roles

    async def __call__(
        self,
        event: Any,
        session: AsyncSession,
        pseudonym: str | None,
        staff_admins: frozenset[str],
    ) -> bool:
        return bool(await roles_of(session, pseudonym, staff_admins) & self.roles)


def is_staff() -> HasRole:
    """Facilitators and admins: surveys and broadcasts."""
    return HasRole(SURVEY_ROLES)


def may_export() -> HasRole:
    """Organisers and admins: exports."""
    return HasRole(EXPORT_ROLES)
