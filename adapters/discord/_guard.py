"""The spoiler guard on Discord: members' messages (new or edited) judged by the core, then hidden or warned about.

*hide*: the message is deleted (Manage Messages) and posted again, whole, inside `||…||` under a label with
the episode it reveals, through a channel webhook wearing the author's name and avatar (Manage Webhooks),
or as a plain bot post naming the author when there is no webhook. The author is told why in a DM; when
their DMs are closed, in a short notice in the channel that deletes itself. Mentions never ping.
*warn*: a reply that names no fact. A permission missing is told to the channel's moderators once (per
channel and permission, while the bot runs), and the guard warns instead; nothing crashes or loops.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Literal

import discord

from adapters.discord._answer import PLATFORM
from bot.guard import GuardAction, Message, Verdict
from bot.request import Asker, Place

if TYPE_CHECKING:
    from bot.companion import Companion

log = logging.getLogger(__name__)

WEBHOOK_NAME = "Show Companion spoiler guard"
NO_PINGS = discord.AllowedMentions.none()
CHUNK = 900
"""Characters of the author's text per repost: escaping at most doubles them, the label fits beside."""
NOTICE_SECONDS = 20.0
ACTED_KEPT = 10_000
GUARDED_TYPES = (discord.MessageType.default, discord.MessageType.reply)


