"""Group commit on PostgreSQL for trivia's writes: units arriving together share one transaction.

A Friday night starts thousands of rounds in the same minute; each its own COMMIT would queue thousands of
WAL flushes. Here whoever writes first starts a flush and everything arriving meanwhile joins the next
transaction. Each unit runs in a savepoint, so one that fails (a round already running in its channel) is
undone alone; each caller gets its result only after the COMMIT that holds its unit.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from bot.store._pg_db import Database, Db

MAX_BATCH = 500

Work = Callable[[Db], Awaitable[Any]]


@dataclass(slots=True)
class _Unit:
    work: Work
    done: asyncio.Future[Any]


@dataclass(frozen=True, slots=True)
class _Failed:
    error: Exception


class PgGroupCommit:
    def __init__(self, db: Database) -> None:
        self._db = db
        self._queue: list[_Unit] = []
        self._flushing: asyncio.Task[None] | None = None

    async def run(self, work: Work) -> Any:
        """Run `work` in a shared transaction; its result once committed. If it raises, none of it stays."""
        done: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._queue.append(_Unit(work, done))
        if self._flushing is None or self._flushing.done():
            self._flushing = asyncio.get_running_loop().create_task(self._flush(), name="pg-group-commit")
        return await done

    async def drain(self) -> None:
        while self._flushing is not None and not self._flushing.done():
            await asyncio.shield(self._flushing)

    async def _flush(self) -> None:
        while self._queue:
            batch, self._queue = self._queue[:MAX_BATCH], self._queue[MAX_BATCH:]
            outcomes: list[Any] = []
            try:
                async with self._db.transaction() as db:
                    for unit in batch:
                        outcomes.append(await _attempt(db, unit))
            except Exception as error:  # BEGIN or COMMIT failed (or the connection went): nothing is durable
                outcomes = [_Failed(error)] * len(batch)
            for unit, outcome in zip(batch, outcomes, strict=True):
                if unit.done.done():
                    continue
                if isinstance(outcome, _Failed):
                    unit.done.set_exception(outcome.error)
                else:
                    unit.done.set_result(outcome)


async def _attempt(db: Db, unit: _Unit) -> Any:
    await db.execute("SAVEPOINT unit")
    try:
        outcome = await unit.work(db)
    except Exception as error:
        await db.execute("ROLLBACK TO SAVEPOINT unit")
        await db.execute("RELEASE SAVEPOINT unit")
        return _Failed(error)
    await db.execute("RELEASE SAVEPOINT unit")
    return outcome
