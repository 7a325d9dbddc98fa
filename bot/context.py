"""What a command handler gets: the request, the fact base, the store, and the horizons that apply."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from bot.clock import Clock
from bot.episodes import NOTHING_WATCHED, Episode
from bot.facts import FactBase
from bot.horizons import ChannelHorizon
from bot.outbox import Outbox
from bot.pending import Pending
from bot.reply import Visibility
from bot.request import Asker, Place
from bot.spoilers import Gate, Policy

if TYPE_CHECKING:
    from bot.companion import Companion
    from bot.store import Store


@dataclass
class Context:
    companion: Companion
    place: Place
    asker: Asker
    options: dict[str, Any]
    message_id: str | None = None
    """For a button press: the platform's id of the message the button sits on, when it says."""
    arrived_at: datetime | None = None
    """When the request or press reached the adapter."""
    pending: Pending | None = None
    """For a press answered after its handler returns: what it recorded waits here until its person is told."""

    @property
    def arrival(self) -> datetime:
        """When it arrived: what decides whether a trivia answer beat the question's close."""
        return self.arrived_at or self.clock.now()

    @property
    def facts(self) -> FactBase:
        return self.companion.facts

    @property
    def store(self) -> Store:
        return self.companion.store

    @property
    def clock(self) -> Clock:
        return self.companion.clock

    @property
    def outbox(self) -> Outbox:
        return self.companion.outbox

    async def progress(self) -> Episode:
        """The asker's own progress; S1E0 when they never set it."""
        stored = await self.store.progress(self.place.platform, self.place.server, self.asker.user)
        return stored or NOTHING_WATCHED

    async def channel(self) -> ChannelHorizon:
        """The channel's horizon (or the server default); S1E0 and 'hide' when none was set."""
        stored = await self.store.channel_horizon(self.place)
        return stored or ChannelHorizon(NOTHING_WATCHED, Policy.HIDE, "nobody", server_default=True)

    def shared(self) -> bool:
        """Lookups answer privately unless `share:yes` was given."""
        return bool(self.options.get("share"))

    async def gate(self, visibility: Visibility) -> Gate:
        """The spoiler gate for a reply: the channel's horizon when public, the asker's progress when private."""
        if visibility is Visibility.PUBLIC:
            channel = await self.channel()
            return Gate(channel.episode, channel.policy)
        return Gate(await self.progress(), Policy.HIDE)
