"""Watch parties in PostgreSQL. A party and the channel horizon it owns always change in one transaction."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import asyncpg

from bot.episodes import Episode
from bot.horizons import SERVER_WIDE
from bot.request import Place
from bot.spoilers import Policy
from bot.store._codec import instant
from bot.store._pg_db import Database, Db
from bot.store._rows import PARTY_COLUMNS, party_from
from bot.watchparty._model import WatchParty

if TYPE_CHECKING:
    from contextlib import AbstractAsyncContextManager

_RUNNING = f"""SELECT {PARTY_COLUMNS} FROM watch_party
               WHERE platform=$1 AND server=$2 AND channel=$3 AND ended_at IS NULL"""
_POLICY = """SELECT policy FROM channel_horizon WHERE platform=$1 AND server=$2 AND channel IN ($3, $4)
             ORDER BY channel = $4 LIMIT 1"""


class PgWatchPartyTables:
    pool: Database

    if TYPE_CHECKING:  # provided by PgProgressTables, whose horizon table the party owns

        def horizon_writes(self) -> AbstractAsyncContextManager[None]: ...

        async def write_channel_horizon(
            self, db: Db, place: Place, episode: Episode, policy: Policy, set_by: str
        ) -> None: ...

    async def watch_party(self, place: Place) -> WatchParty | None:
        row = await self.pool.fetchrow(_RUNNING, *_key(place))
        return party_from(row) if row else None

    async def start_watch_party(self, place: Place, episode: Episode, by: str, at: datetime) -> WatchParty | None:
        try:
            async with self.horizon_writes(), self.pool.transaction() as db:
                await db.execute(
                    """INSERT INTO watch_party (platform, server, channel, season, episode, first_season,
                                                first_episode, started_by, started_at, updated_at)
                       VALUES ($1, $2, $3, $4, $5, $4, $5, $6, $7, $7)""",
                    *_key(place),
                    episode.season,
                    episode.number,
                    by,
                    instant(at),
                )
                await self._own_horizon(db, place, episode, by)
        except asyncpg.UniqueViolationError:
            return None
        return await self.watch_party(place)

    async def advance_watch_party(self, place: Place, seen: Episode, to: Episode, by: str, at: datetime) -> bool:
        async with self.horizon_writes(), self.pool.transaction() as db:
            moved = await db.fetchval(
                """UPDATE watch_party SET season=$1, episode=$2, updated_at=$3
                   WHERE platform=$4 AND server=$5 AND channel=$6 AND ended_at IS NULL AND season=$7 AND episode=$8
                   RETURNING id""",
                to.season,
                to.number,
                instant(at),
                *_key(place),
                seen.season,
                seen.number,
            )
            if moved is None:
                return False
            await self._own_horizon(db, place, to, by)
        return True

    async def end_watch_party(self, place: Place, by: str, at: datetime) -> WatchParty | None:
        async with self.pool.transaction() as db:
            row = await db.fetchrow(f"{_RUNNING} FOR UPDATE", *_key(place))
            if row is None:
                return None
            await db.execute(
                """UPDATE watch_party SET ended_by=$1, ended_at=$2, updated_at=$2
                   WHERE platform=$3 AND server=$4 AND channel=$5 AND ended_at IS NULL""",
                by,
                instant(at),
                *_key(place),
            )
        return party_from(row)

    async def _own_horizon(self, db: Db, place: Place, episode: Episode, by: str) -> None:
        """Inside the caller's transaction: the channel's horizon follows the party; its spoiler policy stays."""
        policy = await db.fetchval(_POLICY, place.platform, place.server, place.channel, SERVER_WIDE)
        await self.write_channel_horizon(db, place, episode, Policy(policy) if policy else Policy.HIDE, by)


def _key(place: Place) -> tuple[str, str, str]:
    return place.platform, place.server, place.channel
