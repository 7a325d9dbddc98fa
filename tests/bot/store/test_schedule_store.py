"""The schedule tables: stored times, the due index, and claims that two processes cannot both win."""

import asyncio
from datetime import UTC, timedelta

import aiosqlite
import pytest

from bot.request import Place
from bot.schedules import Claim, Firing, Job, NewSchedule, Outcome
from bot.store import SqliteStore
from bot.store import _sqlite as sqlite_module
from tests.backends import query
from tests.bot.schedules.helpers import utc
from tests.conftest import PLACE

NOW = utc(2026, 1, 2, 20)


def new(place=PLACE, next_due=NOW, job=Job.TRIVIA, rule="0 20 * * *"):
    created = NOW - timedelta(days=1)
    return NewSchedule(place, job, rule, "UTC", "every day 20:00", "mod-1", created, next_due, {"questions": 3})


def claim(schedule, slot=NOW, fire=True):
    missed = {} if fire else {"missed": 1, "first_missed": slot}
    return Claim(schedule, slot, slot + timedelta(days=1), fire=fire, **missed)


async def test_a_schedule_comes_back_as_it_was_stored(store):
    added = await store.add_schedule(new())
    again = await store.schedule(added.id)
    assert again == added
    assert (again.place, again.job, again.rule, again.zone) == (PLACE, Job.TRIVIA, "0 20 * * *", "UTC")
    assert dict(again.options) == {"questions": 3}
    assert again.next_due == NOW and again.next_due.tzinfo is not None and again.next_due.utcoffset() == timedelta(0)


async def test_due_schedules_come_earliest_first_within_the_limit_and_the_platform(store):
    later = await store.add_schedule(new(next_due=NOW - timedelta(minutes=1)))
    earliest = await store.add_schedule(new(next_due=NOW - timedelta(hours=1)))
    await store.add_schedule(new(next_due=NOW + timedelta(seconds=1)))
    elsewhere = await store.add_schedule(new(place=Place("slack", "T1", "C1"), next_due=NOW - timedelta(minutes=30)))
    assert [s.id for s in await store.due_schedules(NOW, 10)] == [earliest.id, elsewhere.id, later.id]
    assert [s.id for s in await store.due_schedules(NOW, 1)] == [earliest.id]
    assert [s.id for s in await store.due_schedules(NOW, 10, platform="test")] == [earliest.id, later.id]


@pytest.mark.parametrize("where", ["sqlite"], indirect=True)  # SQLite's plan; PostgreSQL plans by table size
async def test_the_due_query_uses_the_next_due_index(store):
    async with store.db.execute(
        "EXPLAIN QUERY PLAN SELECT id FROM schedule WHERE next_due <= ? ORDER BY next_due LIMIT 5", (NOW.isoformat(),)
    ) as cursor:
        plan = " ".join(str(row[-1]) for row in await cursor.fetchall())
    assert "schedule_due" in plan


async def test_cancelled_schedules_are_neither_due_nor_listed(store):
    kept = await store.add_schedule(new())
    gone = await store.add_schedule(new())
    assert await store.cancel_schedule(gone.id, "mod-1", NOW)
    assert not await store.cancel_schedule(gone.id, "mod-1", NOW)
    assert [s.id for s in await store.due_schedules(NOW, 10)] == [kept.id]
    assert [s.id for s in await store.active_schedules("test", "server-1")] == [kept.id]
    assert await store.claim_slots([claim(gone)], "me", NOW) == []


async def test_a_claim_moves_the_schedule_on_and_records_the_slot(store):
    schedule = await store.add_schedule(new())
    won = await store.claim_slots([claim(schedule)], "me", NOW)
    assert [c.schedule.id for c in won] == [schedule.id]
    after = await store.schedule(schedule.id)
    assert (after.next_due, after.last_slot) == (NOW + timedelta(days=1), NOW)
    assert await store.firings(schedule.id) == [Firing(schedule.id, NOW, Outcome.CLAIMED, "", 0, "me")]
    await store.record_firings([Firing(schedule.id, NOW, Outcome.FIRED, "Round started.")], NOW)
    assert [(f.outcome, f.detail) for f in await store.firings(schedule.id)] == [(Outcome.FIRED, "Round started.")]


