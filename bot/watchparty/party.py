"""A watch party's steps, shared by the commands and the scheduler's weekly recap."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.commands import UsageError
from bot.episodes import Episode
from bot.facts import FactBase
from bot.outbox import Posted
from bot.reply import Reply, Visibility, message
from bot.request import Place
from bot.watchparty._model import WatchParty
from bot.watchparty._recap import recap_post

if TYPE_CHECKING:
    from bot.companion import Companion


@dataclass(frozen=True, slots=True)
class Step:
    """A party moved on: from `party.episode` to `episode`, with its recap post (None if the outbox refused it)."""

    party: WatchParty
    episode: Episode
    recap: Reply
    posted: Posted | None


def following(facts: FactBase, episode: Episode) -> Episode | None:
    """The next real episode (a later season starts at its E1), or None after the finale."""
    return next((e for e in facts.episodes if e > episode and e.number > 0), None)


async def step(companion: Companion, place: Place, by: str) -> Step:
    """Move the channel's party one episode on, post the recap, and move the horizon; UsageError when it cannot."""
    party = await companion.store.watch_party(place)
    if party is None:
        raise UsageError("No watch party is running here. Moderators start one with /watchparty start episode:S1E1.")
    to = following(companion.facts, party.episode)
    if to is None:
        raise UsageError(
            f"The watch party is at {party.episode}, the finale of {companion.facts.show.title}: there is no next "
            "episode. End it with /watchparty end."
        )
    if not await companion.store.advance_watch_party(place, party.episode, to, by, companion.clock.now()):
        now = await companion.store.watch_party(place)
        where = f"it is at {now.episode} now" if now else "it has ended"
        raise UsageError(f"The watch party moved at the same moment from elsewhere; {where}. Nothing else was changed.")
    recap = recap_post(companion.facts, to, place)
    return Step(party, to, recap, await companion.outbox.post(place, recap))


async def scheduled_step(companion: Companion, place: Place, schedule_id: int) -> str:
    """The recap schedule's job: a step, or one line in the channel saying why there was none."""
    try:
        moved = await step(companion, place, f"schedule #{schedule_id}")
    except UsageError as refusal:
        stop = f"To stop it: /schedule cancel id:{schedule_id}."
        line = f"Scheduled watch-party recap (schedule #{schedule_id}): {refusal} {stop}"
        await companion.outbox.post(place, message(line, visibility=Visibility.PUBLIC))
        return str(refusal)
    posted = "recap posted" if moved.posted else "recap not posted: the platform refused it"
    return f"moved from {moved.party.episode} to {moved.episode}; {posted}"
