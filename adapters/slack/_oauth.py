"""Many workspaces: slack_sdk's installation and OAuth-state stores, kept in the project's database.

Rows are sealed (see `_sealed`) before they reach the store. Installations are found the way Bolt's
authorize finds them: by org and workspace, and for an org-wide install by org alone. `find_bot_for`
does the same for posts made outside a request, from the workspace alone, using the org each workspace
was last seen under.
"""

from __future__ import annotations

import json
import logging
import secrets
import time
from collections.abc import Callable
from typing import Any

from slack_sdk.oauth.installation_store import Bot, Installation
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.state_store.async_state_store import AsyncOAuthStateStore

from adapters.slack._sealed import Sealer, Unsealed
from bot.store import SlackInstallKey, SlackInstallStore, SlackWorkspaceStore

log = logging.getLogger(__name__)

BOT = "bot"
INSTALLATION = "installation"
BOT_TOKEN_FIELDS = ("bot_token", "bot_refresh_token", "bot_token_expires_at")
MAX_INSTALL_STATES = 1000
"""Install flows under way at once (each state lives ten minutes): far above a real rush of installs."""


class TooManyInstallStates(RuntimeError):
    """The cap of outstanding install states is reached; the install page says to try again later."""


class DatabaseInstallations(AsyncInstallationStore):
    def __init__(self, store: SlackInstallStore, client_id: str, sealer: Sealer | Unsealed | None = None) -> None:
        self._store = store
        self._client_id = client_id
        self._sealer = sealer or Unsealed()
        self._workspaces: dict[str, str] = {}

    @property
    def logger(self) -> logging.Logger:
        return log

    async def async_save(self, installation: Installation) -> None:
        key = self._key(INSTALLATION, installation.enterprise_id, installation.team_id, installation.user_id)
        await self._save(key, installation.installed_at, vars(installation))
        if installation.enterprise_id and installation.team_id:
            await self.saw_workspace(installation.team_id, installation.enterprise_id)
        if installation.bot_token:
            await self.async_save_bot(installation.to_bot())

    async def async_save_bot(self, bot: Bot) -> None:
        key = self._key(BOT, bot.enterprise_id, None if bot.is_enterprise_install else bot.team_id)
        await self._save(key, bot.installed_at, vars(bot))

    async def async_find_bot(
        self, *, enterprise_id: str | None, team_id: str | None, is_enterprise_install: bool | None = False
    ) -> Bot | None:
        key = self._key(BOT, enterprise_id, None if is_enterprise_install else team_id)
        data = await self._find(key)
        return Bot(**data) if data else None

    async def find_bot_for(self, team: str) -> Bot | None:
        """The bot that posts in workspace `team` (or in org `team`, when the workspace was not known)."""
        enterprise = await self._enterprise_of(team)
        found = await self.async_find_bot(enterprise_id=enterprise, team_id=team)
        if found is None and enterprise:
            found = await self.async_find_bot(enterprise_id=enterprise, team_id=None, is_enterprise_install=True)
        if found is None:
            found = await self.async_find_bot(enterprise_id=team, team_id=None, is_enterprise_install=True)
        return found

    async def saw_workspace(self, team: str, enterprise: str) -> None:
        """Remember the org a workspace belongs to (written once per workspace and process)."""
        if self._workspaces.get(team) == enterprise or not isinstance(self._store, SlackWorkspaceStore):
            return
        await self._store.remember_slack_workspace(team, enterprise)
        self._workspaces[team] = enterprise

    async def async_find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        team = None if is_enterprise_install else team_id
        key = self._key(INSTALLATION, enterprise_id, team, user_id)
        data = await self._find(key, any_user=user_id is None)
        if data is None:
            return None
        installation = Installation(**data)
        bot = await self.async_find_bot(enterprise_id=enterprise_id, team_id=team)
        if bot is not None and bot.bot_token != installation.bot_token:
            # The latest bot token wins, whoever installed last (as slack_sdk's own stores do).
            installation.bot_token, installation.bot_id = bot.bot_token, bot.bot_id
            installation.bot_user_id, installation.bot_scopes = bot.bot_user_id, bot.bot_scopes
        return installation

    async def async_delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        """The bot row goes, and the copies of its token inside the workspace's installation rows with it."""
        await self._store.delete_slack_installs(self._key(BOT, enterprise_id, team_id))
        for key, installed_at, stored in await self._store.slack_installs(self._client_id):
            if key.kind != INSTALLATION or (key.enterprise_id, key.team_id) != (enterprise_id or "", team_id or ""):
                continue
            data = json.loads(self._sealer.open(stored))
            if any(data.get(field) for field in BOT_TOKEN_FIELDS):
                await self._save(key, installed_at, {**data, **dict.fromkeys(BOT_TOKEN_FIELDS)})

    async def async_delete_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> None:
        key = self._key(INSTALLATION, enterprise_id, team_id, user_id)
        await self._store.delete_slack_installs(key, any_user=user_id is None)

    async def reseal(self) -> int:
        """Seal every row of this app with the first key (after a rotation, or once a key is set); how many."""
        rows = await self._store.slack_installs(self._client_id)
        for key, installed_at, stored in rows:
            await self._store.save_slack_install(key, installed_at, self._sealer.reseal(stored))
        return len(rows)

    async def _save(self, key: SlackInstallKey, installed_at: float, data: dict[str, Any]) -> None:
        await self._store.save_slack_install(key, installed_at, self._sealer.seal(json.dumps(data)))

    async def _find(self, key: SlackInstallKey, *, any_user: bool = False) -> dict[str, Any] | None:
        stored = await self._store.find_slack_install(key, any_user=any_user)
        return json.loads(self._sealer.open(stored)) if stored else None

    async def _enterprise_of(self, team: str) -> str | None:
        if team in self._workspaces:
            return self._workspaces[team]
        if not isinstance(self._store, SlackWorkspaceStore):
            return None
        return await self._store.slack_enterprise_of(team)

    def _key(self, kind: str, enterprise: str | None, team: str | None, user: str | None = None) -> SlackInstallKey:
        return SlackInstallKey(self._client_id, kind, enterprise or "", team or "", user or "")


class DatabaseOAuthStates(AsyncOAuthStateStore):
    """One-time `state` values for the install flow: issued, consumed once, expired after ten minutes.

    Expired states are removed as new ones are issued, and at most `limit` are outstanding at once.
    """

    def __init__(
        self,
        store: SlackInstallStore,
        expiration_seconds: int = 600,
        now: Callable[[], float] = time.time,
        limit: int = MAX_INSTALL_STATES,
    ) -> None:
        self._store = store
        self._expiration = expiration_seconds
        self._now = now
        self._limit = limit

    @property
    def logger(self) -> logging.Logger:
        return log

    async def async_issue(self, *args: object, **kwargs: object) -> str:
        state = secrets.token_urlsafe(24)
        now = self._now()
        if not await self._store.issue_slack_oauth_state(state, now + self._expiration, now=now, limit=self._limit):
            raise TooManyInstallStates(f"{self._limit} install states are outstanding")
        return state

    async def async_consume(self, state: str) -> bool:
        return await self._store.consume_slack_oauth_state(state, self._now())
