"""What watch parties ask of storage. Every backend implements it."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from bot.episodes import Episode
from bot.request import Place
from bot.watchparty._model import WatchParty


class WatchPartyStore(Protocol):
    """A party and the channel horizon it owns change together, in one transaction."""

    async def watch_party(self, place: Place) -> WatchParty | None: ...

    async def start_watch_party(self, place: Place, episode: Episode, by: str, at: datetime) -> WatchParty | None:
        """None when a party already runs in the channel."""
        ...

    async def advance_watch_party(self, place: Place, seen: Episode, to: Episode, by: str, at: datetime) -> bool:
        """False when the party is no longer at `seen` (another step won)."""
        ...

    async def end_watch_party(self, place: Place, by: str, at: datetime) -> WatchParty | None: ...
