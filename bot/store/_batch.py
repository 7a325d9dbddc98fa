"""Group commit: many small writes share one transaction, so a burst of them pays for one fsync, not one each.

With `synchronous=FULL` every COMMIT waits for the disk. Five hundred people pressing a button in the
same second would queue five hundred fsyncs; here they queue statements instead. Whoever writes first
starts a flush; everything that arrives while it runs joins the next transaction. Each caller's await
returns only after the COMMIT that holds its statement, so "it counted" is never said too early.

A batch that meets a transient error (another process holds the write lock, the disk is full) is rolled
back and tried again, with whatever queued meanwhile, until each write's patience runs out: contention
alone never fails a write that still has time. The write lock is held only for the statements: runs of
one-row statements go to the database thread together (`executemany`), not one hop each.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import aiosqlite

from bot.store._faults import PATIENCE, backoff, is_transient
from bot.store._health import StoreHealth

Params = Sequence[Any] | Mapping[str, Any]

log = logging.getLogger(__name__)


class WriteLock(asyncio.Lock):
    """The store's one write lock, with what every write transaction under it checks: is the file still
    the one opened, and how long to wait for the database's own write lock."""

    def __init__(self, health: StoreHealth | None = None, patience: float = PATIENCE) -> None:
        super().__init__()
        self.health = health or StoreHealth(None)
        self.patience = patience


@asynccontextmanager
async def transaction(
    db: aiosqlite.Connection, lock: asyncio.Lock, *, patience: float | None = None
) -> AsyncIterator[aiosqlite.Connection]:
    """One write transaction on the shared connection; `lock` keeps other transactions out of it.

    BEGIN is retried through transient errors for `patience` seconds (the lock's own by default).
    """
    health = lock.health if isinstance(lock, WriteLock) else None
    async with lock:
        if health is not None:
            health.check()
        await _begin(db, lock, patience)
        try:
            yield db
            if health is not None:
                health.check()
            await db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:  # a failed COMMIT leaves the transaction open
                await db.execute("ROLLBACK")
            raise


async def _begin(db: aiosqlite.Connection, lock: asyncio.Lock, patience: float | None) -> None:
    if patience is None:
        patience = lock.patience if isinstance(lock, WriteLock) else 0.0
    loop = asyncio.get_running_loop()
    deadline = loop.time() + patience
    for wait in backoff():
        try:
            await db.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.Error as error:
            if not is_transient(error) or loop.time() + wait > deadline:
                raise
        await asyncio.sleep(wait)


PACE = 0.005
"""Seconds at least from one commit's start to the next. A commit costs a few hops to the database thread
and an fsync whatever it holds, and one takes about a millisecond: without a pace, presses arriving every
few milliseconds each got a transaction of their own. A write after a quiet spell still goes at once."""

Work = Callable[[aiosqlite.Connection], Awaitable[Any]]
"""A unit of several statements (and the reads between them) that must commit together or not at all."""


@dataclass(slots=True)
class _Write:
    work: Work | None
    """A unit; None for a single statement."""
    sql: str
    params: Params
    one_row: bool
    """A single statement that changes at most one row: a run of them may share one `executemany`."""
    deadline: float
    done: asyncio.Future[Any]


