"""Group commit: writes share transactions, each caller hears back only after its COMMIT, failures stay their own."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from pathlib import Path

import aiosqlite
import pytest

from bot.store._batch import GroupCommit, transaction
from bot.store._db_thread import on_thread


@pytest.fixture
async def db(tmp_path: Path):
    connection = await aiosqlite.connect(tmp_path / "batch.db", isolation_level=None)
    await connection.execute("PRAGMA journal_mode=WAL")
    await connection.execute("CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)")
    yield connection
    await connection.close()


def committed(path: Path) -> list[str]:
    """What another connection sees: only committed rows."""
    with sqlite3.connect(path) as other:
        return [row[0] for row in other.execute("SELECT name FROM item ORDER BY id")]


class Sent:
    """The statements a connection runs from here on, as SQLite traces them on the connection's thread."""

    def __init__(self) -> None:
        self.statements: list[str] = []

    @property
    def commits(self) -> int:
        return self.statements.count("COMMIT")


async def trace(db: aiosqlite.Connection) -> Sent:
    sent = Sent()
    await db.set_trace_callback(sent.statements.append)
    return sent


async def test_a_burst_is_committed_in_few_transactions_and_each_caller_sees_its_row_committed(db, tmp_path):
    lock = asyncio.Lock()
    writer = GroupCommit(db, lock, max_batch=100)
    sent = await trace(db)

    async def write(n: int) -> None:
        assert await writer.execute("INSERT INTO item (name) VALUES (?)", (f"n{n}",)) == 1
        assert f"n{n}" in committed(tmp_path / "batch.db")

    await asyncio.gather(*(write(n) for n in range(250)))
    assert len(committed(tmp_path / "batch.db")) == 250
    assert 3 <= sent.commits <= 10  # batches of at most 100, not 250 commits


async def test_a_write_soon_after_a_commit_waits_for_the_pace_so_the_next_ones_join_it(db, tmp_path):
    """Writes arriving a few milliseconds apart (presses) share a commit instead of paying one each."""
    writer = GroupCommit(db, asyncio.Lock(), pace=0.5, most_pace=1.0)
    sent = await trace(db)
    await writer.execute("INSERT INTO item (name) VALUES ('first')")
    second = asyncio.create_task(writer.execute("INSERT INTO item (name) VALUES ('second')"))
    for _ in range(5):
        await asyncio.sleep(0)  # without a pace, the second's commit would be under way by now
    third = asyncio.create_task(writer.execute("INSERT INTO item (name) VALUES ('third')"))
    assert await asyncio.gather(second, third) == [1, 1]
    assert sent.commits == 2
    assert committed(tmp_path / "batch.db") == ["first", "second", "third"]


async def test_a_stream_of_writes_grows_the_pace_so_that_a_commit_holds_more_of_it(db, tmp_path):
    """After a commit of four the next waits four paces: a write past one pace still joins the one before it."""
    writer = GroupCommit(db, asyncio.Lock(), pace=0.2, most_pace=0.8)
    sent = await trace(db)
    insert = "INSERT INTO item (name) VALUES (?)"
    assert await asyncio.gather(*(writer.execute(insert, (f"burst {n}",)) for n in range(4))) == [1] * 4
    soon = asyncio.create_task(writer.execute(insert, ("soon",)))
    await asyncio.sleep(0.4)  # with a pace of 0.2 s, the first write's commit would be done by now
    assert not soon.done()
    assert await asyncio.gather(soon, writer.execute(insert, ("later",))) == [1, 1]
    assert sent.commits == 2


async def test_a_failing_statement_fails_alone(db, tmp_path):
    writer = GroupCommit(db, asyncio.Lock())
    results = await asyncio.gather(
        writer.execute("INSERT INTO item (name) VALUES ('a')"),
        writer.execute("INSERT INTO item (name) VALUES ('a')"),
        writer.execute("INSERT INTO item (name) VALUES ('b')"),
        writer.execute("INSERT OR IGNORE INTO item (name) VALUES ('b')"),
        return_exceptions=True,
    )
    assert results[0] == 1 and isinstance(results[1], sqlite3.IntegrityError) and results[2:] == [1, 0]
    assert committed(tmp_path / "batch.db") == ["a", "b"]


async def test_a_failed_commit_fails_every_caller_in_the_batch(db, tmp_path):
    writer = GroupCommit(db, asyncio.Lock())
    await db.execute("CREATE TABLE parent (id INTEGER PRIMARY KEY)")
    await db.execute("CREATE TABLE child (parent INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)")
    await db.execute("PRAGMA foreign_keys=ON")
    results = await asyncio.gather(
        writer.execute("INSERT INTO item (name) VALUES ('kept?')"),
        writer.execute("INSERT INTO child VALUES (7)"),  # checked only at COMMIT, which then fails
        return_exceptions=True,
    )
    assert all(isinstance(result, sqlite3.IntegrityError) for result in results)
    assert committed(tmp_path / "batch.db") == []
    assert await writer.execute("INSERT INTO item (name) VALUES ('after')") == 1


