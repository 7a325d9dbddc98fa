"""Group commit: many small writes share one transaction, so a burst of them pays for one fsync, not one each.

With `synchronous=FULL` every COMMIT waits for the disk. Five hundred people pressing a button in the
same second would queue five hundred fsyncs; here they queue statements instead. Whoever writes first
starts a flush; everything that arrives while it runs joins the next transaction. Each caller's await
returns only after the COMMIT that holds its statement, so "it counted" is never said too early.

A batch that meets a transient error (another process holds the write lock, the disk is full) is rolled
back and tried again, with whatever queued meanwhile, until each write's patience runs out: contention
alone never fails a write that still has time. The write lock is held only for the statements: a batch of
single statements goes to the database thread in one trip, BEGIN to COMMIT, and runs of one-row statements
share one `executemany`.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from functools import partial
from itertools import groupby
from typing import Any

import aiosqlite

from bot.store._db_thread import on_thread
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

    BEGIN is retried through transient errors for `patience` seconds (the lock's own by default). Whatever
    ends it early, a cancellation included, the transaction is closed before the lock is let go (see
    `_roll_back_if_open`).
    """
    health = lock.health if isinstance(lock, WriteLock) else None
    async with lock:
        if health is not None:
            health.check()
        try:
            await _begin(db, lock, patience)
            yield db
            if health is not None:
                health.check()
            await db.execute("COMMIT")
        except BaseException:
            try:
                await on_thread(db, _roll_back_if_open)
            except Exception:
                log.exception("could not roll back a failed transaction")
            raise


def _roll_back_if_open(connection: sqlite3.Connection) -> None:
    """On the database thread, after whatever was queued before it: a cancelled caller's BEGIN or COMMIT may
    still be on its way there. Asked from the event loop instead, "is a transaction open?" was answered too
    early: a BEGIN still to come was left open for good (holding the write lock), and a COMMIT still to come
    made the ROLLBACK fail, which swallowed the cancellation."""
    if connection.in_transaction:
        connection.execute("ROLLBACK")


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
"""Seconds at least from one commit's start to the next, for each write the last commit held. A commit costs a
trip to the database thread, wake-ups on both sides and an fsync whatever it holds: without a pace, presses
arriving every few milliseconds each got a transaction of their own. A write after a quiet spell goes at once."""
MOST_PACE = 0.020
"""The pace a stream of writes grows to. At 300 presses/s a commit then holds about six (a fixed 5 ms gave one
or two), and each waits at most this long: nothing beside Discord's 3 s or a person's eye. One caller's chain
of writes, each waiting for the last, commits one at a time and so keeps the short pace."""

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
        self,
        db: aiosqlite.Connection,
        lock: asyncio.Lock,
        *,
        max_batch: int = 1000,
        pace: float = PACE,
        most_pace: float = MOST_PACE,
    ) -> None:
        self._db = db
        self._lock = lock
        self._max_batch = max_batch
        self._pace = pace
        self._most_pace = most_pace
        self._next_pace = pace
        self._health = lock.health if isinstance(lock, WriteLock) else StoreHealth(None)
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
            if (wait := self._last_start + self._next_pace - loop.time()) > 0:
                await asyncio.sleep(wait)  # a stream of writes: let more of it join this commit
            self._last_start = loop.time()
            batch, self._queue = self._queue[: self._max_batch], self._queue[self._max_batch :]
            self._next_pace = min(self._most_pace, self._pace * len(batch))
            await self._commit(batch)

    async def _commit(self, batch: list[_Write]) -> None:
        """Commit the batch, retrying it through transient errors (with what queued meanwhile)."""
        loop = asyncio.get_running_loop()
        waits = backoff()
        waited_since: float | None = None
        while batch:
            try:
                outcomes = await self._once(batch)
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

    async def _once(self, batch: list[_Write]) -> list[Any]:
        """One try at the batch in one transaction; each write's outcome. A batch of single statements (a
        burst of presses) is one trip to the database thread, BEGIN to COMMIT."""
        if any(write.work is not None for write in batch):
            async with transaction(self._db, self._lock, patience=0) as db:
                return await _run(db, batch)
        async with self._lock:
            return await on_thread(self._db, partial(_committed, batch, self._health))


def _committed(batch: Sequence[_Write], health: StoreHealth, connection: sqlite3.Connection) -> list[Any]:
    """On the database thread: single statements in one transaction, checked and committed as `transaction` does."""
    health.check()
    connection.execute("BEGIN IMMEDIATE")
    try:
        outcomes = _statements(connection, batch, opens=True)
        health.check()
        connection.execute("COMMIT")
    except BaseException:
        _roll_back_if_open(connection)  # a failed COMMIT leaves the transaction open
        raise
    return outcomes


async def _run(db: aiosqlite.Connection, batch: Sequence[_Write]) -> list[Any]:
    """A batch with units in it: each unit in its own savepoint, each run of single statements one trip."""
    outcomes: list[Any] = []
    for is_unit, writes in groupby(batch, key=lambda write: write.work is not None):
        if is_unit:
            outcomes += [await _unit(db, write) for write in writes]
        else:
            outcomes += await on_thread(db, partial(_statements, writes=list(writes), opens=not outcomes))
    return outcomes


def _statements(connection: sqlite3.Connection, writes: Sequence[_Write], *, opens: bool) -> list[Any]:
    """On the database thread: each single statement's row count (or the error it raised, alone), in order."""
    outcomes: list[Any] = []
    start = 0
    while start < len(writes):
        end = start + 1
        if writes[start].one_row:
            while end < len(writes) and writes[end].one_row and writes[end].sql == writes[start].sql:
                end += 1
        if end - start > 1:
            outcomes += _together(connection, writes[start:end], opens=opens and start == 0)
        else:
            outcomes.append(_attempt(connection, writes[start]))
        start = end
    return outcomes


def _together(connection: sqlite3.Connection, run: Sequence[_Write], *, opens: bool) -> list[Any]:
    """One `executemany` for a run of one-row statements; one by one only if some changed nothing or failed.

    A run that `opens` the transaction (a batch of presses, mostly) needs no savepoint: undoing it is undoing
    the transaction.
    """
    if not opens:
        connection.execute("SAVEPOINT together")
    try:
        cursor = connection.executemany(run[0].sql, [write.params for write in run])
        if cursor.rowcount == len(run):
            if not opens:
                connection.execute("RELEASE together")
            return [1] * len(run)
    except sqlite3.Error as error:
        if is_transient(error):
            raise
    if opens:
        connection.execute("ROLLBACK")
        connection.execute("BEGIN IMMEDIATE")  # busy elsewhere: raised as transient, and the batch is tried again
    else:
        connection.execute("ROLLBACK TO together")
        connection.execute("RELEASE together")
    return [_attempt(connection, write) for write in run]


def _attempt(connection: sqlite3.Connection, write: _Write) -> Any:
    """One statement's row count, or the error it raised; SQLite itself undoes a failed statement.

    A transient error is raised instead: the whole batch is rolled back and tried again.
    """
    try:
        return connection.execute(write.sql, write.params).rowcount
    except Exception as error:
        if is_transient(error):
            raise
        return _Failed(error)


async def _unit(db: aiosqlite.Connection, write: _Write) -> Any:
    """A unit's result, or the exception it raised, with none of its statements left behind.

    A transient error is raised instead: the whole batch is rolled back and tried again.
    """
    assert write.work is not None
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
