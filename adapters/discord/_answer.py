"""Answering one interaction: who and where, Discord's 3-second rule, pages, and an apology when it fails.

The core usually answers in milliseconds (facts in memory, a local database), so a reply goes out
directly as the interaction's response; only when the core has not answered after `defer_after`
seconds does the bot defer ("thinking…", privately), then deliver as follow-ups. Deferring always
would cost a round trip and a flicker on every command, and would force a choice of visibility
before the core has decided it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable

import discord

from adapters.discord._render import render
from bot.companion import SORRY
from bot.reply import Reply, Visibility
from bot.request import Asker, Place

log = logging.getLogger(__name__)

PLATFORM = "discord"
DEFER_AFTER = 1.5
"""Seconds to wait for the core before deferring: the rest of Discord's 3 s is for the network."""
POSTED_BELOW = "Posted in the channel."
SERVERS_ONLY = "I work in server channels, where horizons are kept. Try me there."


def place_of(interaction: discord.Interaction) -> Place | None:
    if interaction.guild_id is None or interaction.channel_id is None:
        return None
    return Place(PLATFORM, str(interaction.guild_id), str(interaction.channel_id))


def asker_of(interaction: discord.Interaction) -> Asker:
    """Channel rights: Manage Channels where the interaction comes from (Discord resolves overwrites for us).
    Server rights: Manage Server or Administrator from the member's roles alone, so that an overwrite in one
    channel never reaches the server's default or other channels."""
    here = interaction.permissions
    user = interaction.user
    server = user.guild_permissions if isinstance(user, discord.Member) else discord.Permissions.none()
    return Asker(
        str(user.id),
        user.display_name,
        moderator=here.manage_channels or here.administrator,
        server_moderator=server.manage_guild or server.administrator,
    )


async def answer(interaction: discord.Interaction, work: Awaitable[Reply], *, defer_after: float = DEFER_AFTER) -> None:
    """Reply with the core's answer; whatever fails on the way is logged and the user gets a short apology.

    A timer, not a task per interaction: most answers come long before it would fire, and cancelling a
    timer costs next to nothing on the hot path.
    """
    loop = asyncio.get_running_loop()
    deferring: list[asyncio.Task[object]] = []
    timer = loop.call_later(
        defer_after,
        lambda: deferring.append(loop.create_task(interaction.response.defer(ephemeral=True, thinking=True))),
    )
    try:
        reply = await work
        timer.cancel()
        for defer in deferring:
            await defer
        await deliver(interaction, reply)
    except Exception:
        timer.cancel()
        log.exception("interaction %s failed", interaction.id)
        await apologize(interaction)


async def deliver(interaction: discord.Interaction, reply: Reply) -> None:
    ephemeral = reply.visibility is Visibility.EPHEMERAL
    pages = render(reply)
    if not interaction.response.is_done():
        first, pages = pages[0], pages[1:]
        await interaction.response.send_message(ephemeral=ephemeral, **first.send_kwargs())
    elif not ephemeral:
        # The deferred "thinking…" is private; the public answer follows as its own message.
        await interaction.edit_original_response(content=POSTED_BELOW)
    for page in pages:
        await interaction.followup.send(ephemeral=ephemeral, wait=True, **page.send_kwargs())


async def apologize(interaction: discord.Interaction, text: str = SORRY) -> None:
    try:
        if interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True)
        else:
            await interaction.response.send_message(text, ephemeral=True)
    except discord.HTTPException:
        log.warning("could not apologize on interaction %s", interaction.id)
