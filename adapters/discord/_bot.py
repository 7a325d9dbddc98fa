"""The Discord client: opens the companion, registers its commands, and turns interactions into requests."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import aiohttp
import discord
import yarl
from discord import app_commands

from adapters.discord._answer import DEFER_AFTER, SERVERS_ONLY, answer, apologize, asker_of, place_of
from adapters.discord._cache import keep_no_channels
from adapters.discord._commands import build_commands
from adapters.discord._guard import DiscordGuard
from adapters.discord._outbox import DiscordOutbox
from adapters.discord._presses import IN_HAND, Presses, arrival
from adapters.discord._shards import ShardGroup, ShardLease, shard_group, wait_identify_turn
from bot import heap
from bot.app import build_companion
from bot.clock import Clock
from bot.companion import Companion
from bot.outbox import Outbox
from bot.reply import Reply, message
from bot.request import Request
from bot.settings import DiscordSettings, Settings
from bot.startup import StartupError

log = logging.getLogger(__name__)

discord.VoiceClient.warn_nacl = False
discord.VoiceClient.warn_dave = False
"""The bot never joins a voice channel: discord.py's warnings about missing voice libraries do not concern it."""

INTENTS = discord.Intents(guilds=True)
"""Interactions arrive without any intent; `guilds` brings each server's roles and owner, for server rights (its
channels are dropped unless the guard runs: _cache.py). Nothing privileged."""
GUARD_INTENTS = discord.Intents(guilds=True, guild_messages=True, message_content=True)
"""With DISCORD_MESSAGE_CONTENT=true, for the spoiler guard: members' messages and their text (privileged)."""
GUARD_MESSAGES = 1_000
"""Messages discord.py keeps for the guard, which reads an edit again only when its text changed; without the
guard nothing reads them."""
BUTTON = discord.ComponentType.button.value
CHOICES_LIMIT = 25
CHOICE_LIMIT = 100

OpenCompanion = Callable[[Outbox], Awaitable[Companion]]


