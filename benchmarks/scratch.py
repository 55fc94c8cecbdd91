"""What every benchmark needs around it: a scratch database (a temporary SQLite file, or a
PostgreSQL database created and dropped on the given server) and an emptied Redis."""

from __future__ import annotations

import os
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from redis.asyncio import Redis
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine


@asynccontextmanager
async def scratch_database(
    database_url: str | None, purpose: str
) -> AsyncIterator[tuple[str, str]]:
    """(URL to use, description): a temporary SQLite file, or a PostgreSQL database created
    on the given server for this run (bench_<purpose>_<pid>) and dropped afterwards."""
    if database_url is None:
        with tempfile.TemporaryDirectory(prefix=f"peacebot-{purpose}-") as folder:
            url = f"sqlite+aiosqlite:///{Path(folder) / 'bench.sqlite3'}"
            yield url, "SQLite (temporary file)"
        return
    server = make_url(database_url)
    if server.get_backend_name() != "postgresql":
        raise SystemExit("--database-url must be a postgresql+asyncpg:// URL")
    name = f"bench_{purpose}_{os.getpid()}"
    # CREATE / DROP DATABASE cannot run in a transaction: an AUTOCOMMIT connection, through
    # asyncpg, to the database the URL names (only connected to, never changed).
    admin = create_async_engine(server, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as connection:
            await connection.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield (
                server.set(database=name).render_as_string(hide_password=False),
                f"PostgreSQL {server.host}:{server.port or 5432}, scratch database {name}",
            )
        finally:
            async with admin.connect() as connection:
                await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        await admin.dispose()


@asynccontextmanager
async def emptied_redis(redis_url: str | None) -> AsyncIterator[str]:
    if redis_url is None:
        yield "in process (no Redis)"
        return
    redis = Redis.from_url(redis_url)
    try:
        await redis.flushdb()
        yield f"Redis {redis_url} (emptied before and after)"
    finally:
        await redis.flushdb()
        await redis.aclose()