async def test_a_claim_made_from_a_stale_read_loses(store):
    schedule = await store.add_schedule(new())
    assert await store.claim_slots([claim(schedule)], "first", NOW)
    assert await store.claim_slots([claim(schedule)], "second", NOW) == []
    assert [f.claimed_by for f in await store.firings(schedule.id)] == ["first"]


async def test_a_skip_is_recorded_finished(store):
    schedule = await store.add_schedule(new())
    await store.claim_slots([claim(schedule, fire=False)], "me", NOW)
    (firing,) = await store.firings(schedule.id)
    assert (firing.outcome, firing.missed) == (Outcome.SKIPPED, 1)
    assert "offline" in firing.detail


async def test_two_connections_racing_for_the_same_slots_win_each_exactly_once(stores):
    one, two = await stores(), await stores()
    schedules = [await one.add_schedule(new()) for _ in range(600)]
    claims = [claim(s) for s in schedules]
    first, second = await asyncio.gather(one.claim_slots(claims, "one", NOW), two.claim_slots(claims, "two", NOW))
    won = [c.schedule.id for c in first + second]
    assert sorted(won) == [s.id for s in schedules]
    assert await query(one, "SELECT COUNT(*), COUNT(DISTINCT schedule_id) FROM schedule_firing") == [(600, 600)]


async def test_claims_racing_in_many_small_batches_win_each_slot_once(stores):
    """Schedulers interleave: each claims in chunks, in opposite orders; every slot is still fired once."""
    one, two = await stores(), await stores()
    schedules = [await one.add_schedule(new()) for _ in range(300)]
    claims = [claim(s) for s in schedules]

    async def claim_all(store, ordered, name):
        won = []
        for start in range(0, len(ordered), 25):
            won += await store.claim_slots(ordered[start : start + 25], name, NOW)
        return won

    first, second = await asyncio.gather(claim_all(one, claims, "one"), claim_all(two, claims[::-1], "two"))
    assert sorted(c.schedule.id for c in first + second) == [s.id for s in schedules]
    assert await query(one, "SELECT COUNT(*) FROM schedule_firing") == [(300,)]


async def test_a_late_numbered_migration_is_still_applied(tmp_path, monkeypatch):
    """Migrations are numbered by features landing in parallel: a file at 4 must still get 3."""
    path = tmp_path / "old.db"
    without_three = tuple(m for m in sqlite_module.MIGRATIONS if m[0] in (1, 2, 4, 5))  # 6 on needs 3's tables
    monkeypatch.setattr(sqlite_module, "MIGRATIONS", without_three)
    async with aiosqlite.connect(path, isolation_level=None) as db:
        await sqlite_module.migrate(db)
    monkeypatch.undo()
    store = await SqliteStore.open(path)
    try:
        async with store.db.execute("SELECT version FROM schema_version ORDER BY version") as cursor:
            versions = [row[0] for row in await cursor.fetchall()]
        assert 3 in versions and len(versions) == len(set(versions)) == len(sqlite_module.MIGRATIONS)
        added = await store.add_schedule(new())
        assert added.next_due.tzinfo == UTC or added.next_due.utcoffset() == timedelta(0)
    finally:
        await store.close()


async def test_the_same_schedule_twice_is_added_once(stores):
    one, two = await stores(), await stores()
    first, added = await one.add_schedule_unless_same(new())
    assert added
    again, added_again = await two.add_schedule_unless_same(new())
    assert (again.id, added_again) == (first.id, False)
    other = NewSchedule(PLACE, Job.TRIVIA, "0 20 * * *", "UTC", "every day 20:00", "mod-1", NOW, NOW, {"questions": 5})
    assert (await one.add_schedule_unless_same(other))[1]
    await one.cancel_schedule(first.id, "mod-1", NOW)
    assert (await two.add_schedule_unless_same(new()))[1]  # only active ones count


async def test_two_processes_adding_the_same_schedule_at_once_add_it_once(stores):
    one, two = await stores(), await stores()
    results = await asyncio.gather(*(store.add_schedule_unless_same(new()) for store in (one, two) for _ in range(3)))
    assert sum(added for _, added in results) == 1
    assert len({schedule.id for schedule, _ in results}) == 1
