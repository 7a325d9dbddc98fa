"""The core's Outbox on Discord: public posts to a channel, and edits of them (a question closing)."""

from __future__ import annotations

import logging

import discord

from adapters.discord._answer import PLATFORM
from adapters.discord._render import render
from bot.outbox import Posted
from bot.reply import Reply
from bot.request import Place

log = logging.getLogger(__name__)


class DiscordOutbox:
    """Posts through REST only (a partial channel needs no cache); the buttons go on the last page posted."""

    platform = PLATFORM
    """Only Discord places: the scheduler claims no other platform's slots for this outbox."""

    def __init__(self, client: discord.Client, *, reads_messages: bool = False) -> None:
        self._client = client
        self._reads_messages = reads_messages

    @property
    def guard_missing(self) -> str | None:
        """Why the spoiler guard cannot work here, for /guard on to say; None when it can."""
        if self._reads_messages:
            return None
        return (
            "The spoiler guard needs to read members' messages, and this bot runs without Discord's Message Content "
            "intent. Its operator must enable Message Content under Bot → Privileged Gateway Intents in the Discord "
            "developer portal, set DISCORD_MESSAGE_CONTENT=true and restart it."
        )

    async def post(self, place: Place, reply: Reply) -> Posted | None:
        channel = self._channel(place)
        if channel is None:
            return None
        message: discord.Message | None = None
        try:
            for page in render(reply):
                message = await channel.send(**page.send_kwargs())
        except discord.HTTPException as error:
            log.warning("could not post in channel %s of server %s: %s", place.channel, place.server, error)
            return None
        return Posted(place, str(message.id)) if message else None

    async def edit(self, posted: Posted, reply: Reply) -> None:
        channel = self._channel(posted.place)
        if channel is None:
            return
        page = render(reply, messages=1)[0]
        try:
            await channel.get_partial_message(int(posted.message_id)).edit(**page.edit_kwargs())
        except (discord.HTTPException, ValueError) as error:
            log.warning("could not edit message %s in channel %s: %s", posted.message_id, posted.place.channel, error)

    def _channel(self, place: Place) -> discord.PartialMessageable | None:
        if place.platform != PLATFORM or not place.channel.isdigit() or not place.server.isdigit():
            log.error("the Discord outbox cannot post to %s", place)
            return None
        return self._client.get_partial_messageable(int(place.channel), guild_id=int(place.server))
