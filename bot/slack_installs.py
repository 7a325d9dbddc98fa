"""Slack installations (one per workspace that added the app) and the OAuth flow's one-time states: the records
and the port that keeps them. The Slack adapter turns slack_sdk's installation objects into JSON and back.

Times are unix seconds as Slack reports them; the store keeps them as it keeps every time (UTC).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable


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
        """Every row of one app: its key, when it was installed (unix seconds) and its stored data."""
        ...

    async def issue_slack_oauth_state(
        self, state: str, expires_at: float, *, now: float | None = None, limit: int | None = None
    ) -> bool:
        """Store a new state, first removing those expired at `now`; False (nothing stored) at `limit` states."""
        ...

    async def consume_slack_oauth_state(self, state: str, now: float) -> bool:
        """True once for a state issued and not yet expired; every later call is False."""
        ...


@runtime_checkable
class SlackWorkspaceStore(Protocol):
    """Which Enterprise Grid org each workspace belongs to, as requests and installs have shown it: a post made
    outside a request knows only the workspace, and an org-wide install is found through its org."""

    async def remember_slack_workspace(self, team_id: str, enterprise_id: str) -> None: ...

    async def slack_enterprise_of(self, team_id: str) -> str | None: ...
