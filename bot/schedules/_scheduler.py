"""The scheduler: finds due slots, claims each in the database, fires it, and records how it went.

Any number of schedulers (one per bot process) may share a database: a slot is fired only by the one
whose claim commits (see bot/store/_schedules.py), so none is fired twice. A claim is committed before
its job runs, so a crash in between loses that slot rather than repeating it.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bot.outbox import platform_of
from bot.reply import Visibility, message
from bot.request import Place
from bot.schedules import _notes
from bot.schedules._jobs import JOBS, Run
from bot.schedules._model import Claim, Firing, Job, Outcome, Schedule
from bot.schedules._plan import plan
from bot.store._faults import backoff, is_transient

if TYPE_CHECKING:
    from bot.companion import Companion

log = logging.getLogger(__name__)

GRACE = timedelta(minutes=15)
"""A slot missed while the bot was down still fires if the bot is back within this long."""
BATCH = 500
"""Schedules claimed per transaction."""
PARALLEL = 256
"""Jobs running at once: each mostly waits on the chat platform or the database, and the more wait
together, the more writes share one commit (10,000 rounds at 20:00 took 10.6 s with 64, 9.1 s with 256)."""


class Scheduler:
    def __init__(
        self,
        companion: Companion,
        *,
        jobs: Mapping[Job, Run] = JOBS,
        grace: timedelta = GRACE,
        batch: int = BATCH,
        platform: str | None = None,
        name: str | None = None,
    ) -> None:
        self.companion = companion
        self.jobs = jobs
        self.grace = grace
        self.batch = batch
        self.platform = platform
        """Only this platform's schedules: the companion's outbox can post nowhere else."""
        self.name = name or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"

    async def run(self) -> None:
        """Tick now, then at every minute boundary (cron's resolution), until cancelled.

        A tick that meets a transient database error (a lock held elsewhere, a full disk) is tried again
        within seconds, with backoff, rather than at the next minute: the slots it was firing are still due.
        """
        clock = self.companion.clock
        waits: Iterator[float] | None = None
        while True:
            try:
                await self.tick()
            except Exception as error:
                if is_transient(error) and self.companion.store.health.healthy:
                    if waits is None:
                        log.warning("scheduler %s: the database is unavailable (%s); retrying", self.name, error)
                        waits = backoff(first=1.0, most=20.0)
                    await clock.sleep(next(waits))
                    continue
                if self.companion.store.health.healthy:  # a gone file was reported once, by the store
                    log.exception("scheduler %s: the tick failed; trying again next minute", self.name)
            waits = None
            await clock.sleep(_until_next_minute(clock.now()))

    async def tick(self) -> list[Claim]:
        """Fire (or skip) every slot due now; returns the claims this scheduler won."""
        now = self.companion.clock.now()
        store = self.companion.store
        won: list[Claim] = []
        previous: list[int] = []
        while due := await store.due_schedules(now, self.batch, self.platform):
            claims = await self._plan(due, now)
            mine = await store.claim_slots(claims, self.name, now)
            await self._fire(mine)
            won += mine
            ids = [schedule.id for schedule in due]
            if len(due) < self.batch or (not mine and ids == previous):
                break
            previous = ids
        return won

    async def _plan(self, due: Sequence[Schedule], now: datetime) -> list[Claim]:
        claims = []
        for schedule in due:
            try:
                claims.append(plan(schedule, now, self.grace))
            except Exception:
                log.exception("schedule #%s cannot be read; cancelling it", schedule.id)
                await self.companion.store.cancel_schedule(schedule.id, "scheduler (unreadable)", now)
        return claims

    async def _fire(self, claims: Sequence[Claim]) -> None:
        running = asyncio.Semaphore(PARALLEL)

        async def one(claim: Claim) -> Firing | None:
            async with running:
                return await self._fire_one(claim)

        firings = await asyncio.gather(*(one(claim) for claim in claims))
        await self.companion.store.record_firings([f for f in firings if f], self.companion.clock.now())

    async def _fire_one(self, claim: Claim) -> Firing | None:
        """Run the claim's job; None when it only skipped (its row was finished at the claim)."""
        schedule = claim.schedule
        if claim.missed:
            await self._say(schedule.place, _notes.skipped(claim))
        if not claim.fire:
            return None
        try:
            detail = await self.jobs[schedule.job](self.companion, schedule)
        except Exception as error:
            log.exception("schedule #%s (%s) failed at %s", schedule.id, schedule.job, claim.slot)
            await self._say(schedule.place, _notes.failed(schedule))
            return Firing(schedule.id, claim.slot, Outcome.FAILED, f"{type(error).__name__}: {error}", claim.missed)
        return Firing(schedule.id, claim.slot, Outcome.FIRED, detail, claim.missed)

    async def _say(self, place: Place, line: str) -> None:
        try:
            await self.companion.outbox.post(place, message(line, visibility=Visibility.PUBLIC))
        except Exception:
            log.exception("could not post to %s", place)


async def start_scheduler(companion: Companion) -> None:
    """The schedules feature's start hook: the scheduler runs in the background until the companion closes."""
    # An outbox that posts to one platform says so; a scheduler must not claim slots it cannot post to.
    scheduler = Scheduler(companion, platform=platform_of(companion.outbox))
    companion.spawn(scheduler.run(), name=f"scheduler {scheduler.name}")


def _until_next_minute(now: datetime) -> float:
    return 60 - now.second - now.microsecond / 1_000_000
