"""SQLite through aiosqlite: one file, WAL, migrations at open. The only module besides its mixins with SQL."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sqlite3
from pathlib import Path

import aiosqlite

from bot.store._batch import WriteLock
from bot.store._codec import now, stamp
from bot.store._faults import PATIENCE, StoreUnusable
from bot.store._guard import GuardTables
from bot.store._health import StoreHealth
from bot.store._keeper_leases import KeeperLeaseTables
from bot.store._migrations import MIGRATIONS
from bot.store._opening import SETTING, unusable
from bot.store._progress import ProgressTables
from bot.store._schedules import ScheduleTables
from bot.store._shard_leases import ShardLeaseTables
from bot.store._slack_installations import SlackInstallTables
from bot.store._slack_requests import SlackRequestTables
from bot.store._slack_workspaces import SlackWorkspaceTables
from bot.store._trivia import TriviaTables
from bot.store._watchparty import WatchPartyTables

BUSY_TIMEOUT_MS = 200
"""How long one statement waits in SQLite for another process's write lock. Short: the connection's thread
is blocked meanwhile. Writes wait longer than this by retrying (see `_batch.py`), without blocking it."""
OPENING_BUSY_TIMEOUT_MS = 30_000


class SqliteStore(
    KeeperLeaseTables,
    ProgressTables,
    SlackInstallTables,
    SlackRequestTables,
    SlackWorkspaceTables,
    TriviaTables,
    WatchPartyTables,
    ScheduleTables,
    GuardTables,
    ShardLeaseTables,
):
    """The SQLite store: connection and migrations here, each area's queries in its own mixin module.

    Writes go through `db`; the press path's reads through `reader`, a second connection, so a read never
    waits behind a write that waits for another process's lock.
    """

    def __init__(
        self, db: aiosqlite.Connection, reader: aiosqlite.Connection | None = None, write_lock: WriteLock | None = None
    ) -> None:
        lock = write_lock or WriteLock()
        self.db = db
        self.reader = reader or db
        self.write_lock = lock
        self._health = lock.health

    @property
    def health(self) -> StoreHealth:
        """Unhealthy once the file is deleted or replaced under the running bot: writes are refused then."""
        return self._health

    @classmethod
    async def open(cls, path: str | Path, *, patience: float = PATIENCE) -> SqliteStore:
        """Open (creating and migrating) the database; StoreUnusable, in one line, if it cannot be used."""
        if str(path) == ":memory:":
            memory = await _connect(":memory:")
            await migrate(memory)
            return cls(memory)
        file = Path(path)
        db: aiosqlite.Connection | None = None
        reader: aiosqlite.Connection | None = None
        try:
            file.parent.mkdir(parents=True, exist_ok=True)
            _create_private(file)
            await asyncio.to_thread(_check_whole, file)
            db = await _connect(file)
            await migrate(db)
            await db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            reader = await aiosqlite.connect(str(file), isolation_level=None)
            reader.row_factory = aiosqlite.Row
            await reader.execute("PRAGMA query_only=ON")
        except NewerDatabaseError as error:
            await _close(db, reader)
            raise NewerDatabaseError(f"{SETTING}={file}: {error}") from None
        except (sqlite3.Error, OSError) as error:
            await _close(db, reader)
            line = unusable(file, error)
            if line is None:
                raise
            raise StoreUnusable(line) from None
        except BaseException:
            await _close(db, reader)
            raise
        return cls(db, reader, WriteLock(StoreHealth(file), patience))

    async def close(self) -> None:
        if self.reader is not self.db:
            await self.reader.close()
        await self.db.close()


async def _connect(path: str | Path) -> aiosqlite.Connection:
    db = await aiosqlite.connect(str(path), isolation_level=None)
    db.row_factory = aiosqlite.Row  # rows are read by column name (bot/store/_rows.py)
    try:
        await db.execute(f"PRAGMA busy_timeout={OPENING_BUSY_TIMEOUT_MS}")  # another process may be migrating
        await db.execute("PRAGMA journal_mode=WAL")
        await db.execute("PRAGMA synchronous=FULL")
        await db.execute("PRAGMA foreign_keys=ON")
    except BaseException:
        await db.close()
        raise
    return db


def _create_private(file: Path) -> None:
    """A new database file is readable by its owner only (it holds Slack tokens); SQLite gives its -wal and
    -shm files the same mode. Anything in the way is left for the checks below to report."""
    with contextlib.suppress(OSError):
        os.close(os.open(file, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))


def _check_whole(file: Path) -> None:
    """A file that cannot be opened, or is damaged or truncated, is refused at start, before anything is
    written to it, not found out by a player's press mid-round. Plain sqlite3 in a thread: aiosqlite leaves
    its thread behind when a connection fails to open."""
    probe = sqlite3.connect(str(file), timeout=OPENING_BUSY_TIMEOUT_MS / 1000)
    try:
        found = " ".join(str(row[0]) for row in probe.execute("PRAGMA quick_check(1)")).split()
    finally:
        probe.close()
    if found != ["ok"]:
        raise sqlite3.DatabaseError(f"database disk image is malformed: {' '.join(found)[:160]}")


async def _close(*connections: aiosqlite.Connection | None) -> None:
    for connection in connections:
        if connection is not None:
            try:
                await connection.close()
            except Exception:  # it failed to open; closing what there is is all that is left
                pass


class NewerDatabaseError(StoreUnusable):
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
