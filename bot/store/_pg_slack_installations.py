"""Slack installations and the OAuth flow's one-time states in PostgreSQL."""

from __future__ import annotations

from bot.slack_installs import SlackInstallKey
from bot.store._codec import instant, required, unix
from bot.store._pg_db import Database

_WHERE = "client_id=$1 AND kind=$2 AND enterprise_id=$3 AND team_id=$4 AND ($5::text IS NULL OR user_id=$5)"


class PgSlackInstallTables:
    pool: Database

    async def save_slack_install(self, key: SlackInstallKey, installed_at: float, data: str) -> None:
        await self.pool.execute(
            """INSERT INTO slack_installation VALUES ($1, $2, $3, $4, $5, $6, $7)
               ON CONFLICT (client_id, kind, enterprise_id, team_id, user_id) DO UPDATE
               SET installed_at=excluded.installed_at, data=excluded.data""",
            key.client_id,
            key.kind,
            key.enterprise_id,
            key.team_id,
            key.user_id,
            instant(unix(installed_at)),
            data,
        )

    async def find_slack_install(self, key: SlackInstallKey, *, any_user: bool = False) -> str | None:
        found: str | None = await self.pool.fetchval(
            f"SELECT data FROM slack_installation WHERE {_WHERE} ORDER BY installed_at DESC LIMIT 1",
            *_params(key, any_user),
        )
        return found

    async def delete_slack_installs(self, key: SlackInstallKey, *, any_user: bool = False) -> None:
        await self.pool.execute(f"DELETE FROM slack_installation WHERE {_WHERE}", *_params(key, any_user))

    async def slack_installs(self, client_id: str) -> list[tuple[SlackInstallKey, float, str]]:
        rows = await self.pool.fetch(
            "SELECT kind, enterprise_id, team_id, user_id, installed_at, data FROM slack_installation"
            " WHERE client_id=$1",
            client_id,
        )
        return [
            (
                SlackInstallKey(client_id, row["kind"], row["enterprise_id"], row["team_id"], row["user_id"]),
                required(row["installed_at"]).timestamp(),
                row["data"],
            )
            for row in rows
        ]

    async def issue_slack_oauth_state(
        self, state: str, expires_at: float, *, now: float | None = None, limit: int | None = None
    ) -> bool:
        async with self.pool.transaction() as db:
            await db.execute(
                "LOCK TABLE slack_oauth_state IN SHARE ROW EXCLUSIVE MODE"
            )  # the cap holds across processes
            if now is not None:
                await db.execute("DELETE FROM slack_oauth_state WHERE expires_at <= $1", instant(unix(now)))
            if limit is not None and await db.fetchval("SELECT count(*) FROM slack_oauth_state") >= limit:
                return False
            await db.execute("INSERT INTO slack_oauth_state VALUES ($1, $2)", state, instant(unix(expires_at)))
        return True

    async def consume_slack_oauth_state(self, state: str, now: float) -> bool:
        async with self.pool.transaction() as db:
            consumed = await db.fetchval(
                "DELETE FROM slack_oauth_state WHERE state=$1 AND expires_at > $2 RETURNING state",
                state,
                instant(unix(now)),
            )
            await db.execute("DELETE FROM slack_oauth_state WHERE expires_at <= $1", instant(unix(now)))
        return consumed is not None


def _params(key: SlackInstallKey, any_user: bool) -> tuple[str | None, ...]:
    return (key.client_id, key.kind, key.enterprise_id, key.team_id, None if any_user else key.user_id)
