"""SQLite through aiosqlite: one file, WAL, migrations at open. The only module besides its mixins with SQL."""

from __future__ import annotations

import asyncio
from pathlib import Path

import aiosqlite

from bot.store._migrations import MIGRATIONS
from bot.store._progress import ProgressTables
from bot.store._time import now_text


class SqliteStore(ProgressTables):
    """The SQLite store: connection and migrations here, each area's queries in its own mixin module."""

    def __init__(self, db: aiosqlite.Connection) -> None:
        self.db = db
        self.write_lock = asyncio.Lock()

    @classmethod
    async def open(cls, path: str | Path) -> SqliteStore:
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        db = await aiosqlite.connect(str(path), isolation_level=None)
        try:
            await db.execute("PRAGMA journal_mode=WAL")
            await db.execute("PRAGMA synchronous=FULL")
            await db.execute("PRAGMA foreign_keys=ON")
            await db.execute("PRAGMA busy_timeout=5000")
            await migrate(db)
        except BaseException:
            await db.close()
            raise
        return cls(db)

    async def close(self) -> None:
        await self.db.close()



async def migrate(db: aiosqlite.Connection) -> int:
    """Apply every migration newer than the file's version; returns the version reached."""
    await db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
    async with db.execute("SELECT COALESCE(MAX(version), 0) FROM schema_version") as cursor:
        row = await cursor.fetchone()
    current = row[0] if row else 0
    for version, name, script in MIGRATIONS:
        if version <= current:
            continue
        await db.execute("BEGIN IMMEDIATE")
        try:
            for statement in _statements(script):
                await db.execute(statement)
            await db.execute("INSERT INTO schema_version VALUES (?, ?, ?)", (version, name, now_text()))
            await db.execute("COMMIT")
        except BaseException:
            await db.execute("ROLLBACK")
            raise
        current = version
    return current


def _statements(script: str) -> list[str]:
    return [statement.strip() for statement in script.split(";") if statement.strip()]
