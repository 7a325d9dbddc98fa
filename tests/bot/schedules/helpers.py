"""Shared by the schedule and watch-party tests: a recording outbox, a bounded wait, and database snapshots."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.outbox import Posted
from bot.reply import Kind, Reply
from bot.request import Place
from bot.store import SqliteStore
from tests.clock import ManualClock


@dataclass
class RecordingOutbox:
    """Every post, in order."""

    posts: list[tuple[Place, Reply]] = field(default_factory=list)
    refuse: bool = False

    async def post(self, place: Place, reply: Reply) -> Posted | None:
        if self.refuse:
            return None
        self.posts.append((place, reply))
        return Posted(place, f"m{len(self.posts)}")

    async def edit(self, posted: Posted, reply: Reply) -> None:
        return None

    def lines(self, place: Place | None = None) -> list[str]:
        return [plain(reply) for where, reply in self.posts if place is None or where == place]


def plain(reply: Reply) -> str:
    return " ".join(part.text for part in reply.parts if part.kind is not Kind.SPOILER)


async def eventually(check: Callable[[], Any], timeout: float = 5.0) -> None:
    """Wait (bounded) for background work, whose database calls run on another thread, to get somewhere."""
    async with asyncio.timeout(timeout):
        while not await _holds(check):
            await asyncio.sleep(0.005)


async def _holds(check: Callable[[], Any]) -> bool:
    result = check()
    return bool(await result) if asyncio.iscoroutine(result) else bool(result)


async def tick_through(clocks: ManualClock | list[ManualClock], seconds: float, *, timeout: float = 5.0) -> None:
    """Move the clocks (one per bot, each with its scheduler asleep on it) a minute at a time, in step,
    letting every scheduler finish its tick and sleep again in between.

    A tick's database work runs on aiosqlite's thread, so one big `advance` would jump past wake-ups the
    scheduler has not yet asked for."""
    clocks = clocks if isinstance(clocks, list) else [clocks]
    end = clocks[0].now() + timedelta(seconds=seconds)
    while clocks[0].now() < end:
        step = min(60.0, (end - clocks[0].now()).total_seconds())
        await asyncio.gather(*(clock.advance(step) for clock in clocks))
        await eventually(lambda: all(clock.sleepers for clock in clocks), timeout)


TABLES = ("viewer_progress", "channel_horizon", "watch_party", "schedule", "schedule_firing")


async def rows(store: SqliteStore) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the tables these features write: compare before and after to prove nothing changed."""
    snapshot = {}
    for table in TABLES:
        async with store.db.execute(f"SELECT * FROM {table} ORDER BY 1, 2, 3") as cursor:
            snapshot[table] = [tuple(row) for row in await cursor.fetchall()]
    return snapshot


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)
