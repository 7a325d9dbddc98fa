"""Where viewers and channels are in the show: the records and the port that keeps them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from bot.episodes import Episode
from bot.request import Place
from bot.spoilers import Policy

SERVER_WIDE = "*"
"""The channel name under which a server's default horizon is kept."""


@dataclass(frozen=True, slots=True)
class ChannelHorizon:
    episode: Episode
    policy: Policy
    set_by: str
    server_default: bool = False


class ProgressStore(Protocol):
    async def progress(self, platform: str, server: str, user: str) -> Episode | None: ...

    async def set_progress(self, platform: str, server: str, user: str, episode: Episode) -> None: ...

    async def channel_horizon(self, place: Place) -> ChannelHorizon | None:
        """The channel's own horizon, else the server-wide default, else None."""
        ...

    async def set_channel_horizon(self, place: Place, episode: Episode, policy: Policy, set_by: str) -> None: ...
