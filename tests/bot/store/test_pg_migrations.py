"""PostgreSQL's migrations: numbered as SQLite's, applied once by many processes starting together, and a
database from a newer bot refused."""

from __future__ import annotations

import asyncio

import asyncpg
import pytest

from bot.store import NewerDatabaseError, open_store
from bot.store._migrations import MIGRATIONS as SQLITE
from bot.store._pg_migrations import MIGRATIONS as POSTGRES

POSTGRESQL_ONLY = pytest.mark.parametrize("where", ["postgresql"], indirect=True)


def test_both_backends_number_and_name_their_versions_alike():
    assert [(version, name) for version, name, _ in POSTGRES] == [(version, name) for version, name, _ in SQLITE]


@POSTGRESQL_ONLY
async def test_processes_starting_at_once_apply_each_migration_once(where):
    stores = await asyncio.gather(*(open_store(where) for _ in range(4)))
    try:
        rows = await stores[0].pool.fetch("SELECT version FROM schema_version ORDER BY version")
        assert [row["version"] for row in rows] == [version for version, _, _ in POSTGRES]
    finally:
        await asyncio.gather(*(store.close() for store in stores))


@POSTGRESQL_ONLY
async def test_a_database_from_a_newer_bot_is_refused_and_left_alone(where):
    store = await open_store(where)
    await store.pool.execute("INSERT INTO schema_version (version, name) VALUES (999, 'from the future')")
    await store.close()
    with pytest.raises(NewerDatabaseError, match="newer Show Companion"):
        await open_store(where)
    connection = await asyncpg.connect(where)
    try:
        assert await connection.fetchval("SELECT COUNT(*) FROM schema_version WHERE version = 999") == 1
    finally:
        await connection.close()
