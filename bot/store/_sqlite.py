"""SQLite through aiosqlite: one file, WAL, migrations at open. The only module besides its mixins with SQL."""

from __future__ import annotations

import asyncio
from pathlib import Path

import aiosqlite

from bot.store._codec import now, stamp
from bot.store._migrations import MIGRATIONS
from bot.store._progress import ProgressTables
from bot.store._schedules import ScheduleTables
from bot.store._slack_installations import SlackInstallTables
from bot.store._trivia import TriviaTables
from bot.store._watchparty import WatchPartyTables


class SqliteStore(ProgressTables, SlackInstallTables, TriviaTables, WatchPartyTables, ScheduleTables):
    """The SQLite store: connection and migrations here, each area's queries in its own mixin module."""

    def __init__(self, db: aiosqlite.Connection) -> None:
        self.db = db
        self.write_lock = asyncio.Lock()

    @classmethod
    async def open(cls, path: str | Path) -> SqliteStore:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        db = await aiosqlite.connect(str(path), isolation_level=None)
        db.row_factory = aiosqlite.Row  # rows are read by column name (bot/store/_rows.py)
        try:
            await db.execute("PRAGMA journal_mode=WAL")
            await db.execute("PRAGMA synchronous=FULL")
            await db.execute("PRAGMA foreign_keys=ON")
            await db.execute("PRAGMA busy_timeout=30000")
            await migrate(db)
        except BaseException:
            await db.close()
            raise
        return cls(db)

    async def close(self) -> None:
        await self.db.close()


class NewerDatabaseError(RuntimeError):
    """The file has migrations this version of the bot does not know: opening it could corrupt it."""


async def migrate(db: aiosqlite.Connection) -> int:
    """Apply every migration the file has not recorded, in order; returns the highest version applied.

    Each version is checked on its own, not against the highest: features numbered in parallel can land
    out of order (3 after 4), and a file that already has 4 must still get 3. The check is repeated inside
    the write lock, so two processes opening one new file do not both apply a migration.
    """
    await db.execute(
        "CREATE TABLE IF NOT EXISTS schema_version"
        " (version INTEGER NOT NULL, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    applied = await _applied(db)
    unknown = applied - {version for version, _, _ in MIGRATIONS}
    if unknown:
        raise NewerDatabaseError(
            f"This database was written by a newer Show Companion (schema version {max(unknown)}); "
            "upgrade the bot, or point COMPANION_DB at another file."
        )
    for version, name, script in sorted(MIGRATIONS):
        if version in applied:
            continue
        await db.execute("BEGIN IMMEDIATE")
        try:
            if version not in await _applied(db):
                for statement in _statements(script):
                    await db.execute(statement)
                await db.execute("INSERT INTO schema_version VALUES (?, ?, ?)", (version, name, stamp(now())))
            await db.execute("COMMIT")
        except BaseException:
            await db.execute("ROLLBACK")
            raise
        applied.add(version)
    return max(applied, default=0)


async def _applied(db: aiosqlite.Connection) -> set[int]:
    async with db.execute("SELECT version FROM schema_version") as cursor:
        return {row[0] for row in await cursor.fetchall()}


def _statements(script: str) -> list[str]:
    return [statement.strip() for statement in script.split(";") if statement.strip()]
