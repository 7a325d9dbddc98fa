"""Schedules with several bot processes on one database, on both backends (PostgreSQL is where processes on
many hosts share one): every slot fires exactly once, and a slot missed while every process was down follows
the catch-up rule once, whichever process wakes first."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from bot.companion import Companion
from bot.request import Place
from bot.schedules import Job, NewSchedule, Outcome
from bot.schedules._scheduler import Scheduler
from tests.backends import BACKENDS, Opener, location, opener, query
from tests.bot.schedules.helpers import RecordingOutbox, eventually, tick_through, utc
from tests.clock import ManualClock
from tests.conftest import FACTS

FRIDAY_8PM = utc(2026, 1, 2, 20)
PROCESSES = 3


class Jobs:
    """Stand-in jobs shared by every process: which schedule ran, and when."""

    def __init__(self) -> None:
        self.calls: list[int] = []

    async def run(self, companion: Companion, schedule: object) -> str:
        self.calls.append(schedule.id)  # type: ignore[attr-defined]
        return "Round started."

    def table(self) -> dict[Job, object]:
        return {Job.TRIVIA: self.run, Job.RECAP: self.run}


@pytest.fixture(params=BACKENDS)
async def stores(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Opener]:
    async with location(request.param, tmp_path) as where, opener(where) as open_one:
        yield open_one


def daily(place: Place, now: object) -> NewSchedule:
    return NewSchedule(place, Job.TRIVIA, "0 20 * * *", "UTC", "every day 20:00", "mod-1", now, FRIDAY_8PM)  # type: ignore[arg-type]


async def test_several_processes_fire_every_slot_exactly_once(stores: Opener):
    clocks = [ManualClock(FRIDAY_8PM - timedelta(minutes=30)) for _ in range(PROCESSES)]
    bots = [Companion(FACTS, await stores(), clock=c, outbox=RecordingOutbox(), features=[]) for c in clocks]
    places = [Place("test", "server-1", f"channel-{n}") for n in range(300)]
    for place in places:
        await bots[0].store.add_schedule(daily(place, clocks[0].now()))
    jobs = Jobs()
    schedulers = [Scheduler(bot, jobs=jobs.table(), batch=50) for bot in bots]  # type: ignore[arg-type]
    for bot, scheduler in zip(bots, schedulers, strict=True):
        bot.spawn(scheduler.run())
    await eventually(lambda: all(c.sleepers == 1 for c in clocks), timeout=20)
    await tick_through(clocks, 30 * 60, timeout=60)

    async def all_fired() -> bool:
        rows = await query(bots[0].store, "SELECT COUNT(*) FROM schedule_firing WHERE outcome = 'fired'")
        return rows[0][0] == len(places)

    await eventually(all_fired, timeout=60)
    claimers = await query(bots[0].store, "SELECT claimed_by, COUNT(*) FROM schedule_firing GROUP BY claimed_by")
    for bot in bots:
        await bot.close()
    assert len(jobs.calls) == len(set(jobs.calls)) == len(places)
    assert {name for name, _ in claimers} <= {scheduler.name for scheduler in schedulers}
    assert sum(count for _, count in claimers) == len(places)


async def test_a_slot_missed_while_every_process_was_down_is_caught_up_once(stores: Opener):
    woke = FRIDAY_8PM + timedelta(days=3, minutes=5)  # all down since Friday: the rule fires Monday's, late
    outboxes = [RecordingOutbox() for _ in range(PROCESSES)]
    bots = [
        Companion(FACTS, await stores(), clock=ManualClock(woke), outbox=outbox, features=[]) for outbox in outboxes
    ]
    place = Place("test", "server-1", "general")
    added = await bots[0].store.add_schedule(daily(place, FRIDAY_8PM - timedelta(hours=1)))
    jobs = Jobs()
    await asyncio.gather(*(Scheduler(bot, jobs=jobs.table()).tick() for bot in bots))  # type: ignore[arg-type]
    await asyncio.gather(*(Scheduler(bot, jobs=jobs.table()).tick() for bot in bots))  # type: ignore[arg-type]
    assert jobs.calls == [added.id]
    notes = [line for outbox in outboxes for line in outbox.lines()]
    assert len(notes) == 1 and notes[0].startswith("Skipped 3 trivia rounds due from Friday 2 January 20:00 UTC")
    firings = await bots[0].store.firings(added.id)
    assert [(f.slot, f.outcome, f.missed) for f in firings] == [(FRIDAY_8PM + timedelta(days=3), Outcome.FIRED, 3)]
    for bot in bots:
        await bot.close()