class GroupCommit:
    """Writes committed in shared transactions; each caller gets its result only once its COMMIT is done.

    `execute` takes one statement; `run` a unit of several. A unit should only talk to the database:
    the whole batch waits for it. `patience` is how many seconds a write may wait through transient errors.
    """

    def __init__(
        self, db: aiosqlite.Connection, lock: asyncio.Lock, *, max_batch: int = 1000, pace: float = PACE
    ) -> None:
        self._db = db
        self._lock = lock
        self._max_batch = max_batch
        self._pace = pace
        self._queue: list[_Write] = []
        self._flushing: asyncio.Task[None] | None = None
        self._last_start = float("-inf")

    async def execute(
        self, sql: str, params: Params = (), *, one_row: bool = False, patience: float | None = None
    ) -> int:
        """Run one statement; its row count once committed (raises if it or the commit failed)."""
        return int(await self._queued(None, sql, params, one_row, patience))

    async def run(self, work: Work, *, patience: float | None = None) -> Any:
        """Run a unit of statements; its result once committed. If it raises, none of its statements stay."""
        return await self._queued(work, "", (), False, patience)

    async def _queued(self, work: Work | None, sql: str, params: Params, one_row: bool, patience: float | None) -> Any:
        loop = asyncio.get_running_loop()
        if patience is None:
            patience = self._lock.patience if isinstance(self._lock, WriteLock) else PATIENCE
        done: asyncio.Future[Any] = loop.create_future()
        self._queue.append(_Write(work, sql, params, one_row, loop.time() + patience, done))
        if self._flushing is None or self._flushing.done():
            self._flushing = loop.create_task(self._flush(), name="group-commit")
        return await done

    async def _flush(self) -> None:
        loop = asyncio.get_running_loop()
        while self._queue:
            if (wait := self._last_start + self._pace - loop.time()) > 0:
                await asyncio.sleep(wait)  # a stream of writes: let more of it join this commit
            self._last_start = loop.time()
            batch, self._queue = self._queue[: self._max_batch], self._queue[self._max_batch :]
            await self._commit(batch)

    async def _commit(self, batch: list[_Write]) -> None:
        """Commit the batch, retrying it through transient errors (with what queued meanwhile)."""
        loop = asyncio.get_running_loop()
        waits = backoff()
        waited_since: float | None = None
        while batch:
            try:
                async with transaction(self._db, self._lock, patience=0) as db:
                    outcomes = await _run(db, batch)
            except Exception as error:  # the batch was rolled back: nothing in it is durable
                if not is_transient(error):
                    _fail(batch, error)
                    return
                now = loop.time()
                _fail([write for write in batch if write.deadline <= now], error)
                batch = [write for write in batch if not write.done.done()]
                if waited_since is None:
                    waited_since = now
                    log.warning("the database is busy (%s): %d writes wait and will be retried", error, len(batch))
                await asyncio.sleep(next(waits))
                room = self._max_batch - len(batch)
                if room > 0:
                    batch, self._queue = batch + self._queue[:room], self._queue[room:]
                continue
            for write, outcome in zip(batch, outcomes, strict=True):
                _settle(write.done, outcome)
            if waited_since is not None:
                log.warning("the database answered again after %.1f s: the writes are in", loop.time() - waited_since)
            return


async def _run(db: aiosqlite.Connection, batch: Sequence[_Write]) -> list[Any]:
    outcomes: list[Any] = []
    start = 0
    while start < len(batch):
        end = start + 1
        if batch[start].one_row:
            while end < len(batch) and batch[end].one_row and batch[end].sql == batch[start].sql:
                end += 1
        if end - start > 1:
            outcomes += await _together(db, batch[start:end], opens=start == 0)
        else:
            outcomes.append(await _attempt(db, batch[start]))
        start = end
    return outcomes


async def _together(db: aiosqlite.Connection, run: Sequence[_Write], *, opens: bool) -> list[Any]:
    """One `executemany` for a run of one-row statements; one by one only if some changed nothing or failed.

    A run that `opens` the transaction (a batch of presses, mostly) needs no savepoint: undoing it is undoing
    the transaction, which saves two hops to the database thread on every commit that goes well.
    """
    if not opens:
        await db.execute("SAVEPOINT together")
    try:
        cursor = await db.executemany(run[0].sql, [write.params for write in run])
        if cursor.rowcount == len(run):
            if not opens:
                await db.execute("RELEASE together")
            return [1] * len(run)
    except sqlite3.Error as error:
        if is_transient(error):
            raise
    if opens:
        await db.execute("ROLLBACK")
        await db.execute("BEGIN IMMEDIATE")  # busy elsewhere: raised as transient, and the batch is tried again
    else:
        await db.execute("ROLLBACK TO together")
        await db.execute("RELEASE together")
    return [await _attempt(db, write) for write in run]


async def _attempt(db: aiosqlite.Connection, write: _Write) -> Any:
    """One write's result, or the exception it raised; a failed single statement is undone by SQLite itself.

    A transient error is raised instead: the whole batch is rolled back and tried again.
    """
    if write.work is None:
        try:
            cursor = await db.execute(write.sql, write.params)
        except Exception as error:
            if is_transient(error):
                raise
            return _Failed(error)
        return cursor.rowcount  # not closed: one thread hop less per write, and it holds no rows
    await db.execute("SAVEPOINT unit")
    try:
        outcome = await write.work(db)
    except Exception as error:
        if is_transient(error):
            raise
        await db.execute("ROLLBACK TO unit")
        await db.execute("RELEASE unit")
        return _Failed(error)
    await db.execute("RELEASE unit")
    return outcome


@dataclass(frozen=True, slots=True)
class _Failed:
    error: Exception


def _fail(writes: Sequence[_Write], error: Exception) -> None:
    for write in writes:
        _settle(write.done, _Failed(error))


def _settle(done: asyncio.Future[Any], outcome: Any) -> None:
    if done.done():
        return
    if isinstance(outcome, _Failed):
        done.set_exception(outcome.error)
    else:
        done.set_result(outcome)
