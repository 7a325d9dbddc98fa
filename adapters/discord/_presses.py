"""A button press on Discord: timed by its id, recorded, then answered with one response, counted only if it went out.

Discord forgets an interaction 3 s after the member pressed; a callback after that is refused (10062) and
the member sees "This interaction failed". An answer counts only if its member is told so, and "Got it"
is never said for an answer that is not durable. The order is therefore:

1. too old to answer in time (its age is in its id)? Dropped before any work: no call, nothing counted;
2. too many presses in hand, or already too late for the full path? Answered at once, "busy, press again";
3. the core records it (durable) and its reply ("Got it …") is the interaction's one response — if Discord
   refuses that, the answer is withdrawn and does not count;
4. if recording is not done a safe margin before the 3 s, the press is acknowledged with an invisible
   deferred update instead (refused: the answer is withdrawn once recorded) and the reply follows up.

Failures cost no further call and are logged as one line per interval, with a count, never a traceback.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import aiohttp
import discord

from adapters.discord._render import Page, render
from bot.companion import SORRY, Companion
from bot.pending import Pending
from bot.presses import BUSY
from bot.reply import Reply, Visibility, message
from bot.request import Asker, Place, Press

log = logging.getLogger(__name__)

ACK_WINDOW = 3.0
"""Seconds Discord accepts an interaction's first callback, from when the member pressed."""
ROUND_TRIP_MARGIN = 1.0
"""Kept free for the response's trip to Discord (and clocks that disagree a little)."""
DEFER_AT = ACK_WINDOW - ROUND_TRIP_MARGIN
"""A press's age when, not yet recorded, it is acknowledged with a deferral so that its 3 s are kept."""
BUSY_AFTER = 1.0
"""A press older than this when it is reached gets the one-call "busy" answer rather than the full path."""
IN_HAND = 256
"""Presses one process holds between arrival and "Got it"; more are told to press again."""
DRAIN_GRACE = 5.0
"""Seconds a shutdown waits for the presses in hand: past Discord's 3 s, every one has been told or withdrawn."""
INTERACTION_LIFETIME = timedelta(minutes=15)
DISCORD_EPOCH_MS = 1_420_070_400_000
SENDING = (discord.HTTPException, aiohttp.ClientError, OSError, TimeoutError)
"""What a call to Discord raises when it did not go through."""
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
        self.unanswered = OneLinePer("deferred presses whose reply did not arrive, not counted")


class Presses:
    """The press path of one bot: bounded, timed by arrival, counted only when acknowledged."""

    def __init__(self, companion: Callable[[], Companion], *, in_hand: int = IN_HAND) -> None:
        self._companion = companion
        self._room = in_hand
        self._in_hand = 0
        self._closing = False
        self._idle: asyncio.Event | None = None
        self.failures = Failures()

    @property
    def in_hand(self) -> int:
        return self._in_hand

    async def press(self, interaction: discord.Interaction, place: Place, asker: Asker, action: str) -> None:
        age = age_of(interaction.id)
        if age > ACK_WINDOW - ROUND_TRIP_MARGIN:
            self.failures.too_old.note(f"interaction {interaction.id}, {age:.1f} s old")
            return
        if age > BUSY_AFTER or self._in_hand >= self._room or self._closing:
            await self._busy(interaction)
            return
        self._in_hand += 1
        try:
            await self._counted(interaction, place, asker, action, age)
        finally:
            self._in_hand -= 1
            if self._idle is not None and not self._in_hand:
                self._idle.set()

    async def drain(self, grace: float = DRAIN_GRACE) -> None:
        """Before the store closes: take no more presses, and let those in hand be told or withdrawn."""
        self._closing = True
        if self._in_hand:
            self._idle = asyncio.Event()
            try:
                await asyncio.wait_for(self._idle.wait(), grace)
            except TimeoutError:
                log.warning("%d presses still in hand at shutdown: answers among them may count untold", self._in_hand)

    async def _counted(
        self, interaction: discord.Interaction, place: Place, asker: Asker, action: str, age: float
    ) -> None:
        companion = self._companion()
        arrived_at = arrival(interaction, companion.clock.now())
        message_id = str(interaction.message.id) if interaction.message else None
        loop = asyncio.get_running_loop()
        deferring: list[asyncio.Task[bool]] = []
        timer = loop.call_later(
            DEFER_AT - age, lambda: deferring.append(loop.create_task(self._defer(interaction)))
        )  # a timer, not a task per press: most presses are recorded long before it would fire
        try:
            reply, pending = await companion.offer(Press(place, asker, action, message_id, arrived_at))
        except Exception:
            log.exception("press %s on interaction %s failed", action[:40], interaction.id)
            reply, pending = message(SORRY), Pending()
        finally:
            timer.cancel()
        told = False
        try:
            if deferring:
                told = await deferring[0] and await self._follow_up(interaction, reply)
            else:
                told = await self._respond(interaction, reply)
        finally:
            if told:
                pending.told()
            else:
                await pending.untold()

    async def _respond(self, interaction: discord.Interaction, reply: Reply) -> bool:
        """The reply as the interaction's response; whether it went out (later pages are a bonus)."""
        ephemeral = reply.visibility is Visibility.EPHEMERAL
        first, *rest = render(reply)
        try:
            await interaction.response.send_message(ephemeral=ephemeral, **first.send_kwargs())
        except SENDING as error:
            self.failures.refused.note(f"interaction {interaction.id}: {_said(error)}")
            return False
        await self._pages(interaction, rest, ephemeral)
        return True

    async def _defer(self, interaction: discord.Interaction) -> bool:
        try:
            await interaction.response.defer()
        except SENDING as error:
            self.failures.refused.note(f"interaction {interaction.id}: {_said(error)}")
            return False
        return True

    async def _follow_up(self, interaction: discord.Interaction, reply: Reply) -> bool:
        """After a deferral: the reply as follow-ups; whether its first page went out."""
        return await self._pages(interaction, render(reply), reply.visibility is Visibility.EPHEMERAL) > 0

    async def _pages(self, interaction: discord.Interaction, pages: Sequence[Page], ephemeral: bool) -> int:
        """Follow-ups, in order until one fails; how many went out."""
        for sent, page in enumerate(pages):
            try:
                await interaction.followup.send(ephemeral=ephemeral, **page.send_kwargs())
            except SENDING as error:
                self.failures.unanswered.note(f"interaction {interaction.id}: {_said(error)}")
                return sent
        return len(pages)

    async def _busy(self, interaction: discord.Interaction) -> None:
        try:
            await interaction.response.send_message(BUSY, ephemeral=True)
        except SENDING as error:
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
