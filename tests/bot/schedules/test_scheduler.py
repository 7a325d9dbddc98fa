"""The scheduler on a real database and a hand-moved clock: on time, late, skipped, restarted, and raced."""

import asyncio
from datetime import timedelta

import pytest

from bot.companion import Companion
from bot.request import Place
from bot.schedules import Job, NewSchedule, Outcome
from bot.schedules._scheduler import Scheduler
from bot.store import SqliteStore
from tests.bot.schedules.helpers import RecordingOutbox, eventually, tick_through, utc
from tests.clock import ManualClock
from tests.conftest import FACTS, MODERATOR, PLACE

FRIDAY_8PM = utc(2026, 1, 2, 20)


class Jobs:
    """Stand-in jobs that remember every call: (schedule id, when it ran)."""

    def __init__(self, fail: bool = False) -> None:
        self.calls: list[tuple[int, object]] = []
        self.fail = fail

    async def run(self, companion, schedule):
        self.calls.append((schedule.id, companion.clock.now()))
        if self.fail:
            raise RuntimeError("the platform is down")
        return "Round started."

    def table(self):
        return {Job.TRIVIA: self.run, Job.RECAP: self.run}


@pytest.fixture
def clock():
    return ManualClock(FRIDAY_8PM - timedelta(minutes=30))


@pytest.fixture
def outbox():
    return RecordingOutbox()


@pytest.fixture
async def companion(store, clock, outbox):
    return Companion(FACTS, store, clock=clock, outbox=outbox)


async def schedule(companion, when="every day 20:00", tz="UTC", place=PLACE):
    reply = await companion.handle_text(place, MODERATOR, f'/schedule trivia when:"{when}" tz:{tz}')
    assert reply.parts[0].text.startswith("Scheduled #"), reply
    return (await companion.store.active_schedules(place.platform, place.server))[-1]


async def set_clock(clock, moment):
    await clock.advance((moment - clock.now()).total_seconds())


async def test_a_slot_fires_when_it_comes_and_only_once(companion, clock, outbox):
    jobs = Jobs()
    scheduler = Scheduler(companion, jobs=jobs.table())
    daily = await schedule(companion)
    assert await scheduler.tick() == []
    await set_clock(clock, FRIDAY_8PM)
    (claim,) = await scheduler.tick()
    assert (claim.slot, claim.fire, claim.missed) == (FRIDAY_8PM, True, 0)
    assert await scheduler.tick() == []
    assert jobs.calls == [(daily.id, FRIDAY_8PM)]
    (firing,) = await companion.store.firings(daily.id)
    assert (firing.outcome, firing.detail, firing.claimed_by) == (Outcome.FIRED, "Round started.", scheduler.name)
    assert (await companion.store.schedule(daily.id)).next_due == FRIDAY_8PM + timedelta(days=1)
    assert outbox.posts == []


async def test_down_for_five_minutes_the_slot_fires_once_late_without_a_note(companion, clock, outbox):
    jobs = Jobs()
    daily = await schedule(companion)
    await set_clock(clock, FRIDAY_8PM + timedelta(minutes=5))
    scheduler = Scheduler(companion, jobs=jobs.table())
    await scheduler.tick()
    await scheduler.tick()
    assert jobs.calls == [(daily.id, FRIDAY_8PM + timedelta(minutes=5))]
    assert outbox.posts == []


async def test_down_for_three_days_it_fires_the_latest_slot_in_grace_and_notes_the_rest(companion, clock, outbox):
    jobs = Jobs()
    daily = await schedule(companion)
    await set_clock(clock, FRIDAY_8PM + timedelta(days=3, minutes=5))
    await Scheduler(companion, jobs=jobs.table()).tick()
    assert jobs.calls == [(daily.id, clock.now())]
    assert outbox.lines() == [
        "Skipped 3 trivia rounds due from Friday 2 January 20:00 UTC on: the bot was offline "
        f"(schedule #{daily.id}). The one due Monday 5 January 20:00 UTC starts now, a little late."
    ]
    slots = [(f.slot, f.outcome, f.missed) for f in await companion.store.firings(daily.id)]
    assert slots == [(FRIDAY_8PM + timedelta(days=3), Outcome.FIRED, 3)]