async def test_transactions_roll_back_on_error(db, tmp_path):
    lock = asyncio.Lock()
    with pytest.raises(RuntimeError):
        async with transaction(db, lock) as tx:
            await tx.execute("INSERT INTO item (name) VALUES ('half')")
            raise RuntimeError("midway")
    assert committed(tmp_path / "batch.db") == [] and not lock.locked()


async def test_a_unit_of_statements_commits_whole_or_not_at_all(db, tmp_path):
    writer = GroupCommit(db, asyncio.Lock())

    async def two(db) -> int:
        cursor = await db.execute("INSERT INTO item (name) VALUES ('first of two')")
        await db.execute("INSERT INTO item (name) VALUES ('second of two')")
        return cursor.lastrowid

    async def half(db) -> None:
        await db.execute("INSERT INTO item (name) VALUES ('half done')")
        await db.execute("INSERT INTO item (name) VALUES ('first of two')")  # a duplicate: the unit fails

    results = await asyncio.gather(
        writer.run(two),
        writer.run(half),
        writer.execute("INSERT INTO item (name) VALUES ('single')"),
        return_exceptions=True,
    )
    assert results[0] == 1 and isinstance(results[1], sqlite3.IntegrityError) and results[2] == 1
    assert committed(tmp_path / "batch.db") == ["first of two", "second of two", "single"]


async def test_a_run_of_one_row_writes_shares_one_statement_and_each_hears_its_own_outcome(db, tmp_path):
    """Presses are one-row writes: the batch needs no savepoint, and one that changes nothing (an answer
    already given) is told so without undoing the others."""
    await db.execute("INSERT INTO item (name) VALUES ('taken')")
    writer = GroupCommit(db, asyncio.Lock())
    sent = await trace(db)
    insert = "INSERT INTO item (name) VALUES (?) ON CONFLICT (name) DO NOTHING"
    clean = await asyncio.gather(*(writer.execute(insert, (f"n{n}",), one_row=True) for n in range(3)))
    assert clean == [1, 1, 1]
    assert not [sql for sql in sent.statements if "SAVEPOINT" in sql or "RELEASE" in sql]
    mixed = await asyncio.gather(*(writer.execute(insert, (name,), one_row=True) for name in ("a", "taken", "b")))
    assert mixed == [1, 0, 1]
    assert committed(tmp_path / "batch.db") == ["taken", "n0", "n1", "n2", "a", "b"]


async def _busy_thread(db: aiosqlite.Connection, seconds: float) -> asyncio.Task[None]:
    """Keeps the connection's thread busy, so that what is sent next waits there."""
    busy = asyncio.ensure_future(on_thread(db, lambda _: time.sleep(seconds)))
    await asyncio.sleep(0)  # queued before anything sent after this returns
    return busy


async def test_a_transaction_cancelled_while_its_commit_is_on_the_way_stays_cancelled_and_closed(db, tmp_path):
    lock = asyncio.Lock()

    async def write() -> None:
        async with transaction(db, lock) as tx:
            await tx.execute("INSERT INTO item (name) VALUES ('committed late')")
            await _busy_thread(db, 0.3)  # the COMMIT queues behind it

    writing = asyncio.create_task(write())
    await asyncio.sleep(0.1)
    writing.cancel()
    with pytest.raises(asyncio.CancelledError):
        await writing
    assert not db.in_transaction and not lock.locked()
    assert committed(tmp_path / "batch.db") == ["committed late"]  # the COMMIT had been sent: it stands


async def test_a_transaction_cancelled_while_its_begin_is_on_the_way_leaves_none_open(db, tmp_path):
    lock = asyncio.Lock()
    busy = await _busy_thread(db, 0.3)

    async def write() -> None:
        async with transaction(db, lock) as tx:
            await tx.execute("INSERT INTO item (name) VALUES ('never')")

    writing = asyncio.create_task(write())
    await asyncio.sleep(0.1)  # its BEGIN waits behind the busy thread
    writing.cancel()
    with pytest.raises(asyncio.CancelledError):
        await writing
    await busy
    assert not db.in_transaction and not lock.locked()
    assert await GroupCommit(db, lock).execute("INSERT INTO item (name) VALUES ('next')") == 1
    assert committed(tmp_path / "batch.db") == ["next"]
