"""Viewer progress and channel horizons in SQLite."""

from __future__ import annotations

import aiosqlite

from bot.episodes import Episode
from bot.request import Place
from bot.spoilers import Policy
from bot.store._interface import SERVER_WIDE, ChannelHorizon
from bot.store._time import now_text


class ProgressTables:
    db: aiosqlite.Connection

    async def progress(self, platform: str, server: str, user: str) -> Episode | None:
        async with self.db.execute(
            "SELECT season, episode FROM viewer_progress WHERE platform=? AND server=? AND user_id=?",
            (platform, server, user),
        ) as cursor:
            row = await cursor.fetchone()
        return Episode(row[0], row[1]) if row else None

    async def set_progress(self, platform: str, server: str, user: str, episode: Episode) -> None:
        await self.db.execute(
            """INSERT INTO viewer_progress VALUES (?, ?, ?, ?, ?, ?)
               ON CONFLICT (platform, server, user_id) DO UPDATE
               SET season=excluded.season, episode=excluded.episode, updated_at=excluded.updated_at""",
            (platform, server, user, episode.season, episode.number, now_text()),
        )

    async def channel_horizon(self, place: Place) -> ChannelHorizon | None:
        async with self.db.execute(
            """SELECT season, episode, policy, set_by, channel = ? FROM channel_horizon
               WHERE platform=? AND server=? AND channel IN (?, ?)
               ORDER BY channel = ? LIMIT 1""",
            (SERVER_WIDE, place.platform, place.server, place.channel, SERVER_WIDE, SERVER_WIDE),
        ) as cursor:
            row = await cursor.fetchone()
        if row is None:
            return None
        return ChannelHorizon(Episode(row[0], row[1]), Policy(row[2]), row[3], bool(row[4]))

    async def set_channel_horizon(self, place: Place, episode: Episode, policy: Policy, set_by: str) -> None:
        await self.db.execute(
            """INSERT INTO channel_horizon VALUES (?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (platform, server, channel) DO UPDATE
               SET season=excluded.season, episode=excluded.episode, policy=excluded.policy,
                   set_by=excluded.set_by, updated_at=excluded.updated_at""",
            (place.platform, place.server, place.channel, episode.season, episode.number, str(policy), set_by, now_text()),
        )
