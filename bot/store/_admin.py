"""`companion db status` and `companion db copy`: what a store holds, and moving all of it to another store.

A copy reads every table of the source in one read transaction and writes them into the target in one
write transaction, after checking the target holds no rows. Before its COMMIT it re-reads the target and
compares, table by table, the row count and a SHA-256 over the rows in a canonical form (times as UTC
milliseconds, so SQLite's text and PostgreSQL's timestamptz compare equal); any difference rolls it all back.
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from bot.store._codec import moment, stamp
from bot.store._location import locate
from bot.store._pg_db import Db
from bot.store._postgres import PostgresStore
from bot.store._sqlite import SqliteStore

ORDER = (
    "viewer_progress",
    "channel_horizon",
    "trivia_round",
    "trivia_question",
    "trivia_answer",
    "watch_party",
    "schedule",
    "schedule_firing",
    "slack_installation",
    "slack_oauth_state",
    "slack_seen_request",
    "slack_workspace",
)
"""Parents before children (foreign keys); tables added later follow, by name."""
SKIPPED = {"schema_version"}


class CopyError(RuntimeError):
    """The copy was refused or failed its check; the target is as it was."""


@dataclass(frozen=True, slots=True)
class TableSum:
    table: str
    rows: int
    checksum: str


@dataclass(frozen=True, slots=True)
class Status:
    backend: str
    location: str
    version: int
    counts: tuple[tuple[str, int], ...]


class Tables(Protocol):
    """One store's tables as rows, for status and copy."""

    async def names(self) -> list[str]: ...

    async def columns(self, table: str) -> list[str]: ...

    async def time_columns(self, table: str) -> set[str]: ...

    async def count(self, table: str) -> int: ...

    async def rows(self, table: str, columns: Sequence[str]) -> list[tuple[Any, ...]]: ...

    async def version(self) -> int: ...


async def status(where: str) -> Status:
    async with _opened(where) as (store, tables):
        names = _ordered(await tables.names())
        counts = tuple([(name, await tables.count(name)) for name in names])
        location = locate(where)
        return Status(location.backend, location.shown, await tables.version(), counts)


async def copy(source: str, target: str) -> list[TableSum]:
    async with _opened(source) as (_, reading), _opened(target) as (into, writing):
        if await reading.version() != await writing.version():
            raise CopyError("the two databases are at different schema versions; open both with this bot first")
        names = _ordered(await reading.names())
        missing = sorted(set(names) - set(await writing.names()))
        if missing:
            raise CopyError(f"the target has no table {', '.join(missing)}; nothing was copied")
        filled = [
            (name, n) for name in await writing.names() if name not in SKIPPED and (n := await writing.count(name))
        ]
        if filled:
            shown = ", ".join(f"{name} ({n} rows)" for name, n in filled)
            raise CopyError(f"the target is not empty: {shown}; nothing was copied")
        async with _read_transaction(reading):
            data = {name: await _table(reading, writing, name) for name in names}
        expected = [_sum(name, columns, rows, times) for name, (columns, rows, times) in data.items()]
        async with _write_transaction(into) as write:
            for name, (columns, rows, _) in data.items():
                await write.insert(name, columns, rows)
            found = []
            for name, (columns, _, times) in data.items():
                found.append(_sum(name, columns, await write.rows(name, columns), times))
            if found != expected:
                bad = ", ".join(f.table for f, e in zip(found, expected, strict=True) if f != e)
                raise CopyError(f"the copy of {bad} does not match its source; nothing was copied")
        return expected


async def _table(reading: Tables, writing: Tables, name: str) -> tuple[list[str], list[tuple[Any, ...]], set[str]]:
    columns = [column for column in await reading.columns(name) if column in set(await writing.columns(name))]
    times = await reading.time_columns(name) | await writing.time_columns(name)
    return columns, await reading.rows(name, columns), times


def _ordered(names: Sequence[str]) -> list[str]:
    present = [name for name in names if name not in SKIPPED]
    return [name for name in ORDER if name in present] + sorted(set(present) - set(ORDER))


def _sum(table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]], times: set[str]) -> TableSum:
    timed = [column in times for column in columns]
    canonical = sorted(
        "\x1f".join(_canonical(value, is_time) for value, is_time in zip(row, timed, strict=True)) for row in rows
    )
    digest = hashlib.sha256("\x1e".join(canonical).encode()).hexdigest()
    return TableSum(table, len(rows), digest)


def _canonical(value: Any, is_time: bool) -> str:
    if value is None:
        return "\x00"
    if is_time:
        found = moment(value)
        return stamp(found) if found is not None else "\x00"
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# --- each backend's tables ------------------------------------------------------------------------------------


