"""Keeper leases in SQLite: which companions are alive to keep trivia rounds, and taking over the rest.

Every time here is the database's own clock (`_NOW`), never the caller's: a process whose clock is off
neither cuts another's lease short nor stretches its own.
"""

from __future__ import annotations

import asyncio

import aiosqlite

from bot.store._batch import transaction

_NOW = "((julianday('now') - 2440587.5) * 86400.0)"
"""Unix seconds by the database's clock."""
_LIVE = f"expires_at > {_NOW}"
_ON_PLATFORM = "(:platform IS NULL OR platform IS NULL OR platform = :platform)"


class KeeperLeaseTables:
    db: aiosqlite.Connection
    reader: aiosqlite.Connection
    write_lock: asyncio.Lock

    async def renew_lease(self, keeper: str, platform: str | None, seconds: float) -> None:
        async with transaction(self.db, self.write_lock) as db:
            await db.execute(
                f"""INSERT INTO keeper_lease (keeper, platform, expires_at)
                    VALUES (:keeper, :platform, {_NOW} + :seconds)
                    ON CONFLICT (keeper) DO UPDATE SET platform=excluded.platform, expires_at=excluded.expires_at""",
                {"keeper": keeper, "platform": platform, "seconds": seconds},
            )

    async def release_lease(self, keeper: str) -> None:
        async with transaction(self.db, self.write_lock) as db:
            await db.execute("DELETE FROM keeper_lease WHERE keeper=?", (keeper,))

    async def live_keepers(self, platform: str | None, besides: str) -> set[str]:
        rows = await self.reader.execute_fetchall(
            f"SELECT keeper FROM keeper_lease WHERE {_LIVE} AND {_ON_PLATFORM} AND keeper != :besides",
            {"platform": platform, "besides": besides},
        )
        return {str(row[0]) for row in rows}

    async def orphaned_rounds(self, platform: str | None) -> list[tuple[int, str | None]]:
        rows = await self.reader.execute_fetchall(
            f"""SELECT r.id, r.keeper FROM trivia_round r
                WHERE r.status='running' AND (:platform IS NULL OR r.platform = :platform)
                  AND NOT EXISTS (SELECT 1 FROM keeper_lease k WHERE k.keeper = r.keeper AND k.{_LIVE})
                ORDER BY r.id""",
            {"platform": platform},
        )
        return [(int(row[0]), row[1]) for row in rows]

    async def claim_lapsed_rounds(self, platform: str | None, keeper: str, limit: int) -> list[tuple[int, str | None]]:
        async with transaction(self.db, self.write_lock) as db:  # the write lock makes the look and the claim one
            lapsed = [
                (int(row[0]), row[1])
                for row in await db.execute_fetchall(
                    f"""SELECT r.id, r.keeper FROM trivia_round r
                        WHERE r.status='running' AND (:platform IS NULL OR r.platform = :platform)
                          AND NOT EXISTS (SELECT 1 FROM keeper_lease k WHERE k.keeper = r.keeper AND k.{_LIVE})
                        ORDER BY r.id LIMIT :limit""",
                    {"platform": platform, "limit": limit},
                )
            ]
            await db.executemany(
                """UPDATE trivia_round SET keeper=?, heartbeat_at=strftime('%Y-%m-%dT%H:%M:%f+00:00', 'now')
                   WHERE id=?""",
                [(keeper, round_id) for round_id, _ in lapsed],
            )
            return lapsed
