"""What the core asks of storage: one port per area, declared beside the feature that owns it; `Store` is their union.

Adding a feature with state is adding its port here (and a module per backend in this package).
"""

from __future__ import annotations

from typing import Protocol

from bot.guard._port import GuardStore
from bot.horizons import SERVER_WIDE, ChannelHorizon, ProgressStore
from bot.schedules._port import ScheduleStore
from bot.slack_installs import SlackInstallStore, SlackWorkspaceStore
from bot.slack_requests import SlackRequestStore
from bot.store._health import StoreHealth
from bot.trivia._port import TriviaStore
from bot.watchparty._port import WatchPartyStore

__all__ = [
    "SERVER_WIDE",
    "ChannelHorizon",
    "GuardStore",
    "ProgressStore",
    "ScheduleStore",
    "SlackInstallStore",
    "SlackRequestStore",
    "SlackWorkspaceStore",
    "Store",
    "TriviaStore",
    "WatchPartyStore",
]


class Store(
    ProgressStore,
    TriviaStore,
    WatchPartyStore,
    ScheduleStore,
    SlackInstallStore,
    SlackRequestStore,
    SlackWorkspaceStore,
    GuardStore,
    Protocol,
):
    @property
    def health(self) -> StoreHealth:
        """Unhealthy once writes can no longer be trusted to last (the file was deleted or replaced)."""
        ...

    async def close(self) -> None: ...
