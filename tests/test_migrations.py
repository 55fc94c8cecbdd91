"""Migrations: they build exactly the models' schema, on SQLite and on PostgreSQL."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError

from bot.factory import open_runtime
from bot.settings import Settings
from storage.database import create_engine
from storage.migrate import (
    DatabaseNotMigrated,
    current_revision,
    downgrade,
    ensure_migrated,
    head_revision,
    upgrade,
)
from storage.models import Base
from tests.conftest import TEST_DATABASE_URL

FORBIDDEN_COLUMNS = {
    "username",
    "first_name",
    "last_name",
    "phone",
    "phone_number",
    "location",
    "name",
}


async def test_upgrade_reaches_head_and_matches_the_models(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        assert await current_revision(engine) is None
        await upgrade(engine)
        assert await current_revision(engine) == head_revision()

        def differences(connection: Connection) -> list[object]:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            return list(compare_metadata(context, Base.metadata))

        async with engine.connect() as connection:
            assert await connection.run_sync(differences) == []
            tables = await connection.run_sync(lambda c: set(inspect(c).get_table_names()))
        assert {"participants", "contacts", "data_keys", "staff_grants", "audit_log"} <= tables
    finally:
        await engine.dispose()


async def test_downgrade_to_nothing_and_back(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        await upgrade(engine)
        await downgrade(engine, "base")
        async with engine.connect() as connection:
            tables = await connection.run_sync(lambda c: set(inspect(c).get_table_names()))
        assert tables <= {"alembic_version"}
        await upgrade(engine)
        assert await current_revision(engine) == head_revision()
    finally:
        await engine.dispose()


async def test_an_unmigrated_database_is_refused_with_the_command_to_run(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        with pytest.raises(DatabaseNotMigrated, match="peacebot db upgrade"):
            await ensure_migrated(engine)
    finally:
        await engine.dispose()


@pytest.mark.skipif(TEST_DATABASE_URL is None, reason="SQLite is migrated automatically")
async def test_run_refuses_an_unmigrated_postgresql(settings: Settings) -> None:
    with pytest.raises(DatabaseNotMigrated):
        async with open_runtime(settings):
            pass


async def test_the_sqlite_default_is_migrated_on_start(settings: Settings) -> None:
    if settings.sqlite_path is None:
        pytest.skip("only the SQLite default migrates itself")
    async with open_runtime(settings) as runtime:
        assert await current_revision(runtime.engine) == head_revision()
        async with runtime.engine.connect() as connection:
            mode = (await connection.execute(text("PRAGMA journal_mode"))).scalar_one()
            keys = (await connection.execute(text("PRAGMA foreign_keys"))).scalar_one()
        assert mode == "wal"
        assert keys == 1


def test_no_column_can_hold_a_name_phone_or_location() -> None:
    for table in Base.metadata.tables.values():
        assert not {c.name for c in table.columns} & FORBIDDEN_COLUMNS, table.name


async def test_the_audit_log_is_append_only(migrated: Settings) -> None:
    engine = create_engine(migrated.database_url)
    try:
        async with engine.begin() as connection:
            await connection.execute(
                text(
                    "INSERT INTO audit_log (at, actor, action, details, previous_hash, entry_hash) "
                    "VALUES (CURRENT_TIMESTAMP, 'cli', 'test', '{}', '', 'h1')"
                )
            )
        for statement in ("UPDATE audit_log SET action = 'edited'", "DELETE FROM audit_log"):
            with pytest.raises(DBAPIError, match="append-only"):
                async with engine.begin() as connection:
                    await connection.execute(text(statement))
        async with engine.connect() as connection:
            rows = (await connection.execute(text("SELECT action FROM audit_log"))).all()
        assert [tuple(r) for r in rows] == [("test",)]
    finally:
        await engine.dispose()
