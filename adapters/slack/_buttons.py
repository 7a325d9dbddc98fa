"""Button clicks: the core decides (Reveal re-checks the clicker's own progress, trivia takes one answer
per person) and the answer goes to the clicker alone unless the core made it public.

Every response passes `replace_original=False`: Slack would otherwise replace the public message the
button sits on with what was meant for one person. When Slack refuses a press's answer (its `response_url` has
lapsed or is used up), its person never saw it count, so what the press recorded is taken back, as on
Discord. When the post only fails to come back (a timeout, the worker stopping), Slack may well have
shown it: the acknowledged answer stays committed.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond

from adapters.slack._askers import People, place_of_click
from adapters.slack._outbox import INVITE_ME, noting_refusals
from adapters.slack._render import response
from bot.companion import Companion
from bot.presses import BUSY, PressQueue, Queued
from bot.reply import Reply, message
from bot.request import Press

log = logging.getLogger(__name__)


def register_buttons(app: AsyncApp, companion: Companion, people: People, presses: PressQueue) -> None:
    """Each press is acked at once and queued; a press that finds the queue full is told to press again."""

    async def on_click(ack: AsyncAck, body: dict[str, Any], action: dict[str, Any], respond: AsyncRespond) -> None:
        arrived_at = companion.clock.now()
        await ack()
        place = place_of_click(body)
        if place is None or not body.get("response_url"):
            log.info("ignored a click outside a channel: %s", action.get("action_id"))
            return
        user = body.get("user") or {}
        asker = people.known(place.server, str(user.get("id", "")), str(user.get("name") or user.get("username") or ""))
        message_id = (body.get("container") or {}).get("message_ts")
        press = Press(place, asker, str(action.get("value", "")), message_id, arrived_at)

        async def run() -> None:
            with noting_refusals() as refused:
                reply, pending = await companion.offer(press)
            shown: bool | None = None
            try:
                shown = await _answer(respond, reply)
            finally:
                if shown is not False:
                    pending.told()  # shown, or perhaps shown: an acknowledged answer is kept unless surely unseen
            if shown is False and await pending.untold():
                log.warning("Slack refused a press's answer, so what the press recorded does not count")
            if refused:
                await _answer(respond, message(INVITE_ME))

        async def turn_away() -> None:
            await respond(_BUSY)

        if not presses.offer(Queued(run, turn_away)):
            await turn_away()

    app.action(re.compile(".*"))(on_click)


_BUSY = {**response(message(BUSY)), "replace_original": False}
"""Rendered once: in a rush it is the answer most presses get."""


async def _answer(respond: AsyncRespond, reply: Reply) -> bool | None:
    """True when Slack took the answer, False when it refused it, None when the post failed on the way
    (logged, not raised): then nobody knows whether it was shown."""
    try:
        posted = await respond({**response(reply), "replace_original": False})
    except Exception as error:
        log.warning("posting a press's answer to its response_url failed: %s", error)
        return None
    if posted.status_code != 200:
        log.warning("Slack refused a press's answer (%s): %s", posted.status_code, posted.body)
        return False
    return True
