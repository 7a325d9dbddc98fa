"""Where and who: the core's Place and Asker from Slack payloads.

Workspace admins and owners moderate every channel and the workspace's defaults. users.info says who they
are, for commands; answers are remembered for a few minutes. A button press never asks: it needs no moderator
check, and its payload names the presser.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.request import Asker, Place

PLATFORM = "slack"

log = logging.getLogger(__name__)


def team_of(payload: Mapping[str, Any]) -> str:
    """The workspace a command, click or event came from (an org-wide install falls back to its org)."""
    team = payload.get("team")
    user = payload.get("user")
    return str(
        payload.get("team_id")
        or (team.get("id") if isinstance(team, Mapping) else None)
        or (user.get("team_id") if isinstance(user, Mapping) else None)
        or payload.get("enterprise_id")
        or ""
    )


def place_of_click(body: Mapping[str, Any]) -> Place | None:
    """The channel a button was pressed in; None for a click outside a channel (an App Home view)."""
    channel = body.get("channel") or {}
    container = body.get("container") or {}
    channel_id = channel.get("id") or container.get("channel_id")
    return Place(PLATFORM, team_of(body), channel_id) if channel_id else None


class People:
    def __init__(self, ttl: float = 300.0, now: Callable[[], float] = time.monotonic, size: int = 10_000) -> None:
        self._ttl = ttl
        self._now = now
        self._size = size
        self._known: dict[tuple[str, str], tuple[float, Asker]] = {}

    async def asker(self, client: AsyncWebClient, team: str, user: str, name: str = "") -> Asker:
        key = (team, user)
        known = self._known.get(key)
        if known is not None and known[0] > self._now():
            return known[1]
        try:
            response = await client.users_info(user=user)
        except (SlackApiError, OSError, TimeoutError) as error:
            log.warning("users.info for %s failed (%s): treating them as a viewer", user, _reason(error))
            return self._remember(key, Asker(user, name or user, moderator=False), self._ttl / 5)
        found = response.get("user") or {}
        admin = _moderates(found)
        asker = Asker(user, _display_name(found) or name or user, moderator=admin, server_moderator=admin)
        return self._remember(key, asker, self._ttl)

    def known(self, team: str, user: str, name: str = "") -> Asker:
        """Who pressed a button, without asking Slack: a press needs no moderator check, and its payload
        carries a name. A display name looked up for an earlier command is used while it is remembered."""
        known = self._known.get((team, user))
        if known is not None and known[0] > self._now():
            return replace(known[1], moderator=False, server_moderator=False)
        return Asker(user, name or user, moderator=False)

    def _remember(self, key: tuple[str, str], asker: Asker, ttl: float) -> Asker:
        """A failed lookup is remembered too, for less time, so a burst of clicks does not repeat it."""
        if len(self._known) >= self._size:
            self._known.clear()
        self._known[key] = (self._now() + ttl, asker)
        return asker


def _moderates(user: Mapping[str, Any]) -> bool:
    return bool(user.get("is_admin") or user.get("is_owner") or user.get("is_primary_owner"))


def _display_name(user: Mapping[str, Any]) -> str:
    profile = user.get("profile") or {}
    names = (profile.get("display_name"), user.get("real_name"), profile.get("real_name"), user.get("name"))
    return str(next((name for name in names if name), ""))


def _reason(error: Exception) -> str:
    if isinstance(error, SlackApiError):
        data = error.response.data
        return str(data.get("error")) if isinstance(data, dict) else f"HTTP {error.response.status_code}"
    return type(error).__name__
