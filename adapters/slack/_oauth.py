"""Many workspaces: slack_sdk's installation and OAuth-state stores, kept in the project's database."""

from __future__ import annotations

import json
import logging
import secrets
import time
from collections.abc import Callable

from slack_sdk.oauth.installation_store import Bot, Installation
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.state_store.async_state_store import AsyncOAuthStateStore

from bot.store import SlackInstallKey, SlackInstallStore

log = logging.getLogger(__name__)

BOT = "bot"
INSTALLATION = "installation"


class DatabaseInstallations(AsyncInstallationStore):
    def __init__(self, store: SlackInstallStore, client_id: str) -> None:
        self._store = store
        self._client_id = client_id

    @property
    def logger(self) -> logging.Logger:
        return log

    async def async_save(self, installation: Installation) -> None:
        key = self._key(INSTALLATION, installation.enterprise_id, installation.team_id, installation.user_id)
        await self._store.save_slack_install(key, installation.installed_at, json.dumps(vars(installation)))
        if installation.bot_token:
            await self.async_save_bot(installation.to_bot())

    async def async_save_bot(self, bot: Bot) -> None:
        key = self._key(BOT, bot.enterprise_id, bot.team_id)
        await self._store.save_slack_install(key, bot.installed_at, json.dumps(vars(bot)))

    async def async_find_bot(
        self, *, enterprise_id: str | None, team_id: str | None, is_enterprise_install: bool | None = False
    ) -> Bot | None:
        key = self._key(BOT, enterprise_id, None if is_enterprise_install else team_id)
        data = await self._store.find_slack_install(key)
        return Bot(**json.loads(data)) if data else None

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
        data = await self._store.find_slack_install(key, any_user=user_id is None)
        if data is None:
            return None
        installation = Installation(**json.loads(data))
        bot = await self.async_find_bot(enterprise_id=enterprise_id, team_id=team)
        if bot is not None and bot.bot_token != installation.bot_token:
            # The latest bot token wins, whoever installed last (as slack_sdk's own stores do).
            installation.bot_token, installation.bot_id = bot.bot_token, bot.bot_id
            installation.bot_user_id, installation.bot_scopes = bot.bot_user_id, bot.bot_scopes
        return installation

    async def async_delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        await self._store.delete_slack_installs(self._key(BOT, enterprise_id, team_id))

    async def async_delete_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> None:
        key = self._key(INSTALLATION, enterprise_id, team_id, user_id)
        await self._store.delete_slack_installs(key, any_user=user_id is None)

    def _key(self, kind: str, enterprise: str | None, team: str | None, user: str | None = None) -> SlackInstallKey:
        return SlackInstallKey(self._client_id, kind, enterprise or "", team or "", user or "")


class DatabaseOAuthStates(AsyncOAuthStateStore):
    """One-time `state` values for the install flow: issued, consumed once, expired after ten minutes."""

    def __init__(
        self, store: SlackInstallStore, expiration_seconds: int = 600, now: Callable[[], float] = time.time
    ) -> None:
        self._store = store
        self._expiration = expiration_seconds
        self._now = now

    @property
    def logger(self) -> logging.Logger:
        return log

    async def async_issue(self, *args: object, **kwargs: object) -> str:
        state = secrets.token_urlsafe(24)
        await self._store.issue_slack_oauth_state(state, self._now() + self._expiration)
        return state

    async def async_consume(self, state: str) -> bool:
        return await self._store.consume_slack_oauth_state(state, self._now())
