"""The one engine and session factory; SQLite gets WAL mode and foreign keys."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

SessionFactory = async_sessionmaker[AsyncSession]


class DatabaseUnreachable(Exception):
    """The database at DATABASE_URL cannot be used; the message says where and what to check."""


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    # SQLite has one writer at a time; under a burst a commit waits its turn rather than
    # failing with "database is locked" (5 s was too short for a thousand people at once).
    cursor.execute("PRAGMA busy_timeout=30000")
    # Erased rows are overwritten on disk, not just unlinked from the b-tree.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


# Connections beyond the updates handled at once: background work (the weekly explainers)
# and a CLI command sharing the process.
SPARE_CONNECTIONS = 4


def create_engine(database_url: str, concurrent_updates: int = 16) -> AsyncEngine:
    """`concurrent_updates`: how many updates the bot handles at once (bot.middlewares.
    ConcurrencyLimit); each may hold a connection, so the pool has that many and spares."""
    url = make_url(database_url)
    pool = {"pool_size": concurrent_updates, "max_overflow": SPARE_CONNECTIONS}
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_async_engine(url, **pool)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        return engine
    return create_async_engine(url, pool_pre_ping=True, **pool)


def create_session_factory(engine: AsyncEngine) -> SessionFactory:
    return async_sessionmaker(engine, expire_on_commit=False)


@asynccontextmanager
async def connected_engine(
    database_url: str, concurrent_updates: int = 16
) -> AsyncIterator[AsyncEngine]:
    """An engine checked to connect (else DatabaseUnreachable), disposed of afterwards."""
    engine = create_engine(database_url, concurrent_updates)
    try:
        try:
            async with engine.connect() as connection:
                await connection.execute(text("SELECT 1"))
        except (OSError, OperationalError, InterfaceError) as error:
            where = make_url(database_url).render_as_string(hide_password=True)
            raise DatabaseUnreachable(
                f"DATABASE_URL: cannot use the database at {where} ({type(error).__name__}); "
                "is it running, and is the address right?"
            ) from None
        yield engine
    finally:
        await engine.dispose()
