"""The fake's world: users with their permissions, a server with text channels, interactions and their state."""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tests.adapters.discord.fake._server import FakeDiscord

DISCORD_EPOCH_MS = 1420070400000

ADMINISTRATOR = 1 << 3
MANAGE_CHANNELS = 1 << 4
MANAGE_GUILD = 1 << 5
VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
EMBED_LINKS = 1 << 14
READ_MESSAGE_HISTORY = 1 << 16
MENTION_EVERYONE = 1 << 17
USE_APPLICATION_COMMANDS = 1 << 31
SEND_MESSAGES_IN_THREADS = 1 << 38
MEMBER = (
    VIEW_CHANNEL
    | SEND_MESSAGES
    | EMBED_LINKS
    | READ_MESSAGE_HISTORY
    | USE_APPLICATION_COMMANDS
    | SEND_MESSAGES_IN_THREADS
)
MODERATOR = MEMBER | MANAGE_CHANNELS
EVERYTHING = (1 << 50) - 1

EPHEMERAL = 1 << 6
LOADING = 1 << 7


class Snowflakes:
    """Ids shaped like Discord's: milliseconds since Discord's epoch, then a counter."""

    def __init__(self) -> None:
        self._counter = itertools.count(1)

    def next(self, ago: float = 0.0) -> int:
        """A new id; `ago` seconds in the past for an interaction the member sent that long ago."""
        return (int((time.time() - ago) * 1000) - DISCORD_EPOCH_MS) << 22 | next(self._counter) & 0x3FFFFF

    def on_shard(self, shard: int, count: int) -> int:
        """An id whose server lives on `shard` of `count`: `(id >> 22) % count == shard`."""
        moment = self.next() >> 22
        return (moment - moment % count + shard) << 22 | next(self._counter) & 0x3FFFFF


def now_iso() -> str:
    return datetime.now(UTC).isoformat()


@dataclass(eq=False)
class Role:
    id: int
    name: str
    permissions: int

    def as_role(self, position: int) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "name": self.name,
            "permissions": str(self.permissions),
            "position": position,
            "color": 0,
            "hoist": False,
            "managed": False,
            "mentionable": False,
            "flags": 0,
        }


@dataclass(frozen=True)
class Overwrite:
    """A channel's permission overwrite for a role (type 0) or a member (type 1)."""

    id: int
    type: int
    allow: int = 0
    deny: int = 0

    def as_overwrite(self) -> dict[str, Any]:
        return {"id": str(self.id), "type": self.type, "allow": str(self.allow), "deny": str(self.deny)}


@dataclass(eq=False)
class User:
    """A member; `permissions` is what their own role grants on top of @everyone (at server level)."""

    id: int
    name: str
    permissions: int = MEMBER
    bot: bool = False
    roles: list[Role] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.permissions != MEMBER and not self.roles:
            self.roles.append(Role(self.id + (1 << 62), f"{self.name}'s role", self.permissions))

    def as_user(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "username": self.name,
            "global_name": self.name,
            "discriminator": "0",
            "avatar": None,
            "bot": self.bot,
            "public_flags": 0,
        }

    def as_member(self) -> dict[str, Any]:
        return {
            "user": self.as_user(),
            "roles": [str(role.id) for role in self.roles],
            "flags": 0,
            "joined_at": "2025-01-01T00:00:00+00:00",
            "nick": None,
            "avatar": None,
            "deaf": False,
            "mute": False,
            "pending": False,
            "permissions": str(self.permissions),
        }


@dataclass(eq=False)
class Channel:
    id: int
    name: str
    guild_id: int
    position: int
    history: list[dict[str, Any]] = field(default_factory=list)
    """Public messages, oldest first (ephemeral ones are seen only by their user)."""
    overwrites: list[Overwrite] = field(default_factory=list)

    def as_channel(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "type": 0,
            "name": self.name,
            "position": self.position,
            "guild_id": str(self.guild_id),
            "permission_overwrites": [overwrite.as_overwrite() for overwrite in self.overwrites],
            "nsfw": False,
            "topic": None,
            "last_message_id": None,
            "rate_limit_per_user": 0,
            "parent_id": None,
        }


@dataclass(eq=False)
class Guild:
    id: int
    name: str
    channels: list[Channel]
    members: list[User]

    def channel(self, name: str) -> Channel:
        return next(channel for channel in self.channels if channel.name == name)

    @property
    def everyone(self) -> Role:
        return Role(self.id, "@everyone", MEMBER)

    def roles(self) -> list[Role]:
        found: dict[int, Role] = {self.id: self.everyone}
        for member in self.members:
            found.update((role.id, role) for role in member.roles)
        return list(found.values())

    def permissions(self, user: User, channel: Channel) -> int:
        """What `user` may do in `channel`, computed the way Discord does: the owner and administrators may do
        everything; otherwise @everyone's and the member's roles, then the channel's overwrites for @everyone,
        for the member's roles (denies before allows), and for the member."""
        if user is self.members[0]:
            return EVERYTHING
        base = self.everyone.permissions
        for role in user.roles:
            base |= role.permissions
        if base & ADMINISTRATOR:
            return EVERYTHING
        overwrites = {(o.type, o.id): o for o in channel.overwrites}
        if (everyone := overwrites.get((0, self.id))) is not None:
            base = base & ~everyone.deny | everyone.allow
        allow = deny = 0
        for role in user.roles:
            if (found := overwrites.get((0, role.id))) is not None:
                allow, deny = allow | found.allow, deny | found.deny
        base = base & ~deny | allow
        if (own := overwrites.get((1, user.id))) is not None:
            base = base & ~own.deny | own.allow
        return base

    def as_guild_create(self, fake: FakeDiscord) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "name": self.name,
            "owner_id": str(self.members[0].id),
            "member_count": len(self.members),
            "large": False,
            "unavailable": False,
            "features": [],
            "roles": [role.as_role(position) for position, role in enumerate(self.roles())],
            "emojis": [],
            "stickers": [],
            "channels": [channel.as_channel() for channel in self.channels],
            "threads": [],
            "members": [member.as_member() for member in self.members],
            "voice_states": [],
            "presences": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
            "preferred_locale": "en-US",
        }


@dataclass(eq=False)
class Interaction:
    id: int
    token: str
    type: int
    """2 a slash command, 3 a button click, 4 autocomplete."""
    user: User
    channel: Channel
    guild: Guild
    data: dict[str, Any]
    message: dict[str, Any] | None = None
    """The message a clicked button sits on."""
    created: float = field(default_factory=time.monotonic)
    callback: int | None = None
    """The callback type the bot answered with, once it has."""
    callback_body: dict[str, Any] | None = None
    original: dict[str, Any] | None = None
    loading: bool = False
    followups: list[dict[str, Any]] = field(default_factory=list)
    choices: list[dict[str, Any]] | None = None
    shard: tuple[int, int] | None = None
    """The shard ([id, count]) of the gateway session it was sent over."""

    @property
    def messages(self) -> list[dict[str, Any]]:
        """What the user sees as the answer: the response (once not "thinking…") and the follow-ups."""
        original = [self.original] if self.original is not None and not self.loading else []
        return original + self.followups

    @property
    def answered(self) -> bool:
        return self.callback is not None and not self.loading
