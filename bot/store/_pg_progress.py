"""Viewer progress and channel horizons in PostgreSQL, read through the same cache as on SQLite.

Writes NOTIFY in their transaction, so every process forgets a changed row once the change commits
(`_pg_listen`); nothing is remembered while this process is not listening.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING

from bot.episodes import Episode
from bot.horizons import SERVER_WIDE, ChannelHorizon
from bot.request import Place
from bot.spoilers import Policy
from bot.store._codec import Row
from bot.store._pg_db import Database, Db
from bot.store._recent import UNREAD, RecentReads

if TYPE_CHECKING:
    from bot.store._pg_listen import ChangeListener

PROGRESS, HORIZONS = "progress", "horizons"
SEPARATOR = "\x1f"
MAX_PAYLOAD = 7_900
"""Bytes in a NOTIFY payload (PostgreSQL allows 8,000, and the sender's tag takes 13); a longer change
is announced as 'everything'."""

_READ_PROGRESS = "SELECT season, episode FROM viewer_progress WHERE platform=$1 AND server=$2 AND user_id=$3"
_READ_HORIZON = """SELECT season, episode, policy, set_by, channel = $4 AS server_default FROM channel_horizon
                   WHERE platform=$1 AND server=$2 AND channel IN ($3, $4) ORDER BY channel = $4 LIMIT 1"""
_WRITE_PROGRESS = """INSERT INTO viewer_progress VALUES ($1, $2, $3, $4, $5, now())
                     ON CONFLICT (platform, server, user_id) DO UPDATE
                     SET season=excluded.season, episode=excluded.episode, updated_at=excluded.updated_at"""
_WRITE_HORIZON = """INSERT INTO channel_horizon VALUES ($1, $2, $3, $4, $5, $6, $7, now())
                    ON CONFLICT (platform, server, channel) DO UPDATE
                    SET season=excluded.season, episode=excluded.episode, policy=excluded.policy,
                        set_by=excluded.set_by, updated_at=excluded.updated_at"""


class PgProgressTables:
    pool: Database
    changes: ChangeListener
    _recent: RecentReads | None = None

    @property
    def recent(self) -> RecentReads:
        if self._recent is None:
            self._recent = RecentReads()
        return self._recent

    def forget_cached(self, what: str | None) -> None:
        """Another process committed the change `what` names (see `_changed`); None: anything."""
        table, _, key = (what or "").partition(SEPARATOR)
        parts = key.split(SEPARATOR)
        if table == PROGRESS and len(parts) == 3:
            self.recent.progress.forget((parts[0], parts[1], parts[2]))
        elif table == HORIZONS and len(parts) == 2:
            self.recent.horizons.forget_where(lambda place: (place.platform, place.server) == (parts[0], parts[1]))
        else:
            self.recent.progress.forget()
            self.recent.horizons.forget()

    async def progress(self, platform: str, server: str, user: str) -> Episode | None:
        recent = self.recent
        key = (platform, server, user)
        found = recent.progress.get(key) if self.changes.hearing else UNREAD
        if found is not UNREAD:
            return found  # type: ignore[return-value]
        token = recent.progress.token() if self.changes.hearing else None
        row = await self.pool.fetchrow(_READ_PROGRESS, platform, server, user)
        episode = Episode(row["season"], row["episode"]) if row else None
        if self.changes.hearing:
            recent.progress.remember(token, key, episode)
        return episode

    async def set_progress(self, platform: str, server: str, user: str, episode: Episode) -> None:
        async with self.recent.progress.writing((platform, server, user)):
            async with self.pool.transaction() as db:
                await db.execute(_WRITE_PROGRESS, platform, server, user, episode.season, episode.number)
                await self.changes.notify(db, _changed(PROGRESS, platform, server, user))

    async def channel_horizon(self, place: Place) -> ChannelHorizon | None:
        recent = self.recent
        found = recent.horizons.get(place) if self.changes.hearing else UNREAD
        if found is not UNREAD:
            return found  # type: ignore[return-value]
        token = recent.horizons.token() if self.changes.hearing else None
        row = await self.pool.fetchrow(_READ_HORIZON, place.platform, place.server, place.channel, SERVER_WIDE)
        horizon = _horizon(row) if row else None
        if self.changes.hearing:
            recent.horizons.remember(token, place, horizon)
        return horizon

    async def set_channel_horizon(self, place: Place, episode: Episode, policy: Policy, set_by: str) -> None:
        async with self.horizon_writes(), self.pool.transaction() as db:
            await self.write_channel_horizon(db, place, episode, policy, set_by)

    @asynccontextmanager
    async def horizon_writes(self) -> AsyncIterator[None]:
        """Around a whole transaction that writes horizons: nothing read meanwhile is remembered."""
        async with self.recent.horizons.writing(None):  # a server's default reaches every channel
            yield

    async def write_channel_horizon(self, db: Db, place: Place, episode: Episode, policy: Policy, set_by: str) -> None:
        """Inside the caller's transaction (and `horizon_writes`)."""
        await db.execute(
            _WRITE_HORIZON,
            place.platform,
            place.server,
            place.channel,
            episode.season,
            episode.number,
            str(policy),
            set_by,
        )
        await self.changes.notify(db, _changed(HORIZONS, place.platform, place.server))


def _changed(table: str, *key: str) -> str:
    """What a write changed, as its NOTIFY says it: the table and the row's key (a server, for horizons)."""
    said = SEPARATOR.join((table, *key))
    return said if len(said.encode()) <= MAX_PAYLOAD and all(SEPARATOR not in part for part in key) else table


def _horizon(row: Row) -> ChannelHorizon:
    episode = Episode(row["season"], row["episode"])
    return ChannelHorizon(episode, Policy(row["policy"]), row["set_by"], bool(row["server_default"]))
