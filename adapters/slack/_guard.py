"""The spoiler guard on Slack: members' messages (`message.channels` events, edits included) judged by the core.

A bot cannot delete members' messages on Slack, so *hide* degrades honestly to *warn*: a warning in the
message's thread that names no fact, and a private note (chat.postEphemeral) asking the author to delete
or edit it. Slack has no spoiler markup, so text between `||` is read like any other.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack._askers import PLATFORM, team_of
from bot.companion import Companion
from bot.guard import GuardAction, Message, Verdict
from bot.request import Asker, Place

log = logging.getLogger(__name__)

READ_SUBTYPES = (None, "thread_broadcast", "file_share", "message_changed")
ACTED_KEPT = 10_000


def register_guard(app: AsyncApp, companion: Companion) -> None:
    acted: OrderedDict[tuple[str, str], None] = OrderedDict()

    async def on_message(event: dict[str, Any], body: dict[str, Any], client: AsyncWebClient) -> None:
        said = _said(event)
        if said is None:
            return
        channel, user, text, ts, thread = said
        if (channel, ts) in acted:
            return  # warned already: an edit that keeps the spoiler gets no second warning
        message = Message(Place(PLATFORM, team_of(body), channel), Asker(user), text, ts)
        verdict = await companion.guard(message)
        if not verdict.hide:
            return
        acted[(channel, ts)] = None
        if len(acted) > ACTED_KEPT:
            acted.popitem(last=False)
        if await _warn(client, message, verdict, thread or ts):
            await companion.guarded(message, verdict, GuardAction.WARN)

    app.event("message")(on_message)


def _said(event: dict[str, Any]) -> tuple[str, str, str, str, str | None] | None:
    """(channel, author, text, ts, thread) of a member's message or of its new text after an edit; None for
    the bot's own posts, other bots, deletions and other subtypes."""
    subtype = event.get("subtype")
    if subtype not in READ_SUBTYPES:
        return None
    inner = event.get("message") if subtype == "message_changed" else event
    if not isinstance(inner, dict) or inner.get("bot_id") or not inner.get("user"):
        return None
    if subtype == "message_changed":
        before = event.get("previous_message") or {}
        if before.get("text") == inner.get("text"):
            return None  # an unfurl or a reaction, not new words
    text, ts = inner.get("text") or "", inner.get("ts")
    if not text.strip() or not ts or not event.get("channel"):
        return None
    return str(event["channel"]), str(inner["user"]), str(text), str(ts), inner.get("thread_ts")


async def _warn(client: AsyncWebClient, message: Message, verdict: Verdict, thread: str) -> bool:
    channel = message.place.channel
    warning = f"⚠️ This message reveals something from {verdict.revealed}: scroll with care."
    note = (
        f"Your message gives away something from {verdict.revealed}, past where this channel has watched. "
        "Slack does not let me hide members' messages: please delete it, or edit the twist out."
    )
    try:
        await client.chat_postMessage(channel=channel, thread_ts=thread, text=warning, unfurl_links=False)
    except SlackApiError as error:
        log.warning("could not warn in %s: %s", channel, error.response.get("error"))
        return False
    try:
        await client.chat_postEphemeral(channel=channel, user=message.author.user, text=note)
    except SlackApiError as error:
        log.info("could not tell %s privately: %s", message.author.user, error.response.get("error"))
    return True
