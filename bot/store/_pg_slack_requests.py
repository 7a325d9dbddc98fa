"""Slack requests already acted on, and the Grid org of each workspace, in PostgreSQL."""

from __future__ import annotations

from bot.store._codec import instant, unix
from bot.store._pg_db import Database

PURGE_BATCH = 200
"""Expired rows removed per write: more than arrive per write, so the table never grows past one window."""

_PURGE = """DELETE FROM slack_seen_request WHERE key IN
            (SELECT key FROM slack_seen_request WHERE expires_at <= $1 LIMIT $2 FOR UPDATE SKIP LOCKED)"""
_FIRST = """INSERT INTO slack_seen_request AS seen VALUES ($1, $2)
            ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at WHERE seen.expires_at <= $3
            RETURNING key"""


class PgSlackRequestTables:
    pool: Database

    async def first_slack_request(self, key: str, expires_at: float, now: float) -> bool:
        """The key's row decides, whichever process sees the request first."""
        current = instant(unix(now))
        async with self.pool.transaction() as db:
            await db.execute(_PURGE, current, PURGE_BATCH)
            first = await db.fetchval(_FIRST, key, instant(unix(expires_at)), current)
        return first is not None

    async def remember_slack_workspace(self, team_id: str, enterprise_id: str) -> None:
        await self.pool.execute_idempotent(
            "INSERT INTO slack_workspace VALUES ($1, $2)"
            " ON CONFLICT (team_id) DO UPDATE SET enterprise_id=excluded.enterprise_id",
            team_id,
            enterprise_id,
        )

    async def slack_enterprise_of(self, team_id: str) -> str | None:
        found = await self.pool.fetchval("SELECT enterprise_id FROM slack_workspace WHERE team_id=$1", team_id)
        return None if found is None else str(found)