class CompanionBot(discord.Client):
    def __init__(
        self,
        open_companion: OpenCompanion,
        settings: DiscordSettings,
        *,
        defer_after: float = DEFER_AFTER,
        presses_in_hand: int = IN_HAND,
        **options: Any,
    ) -> None:
        super().__init__(
            intents=GUARD_INTENTS if settings.message_content else INTENTS,
            allowed_mentions=discord.AllowedMentions.none(),
            guild_ready_timeout=settings.guild_ready_timeout,
            member_cache_flags=discord.MemberCacheFlags.none(),
            chunk_guilds_at_startup=False,
            max_messages=GUARD_MESSAGES if settings.message_content else None,
            **options,
        )
        if not settings.message_content:
            keep_no_channels(self._connection.parsers)
        self.tree = app_commands.CommandTree(self)
        self.tree.error(self._on_app_command_error)
        self._open_companion = open_companion
        self._settings = settings
        self._defer_after = defer_after
        self._starting: asyncio.Task[None] | None = None
        self._closing = False
        self._companion: Companion | None = None
        self._presses = Presses(lambda: self.companion, in_hand=presses_in_hand)
        self._guard: DiscordGuard | None = None
        self._shards = shard_group(settings)
        self._lease: ShardLease | None = None
        self._watching_lease: asyncio.Task[None] | None = None
        self._max_concurrency: int | None = None
        self._turn_taken: set[int] = set()

    @property
    def companion(self) -> Companion:
        if self._companion is None:
            raise RuntimeError("the companion opens in setup_hook, after login")
        return self._companion

    @property
    def shard_group(self) -> ShardGroup | None:
        """The shards this process runs when it is one of several (DISCORD_SHARD_IDS); None: all of them."""
        return self._shards

    async def setup_hook(self) -> None:
        self._companion = await self._open_companion(DiscordOutbox(self, reads_messages=self._settings.message_content))
        if self._settings.message_content:
            self._guard = DiscordGuard(self, self._companion)
        if self._shards is not None:
            await self._claim(self._shards, self._companion)
        for command in build_commands(self._companion.commands, self):
            self.tree.add_command(command)
        if self._shards is None or self._shards.registers_commands:
            await self._sync()
        else:
            log.info("commands are registered by the process running shard 0")

    async def _claim(self, shards: ShardGroup, companion: Companion) -> None:
        """Before the gateway connects: another live process serving one of these shards refuses the start."""
        lease = ShardLease(companion.store, shards, companion.identity)
        await lease.claim()
        self._lease = lease
        self._watching_lease = asyncio.create_task(self._stop_when_lost(lease), name="discord-shards-lost")

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        """One of several processes: wait for the shard's IDENTIFY turn in the shared store, instead of
        discord.py's 5 s pause, which only spaces out this process's own shards. At start the turn is
        taken before the connection opens (`ShardedCompanionBot.launch_shard`), so no socket waits idle."""
        if self._shards is None:
            await super().before_identify_hook(shard_id, initial=initial)
        elif shard_id in self._turn_taken:
            self._turn_taken.discard(shard_id)
        else:
            await self._identify_turn(shard_id or 0)

    async def _identify_turn(self, shard_id: int) -> None:
        if self._max_concurrency is None:
            _, _, limits = await self.http.get_bot_gateway()
            self._max_concurrency = max(1, int(limits["max_concurrency"]))
        await wait_identify_turn(self.companion.store, shard_id % self._max_concurrency, self.companion.identity)

    async def _stop_when_lost(self, lease: ShardLease) -> None:
        await lease.lost.wait()
        await self.close()

    async def _sync(self) -> None:
        """To one server while developing (instant), else globally (Discord may take a while to show them)."""
        if self._settings.guild_id:
            guild = discord.Object(self._settings.guild_id)
            self.tree.copy_global_to(guild=guild)
            try:
                synced = await self.tree.sync(guild=guild)
            except discord.Forbidden as error:
                raise StartupError(
                    f"DISCORD_GUILD_ID: Discord does not let the bot add its commands to server {guild.id} "
                    f"({error.status}: {error.text}). Invite the bot there with "
                    f"`companion discord invite-url --guild {guild.id}`, or unset DISCORD_GUILD_ID."
                ) from error
            log.info("synced %d commands to server %s", len(synced), self._settings.guild_id)
        else:
            synced = await self.tree.sync()
            log.info("synced %d commands globally", len(synced))

    @property
    def serving(self) -> bool:
        """Ready, and the companion has re-armed its timers and schedules."""
        started = self._starting
        return started is not None and started.done() and not started.cancelled() and started.exception() is None

    async def on_ready(self) -> None:
        """READY comes again after a reconnect; the companion starts once, and never once closing began
        (a READY dispatched while SIGTERM closes the bot would start a companion on a closed store)."""
        if self._starting is None and not self._closing:
            self._starting = asyncio.ensure_future(self.companion.start())
            await self._starting
            heap.settle()  # the servers READY brought, and start-up's objects, are not walked again per collection
            log.info("Discord ready as %s in %d servers", self.user, len(self.guilds))

    async def close(self) -> None:
        """The connections close even when closing the companion fails, so nothing is left open at exit."""
        self._closing = True
        try:
            if self._starting is not None and not self._starting.done():
                self._starting.cancel()
                await asyncio.gather(self._starting, return_exceptions=True)
            if self._watching_lease is not None and self._watching_lease is not asyncio.current_task():
                self._watching_lease.cancel()
            lease, self._lease = self._lease, None
            if lease is not None:
                await lease.release()
            await self._presses.drain()
            companion, self._companion = self._companion, None
            if companion is not None:
                await companion.close()
        finally:
            await super().close()

    async def on_message(self, message: discord.Message) -> None:
        if self._guard is not None:
            await self._guard.read(message)

    async def on_raw_message_edit(self, payload: discord.RawMessageUpdateEvent) -> None:
        """Edits too: one that adds a spoiler later is caught (an edit that changes no text is not read again)."""
        before = payload.cached_message
        if self._guard is not None and (before is None or before.content != payload.message.content):
            await self._guard.read(payload.message)

    async def on_command(self, interaction: discord.Interaction, path: str, options: dict[str, Any]) -> None:
        arrived_at = arrival(interaction, self.companion.clock.now())
        place = place_of(interaction)
        if place is None:
            await answer(interaction, _now(message(SERVERS_ONLY)))
            return
        request = Request(place, asker_of(interaction), path, options, arrived_at)
        await answer(interaction, self.companion.handle(request), defer_after=self._defer_after)

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        """A button click, whichever message (old or new) it is on; commands reach the tree on their own."""
        if interaction.type is discord.InteractionType.component and interaction.data is not None:
            action = interaction.data.get("custom_id")
            if isinstance(action, str) and interaction.data.get("component_type") == BUTTON:
                await self.on_press(interaction, action)

    async def on_press(self, interaction: discord.Interaction, action: str) -> None:
        place = place_of(interaction)
        if place is None:
            await answer(interaction, _now(message(SERVERS_ONLY)))
            return
        await self._presses.press(interaction, place, asker_of(interaction), action)

    async def on_complete(
        self, interaction: discord.Interaction, path: str, option: str, partial: str
    ) -> list[app_commands.Choice[str]]:
        place = place_of(interaction)
        if place is None:
            return []
        found = await self.companion.complete(place, asker_of(interaction), path, option, partial)
        return [
            app_commands.Choice(name=choice.name[:CHOICE_LIMIT], value=choice.value[:CHOICE_LIMIT])
            for choice in found[:CHOICES_LIMIT]
            if choice.name and choice.value
        ]

    async def _on_app_command_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        """Errors before the core is reached (an unknown command, a value Discord let through): log, apologize."""
        log.error("app command failed: %s", error, exc_info=error)
        if interaction.type is discord.InteractionType.application_command:
            await apologize(interaction)


