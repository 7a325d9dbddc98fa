"""The core's Outbox on Slack: questions, closes and recap posts through chat.postMessage and chat.update.

A post the platform refuses (the bot is not in the channel) returns None. While a command or a click
runs, refusals are collected (`noting_refusals`) so the person who caused the post is told privately
how to invite the bot.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack._askers import PLATFORM
from adapters.slack._oauth import DatabaseInstallations
from adapters.slack._render import message
from bot.outbox import Posted
from bot.reply import Reply
from bot.request import Place

log = logging.getLogger(__name__)

NOT_A_MEMBER = frozenset({"not_in_channel", "channel_not_found", "is_archived"})
INVITE_ME = "I can't post in this channel yet. Invite me with /invite and the bot's name, then try again."

_refusals: ContextVar[list[Place] | None] = ContextVar("slack_refused_posts", default=None)


@contextmanager
def noting_refusals() -> Iterator[list[Place]]:
    refused: list[Place] = []
    token = _refusals.set(refused)
    try:
        yield refused
    finally:
        _refusals.reset(token)


class SlackOutbox:
    """Posts through the Bolt app it is connected to, with each workspace's own bot token."""

    platform = PLATFORM
    """The scheduler claims only this platform's schedules: this outbox can post nowhere else."""
    guard_hides = False
    """A bot cannot take members' messages down on Slack: the spoiler guard's *hide* warns instead."""

    def __init__(self) -> None:
        self._app: AsyncApp | None = None

    def connect(self, app: AsyncApp) -> None:
        self._app = app

    async def post(self, place: Place, reply: Reply) -> Posted | None:
        client = await self._client(place.server)
        if client is None:
            return None
        try:
            response = await client.chat_postMessage(
                channel=place.channel, unfurl_links=False, unfurl_media=False, **message(reply.public())
            )
        except SlackApiError as error:
            self._refused(place, str(error.response.get("error")))
            return None
        except (OSError, TimeoutError) as error:
            log.warning("chat.postMessage to %s failed: %r", place.channel, error)
            return None
        return Posted(place, str(response["ts"]))

    async def edit(self, posted: Posted, reply: Reply) -> None:
        client = await self._client(posted.place.server)
        if client is None:
            return
        try:
            await client.chat_update(channel=posted.place.channel, ts=posted.message_id, **message(reply.public()))
        except (SlackApiError, OSError, TimeoutError) as error:
            log.warning("chat.update of %s in %s failed: %r", posted.message_id, posted.place.channel, error)

    def _refused(self, place: Place, reason: str) -> None:
        if reason not in NOT_A_MEMBER:
            log.error("Slack refused a post in %s: %s", place.channel, reason)
            return
        log.info("not a member of %s (%s): the post was skipped", place.channel, reason)
        refused = _refusals.get()
        if refused is not None:
            refused.append(place)

    async def _client(self, team: str) -> AsyncWebClient | None:
        if self._app is None:
            log.error("the Slack outbox was never connected to an app; nothing was posted")
            return None
        client = self._app.client
        if client.token:
            return client
        store = self._app.installation_store
        bot = await store.find_bot_for(team) if isinstance(store, DatabaseInstallations) else None
        if bot is None or not bot.bot_token:
            log.warning("no installation for workspace %s: nothing was posted", team)
            return None
        return AsyncWebClient(
            token=bot.bot_token,
            base_url=client.base_url,
            timeout=client.timeout,
            retry_handlers=client.retry_handlers,
            logger=client.logger,
            session=client.session,
        )
