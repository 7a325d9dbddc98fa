"""The spoiler guard in PostgreSQL (its port: `bot.guard._port.GuardStore`): guarded channels, and what the
guard did (who, where, which episode, when; never the message's text). Read without a cache: one indexed
row per message."""

from __future__ import annotations

from datetime import datetime

from bot.guard import GuardAction, GuardCounts, GuardedChannel, GuardRecord
from bot.request import Place
from bot.store._codec import instant
from bot.store._pg_db import Database


class PgGuardTables:
    pool: Database

    async def guarded_channel(self, place: Place) -> GuardedChannel | None:
        row = await self.pool.fetchrow(
            "SELECT action, set_by FROM guarded_channel WHERE platform=$1 AND server=$2 AND channel=$3",
            place.platform,
            place.server,
            place.channel,
        )
        return GuardedChannel(place, GuardAction(row["action"]), row["set_by"]) if row else None

    async def guard_channel(self, place: Place, action: GuardAction, set_by: str) -> None:
        await self.pool.execute(
            """INSERT INTO guarded_channel VALUES ($1, $2, $3, $4, $5, now())
               ON CONFLICT (platform, server, channel) DO UPDATE
               SET action=excluded.action, set_by=excluded.set_by, updated_at=excluded.updated_at""",
            place.platform,
            place.server,
            place.channel,
            str(action),
            set_by,
        )

    async def unguard_channel(self, place: Place) -> GuardedChannel | None:
        rows = await self.pool.write_rows(
            """DELETE FROM guarded_channel WHERE platform=$1 AND server=$2 AND channel=$3
               RETURNING action, set_by""",
            place.platform,
            place.server,
            place.channel,
        )
        return GuardedChannel(place, GuardAction(rows[0]["action"]), rows[0]["set_by"]) if rows else None

    async def record_guard_action(self, record: GuardRecord) -> None:
        place = record.place
        await self.pool.execute(
            """INSERT INTO guard_action (platform, server, channel, author, message_id, action, season, episode, at)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)""",
            place.platform,
            place.server,
            place.channel,
            record.author,
            record.message_id,
            str(record.action),
            record.revealed.season,
            record.revealed.number,
            instant(record.at),
        )

    async def guard_counts(self, place: Place, since: datetime) -> GuardCounts:
        rows = await self.pool.fetch(
            """SELECT action, COUNT(*) AS n FROM guard_action
               WHERE platform=$1 AND server=$2 AND channel=$3 AND at >= $4 GROUP BY action""",
            place.platform,
            place.server,
            place.channel,
            instant(since),
        )
        counts = {row["action"]: row["n"] for row in rows}
        return GuardCounts(hidden=counts.get("hide", 0), warned=counts.get("warn", 0))
