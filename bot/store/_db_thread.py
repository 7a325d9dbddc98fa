"""Several statements in one trip to a connection's thread.

aiosqlite runs every call on the connection's own thread, one trip there and back per statement: each
trip is a queue handoff, a thread wake-up and a wake-up of the event loop (about 70 µs of CPU here). A
group commit of presses is BEGIN, one `executemany` and COMMIT, so three trips cost more than the
statements themselves. aiosqlite has no public call for "run this on your thread with your connection";
this wraps the one it uses for every call of its own (`_execute`), kept within the version range pinned
in pyproject.toml and exercised by every group-commit test.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TypeVar, cast

import aiosqlite

T = TypeVar("T")


async def on_thread(db: aiosqlite.Connection, work: Callable[[sqlite3.Connection], T]) -> T:
    """`work(connection)` on `db`'s thread; it must not block on anything but the database."""
    connection = db._conn  # noqa: SLF001 - handed to `work` on the thread that owns it
    return cast(T, await db._execute(work, connection))  # type: ignore[no-untyped-call]  # noqa: SLF001
