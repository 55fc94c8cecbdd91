"""One committed database transaction for a CLI command, on an up-to-date database."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from bot.settings import Settings

T = TypeVar("T")


async def in_database(settings: Settings, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
    """Run `work` in one committed transaction, on a database that is up to date."""
    from storage.database import connected_engine, create_session_factory
    from storage.migrate import ensure_migrated, upgrade

    async with connected_engine(settings.database_url) as engine:
        # Like `peacebot run`: the SQLite default migrates itself, others must be upgraded.
        if settings.sqlite_path is not None:
            await upgrade(engine)
        else:
            await ensure_migrated(engine)
        async with create_session_factory(engine)() as session:
            result = await work(session)
            await session.commit()
            return result
