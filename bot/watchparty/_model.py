"""A watch party as the store keeps it. Imports nothing from the store or the commands."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.episodes import Episode
from bot.request import Place


@dataclass(frozen=True, slots=True)
class WatchParty:
    """A channel watching together; while it runs, it owns the channel's horizon."""

    place: Place
    episode: Episode
    """How far the channel has watched together: the channel's horizon."""
    first: Episode
    """Where the party started."""
    started_by: str
    started_at: datetime
