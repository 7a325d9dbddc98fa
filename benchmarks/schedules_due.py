"""Friday night: thousands of schedules due in the same minute.

Measured twice. First the scheduler's own work with two bot processes competing (two schedulers, each
on its own connection to one SQLite file): find the due slots, claim them, run the job, record the
firing; the job only notes that it ran, so a slot fired twice or never is seen. Then one process
where each job is the real one and starts a trivia round in its channel (rows written, the first
question posted to an outbox that takes it at once, its timer armed).
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from benchmarks._core import FrozenClock, InstantOutbox
from benchmarks._figure import Figure, Scale, Target
from benchmarks._store import bench_database, chosen
from benchmarks._suite import Benchmark
from bot.app import load_facts
from bot.companion import Companion
from bot.request import Place
from bot.schedules import Job, NewSchedule, Schedule
from bot.schedules._jobs import JOBS
from bot.schedules._scheduler import Scheduler
from bot.settings import FACTS_DIR
from bot.store import Store, open_store

FRIDAY_8PM = datetime(2026, 1, 2, 20, 0, tzinfo=UTC)
SERVERS = 1_000


@dataclass
class Friday:
    seconds: float = 0.0
    fired: Counter[int] = field(default_factory=Counter)
    rounds: int = 0

    @property
    def exactly_once(self) -> int:
        return sum(1 for times in self.fired.values() if times == 1)


async def measure(scale: Scale) -> list[Figure]:
    count = scale.pick(quick=200, full=10_000)
    competing = await _friday(count, processes=2, start_rounds=False)
    with_rounds = await _friday(count, processes=1, start_rounds=True)
    twice = sum(1 for times in competing.fired.values() if times > 1)
    where = f"{count:,} schedules due at 20:00 in {min(count, SERVERS):,} servers"
    return [
        Figure(
            "due schedules fired, two processes",
            competing.seconds,
            "s",
            Target.at_most(10, "< 10 s"),
            f"{where}; two schedulers on one {chosen()} database compete; each job only notes that it ran",
        ),
        Figure(
            "of them fired exactly once",
            100 * competing.exactly_once / count,
            "%",
            Target.at_least(100, "100%"),
            f"{twice} fired twice, {count - len(competing.fired)} never",
        ),
        Figure(
            "due schedules fired, each starting a round",
            with_rounds.seconds,
            "s",
            Target.at_most(10, "< 10 s"),
            f"{where}; one process; {with_rounds.rounds:,} real trivia rounds started, first questions posted",
        ),
    ]


async def _friday(count: int, *, processes: int, start_rounds: bool) -> Friday:
    friday = Friday()

    async def trivia_round(companion: Companion, schedule: Schedule) -> str:
        friday.fired[schedule.id] += 1
        if not start_rounds:
            return "noted"
        said = await JOBS[Job.TRIVIA](companion, schedule)
        friday.rounds += said.startswith("Round started")
        return said

    facts, clock = load_facts(FACTS_DIR), FrozenClock(FRIDAY_8PM - timedelta(days=1))
    async with bench_database() as where:
        bots = [
            Companion(facts, await open_store(where), clock=clock, outbox=InstantOutbox()) for _ in range(processes)
        ]
        try:
            await _schedule_fridays(bots[0].store, count, clock.now())
            clock.at = FRIDAY_8PM + timedelta(seconds=1)
            schedulers = [
                Scheduler(bot, jobs={Job.TRIVIA: trivia_round}, name=f"bot-{n}") for n, bot in enumerate(bots)
            ]
            started = time.perf_counter()
            await asyncio.gather(*(scheduler.tick() for scheduler in schedulers))
            friday.seconds = time.perf_counter() - started
        finally:
            for bot in bots:
                await bot.close()
    return friday


async def _schedule_fridays(store: Store, count: int, now: datetime) -> None:
    for number in range(count):
        place = Place("bench", f"server-{number % SERVERS}", f"channel-{number}")
        await store.add_schedule(
            NewSchedule(place, Job.TRIVIA, "0 20 * * 5", "UTC", "fridays 20:00", "bench-mod", now, FRIDAY_8PM)
        )


BENCHMARK = Benchmark("schedules", measure)
