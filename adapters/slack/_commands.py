"""Slash commands: one per top-level command or group of the core, named with the configured prefix.

The text after the command is parsed exactly like the console's: `/bio gary pearlman share:yes`. Answers
that are ready within the ack budget go in the ack itself; slower ones are acked empty and follow
through the response_url, so Slack's 3-second rule holds whatever the core does.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack._askers import PLATFORM, People, team_of
from adapters.slack._escape import typed_text
from adapters.slack._outbox import INVITE_ME, noting_refusals
from adapters.slack._render import response
from bot.commands import CommandSet, Group
from bot.companion import SORRY, Companion
from bot.reply import Reply, message
from bot.request import Place

ACK_BUDGET = 2.0
"""Seconds of work answered in the ack itself; Slack gives up on an ack after 3."""
USAGE_HINT = 200

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SlashCommand:
    name: str
    """As typed in Slack, with its slash: '/trivia'."""
    description: str
    usage_hint: str


def slash_commands(commands: CommandSet, prefix: str = "") -> list[SlashCommand]:
    """What the app manifest registers: every top-level command and every group, in declaration order."""
    declared = []
    for entry in commands.top_level():
        if isinstance(entry, Group):
            hint = " | ".join(command.name for command in entry.commands)
        else:
            hint = entry.usage.partition(" ")[2]
        declared.append(SlashCommand(f"/{prefix}{entry.name}", entry.description, _shorten(hint, USAGE_HINT)))
    return declared


def core_text(command: str, text: str, prefix: str) -> str:
    """'/sc-bio', 'Ren&amp;ée &lt;3' → '/bio Ren&ée <3': the form `parse_command` reads."""
    name = command.lstrip("/")
    if prefix and name.startswith(prefix):
        name = name[len(prefix) :]
    return f"/{name} {typed_text(text)}".strip()


def register_commands(app: AsyncApp, companion: Companion, people: People, prefix: str) -> None:
    async def on_command(ack: AsyncAck, command: dict[str, Any], respond: AsyncRespond, client: AsyncWebClient) -> None:
        work = asyncio.ensure_future(_answer(companion, people, client, command, prefix))
        done, _ = await asyncio.wait({work}, timeout=ACK_BUDGET)
        if work in done:
            reply, refused = work.result()
            await ack(response(reply))
        else:
            await ack()
            reply, refused = await work
            await respond(response(reply))
        if refused:
            await respond(response(message(INVITE_ME)))

    app.command(re.compile(r"^/"))(on_command)


async def _answer(
    companion: Companion, people: People, client: AsyncWebClient, command: Mapping[str, Any], prefix: str
) -> tuple[Reply, list[Place]]:
    arrived_at = companion.clock.now()
    place = Place(PLATFORM, team_of(command), str(command.get("channel_id", "")))
    text = core_text(str(command.get("command", "/")), str(command.get("text", "")), prefix)
    with noting_refusals() as refused:
        try:
            user, name = str(command.get("user_id", "")), str(command.get("user_name", ""))
            asker = await people.asker(client, place.server, user, name)
            reply = await companion.handle_text(place, asker, text, arrived_at)
        except Exception:
            log.exception("%s failed", text[:60])
            reply = message(SORRY)
    return reply, refused


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
