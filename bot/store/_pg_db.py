"""The PostgreSQL pool as the store uses it: reads retried on a dropped connection, writes in transactions
begun on a connection proven alive.

After a server restart (or `pg_terminate_backend`) the pool still holds connections the server has closed;
the first use of each fails. A read is retried on a fresh connection. A transaction's BEGIN is retried the
same way, since nothing was done yet; a failure after BEGIN (in flight while the server went away) is
raised, its transaction rolled back by the server, and the command answers with the bot's apology.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any, TypeAlias

import asyncpg
import asyncpg.pool

Db: TypeAlias = "asyncpg.Connection[Any] | asyncpg.pool.PoolConnectionProxy[Any]"

ATTEMPTS = 3
SERVER_LOST: tuple[type[BaseException], ...] = (
    asyncpg.ConnectionDoesNotExistError,
    asyncpg.AdminShutdownError,
    asyncpg.CrashShutdownError,
    asyncpg.CannotConnectNowError,
    asyncpg.PostgresConnectionError,
)
LOST: tuple[type[BaseException], ...] = (*SERVER_LOST, ConnectionError, OSError)
"""Errors meaning the connection is gone, not that the statement was wrong."""


def is_transient_on_postgres(error: BaseException) -> bool:
    """A dropped connection, a server restarting, a deadlock or serialization conflict: trying again helps."""
    return isinstance(
        error, (*SERVER_LOST, ConnectionRefusedError, asyncpg.DeadlockDetectedError, asyncpg.SerializationError)
    )


class Database:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool

    async def fetch(self, sql: str, *args: Any) -> list[asyncpg.Record]:
        for attempt in range(ATTEMPTS):
            try:
                return await self.pool.fetch(sql, *args)
            except LOST:
                if attempt == ATTEMPTS - 1:
                    raise
        raise AssertionError("unreachable")

    async def fetchrow(self, sql: str, *args: Any) -> asyncpg.Record | None:
        rows = await self.fetch(sql, *args)
        return rows[0] if rows else None

    async def fetchval(self, sql: str, *args: Any) -> Any:
        row = await self.fetchrow(sql, *args)
        return row[0] if row is not None else None

    async def execute(self, sql: str, *args: Any) -> str:
        """One write, committed."""
        async with self.transaction() as db:
            status: str = await db.execute(sql, *args)
        return status

    async def execute_idempotent(self, sql: str, *args: Any) -> str:
        """One write that may run twice with the same effect (`SET x = value`): committed on its own, retried
        on a dropped connection, without a BEGIN and COMMIT around it."""
        for attempt in range(ATTEMPTS):
            try:
                status: str = await self.pool.execute(sql, *args)
                return status
            except LOST:
                if attempt == ATTEMPTS - 1:
                    raise
        raise AssertionError("unreachable")

    async def write_value(self, sql: str, *args: Any) -> Any:
        """One write with RETURNING, committed; the first value it returned, or None."""
        async with self.transaction() as db:
            return await db.fetchval(sql, *args)

    async def write_rows(self, sql: str, *args: Any) -> list[asyncpg.Record]:
        async with self.transaction() as db:
            rows: list[asyncpg.Record] = await db.fetch(sql, *args)
        return rows

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[Db]:
        """A transaction, committed when the block ends (rolled back if it raises)."""
        attempt = 0
        while True:
            db = await self.pool.acquire()
            transaction = db.transaction()
            try:
                await transaction.start()
                break
            except BaseException as error:
                broken = isinstance(error, (*LOST, asyncpg.InternalClientError))
                if broken:
                    db.terminate()  # never handed out again: the pool opens a new one in its place
                await self.pool.release(db)
                attempt += 1
                if not broken or attempt == ATTEMPTS:
                    raise
        try:
            try:
                yield db
            except BaseException:
                with contextlib.suppress(Exception):
                    await transaction.rollback()
                raise
            await transaction.commit()
        finally:
            await self.pool.release(db)

    async def close(self) -> None:
        await self.pool.close()
