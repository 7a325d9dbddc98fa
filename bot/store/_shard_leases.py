"""Discord shard leases (see `bot.shard_leases`), in SQLite. Every time is SQLite's `now`."""

from __future__ import annotations

import asyncio
from collections.abc import Collection, Sequence

import aiosqlite

from bot.shard_leases import ShardHeld
from bot.store._batch import transaction

_NOW = "strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')"
_UNTIL = "strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now', :lease)"


class ShardLeaseTables:
    db: aiosqlite.Connection
    write_lock: asyncio.Lock

    async def claim_shards(
        self, shards: Sequence[int], count: int, holder: str, lease: float, *, gone: Collection[str] = ()
    ) -> list[ShardHeld]:
        async with transaction(self.db, self.write_lock) as db:
            rows = await db.execute_fetchall(
                f"""SELECT shard, shard_count, holder,
                           (julianday({_NOW}) - julianday(renewed_at)) * 86400.0
                    FROM discord_shard_lease WHERE expires_at > {_NOW} AND holder <> ? ORDER BY shard""",
                (holder,),
            )
            wanted = set(shards)
            held = [
                ShardHeld(int(row[0]), int(row[1]), str(row[2]), max(0.0, float(row[3])))
                for row in rows
                if str(row[2]) not in gone and (int(row[0]) in wanted or int(row[1]) != count)
            ]
            if held:
                return held
            until = {"lease": f"+{lease:.3f} seconds", "holder": holder, "count": count}
            await db.execute("DELETE FROM discord_shard_lease WHERE holder = :holder", until)
            await db.executemany(
                f"""INSERT INTO discord_shard_lease (shard, shard_count, holder, renewed_at, expires_at)
                    VALUES (:shard, :count, :holder, {_NOW}, {_UNTIL})
                    ON CONFLICT (shard) DO UPDATE SET shard_count = excluded.shard_count, holder = excluded.holder,
                        renewed_at = excluded.renewed_at, expires_at = excluded.expires_at""",
                [{**until, "shard": shard} for shard in sorted(wanted)],
            )
            return []

    async def renew_shards(self, holder: str, lease: float) -> int:
        async with transaction(self.db, self.write_lock) as db:
            cursor = await db.execute(
                f"""UPDATE discord_shard_lease SET renewed_at = {_NOW}, expires_at = {_UNTIL}
                    WHERE holder = :holder AND expires_at > {_NOW}""",
                {"holder": holder, "lease": f"+{lease:.3f} seconds"},
            )
            return cursor.rowcount

    async def take_identify_turn(self, bucket: int, holder: str, seconds: float) -> float:
        async with transaction(self.db, self.write_lock) as db:
            cursor = await db.execute(
                f"""INSERT INTO discord_identify_turn (bucket, holder, until) VALUES (:bucket, :holder, {_UNTIL})
                    ON CONFLICT (bucket) DO UPDATE SET holder = excluded.holder, until = excluded.until
                    WHERE discord_identify_turn.until <= {_NOW}""",
                {"bucket": bucket, "holder": holder, "lease": f"+{seconds:.3f} seconds"},
            )
            if cursor.rowcount == 1:
                return 0.0
            rows = await db.execute_fetchall(
                f"SELECT (julianday(until) - julianday({_NOW})) * 86400.0 FROM discord_identify_turn WHERE bucket = ?",
                (bucket,),
            )
            return max(0.001, float(next(iter(rows))[0])) if rows else 0.001

    async def release_shards(self, holder: str) -> None:
        async with transaction(self.db, self.write_lock) as db:
            await db.execute("DELETE FROM discord_shard_lease WHERE holder = ?", (holder,))