async def test_down_for_three_days_between_slots_it_fires_nothing_and_says_so_once(companion, clock, outbox):
    jobs = Jobs()
    daily = await schedule(companion)
    await set_clock(clock, FRIDAY_8PM + timedelta(days=3, hours=2))
    scheduler = Scheduler(companion, jobs=jobs.table())
    await scheduler.tick()
    await scheduler.tick()
    assert jobs.calls == []
    assert outbox.lines() == [
        f"Skipped 4 trivia rounds due from Friday 2 January 20:00 UTC on: the bot was offline (schedule #{daily.id})."
    ]
    assert (await companion.store.schedule(daily.id)).next_due == FRIDAY_8PM + timedelta(days=4)
    assert [f.outcome for f in await companion.store.firings(daily.id)] == [Outcome.SKIPPED]


async def test_the_grace_period_is_configurable(companion, clock):
    jobs = Jobs()
    await schedule(companion)
    await set_clock(clock, FRIDAY_8PM + timedelta(minutes=5))
    await Scheduler(companion, jobs=jobs.table(), grace=timedelta(minutes=1)).tick()
    assert jobs.calls == []


async def test_a_job_that_fails_is_recorded_and_the_channel_told(companion, clock, outbox):
    daily = await schedule(companion)
    await set_clock(clock, FRIDAY_8PM)
    await Scheduler(companion, jobs=Jobs(fail=True).table()).tick()
    (firing,) = await companion.store.firings(daily.id)
    assert (firing.outcome, firing.detail) == (Outcome.FAILED, "RuntimeError: the platform is down")
    assert outbox.lines() == [
        f"Sorry, the scheduled trivia round (schedule #{daily.id}) could not start: something went wrong on my side. "
        "It will try again at its next time."
    ]
    assert (await companion.store.schedule(daily.id)).next_due == FRIDAY_8PM + timedelta(days=1)


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (utc(2026, 3, 1), [utc(2026, 3, 7, 4), utc(2026, 3, 14, 3), utc(2026, 3, 21, 3)]),
        (utc(2026, 10, 25), [utc(2026, 10, 31, 3), utc(2026, 11, 7, 4), utc(2026, 11, 14, 4)]),
    ],
    ids=["march", "november"],
)
async def test_fridays_at_eight_los_angeles_time_fire_at_eight_across_the_clock_change(store, outbox, start, expected):
    clock = ManualClock(start)
    companion = Companion(FACTS, store, clock=clock, outbox=outbox)
    jobs = Jobs()
    scheduler = Scheduler(companion, jobs=jobs.table())
    fridays = await schedule(companion, "fridays 20:00", "America/Los_Angeles")
    for slot in expected:
        await set_clock(clock, slot - timedelta(seconds=1))
        assert await scheduler.tick() == []
        await set_clock(clock, slot)
        assert len(await scheduler.tick()) == 1
    assert [when for _, when in jobs.calls] == expected
    assert [f.slot for f in await store.firings(fridays.id)] == expected[::-1]


async def test_a_restart_resumes_from_the_stored_slot(tmp_path, clock, outbox):
    path = tmp_path / "restart.db"
    jobs = Jobs()
    first = Companion(FACTS, await SqliteStore.open(path), clock=clock, outbox=outbox)
    daily = await schedule(first)
    first.spawn(Scheduler(first, jobs=jobs.table()).run())
    await eventually(lambda: clock.sleepers == 1)
    await tick_through(clock, 30 * 60)
    await eventually(lambda: len(jobs.calls) == 1)
    await first.close()

    await clock.advance(timedelta(hours=23, minutes=50).total_seconds())
    second = Companion(FACTS, await SqliteStore.open(path), clock=clock, outbox=outbox)
    second.spawn(Scheduler(second, jobs=jobs.table()).run())
    await eventually(lambda: clock.sleepers == 1)
    await tick_through(clock, 10 * 60)
    await eventually(lambda: len(jobs.calls) == 2)
    firings = await second.store.firings(daily.id)
    await second.close()
    assert jobs.calls == [(daily.id, FRIDAY_8PM), (daily.id, FRIDAY_8PM + timedelta(days=1))]
    assert [(f.slot, f.outcome) for f in firings] == [
        (FRIDAY_8PM + timedelta(days=1), Outcome.FIRED),
        (FRIDAY_8PM, Outcome.FIRED),
    ]
    assert outbox.posts == []


