"""Run by the store-fault tests: another process holding a SQLite file's write lock.

`python -m tests.bot.store.lock_holder FILE SECONDS` takes the write lock (BEGIN IMMEDIATE), prints `held`,
and keeps it for at least SECONDS and until a line arrives on stdin (or stdin closes), then commits and
prints `released`. It gives up after two minutes whatever happens, so a failed test leaves nothing behind.
"""

from __future__ import annotations

import select
import sqlite3
import sys
import time

GIVE_UP = 120.0


def main(path: str, seconds: float) -> None:
    db = sqlite3.connect(path, isolation_level=None, timeout=GIVE_UP)
    db.execute("BEGIN IMMEDIATE")
    db.execute("CREATE TABLE IF NOT EXISTS lock_holder_was_here (at REAL)")
    db.execute("INSERT INTO lock_holder_was_here VALUES (?)", (time.time(),))
    started = time.monotonic()
    print("held", flush=True)
    ready, _, _ = select.select([sys.stdin], [], [], GIVE_UP)
    if ready:
        sys.stdin.readline()
    left = seconds - (time.monotonic() - started)
    if left > 0:
        time.sleep(left)
    db.execute("COMMIT")
    db.close()
    print("released", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]))
