"""Group commit: many small writes share one transaction, so a burst of them pays for one fsync, not one each.

With `synchronous=FULL` every COMMIT waits for the disk. Five hundred people pressing a button in the
same second would queue five hundred fsyncs; here they queue statements instead. Whoever writes first
starts a flush; everything that arrives while it runs joins the next transaction. Each caller's await
returns only after the COMMIT that holds its statement, so "it counted" is never said too early.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import aiosqlite

Params = Sequence[Any] | Mapping[str, Any]


@asynccontextmanager
async def transaction(db: aiosqlite.Connection, lock: asyncio.Lock) -> AsyncIterator[aiosqlite.Connection]:
    """One write transaction on the shared connection; `lock` keeps other transactions out of it."""
    async with lock:
        await db.execute("BEGIN IMMEDIATE")
        try:
            yield db
            await db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:  # a failed COMMIT leaves the transaction open
                await db.execute("ROLLBACK")
            raise


@dataclass(slots=True)
class _Write:
    sql: str
    params: Params
    done: asyncio.Future[int]


class GroupCommit:
    """Single-statement writes, committed in batches; `execute` resolves to the statement's row count."""

    def __init__(self, db: aiosqlite.Connection, lock: asyncio.Lock, *, max_batch: int = 1000) -> None:
        self._db = db
        self._lock = lock
        self._max_batch = max_batch
        self._queue: list[_Write] = []
        self._flushing: asyncio.Task[None] | None = None

    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run one statement; returns its row count once it is committed (raises if it or the commit failed)."""
        done: asyncio.Future[int] = asyncio.get_running_loop().create_future()
        self._queue.append(_Write(sql, params, done))
        if self._flushing is None or self._flushing.done():
            self._flushing = asyncio.get_running_loop().create_task(self._flush(), name="group-commit")
        return await done

    async def drain(self) -> None:
        """Wait until everything queued so far is committed (or failed)."""
        while self._flushing is not None and not self._flushing.done():
            await asyncio.shield(self._flushing)

    async def _flush(self) -> None:
        while self._queue:
            batch, self._queue = self._queue[: self._max_batch], self._queue[self._max_batch :]
            counts: list[int | BaseException] = []
            try:
                async with transaction(self._db, self._lock) as db:
                    for write in batch:
                        counts.append(await self._run(db, write))
            except Exception as error:  # the COMMIT (or BEGIN) failed: nothing in the batch is durable
                for write in batch:
                    _settle(write.done, error)
                continue
            for write, outcome in zip(batch, counts, strict=True):
                _settle(write.done, outcome)

    @staticmethod
    async def _run(db: aiosqlite.Connection, write: _Write) -> int | BaseException:
        """A failing statement is undone by SQLite on its own; the rest of the batch still commits."""
        try:
            cursor = await db.execute(write.sql, write.params)
        except Exception as error:
            return error
        count = cursor.rowcount
        await cursor.close()
        return count


def _settle(done: asyncio.Future[int], outcome: int | BaseException) -> None:
    if done.done():
        return
    if isinstance(outcome, BaseException):
        done.set_exception(outcome)
    else:
        done.set_result(outcome)
