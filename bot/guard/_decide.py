"""`Companion.guard`: leave a message, or hide it, by the channel's horizon and the fact base's tells."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from bot.episodes import NOTHING_WATCHED, Episode
from bot.guard._judge import judge
from bot.guard._model import LEAVE, GuardAction, GuardRecord, Message, Verdict
from bot.request import Place

if TYPE_CHECKING:
    from bot.companion import Companion

log = logging.getLogger(__name__)

READ_AT_MOST = 40_000
"""Characters read of one message: more than any platform lets a member post (Slack's limit)."""


async def horizon_of(companion: Companion, place: Place) -> Episode:
    """The channel's horizon: a watch party's while one runs (it owns the horizon), else the moderators'."""
    stored = await companion.store.channel_horizon(place)
    return stored.episode if stored else NOTHING_WATCHED


async def decide(companion: Companion, message: Message) -> Verdict:
    if message.by_this_bot or not message.text.strip():
        return LEAVE
    try:
        guarded = await companion.store.guarded_channel(message.place)
        if guarded is None:
            return LEAVE
        horizon = await horizon_of(companion, message.place)
        found = judge(companion.facts, message.text[:READ_AT_MOST], horizon, spoiler_tags=message.spoiler_tags)
    except Exception:
        log.exception("the spoiler guard could not judge message %s in %s", message.message_id, message.place)
        return LEAVE
    if found is None:
        return LEAVE
    return Verdict(True, found.revealed, found.said, guarded.action)


async def record(companion: Companion, message: Message, verdict: Verdict, done: GuardAction) -> None:
    """Keep what the guard did (hid, or warned about) so /guard status counts honestly; never the text."""
    if not verdict.hide or verdict.revealed is None:
        return
    entry = GuardRecord(
        message.place, message.author.user, message.message_id, verdict.revealed, done, companion.clock.now()
    )
    try:
        await companion.store.record_guard_action(entry)
    except Exception:
        log.exception("could not record the guard's action on message %s", message.message_id)
