"""What the guard reads and what it decides."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from bot.episodes import Episode
from bot.request import Asker, Place


class GuardAction(StrEnum):
    """What a guarded channel does with a message that gives something away."""

    HIDE = "hide"
    """Take it down and post it again inside a spoiler tag (where the platform allows; else warn)."""
    WARN = "warn"
    """Leave it, and warn readers under it without naming the fact."""


@dataclass(frozen=True, slots=True)
class Message:
    """A member's message in a channel, as any platform delivers it."""

    place: Place
    author: Asker
    text: str
    message_id: str
    by_this_bot: bool = False
    """The companion's own posts (and its reposts) are never guarded."""
    spoiler_tags: bool = False
    """The platform shows `||text||` hidden (Discord): such text is not read."""


@dataclass(frozen=True, slots=True)
class GuardedChannel:
    place: Place
    action: GuardAction
    set_by: str


@dataclass(frozen=True, slots=True)
class Verdict:
    """*Leave it* (`hide` false), or *hide it*: what it reveals, the words that gave it away, and what the
    channel does about it."""

    hide: bool
    revealed: Episode | None = None
    tell: tuple[str, ...] | None = None
    action: GuardAction | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "hide": self.hide,
            "revealed": str(self.revealed) if self.revealed else None,
            "tell": list(self.tell) if self.tell else None,
        }


LEAVE = Verdict(False)


@dataclass(frozen=True, slots=True)
class GuardRecord:
    """A message the guard acted on: who, where, what it revealed, when. Never its text."""

    place: Place
    author: str
    message_id: str
    revealed: Episode
    action: GuardAction
    at: datetime


@dataclass(frozen=True, slots=True)
class GuardCounts:
    hidden: int = 0
    warned: int = 0
