"""Keeper leases in PostgreSQL: which companions are alive to keep trivia rounds, and taking over the rest.

Every time here is the server's clock (`clock_timestamp()`), never the caller's: a process whose clock is
off neither cuts another's lease short nor stretches its own.
"""

from __future__ import annotations

from bot.store._pg_db import Database

_LIVE = "expires_at > clock_timestamp()"
_ON_PLATFORM = "($1::text IS NULL OR platform IS NULL OR platform = $1)"


class PgKeeperLeaseTables:
    pool: Database

    async def renew_lease(self, keeper: str, platform: str | None, seconds: float) -> None:
        await self.pool.execute_idempotent(
            """INSERT INTO keeper_lease (keeper, platform, expires_at)
               VALUES ($1, $2, clock_timestamp() + make_interval(secs => $3))
               ON CONFLICT (keeper) DO UPDATE SET platform=excluded.platform, expires_at=excluded.expires_at""",
            keeper,
            platform,
            seconds,
        )

    async def release_lease(self, keeper: str) -> None:
        await self.pool.execute_idempotent("DELETE FROM keeper_lease WHERE keeper=$1", keeper)

    async def live_keepers(self, platform: str | None, besides: str) -> set[str]:
        rows = await self.pool.fetch(
            f"SELECT keeper FROM keeper_lease WHERE {_LIVE} AND {_ON_PLATFORM} AND keeper <> $2", platform, besides
        )
        return {str(row["keeper"]) for row in rows}

    async def orphaned_rounds(self, platform: str | None) -> list[tuple[int, str | None]]:
        rows = await self.pool.fetch(
            f"""SELECT r.id, r.keeper FROM trivia_round r
                WHERE r.status='running' AND ($1::text IS NULL OR r.platform = $1)
                  AND NOT EXISTS (SELECT 1 FROM keeper_lease k WHERE k.keeper = r.keeper AND k.{_LIVE})
                ORDER BY r.id""",
            platform,
        )
        return [(int(row["id"]), row["keeper"]) for row in rows]

    async def claim_lapsed_rounds(self, platform: str | None, keeper: str, limit: int) -> list[tuple[int, str | None]]:
        rows = await self.pool.write_rows(
            f"""WITH lapsed AS (
                    SELECT r.id, r.keeper FROM trivia_round r
                    WHERE r.status='running' AND ($1::text IS NULL OR r.platform = $1)
                      AND NOT EXISTS (SELECT 1 FROM keeper_lease k WHERE k.keeper = r.keeper AND k.{_LIVE})
                    ORDER BY r.id LIMIT $3
                    FOR UPDATE OF r SKIP LOCKED
                )
                UPDATE trivia_round t SET keeper=$2, heartbeat_at=clock_timestamp() FROM lapsed
                WHERE t.id = lapsed.id AND t.status='running' AND t.keeper IS NOT DISTINCT FROM lapsed.keeper
                RETURNING t.id, lapsed.keeper AS was""",
            platform,
            keeper,
            limit,
        )
        return sorted((int(row["id"]), row["was"]) for row in rows)