class _SqliteTables:
    def __init__(self, store: SqliteStore) -> None:
        self.store = store

    async def names(self) -> list[str]:
        rows = await self.store.db.execute_fetchall(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
        return [row[0] for row in rows]

    async def columns(self, table: str) -> list[str]:
        rows = await self.store.db.execute_fetchall("SELECT name FROM pragma_table_info(?) ORDER BY cid", (table,))
        return [row[0] for row in rows]

    async def time_columns(self, table: str) -> set[str]:
        return set()  # SQLite keeps times as text; the other side says which columns are times

    async def count(self, table: str) -> int:
        rows = await self.store.db.execute_fetchall(f'SELECT COUNT(*) FROM "{_known(table)}"')
        return int(next(iter(rows))[0])

    async def rows(self, table: str, columns: Sequence[str]) -> list[tuple[Any, ...]]:
        listed = ", ".join(f'"{_known(column)}"' for column in columns)
        rows = await self.store.db.execute_fetchall(f'SELECT {listed} FROM "{_known(table)}"')
        return [tuple(row) for row in rows]

    async def version(self) -> int:
        rows = await self.store.db.execute_fetchall("SELECT COALESCE(MAX(version), 0) FROM schema_version")
        return int(next(iter(rows))[0])

    async def insert(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        listed = ", ".join(f'"{_known(column)}"' for column in columns)
        marks = ", ".join("?" * len(columns))
        converted = [tuple(stamp(v) if isinstance(v, datetime) else v for v in row) for row in rows]
        await self.store.db.executemany(f'INSERT INTO "{_known(table)}" ({listed}) VALUES ({marks})', converted)


class _PostgresTables:
    def __init__(self, store: PostgresStore, db: Db | None = None) -> None:
        self.store = store
        self.db = db

    async def _fetch(self, sql: str, *args: Any) -> list[Any]:
        if self.db is not None:
            return list(await self.db.fetch(sql, *args))
        return await self.store.pool.fetch(sql, *args)

    async def names(self) -> list[str]:
        rows = await self._fetch(
            "SELECT table_name FROM information_schema.tables"
            " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
        )
        return [row[0] for row in rows]

    async def columns(self, table: str) -> list[str]:
        rows = await self._fetch(
            "SELECT column_name FROM information_schema.columns"
            " WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
            table,
        )
        return [row[0] for row in rows]

    async def time_columns(self, table: str) -> set[str]:
        rows = await self._fetch(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = current_schema()"
            " AND table_name = $1 AND data_type = 'timestamp with time zone'",
            table,
        )
        return {row[0] for row in rows}

    async def count(self, table: str) -> int:
        rows = await self._fetch(f'SELECT COUNT(*) FROM "{_known(table)}"')
        return int(rows[0][0])

    async def rows(self, table: str, columns: Sequence[str]) -> list[tuple[Any, ...]]:
        listed = ", ".join(f'"{_known(column)}"' for column in columns)
        return [tuple(row) for row in await self._fetch(f'SELECT {listed} FROM "{_known(table)}"')]

    async def version(self) -> int:
        rows = await self._fetch("SELECT COALESCE(MAX(version), 0) FROM schema_version")
        return int(rows[0][0])

    async def insert(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        assert self.db is not None
        times = await self.time_columns(table)
        timed = [column in times for column in columns]
        converted = [tuple(moment(v) if is_time else v for v, is_time in zip(row, timed, strict=True)) for row in rows]
        if converted:
            await self.db.copy_records_to_table(table, columns=list(columns), records=converted)
        if "id" in columns:  # the next id handed out follows the copied ones
            following = f'SELECT COALESCE(MAX(id), 0) + 1 FROM "{_known(table)}"'
            await self.db.execute(f"SELECT setval(pg_get_serial_sequence($1, 'id'), ({following}), false)", table)


def _known(name: str) -> str:
    """A table or column name as read from the database's own catalogue: never user text, but checked anyway."""
    if not name.replace("_", "").isalnum():
        raise CopyError(f"unexpected table or column name {name!r}")
    return name


@asynccontextmanager
async def _opened(where: str) -> AsyncIterator[tuple[Any, Any]]:
    from bot.store import open_store

    store = await open_store(where)
    try:
        if isinstance(store, PostgresStore):
            yield store, _PostgresTables(store)
        else:
            assert isinstance(store, SqliteStore)
            yield store, _SqliteTables(store)
    finally:
        await store.close()


@asynccontextmanager
async def _read_transaction(tables: Any) -> AsyncIterator[None]:
    """One consistent snapshot of the source while every table is read."""
    if isinstance(tables, _SqliteTables):
        await tables.store.db.execute("BEGIN")
        try:
            yield
        finally:
            await tables.store.db.execute("ROLLBACK")
        return
    async with tables.store.pool.pool.acquire() as db, db.transaction(isolation="repeatable_read", readonly=True):
        tables.db = db
        try:
            yield
        finally:
            tables.db = None


@asynccontextmanager
async def _write_transaction(store: Any) -> AsyncIterator[Any]:
    if isinstance(store, SqliteStore):
        async with store.write_lock:
            await store.db.execute("BEGIN IMMEDIATE")
            try:
                yield _SqliteTables(store)
            except BaseException:
                await store.db.execute("ROLLBACK")
                raise
            await store.db.execute("COMMIT")
        return
    async with store.pool.transaction() as db:
        yield _PostgresTables(store, db)