class DiscordGuard:
    def __init__(self, client: discord.Client, companion: Companion) -> None:
        self._client = client
        self._companion = companion
        self._webhooks: dict[int, discord.Webhook | None] = {}
        """Per channel: the webhook reposts go through, or None where the bot may not manage webhooks."""
        self._told: set[tuple[int, str]] = set()
        self._acted: dict[int, None] = {}
        self._reading: dict[int, asyncio.Lock] = {}

    async def read(self, message: discord.Message) -> None:
        """A message created or edited; never raises (a failure here must not stop the bot). Reads of one message
        take turns: an edit arriving while its creation is judged waits, then is skipped if the guard acted."""
        lock = self._reading.setdefault(message.id, asyncio.Lock())
        try:
            async with lock:
                await self._read(message)
        except Exception:
            log.exception("the spoiler guard failed on message %s", message.id)
        finally:
            if not lock.locked() and self._reading.get(message.id) is lock:
                del self._reading[message.id]

    async def _read(self, message: discord.Message) -> None:
        if message.guild is None or message.type not in GUARDED_TYPES or message.id in self._acted:
            return
        own = self._client.user is not None and message.author.id == self._client.user.id
        if own or message.webhook_id is not None and self._is_ours(message.webhook_id):
            return
        seen = Message(
            Place(PLATFORM, str(message.guild.id), str(message.channel.id)),
            Asker(str(message.author.id), message.author.display_name),
            message.content,
            str(message.id),
            spoiler_tags=True,
        )
        verdict = await self._companion.guard(seen)
        if not verdict.hide or verdict.revealed is None:
            return
        self._remember(message.id)
        taken = await self._take_down(message) if verdict.action is GuardAction.HIDE else "refused"
        if taken == "gone":
            return  # deleted before the guard acted: nothing left to hide
        if taken == "done":
            await self._repost(message, verdict)
            await self._tell_author(message, verdict)
            await self._companion.guarded(seen, verdict, GuardAction.HIDE)
        elif await self._warn(message, verdict):
            await self._companion.guarded(seen, verdict, GuardAction.WARN)

    def _is_ours(self, webhook_id: int) -> bool:
        return any(hook is not None and hook.id == webhook_id for hook in self._webhooks.values())

    def _remember(self, message_id: int) -> None:
        if len(self._acted) >= ACTED_KEPT:
            del self._acted[next(iter(self._acted))]
        self._acted[message_id] = None

    async def _take_down(self, message: discord.Message) -> Literal["done", "gone", "refused"]:
        """Delete it: done, gone already (its author deleted it first), or refused (then the guard warns)."""
        try:
            await message.delete()
        except discord.NotFound:
            return "gone"
        except discord.HTTPException as error:
            if isinstance(error, discord.Forbidden):
                await self._tell_moderators(message.channel, "Manage Messages", "hide messages (I warn instead)")
            else:
                log.warning("could not delete message %s: %s", message.id, error)
            return "refused"
        return "done"

    async def _repost(self, message: discord.Message, verdict: Verdict) -> None:
        label = f"hidden by the spoiler guard: reveals {verdict.revealed}"
        text = message.content
        chunks = [text[start : start + CHUNK] for start in range(0, len(text), CHUNK)] or [""]
        hidden = [f"||{discord.utils.escape_markdown(chunk)}||" for chunk in chunks]
        hook = await self._webhook(message.channel)
        if hook is not None:
            contents = [f"-# {label}\n{hidden[0]}", *hidden[1:]]
            try:
                for content in contents:
                    await hook.send(
                        content,
                        username=_webhook_name(message.author.display_name),
                        avatar_url=message.author.display_avatar.url,
                        allowed_mentions=NO_PINGS,
                        wait=True,
                    )
                return
            except discord.HTTPException as error:
                log.warning(
                    "the guard's webhook in channel %s failed (%s); posting as the bot", message.channel.id, error
                )
        author = discord.utils.escape_markdown(message.author.display_name)
        contents = [f"**{author}** wrote ({label}):\n{hidden[0]}", *hidden[1:]]
        try:
            for content in contents:
                await message.channel.send(content, allowed_mentions=NO_PINGS)
        except discord.HTTPException as error:
            log.warning("could not repost a hidden message in channel %s: %s", message.channel.id, error)

    async def _webhook(self, channel: discord.abc.Messageable) -> discord.Webhook | None:
        if not isinstance(channel, discord.TextChannel):
            return None  # threads and voice chats: a plain bot post
        if channel.id in self._webhooks:
            return self._webhooks[channel.id]
        found: discord.Webhook | None = None
        try:
            me = self._client.user
            found = next(
                (hook for hook in await channel.webhooks() if hook.name == WEBHOOK_NAME and me and hook.user == me),
                None,
            )
            if found is None:
                found = await channel.create_webhook(name=WEBHOOK_NAME, reason="spoiler guard reposts")
        except discord.Forbidden:
            log.info("no Manage Webhooks in channel %s: hidden messages are reposted by the bot", channel.id)
        except discord.HTTPException as error:
            log.warning("could not set up the guard's webhook in channel %s: %s", channel.id, error)
        self._webhooks[channel.id] = found
        return found

    async def _tell_author(self, message: discord.Message, verdict: Verdict) -> None:
        where = getattr(message.channel, "mention", "the channel")
        note = (
            f"Your message in {where} was hidden by the spoiler guard: it gives away something from "
            f"{verdict.revealed}, past where that channel has watched. It is posted again inside a spoiler tag, so "
            "nothing is lost. Wrap spoilers in ||like this|| and they stay as you wrote them."
        )
        try:
            await message.author.send(note, allowed_mentions=NO_PINGS)
            return
        except discord.HTTPException:
            pass  # DMs closed: a notice in the channel that goes away on its own
        name = discord.utils.escape_markdown(message.author.display_name)
        notice = (
            f"{name}: your message was hidden by the spoiler guard (it reveals something from {verdict.revealed}). "
            "Wrap spoilers in ||like this||. (I could not message you privately.)"
        )
        try:
            await message.channel.send(notice, allowed_mentions=NO_PINGS, delete_after=NOTICE_SECONDS)
        except discord.HTTPException as error:
            log.info("could not tell the author of a hidden message: %s", error)

    async def _warn(self, message: discord.Message, verdict: Verdict) -> bool:
        warning = (
            f"⚠️ This message gives away something from {verdict.revealed}, past where this channel has watched. "
            "Scroll with care."
        )
        try:
            await message.reply(warning, mention_author=False, allowed_mentions=NO_PINGS)
            return True
        except discord.NotFound:
            return False
        except discord.HTTPException:
            pass
        try:
            await message.channel.send(warning, allowed_mentions=NO_PINGS)
            return True
        except discord.Forbidden:
            log.warning("the spoiler guard may not post in channel %s", message.channel.id)
        except discord.HTTPException as error:
            log.warning("could not warn in channel %s: %s", message.channel.id, error)
        return False

    async def _tell_moderators(self, channel: discord.abc.Messageable, permission: str, to: str) -> None:
        key = (getattr(channel, "id", 0), permission)
        if key in self._told:
            return
        self._told.add(key)
        text = (
            f"Moderators: the spoiler guard needs the **{permission}** permission in this channel to {to}. "
            "Grant it to the bot, or choose /guard on action:warn."
        )
        try:
            await channel.send(text, allowed_mentions=NO_PINGS)
        except discord.HTTPException as error:
            log.warning("could not tell moderators that %s is missing: %s", permission, error)


def _webhook_name(display_name: str) -> str:
    """A name Discord accepts for a webhook message: 1-80 characters, without 'discord' or 'clyde'."""
    name = display_name.strip()[:80] or "member"
    lowered = name.lower()
    if "discord" in lowered or "clyde" in lowered:
        return "member"
    return name
