"""A companion on the real Ballard facts and a fresh store (a SQLite file or a PostgreSQL schema) to drive."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime

from benchmarks._store import bench_database
from bot.app import load_facts
from bot.clock import Clock
from bot.companion import Companion
from bot.outbox import Outbox, Posted
from bot.reply import Reply
from bot.request import Place
from bot.settings import FACTS_DIR
from bot.store import open_store


class FrozenClock:
    """Time stands still at `now` (set it by hand) and no timer ever fires: a benchmark drives every step itself."""

    def __init__(self, now: datetime) -> None:
        self.at = now

    def now(self) -> datetime:
        return self.at

    async def sleep(self, seconds: float) -> None:
        await asyncio.get_running_loop().create_future()  # until the companion closes and cancels it


class InstantOutbox:
    """A channel that takes every post at once, so what is timed is the bot and not a chat platform."""

    def __init__(self) -> None:
        self.posts = 0

    async def post(self, place: Place, reply: Reply) -> Posted | None:
        self.posts += 1
        return Posted(place, f"message-{self.posts}")

    async def edit(self, posted: Posted, reply: Reply) -> None:
        return None


@asynccontextmanager
async def companion_on_disk(
    *, outbox: Outbox | None = None, clock: Clock | None = None, store: str | None = None
) -> AsyncIterator[Companion]:
    async with bench_database(store) as where:
        companion = Companion(load_facts(FACTS_DIR), await open_store(where), outbox=outbox, clock=clock)
        try:
            yield companion
        finally:
            await companion.close()
