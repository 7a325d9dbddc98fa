"""The guard's records on both backends: guarded channels, and what the guard did, counted by week."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.episodes import Episode
from bot.guard import GuardAction, GuardCounts, GuardedChannel, GuardRecord
from bot.request import Place

PLACE = Place("test", "server-1", "watch")
OTHER = Place("test", "server-1", "other")
MONDAY = datetime(2026, 3, 2, tzinfo=UTC)


async def test_a_channel_is_guarded_changed_and_unguarded(store):
    assert await store.guarded_channel(PLACE) is None
    await store.guard_channel(PLACE, GuardAction.HIDE, "mod")
    await store.guard_channel(PLACE, GuardAction.WARN, "mod-2")
    assert await store.guarded_channel(PLACE) == GuardedChannel(PLACE, GuardAction.WARN, "mod-2")
    assert await store.guarded_channel(OTHER) is None
    assert await store.unguard_channel(PLACE) == GuardedChannel(PLACE, GuardAction.WARN, "mod-2")
    assert await store.guarded_channel(PLACE) is None
    assert await store.unguard_channel(PLACE) is None


async def test_what_the_guard_did_is_counted_from_a_moment_on(store):
    finale = Episode(1, 10)
    for at, action in [(MONDAY - timedelta(seconds=1), GuardAction.HIDE), (MONDAY, GuardAction.HIDE)]:
        await store.record_guard_action(GuardRecord(PLACE, "alice", "m-1", finale, action, at))
    await store.record_guard_action(GuardRecord(PLACE, "bob", "m-2", finale, GuardAction.WARN, MONDAY))
    await store.record_guard_action(GuardRecord(OTHER, "bob", "m-3", finale, GuardAction.HIDE, MONDAY))
    assert await store.guard_counts(PLACE, MONDAY) == GuardCounts(hidden=1, warned=1)
    assert await store.guard_counts(OTHER, MONDAY) == GuardCounts(hidden=1, warned=0)
    assert await store.guard_counts(PLACE, MONDAY + timedelta(seconds=1)) == GuardCounts()
