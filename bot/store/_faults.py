"""Database errors sorted by what to do about them: wait (a lock held elsewhere, a full disk) or stop.

A transient error passes by itself: another process holds the write lock past the busy timeout, the disk
is full for a while. Background work waits and tries again; a write someone is waiting on is retried
until its patience runs out. Anything else is a fault in the statement or the file, and retrying it
would only repeat it.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Iterator

from bot.store._pg_db import is_transient_on_postgres

SQLITE_BUSY = 5
SQLITE_LOCKED = 6
SQLITE_IOERR = 10
SQLITE_FULL = 13
TRANSIENT_CODES = frozenset({SQLITE_BUSY, SQLITE_LOCKED, SQLITE_IOERR, SQLITE_FULL})

PATIENCE = 30.0
"""Seconds a write is retried through transient errors before its caller is told it failed."""


class StoreUnusable(RuntimeError):
    """The database cannot be used at all (at start: damaged, not a database, not writable). One line."""


class StoreGone(RuntimeError):
    """The database file was deleted or replaced while the bot ran: writes would be lost at the next start."""


def is_transient(error: BaseException) -> bool:
    if isinstance(error, StoreGone):
        return False
    if is_transient_on_postgres(error):
        return True
    if not isinstance(error, sqlite3.Error):
        return False
    code = getattr(error, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF in TRANSIENT_CODES
    text = str(error).lower()
    return any(word in text for word in ("locked", "busy", "disk is full", "disk i/o"))


def backoff(first: float = 0.05, most: float = 2.0) -> Iterator[float]:
    """Waits between tries: doubling from `first` up to `most`, each jittered so processes do not retry in step."""
    delay = first
    while True:
        yield delay * random.uniform(0.5, 1.0)
        delay = min(most, delay * 2)
