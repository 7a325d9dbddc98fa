"""Which Enterprise Grid org each Slack workspace belongs to (see `bot.slack_installs`), in SQLite."""

from __future__ import annotations

import asyncio

import aiosqlite

from bot.store._batch import transaction


class SlackWorkspaceTables:
    db: aiosqlite.Connection
    write_lock: asyncio.Lock

    async def remember_slack_workspace(self, team_id: str, enterprise_id: str) -> None:
        async with transaction(self.db, self.write_lock) as db:
            await db.execute(
                "INSERT INTO slack_workspace VALUES (?, ?)"
                " ON CONFLICT (team_id) DO UPDATE SET enterprise_id=excluded.enterprise_id",
                (team_id, enterprise_id),
            )

    async def slack_enterprise_of(self, team_id: str) -> str | None:
        rows = await self.db.execute_fetchall("SELECT enterprise_id FROM slack_workspace WHERE team_id=?", (team_id,))
        row = next(iter(rows), None)
        return str(row[0]) if row else None
