"""Discord shard leases (see `bot.shard_leases`), in PostgreSQL. Every time is the server's `now()`."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from bot.shard_leases import ShardHeld
from bot.store._pg_db import Database


class PgShardLeaseTables:
    pool: Database

    async def claim_shards(
        self, shards: Sequence[int], count: int, holder: str, lease: float, *, gone: Collection[str] = ()
    ) -> list[ShardHeld]:
        """Under a transaction-scoped advisory lock, so two processes claiming at once are decided one by one."""
        async with self.pool.transaction() as db:
            await db.execute("SELECT pg_advisory_xact_lock(hashtext('companion-shards:' || current_schema()))")
            rows = await db.fetch(
                """SELECT shard, shard_count, holder, EXTRACT(EPOCH FROM now() - renewed_at) AS quiet
                   FROM discord_shard_lease WHERE expires_at > now() AND holder <> $1 ORDER BY shard""",
                holder,
            )
            wanted = set(shards)
            held = [
                ShardHeld(int(row["shard"]), int(row["shard_count"]), str(row["holder"]), max(0.0, float(row["quiet"])))
                for row in rows
                if str(row["holder"]) not in gone and (int(row["shard"]) in wanted or int(row["shard_count"]) != count)
            ]
            if held:
                return held
            await db.execute("DELETE FROM discord_shard_lease WHERE holder = $1", holder)
            await db.execute(
                """INSERT INTO discord_shard_lease (shard, shard_count, holder, renewed_at, expires_at)
                   SELECT shard, $2, $3, now(), now() + make_interval(secs => $4)
                   FROM unnest($1::int[]) AS shard
                   ON CONFLICT (shard) DO UPDATE SET shard_count = excluded.shard_count, holder = excluded.holder,
                       renewed_at = excluded.renewed_at, expires_at = excluded.expires_at""",
                sorted(wanted),
                count,
                holder,
                lease,
            )
            return []

    async def renew_shards(self, holder: str, lease: float) -> int:
        status = await self.pool.execute(
            """UPDATE discord_shard_lease SET renewed_at = now(), expires_at = now() + make_interval(secs => $2)
               WHERE holder = $1 AND expires_at > now()""",
            holder,
            lease,
        )
        return int(status.split()[-1])

    async def take_identify_turn(self, bucket: int, holder: str, seconds: float) -> float:
        async with self.pool.transaction() as db:
            taken = await db.fetchval(
                """INSERT INTO discord_identify_turn AS turn (bucket, holder, until)
                   VALUES ($1, $2, now() + make_interval(secs => $3))
                   ON CONFLICT (bucket) DO UPDATE SET holder = excluded.holder, until = excluded.until
                   WHERE turn.until <= now()
                   RETURNING bucket""",
                bucket,
                holder,
                seconds,
            )
            if taken is not None:
                return 0.0
            left = await db.fetchval(
                "SELECT EXTRACT(EPOCH FROM until - now()) FROM discord_identify_turn WHERE bucket = $1", bucket
            )
        return max(0.001, float(left)) if left is not None else 0.001

    async def release_shards(self, holder: str) -> None:
        await self.pool.execute("DELETE FROM discord_shard_lease WHERE holder = $1", holder)
