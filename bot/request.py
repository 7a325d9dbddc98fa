"""Who asks, where, and what: the platform-neutral request every adapter builds."""

from __future__ import annotations

import hashlib
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

    @property
    def tag(self) -> str:
        """A short fingerprint of the place, carried in the ids of buttons that hold no stored record of where they
        were posted (Reveal, Mark watched), so a press that arrives from anywhere else is refused."""
        key = "\x1f".join((self.platform, self.server, self.channel)).encode()
        return hashlib.blake2b(key, digest_size=5).hexdigest()


@dataclass(frozen=True, slots=True)
class Asker:
    """Who asks, and what they may moderate: the channel the request comes from, or the whole server.

    Server rights include channel rights everywhere on that server. Adapters read them from the platform:
    Discord's Manage Channels in this channel (overwrites included) for `moderator`, and Manage Server or
    Administrator at server level (never a channel overwrite) for `server_moderator`; Slack's workspace
    admins and owners, and the console's `mod on`, have both.
    """

    user: str
    name: str = ""
    moderator: bool = False
    """May moderate the channel the request comes from."""
    server_moderator: bool = False
    """May moderate the whole server: its default horizon and every channel's settings."""

    def __post_init__(self) -> None:
        if self.server_moderator and not self.moderator:
            object.__setattr__(self, "moderator", True)


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
    """A button pressed by `asker` on a message in `place`; `action` is the button's stable id, `message_id`
    the platform's id of the message the button sits on, when the platform says."""

    place: Place
    asker: Asker
    action: str
    message_id: str | None = None
    arrived_at: datetime | None = None
    """When the press reached the adapter: it decides whether an answer beat the close, and its speed points."""
