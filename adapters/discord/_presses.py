"""A button press on Discord: timed by its id, acknowledged first, counted only once acknowledged.

Discord forgets an interaction 3 s after the member pressed; a callback after that is refused (10062) and
the member sees "This interaction failed". So an answer must not be recorded before the acknowledgement
has succeeded, and "Got it" must not be said before the answer is durable. The order is therefore:

1. too old to acknowledge (its age is in its id)? Dropped before any work: no call, nothing counted;
2. too many presses in hand, or already too late for the full path? Answered at once, "busy, press again";
3. acknowledged with an invisible deferred update — if Discord refuses it, the press is not counted;
4. the core records it (durable), and its reply goes out as follow-ups.

Failures cost no further call and are logged as one line per interval, with a count, never a traceback.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import aiohttp
import discord

from adapters.discord._render import render
from bot.companion import SORRY, Companion
from bot.presses import BUSY
from bot.reply import Visibility, message
from bot.request import Asker, Place, Press

log = logging.getLogger(__name__)

ACK_WINDOW = 3.0
"""Seconds Discord accepts an interaction's first callback, from when the member pressed."""
ROUND_TRIP_MARGIN = 1.0
"""Kept free for the acknowledgement's trip to Discord (and clocks that disagree a little)."""
BUSY_AFTER = 1.0
"""A press older than this when it is reached gets the one-call "busy" answer rather than the full path."""
IN_HAND = 256
"""Presses one process holds between acknowledgement and "Got it"; more are told to press again."""
INTERACTION_LIFETIME = timedelta(minutes=15)
DISCORD_EPOCH_MS = 1_420_070_400_000
LOG_EVERY = 10.0
"""Seconds between two log lines about the same kind of failure."""


@dataclass(slots=True)
class OneLinePer:
    """Logs the first failure of a kind at once, then at most one line per `every` seconds, with a count."""

    what: str
    every: float = LOG_EVERY
    now: Callable[[], float] = time.monotonic
    _since: int = 0
    _last: float | None = field(default=None)

    def note(self, detail: str) -> None:
        self._since += 1
        moment = self.now()
        if self._last is None or moment - self._last >= self.every:
            log.warning("%s: %d since the last report (latest: %s)", self.what, self._since, detail)
            self._last, self._since = moment, 0


class Failures:
    def __init__(self) -> None:
        self.too_old = OneLinePer("presses too old to acknowledge, dropped")
        self.refused = OneLinePer("presses Discord refused to acknowledge, not counted")
        self.unanswered = OneLinePer("counted presses whose reply did not arrive")


class Presses:
    """The press path of one bot: bounded, timed by arrival, counted only when acknowledged."""

    def __init__(self, companion: Callable[[], Companion], *, in_hand: int = IN_HAND) -> None:
        self._companion = companion
        self._room = in_hand
        self._in_hand = 0
        self.failures = Failures()

    @property
    def in_hand(self) -> int:
        return self._in_hand

    async def press(self, interaction: discord.Interaction, place: Place, asker: Asker, action: str) -> None:
        age = age_of(interaction.id)
        if age > ACK_WINDOW - ROUND_TRIP_MARGIN:
            self.failures.too_old.note(f"interaction {interaction.id}, {age:.1f} s old")
            return
        if age > BUSY_AFTER or self._in_hand >= self._room:
            await self._busy(interaction)
            return
        self._in_hand += 1
        try:
            await self._counted(interaction, place, asker, action)
        finally:
            self._in_hand -= 1

    async def _counted(self, interaction: discord.Interaction, place: Place, asker: Asker, action: str) -> None:
        try:
            await interaction.response.defer()
        except (discord.HTTPException, aiohttp.ClientError, OSError, TimeoutError) as error:
            self.failures.refused.note(f"interaction {interaction.id}: {_said(error)}")
            return
        companion = self._companion()
        arrived_at = arrival(interaction, companion.clock.now())
        message_id = str(interaction.message.id) if interaction.message else None
        try:
            reply = await companion.press(Press(place, asker, action, message_id, arrived_at))
        except Exception:
            log.exception("press %s on interaction %s failed", action[:40], interaction.id)
            reply = message(SORRY)
        ephemeral = reply.visibility is Visibility.EPHEMERAL
        try:
            for page in render(reply):
                await interaction.followup.send(ephemeral=ephemeral, **page.send_kwargs())
        except (discord.HTTPException, aiohttp.ClientError, OSError, TimeoutError) as error:
            self.failures.unanswered.note(f"interaction {interaction.id}: {_said(error)}")

    async def _busy(self, interaction: discord.Interaction) -> None:
        try:
            await interaction.response.send_message(BUSY, ephemeral=True)
        except (discord.HTTPException, aiohttp.ClientError, OSError, TimeoutError) as error:
            self.failures.refused.note(f"interaction {interaction.id}: {_said(error)}")


def age_of(snowflake: int) -> float:
    """Seconds since Discord made this id (its top bits are milliseconds since Discord's epoch)."""
    return time.time() - ((snowflake >> 22) + DISCORD_EPOCH_MS) / 1000


def arrival(interaction: discord.Interaction, now: datetime) -> datetime:
    """When the member pressed or typed: the interaction id's creation time, when it is a plausible one
    (not in the future, not older than an interaction lives); else when it reached this process."""
    created = interaction.created_at
    return created if now - INTERACTION_LIFETIME <= created <= now else now


def _said(error: BaseException) -> str:
    if isinstance(error, discord.HTTPException):
        return f"{error.status} {error.code} {' '.join(error.text.split())[:120]}"
    return type(error).__name__
