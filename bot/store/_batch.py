"""Group commit: many small writes share one transaction, so a burst of them pays for one fsync, not one each.

With `synchronous=FULL` every COMMIT waits for the disk. Five hundred people pressing a button in the
same second would queue five hundred fsyncs; here they queue statements instead. Whoever writes first
starts a flush; everything that arrives while it runs joins the next transaction. Each caller's await
returns only after the COMMIT that holds its statement, so "it counted" is never said too early.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
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


Work = Callable[[aiosqlite.Connection], Awaitable[Any]]
"""A unit of several statements (and the reads between them) that must commit together or not at all."""


@dataclass(slots=True)
class _Write:
    work: Work
    alone: bool
    """Several statements: a savepoint keeps a failure from leaving half of them in the batch."""
    done: asyncio.Future[Any]


class GroupCommit:
    """Writes committed in shared transactions; each caller gets its result only once its COMMIT is done.

    `execute` takes one statement; `run` a unit of several. A unit should only talk to the database:
    the whole batch waits for it.
    """

    def __init__(self, db: aiosqlite.Connection, lock: asyncio.Lock, *, max_batch: int = 1000) -> None:
        self._db = db
        self._lock = lock
        self._max_batch = max_batch
        self._queue: list[_Write] = []
        self._flushing: asyncio.Task[None] | None = None

    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run one statement; its row count once committed (raises if it or the commit failed)."""

        async def statement(db: aiosqlite.Connection) -> int:
            cursor = await db.execute(sql, params)
            return cursor.rowcount  # not closed: one thread hop less per write, and it holds no rows

        return int(await self._queued(statement, alone=False))

    async def run(self, work: Work) -> Any:
        """Run a unit of statements; its result once committed. If it raises, none of its statements stay."""
        return await self._queued(work, alone=True)

    async def _queued(self, work: Work, *, alone: bool) -> Any:
        done: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._queue.append(_Write(work, alone, done))
        if self._flushing is None or self._flushing.done():
            self._flushing = asyncio.get_running_loop().create_task(self._flush(), name="group-commit")
        return await done

    async def _flush(self) -> None:
        while self._queue:
            batch, self._queue = self._queue[: self._max_batch], self._queue[self._max_batch :]
            outcomes: list[Any] = []
            try:
                async with transaction(self._db, self._lock) as db:
                    for write in batch:
                        outcomes.append(await _attempt(db, write))
            except Exception as error:  # the COMMIT (or BEGIN) failed: nothing in the batch is durable
                outcomes = [_Failed(error)] * len(batch)
            for write, outcome in zip(batch, outcomes, strict=True):
                _settle(write.done, outcome)


async def _attempt(db: aiosqlite.Connection, write: _Write) -> Any:
    """One write's result, or the exception it raised; a failed single statement is undone by SQLite itself."""
    if write.alone:
        await db.execute("SAVEPOINT unit")
    try:
        outcome = await write.work(db)
    except Exception as error:
        if write.alone:
            await db.execute("ROLLBACK TO unit")
            await db.execute("RELEASE unit")
        return _Failed(error)
    if write.alone:
        await db.execute("RELEASE unit")
    return outcome


@dataclass(frozen=True, slots=True)
class _Failed:
    error: Exception


def _settle(done: asyncio.Future[Any], outcome: Any) -> None:
    if done.done():
        return
    if isinstance(outcome, _Failed):
        done.set_exception(outcome.error)
    else:
        done.set_result(outcome)
