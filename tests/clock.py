"""A clock the tests move by hand, injected where the bot takes its `Clock`: no test sleeps to pass time."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta


class ManualClock:
    """A clock that moves only when told to; sleepers wake when `advance` passes their deadline."""

    def __init__(self, start: datetime | None = None) -> None:
        self._now = start or datetime(2026, 1, 2, 20, 0, tzinfo=UTC)
        self._sleepers: list[tuple[datetime, asyncio.Future[None]]] = []

    def now(self) -> datetime:
        return self._now

    async def sleep(self, seconds: float) -> None:
        if seconds <= 0:
            await asyncio.sleep(0)
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._sleepers.append((self._now + timedelta(seconds=seconds), future))
        try:
            await future
        finally:
            self._sleepers = [(when, f) for when, f in self._sleepers if f is not future]

    async def advance(self, seconds: float) -> None:
        """Move time forward, waking every sleeper whose deadline has passed, in deadline order."""
        target = self._now + timedelta(seconds=seconds)
        while True:
            waiting = [(when, f) for when, f in self._sleepers if when <= target and not f.done()]
            due = sorted(waiting, key=lambda sleeper: sleeper[0])
            if not due:
                break
            when, future = due[0]
            self._now = max(self._now, when)
            future.set_result(None)
            for _ in range(20):
                await asyncio.sleep(0)
        self._now = target
        for _ in range(20):
            await asyncio.sleep(0)

    @property
    def sleepers(self) -> int:
        return sum(1 for _, f in self._sleepers if not f.done())
