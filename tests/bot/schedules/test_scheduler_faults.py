"""A scheduler tick that meets a transient database fault (a real second process holding the write lock) is
tried again within seconds, not at the next minute, and the slot fires once the database answers."""

import asyncio
import logging
from datetime import timedelta

from bot.companion import Companion
from bot.schedules._scheduler import Scheduler
from bot.store import SqliteStore
from tests.bot.schedules.helpers import RecordingOutbox, eventually
from tests.bot.schedules.test_scheduler import FRIDAY_8PM, Jobs, schedule
from tests.bot.store.holders import lock_held
from tests.clock import ManualClock
from tests.conftest import FACTS


async def test_a_tick_that_meets_a_held_lock_is_retried_and_fires_within_the_minute(tmp_path, caplog):
    path = tmp_path / "schedules.db"
    clock = ManualClock(FRIDAY_8PM - timedelta(seconds=30))
    companion = Companion(FACTS, await SqliteStore.open(path, patience=0.5), clock=clock, outbox=RecordingOutbox())
    try:
        jobs = Jobs()
        daily = await schedule(companion)
        companion.spawn(Scheduler(companion, jobs=jobs.table()).run())
        await eventually(lambda: clock.sleepers == 1)
        with caplog.at_level(logging.WARNING):
            async with lock_held(path) as holder:
                await clock.advance(30)  # 20:00: the slot is due, and the database's write lock is taken
                await eventually(lambda: "the database is unavailable" in caplog.text, timeout=30)
                assert jobs.calls == []
                await holder.release()
        for _ in range(50):
            if jobs.calls:
                break
            await eventually(lambda: clock.sleepers == 1, timeout=30)
            await clock.advance(1)
            await asyncio.sleep(0.02)
        assert [call[0] for call in jobs.calls] == [daily.id]
        assert jobs.calls[0][1] < FRIDAY_8PM + timedelta(minutes=1)
    finally:
        await companion.close()
