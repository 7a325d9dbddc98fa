"""Watch parties in the store: one per channel, each step taken once, the horizon moving with the party."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from bot.episodes import Episode
from bot.request import Place
from bot.spoilers import Policy

AT = datetime(2026, 3, 6, 20, tzinfo=UTC)
WATCH = Place("discord", "guild-1", "watch")
S1E1, S1E2, S1E3 = Episode(1, 1), Episode(1, 2), Episode(1, 3)


async def test_a_party_owns_the_horizon_and_keeps_its_policy(store):
    await store.set_channel_horizon(WATCH, S1E3, Policy.OMIT, "mod")
    party = await store.start_watch_party(WATCH, S1E1, "host", AT)
    assert party is not None and (party.episode, party.first, party.started_at) == (S1E1, S1E1, AT)
    horizon = await store.channel_horizon(WATCH)
    assert (horizon.episode, horizon.policy, horizon.set_by) == (S1E1, Policy.OMIT, "host")
    assert await store.start_watch_party(WATCH, S1E2, "other", AT) is None
    ended = await store.end_watch_party(WATCH, "host", AT)
    assert ended is not None and ended.episode == S1E1
    assert await store.watch_party(WATCH) is None
    assert await store.end_watch_party(WATCH, "host", AT) is None


async def test_two_processes_racing_for_the_same_step_take_it_once(stores):
    one, two = await stores(), await stores()
    await one.start_watch_party(WATCH, S1E1, "host", AT)
    moved = await asyncio.gather(
        *(store.advance_watch_party(WATCH, S1E1, S1E2, "host", AT) for store in (one, two) for _ in range(5))
    )
    assert moved.count(True) == 1
    assert (await two.watch_party(WATCH)).episode == S1E2
    assert (await two.channel_horizon(WATCH)).episode == S1E2


async def test_two_processes_starting_a_party_at_once_start_one(stores):
    one, two = await stores(), await stores()
    started = await asyncio.gather(
        one.start_watch_party(WATCH, S1E1, "a", AT), two.start_watch_party(WATCH, S1E2, "b", AT)
    )
    assert sum(party is not None for party in started) == 1