async def test_two_bot_processes_on_one_database_never_fire_a_slot_twice(tmp_path, clock):
    path = tmp_path / "shared.db"
    jobs = Jobs()
    clocks = [clock, ManualClock(clock.now())]  # two processes, two clocks telling the same time
    bots = [Companion(FACTS, await SqliteStore.open(path), clock=c, outbox=RecordingOutbox()) for c in clocks]
    places = [Place("test", "server-1", f"channel-{n}") for n in range(300)]
    for place in places:
        await bots[0].store.add_schedule(
            NewSchedule(place, Job.TRIVIA, "0 20 * * *", "UTC", "every day 20:00", "mod-1", clock.now(), FRIDAY_8PM)
        )
    schedulers = [Scheduler(bot, jobs=jobs.table(), batch=50) for bot in bots]
    for bot, scheduler in zip(bots, schedulers, strict=True):
        bot.spawn(scheduler.run())
    await eventually(lambda: all(c.sleepers == 1 for c in clocks))
    await tick_through(clocks, 30 * 60, timeout=20)

    async def all_fired():
        async with bots[1].store.db.execute("SELECT COUNT(*) FROM schedule_firing WHERE outcome = 'fired'") as cursor:
            return (await cursor.fetchone())[0] == len(places)

    await eventually(all_fired, timeout=20)
    by_claimer = "SELECT claimed_by, COUNT(*) FROM schedule_firing GROUP BY claimed_by"
    async with bots[1].store.db.execute(by_claimer) as cursor:
        by_scheduler = dict(await cursor.fetchall())
    for bot in bots:
        await bot.close()
    fired = [schedule_id for schedule_id, _ in jobs.calls]
    assert len(fired) == len(set(fired)) == len(places)
    assert set(by_scheduler) <= {scheduler.name for scheduler in schedulers}
    assert sum(by_scheduler.values()) == len(places)


async def test_a_scheduler_for_one_platform_leaves_other_platforms_alone(companion, clock):
    jobs = Jobs()
    await schedule(companion)
    await set_clock(clock, FRIDAY_8PM)
    assert await Scheduler(companion, jobs=jobs.table(), platform="discord").tick() == []
    assert len(await Scheduler(companion, jobs=jobs.table(), platform="test").tick()) == 1


async def test_an_unreadable_schedule_is_stopped_and_the_rest_still_fire(companion, clock):
    jobs = Jobs()
    daily = await schedule(companion)
    broken = await companion.store.add_schedule(
        NewSchedule(PLACE, Job.TRIVIA, "0 20 * * *", "Mars/Base", "every day 20:00", "mod-1", clock.now(), FRIDAY_8PM)
    )
    await set_clock(clock, FRIDAY_8PM)
    await Scheduler(companion, jobs=jobs.table()).tick()
    assert jobs.calls == [(daily.id, FRIDAY_8PM)]
    assert (await companion.store.schedule(broken.id)).next_due is None


async def test_a_one_off_fires_once_then_leaves_the_list(companion, clock):
    jobs = Jobs()
    scheduler = Scheduler(companion, jobs=jobs.table())
    once = await schedule(companion, "2026-01-02 20:00")
    await set_clock(clock, FRIDAY_8PM)
    await scheduler.tick()
    await set_clock(clock, FRIDAY_8PM + timedelta(days=400))
    await scheduler.tick()
    assert jobs.calls == [(once.id, FRIDAY_8PM)]
    assert await companion.store.active_schedules("test", "server-1") == []


async def test_the_loop_keeps_going_after_a_failed_tick(companion, clock, monkeypatch):
    jobs = Jobs()
    scheduler = Scheduler(companion, jobs=jobs.table())
    await schedule(companion)
    ticks = 0
    real_tick = scheduler.tick

    async def flaky_tick():
        nonlocal ticks
        ticks += 1
        if ticks == 1:
            raise OSError("database is locked")
        return await real_tick()

    monkeypatch.setattr(scheduler, "tick", flaky_tick)
    task = asyncio.create_task(scheduler.run())
    await eventually(lambda: clock.sleepers == 1)
    await tick_through(clock, 30 * 60)
    await eventually(lambda: len(jobs.calls) == 1)
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    assert ticks >= 2
