"""Slack installations and the OAuth flow's one-time states in SQLite.

The adapter seals tokens before they get here when a secret key is set (the `data` column is then opaque);
the database file is created readable by its owner only either way.
"""

from __future__ import annotations

import asyncio

import aiosqlite

from bot.slack_installs import SlackInstallKey
from bot.store._batch import transaction
from bot.store._codec import required, stamp, unix

_WHERE = "client_id=? AND kind=? AND enterprise_id=? AND team_id=?"


class SlackInstallTables:
    """Every write in its own transaction under the store's write lock: never inside another caller's open
    transaction on the shared connection, and refused once the file is gone, like every other write."""

    db: aiosqlite.Connection
    write_lock: asyncio.Lock

    async def save_slack_install(self, key: SlackInstallKey, installed_at: float, data: str) -> None:
        async with transaction(self.db, self.write_lock) as db:
            await db.execute(
                """INSERT INTO slack_installation VALUES (?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT (client_id, kind, enterprise_id, team_id, user_id) DO UPDATE
                   SET installed_at=excluded.installed_at, data=excluded.data""",
                (key.client_id, key.kind, key.enterprise_id, key.team_id, key.user_id, stamp(unix(installed_at)), data),
            )

    async def find_slack_install(self, key: SlackInstallKey, *, any_user: bool = False) -> str | None:
        user = "" if any_user else " AND user_id=?"
        async with self.db.execute(
            f"SELECT data FROM slack_installation WHERE {_WHERE}{user} ORDER BY installed_at DESC LIMIT 1",
            _params(key, any_user),
        ) as cursor:
            row = await cursor.fetchone()
        return row[0] if row else None

    async def delete_slack_installs(self, key: SlackInstallKey, *, any_user: bool = False) -> None:
        user = "" if any_user else " AND user_id=?"
        async with transaction(self.db, self.write_lock) as db:
            await db.execute(f"DELETE FROM slack_installation WHERE {_WHERE}{user}", _params(key, any_user))

    async def slack_installs(self, client_id: str) -> list[tuple[SlackInstallKey, float, str]]:
        rows = await self.db.execute_fetchall(
            "SELECT kind, enterprise_id, team_id, user_id, installed_at, data FROM slack_installation"
            " WHERE client_id=?",
            (client_id,),
        )
        return [(SlackInstallKey(client_id, *row[:4]), required(row[4]).timestamp(), row[5]) for row in rows]

    async def issue_slack_oauth_state(
        self, state: str, expires_at: float, *, now: float | None = None, limit: int | None = None
    ) -> bool:
        async with transaction(self.db, self.write_lock) as db:
            if now is not None:
                await db.execute("DELETE FROM slack_oauth_state WHERE expires_at <= ?", (stamp(unix(now)),))
            if limit is not None:
                async with db.execute("SELECT count(*) FROM slack_oauth_state") as cursor:
                    row = await cursor.fetchone()
                if row is not None and row[0] >= limit:
                    return False
            await db.execute("INSERT INTO slack_oauth_state VALUES (?, ?)", (state, stamp(unix(expires_at))))
        return True

    async def consume_slack_oauth_state(self, state: str, now: float) -> bool:
        consume = "DELETE FROM slack_oauth_state WHERE state=? AND expires_at > ?"
        async with transaction(self.db, self.write_lock) as db:
            async with db.execute(consume, (state, stamp(unix(now)))) as cursor:
                consumed = cursor.rowcount == 1
            await db.execute("DELETE FROM slack_oauth_state WHERE expires_at <= ?", (stamp(unix(now)),))
        return consumed


def _params(key: SlackInstallKey, any_user: bool) -> tuple[str, ...]:
    base = (key.client_id, key.kind, key.enterprise_id, key.team_id)
    return base if any_user else (*base, key.user_id)
