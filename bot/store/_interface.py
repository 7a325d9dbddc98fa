"""What the core asks of storage. SQLite implements it today; another backend runs the same store tests."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from bot.episodes import Episode
from bot.request import Place
from bot.spoilers import Policy

SERVER_WIDE = "*"


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


class Store(ProgressStore, Protocol):
    async def close(self) -> None: ...
