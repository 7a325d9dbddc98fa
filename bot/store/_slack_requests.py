"""Slack requests already acted on (see `bot.slack_requests`), in SQLite.

Expired rows are purged a few at a time as new ones are written, so the table holds about one window of
traffic.
"""

from __future__ import annotations

import asyncio

import aiosqlite

from bot.store._batch import transaction
from bot.store._codec import stamp, unix

PURGE_BATCH = 200
"""Expired rows removed per write: more than arrive per write, so the table never grows past one window."""


class SlackRequestTables:
    db: aiosqlite.Connection
    write_lock: asyncio.Lock

    async def first_slack_request(self, key: str, expires_at: float, now: float) -> bool:
        expires, current = stamp(unix(expires_at)), stamp(unix(now))
        async with transaction(self.db, self.write_lock) as db:
            await db.execute(
                "DELETE FROM slack_seen_request WHERE rowid IN"
                " (SELECT rowid FROM slack_seen_request WHERE expires_at <= ? LIMIT ?)",
                (current, PURGE_BATCH),
            )
            cursor = await db.execute(
                "INSERT INTO slack_seen_request VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET expires_at=excluded.expires_at WHERE expires_at <= ?",
                (key, expires, current),
            )
            return cursor.rowcount == 1
