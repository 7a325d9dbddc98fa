"""Messages the core sends on its own (trivia questions, closes, recap posts): each adapter implements this."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from bot.reply import Reply
from bot.request import Place


@dataclass(frozen=True, slots=True)
class Posted:
    """A message the outbox posted; `message_id` lets the core edit it later (e.g. at a question's close)."""

    place: Place
    message_id: str


class Outbox(Protocol):
    """Optionally `platform: str`: the one platform it can post to (work for others is left to their bots)."""

    async def post(self, place: Place, reply: Reply) -> Posted | None:
        """Post publicly in the channel; None when the platform refused (e.g. the bot is not a member)."""
        ...

    async def edit(self, posted: Posted, reply: Reply) -> None: ...


def platform_of(outbox: Outbox) -> str | None:
    """The platform an outbox posts to, or None for one that serves any (the console, tests)."""
    platform = getattr(outbox, "platform", None)
    return platform if isinstance(platform, str) else None


class SilentOutbox:
    """For one-shot commands: nothing is pushed, and nothing should be."""

    async def post(self, place: Place, reply: Reply) -> Posted | None:
        return None

    async def edit(self, posted: Posted, reply: Reply) -> None:
        return None
