"""Who asks, where, and what: the platform-neutral request every adapter builds."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import Any


@dataclass(frozen=True, slots=True)
class Place:
    """A channel on a platform's server (a Discord guild, a Slack workspace, the console)."""

    platform: str
    server: str
    channel: str


@dataclass(frozen=True, slots=True)
class Asker:
    user: str
    name: str = ""
    moderator: bool = False


@dataclass(frozen=True, slots=True)
class Request:
    place: Place
    asker: Asker
    command: str
    """The command's path: 'bio', or 'trivia start' for a subcommand."""
    options: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    arrived_at: datetime | None = None
    """When it reached the adapter (a typed trivia answer is judged by it); the core's clock at entry if None."""


@dataclass(frozen=True, slots=True)
class Press:
    """A button pressed by `asker` on a message in `place`; `action` is the button's stable id."""

    place: Place
    asker: Asker
    action: str
    message_id: str | None = None
    arrived_at: datetime | None = None
    """When the press reached the adapter: it decides whether an answer beat the close, and its speed points."""
