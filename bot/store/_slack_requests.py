"""Slack requests already acted on, remembered for as long as a copy of them could still be accepted.

A signed request can be replayed within Slack's five-minute signature window, and Slack retries an event
it thinks went unanswered (with the same event_id). Several HTTP workers share one database, so the memory
is a table: the first insert of a key wins, every later one is a repeat. Expired rows are purged a few at a
time as new ones are written, so the table holds about one window of traffic.
"""

from __future__ import annotations

import asyncio
from typing import Protocol, runtime_checkable

import aiosqlite

from bot.store._batch import transaction

PURGE_BATCH = 200
"""Expired rows removed per write: more than arrive per write, so the table never grows past one window."""


@runtime_checkable
class SlackRequestStore(Protocol):
    async def first_slack_request(self, key: str, expires_at: float, now: float) -> bool:
        """True the first time `key` is seen (until `expires_at`, unix seconds); False for a repeat."""
        ...


class SlackRequestTables:
    db: aiosqlite.Connection
    write_lock: asyncio.Lock

    async def first_slack_request(self, key: str, expires_at: float, now: float) -> bool:
        async with transaction(self.db, self.write_lock) as db:
            await db.execute(
                "DELETE FROM slack_seen_request WHERE rowid IN"
                " (SELECT rowid FROM slack_seen_request WHERE expires_at <= ? LIMIT ?)",
                (now, PURGE_BATCH),
            )
            cursor = await db.execute(
                "INSERT INTO slack_seen_request VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET expires_at=excluded.expires_at WHERE expires_at <= ?",
                (key, expires_at, now),
            )
            return cursor.rowcount == 1