class ShardedCompanionBot(CompanionBot, discord.AutoShardedClient):
    """The same bot over several gateway connections, for large deployments."""

    async def launch_shard(self, gateway: yarl.URL, shard_id: int, *, initial: bool = False) -> None:
        if self._shards is not None and shard_id not in self._turn_taken:
            await self._identify_turn(shard_id)
            self._turn_taken.add(shard_id)
        await super().launch_shard(gateway, shard_id, initial=initial)


def build_bot(
    settings: Settings,
    *,
    db: Path | None = None,
    clock: Clock | None = None,
    defer_after: float = DEFER_AFTER,
    presses_in_hand: int = IN_HAND,
) -> CompanionBot:
    """The bot for `settings`: AutoSharded when DISCORD_SHARD_COUNT is set (0: Discord's recommended count), running
    only DISCORD_SHARD_IDS when those are set. StartupError when the two do not fit together."""

    async def open_companion(outbox: Outbox) -> Companion:
        return await build_companion(settings.core, db=db, outbox=outbox, clock=clock)

    group = shard_group(settings.discord)
    if group is not None:
        return ShardedCompanionBot(
            open_companion,
            settings.discord,
            defer_after=defer_after,
            presses_in_hand=presses_in_hand,
            shard_ids=list(group.ids),
            shard_count=group.count,
        )
    shards = settings.discord.shard_count
    if shards is None:
        return CompanionBot(open_companion, settings.discord, defer_after=defer_after, presses_in_hand=presses_in_hand)
    return ShardedCompanionBot(
        open_companion,
        settings.discord,
        defer_after=defer_after,
        presses_in_hand=presses_in_hand,
        shard_count=shards or None,
    )


async def run_discord(settings: Settings) -> None:
    """`companion run` with DISCORD_TOKEN set: serve until stopped."""
    if settings.discord.token is None:
        raise StartupError("DISCORD_TOKEN is not set. Copy the bot's token from the Developer Portal (Bot → Token).")
    bot = build_bot(settings)
    async with bot:
        await _log_in(bot, settings.discord.token.get_secret_value())
        try:
            await bot.connect()
        except discord.ConnectionClosed as error:
            refused = SHARDING_REFUSED.get(error.code)
            if refused is None:
                raise
            raise StartupError(refused) from error


SHARDING_REFUSED = {
    4010: "DISCORD_SHARD_IDS: Discord refused a shard number (4010, invalid shard): each must be below "
    "DISCORD_SHARD_COUNT, and every process must use the same count.",
    4011: "DISCORD_SHARD_COUNT: Discord requires more shards for this many servers (4011, sharding required). "
    "`companion discord plan --servers N` gives a count; set it in every process (or 0 in a single one).",
}
"""Gateway close codes that end the session for good and that a setting fixes."""


async def _log_in(bot: CompanionBot, token: str) -> None:
    """`bot.start` is log in, then connect: what fails while logging in is something the operator must fix."""
    try:
        await bot.login(token)
    except discord.LoginFailure as error:
        raise StartupError(
            "DISCORD_TOKEN: Discord refused this token. Reset it in the Developer Portal "
            "(your application → Bot → Reset Token) and set DISCORD_TOKEN to the new one."
        ) from error
    except (aiohttp.ClientError, OSError) as error:
        raise StartupError(
            f"DISCORD_TOKEN is set, but Discord cannot be reached ({error}). Check the network connection."
        ) from error
    except discord.HTTPException as error:
        raise StartupError(
            f"DISCORD_TOKEN: Discord refused to start the bot ({error.status}: {' '.join(error.text.split())}). "
            "Check the token and the application in the Developer Portal."
        ) from error


async def _now(reply: Reply) -> Reply:
    return reply
