"""Watch parties in SQLite. A party and the channel horizon it owns always change in one transaction."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import TYPE_CHECKING

import aiosqlite

from bot.episodes import Episode
from bot.request import Place
from bot.spoilers import Policy
from bot.store._batch import transaction
from bot.store._codec import stamp
from bot.store._rows import PARTY_COLUMNS, party_from
from bot.watchparty._model import WatchParty

if TYPE_CHECKING:
    from bot.horizons import ChannelHorizon

_RUNNING = f"SELECT {PARTY_COLUMNS} FROM watch_party WHERE platform=? AND server=? AND channel=? AND ended_at IS NULL"


class WatchPartyTables:
    db: aiosqlite.Connection
    write_lock: asyncio.Lock

    if TYPE_CHECKING:  # provided by ProgressTables, whose horizon table the party owns

        async def channel_horizon(self, place: Place) -> ChannelHorizon | None: ...

        async def write_channel_horizon(self, place: Place, episode: Episode, policy: Policy, set_by: str) -> None: ...

    async def watch_party(self, place: Place) -> WatchParty | None:
        async with self.db.execute(_RUNNING, _key(place)) as cursor:
            row = await cursor.fetchone()
        return party_from(row) if row else None

    async def start_watch_party(self, place: Place, episode: Episode, by: str, at: datetime) -> WatchParty | None:
        try:
            async with transaction(self.db, self.write_lock) as db:
                await db.execute(
                    """INSERT INTO watch_party (platform, server, channel, season, episode, first_season, first_episode,
                                                started_by, started_at, updated_at)
                       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    (*_key(place), *_code(episode), *_code(episode), by, stamp(at), stamp(at)),
                )
                await self._own_horizon(place, episode, by)
        except aiosqlite.IntegrityError:
            return None
        return await self.watch_party(place)

    async def advance_watch_party(self, place: Place, seen: Episode, to: Episode, by: str, at: datetime) -> bool:
        """Move the party from `seen` to `to`; False when it is no longer at `seen` (someone moved it first)."""
        async with transaction(self.db, self.write_lock) as db:
            cursor = await db.execute(
                """UPDATE watch_party SET season=?, episode=?, updated_at=?
                   WHERE platform=? AND server=? AND channel=? AND ended_at IS NULL AND season=? AND episode=?""",
                (*_code(to), stamp(at), *_key(place), *_code(seen)),
            )
            if cursor.rowcount != 1:
                return False
            await self._own_horizon(place, to, by)
        return True

    async def end_watch_party(self, place: Place, by: str, at: datetime) -> WatchParty | None:
        """End the running party, leaving the channel's horizon where it is; None when none was running."""
        async with transaction(self.db, self.write_lock) as db:
            async with db.execute(_RUNNING, _key(place)) as cursor:
                row = await cursor.fetchone()
            if row is None:
                return None
            await db.execute(
                """UPDATE watch_party SET ended_by=?, ended_at=?, updated_at=?
                   WHERE platform=? AND server=? AND channel=? AND ended_at IS NULL""",
                (by, stamp(at), stamp(at), *_key(place)),
            )
        return party_from(row)

    async def _own_horizon(self, place: Place, episode: Episode, by: str) -> None:
        """Inside the caller's transaction: the channel's horizon follows the party; its spoiler policy stays."""
        current = await self.channel_horizon(place)
        await self.write_channel_horizon(place, episode, current.policy if current else Policy.HIDE, by)


def _key(place: Place) -> tuple[str, str, str]:
    return place.platform, place.server, place.channel


def _code(episode: Episode) -> tuple[int, int]:
    return episode.season, episode.number
