"""Which Enterprise Grid org a Slack workspace belongs to, as requests and installs have shown it.

Bolt finds a token from the ids in each request; a post made later (a question closing, a scheduled round)
knows only the workspace, so the org it was seen under is kept here to find a Grid or org-wide install.
"""

from __future__ import annotations

import asyncio
from typing import Protocol, runtime_checkable

import aiosqlite

from bot.store._batch import transaction


@runtime_checkable
class SlackWorkspaceStore(Protocol):
    async def remember_slack_workspace(self, team_id: str, enterprise_id: str) -> None: ...

    async def slack_enterprise_of(self, team_id: str) -> str | None: ...


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
