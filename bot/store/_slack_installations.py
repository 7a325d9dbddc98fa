"""Slack installations (one per workspace that added the app) and the OAuth flow's one-time states.

The Slack adapter turns slack_sdk's installation objects into JSON and back; this module keeps rows only.
The adapter seals tokens before they get here when a secret key is set (the `data` column is then opaque);
the database file is created readable by its owner only either way.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import aiosqlite

from bot.store._batch import transaction


@dataclass(frozen=True, slots=True)
class SlackInstallKey:
    """Which installation: its app, kind ('bot' or 'installation'), org, workspace and installing user.

    Empty strings stand for "none": no Enterprise Grid org, an org-wide install, a bot row (no user).
    """

    client_id: str
    kind: str
    enterprise_id: str = ""
    team_id: str = ""
    user_id: str = ""


@runtime_checkable
class SlackInstallStore(Protocol):
    async def save_slack_install(self, key: SlackInstallKey, installed_at: float, data: str) -> None: ...

    async def find_slack_install(self, key: SlackInstallKey, *, any_user: bool = False) -> str | None:
        """The stored JSON; with `any_user`, the workspace's latest installation whoever installed it."""
        ...

    async def delete_slack_installs(self, key: SlackInstallKey, *, any_user: bool = False) -> None: ...

    async def slack_installs(self, client_id: str) -> list[tuple[SlackInstallKey, float, str]]:
        """Every row of one app: its key, when it was installed and its stored data."""
        ...

    async def issue_slack_oauth_state(
        self, state: str, expires_at: float, *, now: float | None = None, limit: int | None = None
    ) -> bool:
        """Store a new state, first removing those expired at `now`; False (nothing stored) at `limit` states."""
        ...

    async def consume_slack_oauth_state(self, state: str, now: float) -> bool:
        """True once for a state issued and not yet expired; every later call is False."""
        ...


_WHERE = "client_id=? AND kind=? AND enterprise_id=? AND team_id=?"


class SlackInstallTables:
    db: aiosqlite.Connection
    write_lock: asyncio.Lock

    async def save_slack_install(self, key: SlackInstallKey, installed_at: float, data: str) -> None:
        await self.db.execute(
            """INSERT INTO slack_installation VALUES (?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (client_id, kind, enterprise_id, team_id, user_id) DO UPDATE
               SET installed_at=excluded.installed_at, data=excluded.data""",
            (key.client_id, key.kind, key.enterprise_id, key.team_id, key.user_id, installed_at, data),
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
        await self.db.execute(f"DELETE FROM slack_installation WHERE {_WHERE}{user}", _params(key, any_user))

    async def slack_installs(self, client_id: str) -> list[tuple[SlackInstallKey, float, str]]:
        rows = await self.db.execute_fetchall(
            "SELECT kind, enterprise_id, team_id, user_id, installed_at, data FROM slack_installation"
            " WHERE client_id=?",
            (client_id,),
        )
        return [(SlackInstallKey(client_id, *row[:4]), row[4], row[5]) for row in rows]

    async def issue_slack_oauth_state(
        self, state: str, expires_at: float, *, now: float | None = None, limit: int | None = None
    ) -> bool:
        async with transaction(self.db, self.write_lock) as db:
            if now is not None:
                await db.execute("DELETE FROM slack_oauth_state WHERE expires_at <= ?", (now,))
            if limit is not None:
                async with db.execute("SELECT count(*) FROM slack_oauth_state") as cursor:
                    row = await cursor.fetchone()
                if row is not None and row[0] >= limit:
                    return False
            await db.execute("INSERT INTO slack_oauth_state VALUES (?, ?)", (state, expires_at))
        return True

    async def consume_slack_oauth_state(self, state: str, now: float) -> bool:
        consume = "DELETE FROM slack_oauth_state WHERE state=? AND expires_at > ?"
        async with self.db.execute(consume, (state, now)) as cursor:
            consumed = cursor.rowcount == 1
        await self.db.execute("DELETE FROM slack_oauth_state WHERE expires_at <= ?", (now,))
        return consumed


def _params(key: SlackInstallKey, any_user: bool) -> tuple[str, ...]:
    base = (key.client_id, key.kind, key.enterprise_id, key.team_id)
    return base if any_user else (*base, key.user_id)
