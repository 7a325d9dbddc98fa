"""Viewer progress and channel horizons in SQLite, with the rows read recently kept in memory.

Every reply reads the asker's progress or the channel's horizon. Through aiosqlite each read is a hop
to its thread and back, most of the time a /bio or /recap takes, so both tables are read through a
cache (`companion bench` measured 4,800 replies/s without it, 28,000 with it, on one core).
The cache must never serve a horizon that is not in the file, since that could show a spoiler:

- only `set_progress` and `set_channel_horizon` (or `write_channel_horizon` inside a watch party's
  transaction) write these tables;
  each write forgets what it may change, and nothing read is remembered until the write and the
  transaction around it are over, so a write that is rolled back is never served;
- another process writing the same file (`companion ask` beside a running bot) is noticed through
  SQLite's `PRAGMA data_version`, checked at most every FRESH_SECONDS, and empties the cache.
"""

from __future__ import annotations

import asyncio
import time

import aiosqlite

from bot.episodes import Episode
from bot.horizons import SERVER_WIDE, ChannelHorizon
from bot.request import Place
from bot.spoilers import Policy
from bot.store._batch import transaction
from bot.store._codec import Row, now, stamp
from bot.store._recent import UNREAD, RecentReads

FRESH_SECONDS = 0.1
"""How long a write by another process (a second Slack worker on the same file) may go unseen: no longer
than a request already in flight when the write was made would take to answer."""


class ProgressTables:
    db: aiosqlite.Connection
    write_lock: asyncio.Lock
    _recent: RecentReads | None = None

    async def progress(self, platform: str, server: str, user: str) -> Episode | None:
        recent = await self._fresh()
        key = (platform, server, user)
        found = recent.progress.get(key)
        if found is not UNREAD:
            return found  # type: ignore[return-value]
        token = recent.progress.token(settled=not self.db.in_transaction)
        rows = await self.db.execute_fetchall(  # one trip to the database thread, not three
            "SELECT season, episode FROM viewer_progress WHERE platform=? AND server=? AND user_id=?",
            (platform, server, user),
        )
        row = next(iter(rows), None)
        episode = Episode(row["season"], row["episode"]) if row else None
        recent.progress.remember(token, key, episode)
        return episode

    async def set_progress(self, platform: str, server: str, user: str, episode: Episode) -> None:
        async with transaction(self.db, self.write_lock):
            await self.write_progress(platform, server, user, episode)

    async def write_progress(self, platform: str, server: str, user: str, episode: Episode) -> None:
        """The progress write alone, for a caller that already holds a transaction."""
        async with (await self._fresh()).progress.writing((platform, server, user)):
            await self.db.execute(
                """INSERT INTO viewer_progress VALUES (?, ?, ?, ?, ?, ?)
                   ON CONFLICT (platform, server, user_id) DO UPDATE
                   SET season=excluded.season, episode=excluded.episode, updated_at=excluded.updated_at""",
                (platform, server, user, episode.season, episode.number, stamp(now())),
            )

    async def channel_horizon(self, place: Place) -> ChannelHorizon | None:
        recent = await self._fresh()
        found = recent.horizons.get(place)
        if found is not UNREAD:
            return found  # type: ignore[return-value]
        token = recent.horizons.token(settled=not self.db.in_transaction)
        rows = await self.db.execute_fetchall(
            """SELECT season, episode, policy, set_by, channel = ? AS server_default FROM channel_horizon
               WHERE platform=? AND server=? AND channel IN (?, ?)
               ORDER BY channel = ? LIMIT 1""",
            (SERVER_WIDE, place.platform, place.server, place.channel, SERVER_WIDE, SERVER_WIDE),
        )
        row = next(iter(rows), None)
        horizon = _horizon(row) if row else None
        recent.horizons.remember(token, place, horizon)
        return horizon

    async def set_channel_horizon(self, place: Place, episode: Episode, policy: Policy, set_by: str) -> None:
        async with transaction(self.db, self.write_lock):
            await self.write_channel_horizon(place, episode, policy, set_by)

    async def write_channel_horizon(self, place: Place, episode: Episode, policy: Policy, set_by: str) -> None:
        """The horizon write alone, for a caller that already holds a transaction (a watch party's move)."""
        async with (await self._fresh()).horizons.writing(None):  # a server's default reaches every channel
            await self.db.execute(
                """INSERT INTO channel_horizon VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT (platform, server, channel) DO UPDATE
                   SET season=excluded.season, episode=excluded.episode, policy=excluded.policy,
                       set_by=excluded.set_by, updated_at=excluded.updated_at""",
                (
                    place.platform,
                    place.server,
                    place.channel,
                    episode.season,
                    episode.number,
                    str(policy),
                    set_by,
                    stamp(now()),
                ),
            )

    async def _fresh(self) -> RecentReads:
        """The cache, emptied first if another process has committed to the file since the last check."""
        if self._recent is None:
            self._recent = RecentReads()
        recent = self._recent
        now = time.monotonic()
        if now >= recent.checked_until:
            recent.checked_until = now + FRESH_SECONDS
            rows = await self.db.execute_fetchall("PRAGMA data_version")
            version = next(iter(rows))[0]
            if version != recent.data_version:
                recent.data_version = version
                recent.progress.forget()
                recent.horizons.forget()
        return recent


def _horizon(row: Row) -> ChannelHorizon:
    return ChannelHorizon(
        Episode(row["season"], row["episode"]), Policy(row["policy"]), row["set_by"], bool(row["server_default"])
    )
