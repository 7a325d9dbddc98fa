"""The spoiler guard in SQLite (its port: `bot.guard._port.GuardStore`). Which channels are guarded is read
through a cache, since every message asks; what the guard did is kept as who, where, which episode and when,
never the message's text."""

from __future__ import annotations

import asyncio
import time
from datetime import datetime

import aiosqlite

from bot.guard import GuardAction, GuardCounts, GuardedChannel, GuardRecord
from bot.request import Place
from bot.store._batch import transaction
from bot.store._codec import now, stamp
from bot.store._progress import FRESH_SECONDS
from bot.store._recent import Recent


class GuardTables:
    db: aiosqlite.Connection
    write_lock: asyncio.Lock
    _guarded: Recent[Place, GuardedChannel | None] | None = None
    _guarded_checked_until = 0.0
    _guarded_version: int | None = None

    async def guarded_channel(self, place: Place) -> GuardedChannel | None:
        recent = await self._fresh_guarded()
        found = recent.get(place)
        if isinstance(found, GuardedChannel) or found is None:
            return found
        token = recent.token(settled=not self.db.in_transaction)
        rows = await self.db.execute_fetchall(
            "SELECT action, set_by FROM guarded_channel WHERE platform=? AND server=? AND channel=?",
            (place.platform, place.server, place.channel),
        )
        row = next(iter(rows), None)
        guarded = GuardedChannel(place, GuardAction(row[0]), row[1]) if row else None
        recent.remember(token, place, guarded)
        return guarded

    async def guard_channel(self, place: Place, action: GuardAction, set_by: str) -> None:
        recent = await self._fresh_guarded()
        async with transaction(self.db, self.write_lock) as db, recent.writing(place):
            await db.execute(
                """INSERT INTO guarded_channel VALUES (?, ?, ?, ?, ?, ?)
                   ON CONFLICT (platform, server, channel) DO UPDATE
                   SET action=excluded.action, set_by=excluded.set_by, updated_at=excluded.updated_at""",
                (place.platform, place.server, place.channel, str(action), set_by, stamp(now())),
            )

    async def unguard_channel(self, place: Place) -> GuardedChannel | None:
        """Stop guarding `place`; what was guarded there, or None when nothing was."""
        recent = await self._fresh_guarded()
        async with transaction(self.db, self.write_lock) as db, recent.writing(place):
            rows = await db.execute_fetchall(
                """DELETE FROM guarded_channel WHERE platform=? AND server=? AND channel=?
                   RETURNING action, set_by""",
                (place.platform, place.server, place.channel),
            )
        row = next(iter(rows), None)
        return GuardedChannel(place, GuardAction(row[0]), row[1]) if row else None

    async def record_guard_action(self, record: GuardRecord) -> None:
        place = record.place
        async with transaction(self.db, self.write_lock) as db:
            await db.execute(
                """INSERT INTO guard_action (platform, server, channel, author, message_id, action, season, episode, at)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                (
                    place.platform,
                    place.server,
                    place.channel,
                    record.author,
                    record.message_id,
                    str(record.action),
                    record.revealed.season,
                    record.revealed.number,
                    stamp(record.at),
                ),
            )

    async def guard_counts(self, place: Place, since: datetime) -> GuardCounts:
        rows = await self.db.execute_fetchall(
            """SELECT action, COUNT(*) FROM guard_action
               WHERE platform=? AND server=? AND channel=? AND at >= ? GROUP BY action""",
            (place.platform, place.server, place.channel, stamp(since)),
        )
        counts = {action: count for action, count in rows}
        return GuardCounts(hidden=counts.get("hide", 0), warned=counts.get("warn", 0))

    async def _fresh_guarded(self) -> Recent[Place, GuardedChannel | None]:
        """The cache, emptied first when another process has committed to the file since the last check."""
        if self._guarded is None:
            self._guarded = Recent()
        now = time.monotonic()
        if now >= self._guarded_checked_until:
            self._guarded_checked_until = now + FRESH_SECONDS
            rows = await self.db.execute_fetchall("PRAGMA data_version")
            version = next(iter(rows))[0]
            if version != self._guarded_version:
                self._guarded_version = version
                self._guarded.forget()
        return self._guarded
