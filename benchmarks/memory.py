"""Memory of a bot process serving many servers: its peak RSS once the store is full and viewers have asked.

Runs in a process of its own, which imports what `companion run` does with both platforms configured
(the core, discord.py and slack-bolt adapters), so the figure is the whole process's.
"""

from __future__ import annotations

import asyncio
import importlib
from collections.abc import Coroutine
from typing import Any

from benchmarks._core import companion_on_disk
from benchmarks._figure import Figure, Scale, Target
from benchmarks._suite import Benchmark
from bot.companion import Companion
from bot.episodes import Episode
from bot.request import Asker, Place, Request
from bot.spoilers import Policy
from bot.store import SERVER_WIDE, SqliteStore, Store
from bot.store._batch import transaction

ADAPTERS = ("adapters.discord", "adapters.slack")
PER_TRANSACTION = 5_000


async def measure(scale: Scale) -> list[Figure]:
    servers = scale.pick(quick=100, full=10_000)
    viewers = scale.pick(quick=1_000, full=100_000)
    for adapter in ADAPTERS:
        importlib.import_module(adapter)
    imported = _status("VmRSS")
    async with companion_on_disk() as companion:
        await _fill(companion, servers, viewers)
        for viewer in range(viewers):  # every viewer asks once: the read cache is as full as it gets
            place, asker = _viewer(viewer, servers)
            await companion.handle(Request(place, asker, "bio" if viewer % 2 else "recap", _options(viewer)))
        now = _status("VmRSS")
    peak = _status("VmHWM")
    return [
        Figure(
            f"peak RSS, {servers:,} servers, {viewers:,} viewers",
            peak,
            "MB",
            Target.at_most(150, "< 150 MB"),
            f"each server with a default and a channel horizon, each viewer's progress stored and one command "
            f"answered for each; RSS after imports {imported:.0f} MB, at the end {now:.0f} MB",
        ),
    ]


async def _fill(companion: Companion, servers: int, viewers: int) -> None:
    store = companion.store
    if not isinstance(store, SqliteStore):  # PostgreSQL: many small transactions, as many at once as the pool has
        await _fill_each(store, servers, viewers)
        return
    for first in range(0, max(servers, viewers), PER_TRANSACTION):
        async with transaction(store.db, store.write_lock):
            for number in range(first, min(first + PER_TRANSACTION, servers)):
                place = Place("bench", f"server-{number}", "general")
                await store.write_channel_horizon(place, Episode(1, number % 11), Policy.HIDE, "mod")
                await store.write_channel_horizon(
                    Place("bench", place.server, SERVER_WIDE), Episode(1, 2), Policy.OMIT, "mod"
                )
            for viewer in range(first, min(first + PER_TRANSACTION, viewers)):
                place, asker = _viewer(viewer, servers)
                await store.write_progress(place.platform, place.server, asker.user, Episode(1, viewer % 11))


async def _fill_each(store: Store, servers: int, viewers: int) -> None:
    for first in range(0, max(servers, viewers), 200):
        writes: list[Coroutine[Any, Any, None]] = []
        for number in range(first, min(first + 200, servers)):
            place = Place("bench", f"server-{number}", "general")
            default = Place("bench", place.server, SERVER_WIDE)
            writes.append(store.set_channel_horizon(place, Episode(1, number % 11), Policy.HIDE, "mod"))
            writes.append(store.set_channel_horizon(default, Episode(1, 2), Policy.OMIT, "mod"))
        for viewer in range(first, min(first + 200, viewers)):
            place, asker = _viewer(viewer, servers)
            writes.append(store.set_progress(place.platform, place.server, asker.user, Episode(1, viewer % 11)))
        await asyncio.gather(*writes)


def _viewer(number: int, servers: int) -> tuple[Place, Asker]:
    return Place("bench", f"server-{number % servers}", "general"), Asker(f"viewer-{number}")


def _options(number: int) -> dict[str, object]:
    if number % 2:
        return {"name": ("renee", "gary pearlman", "samira", "olivas")[number % 4], "share": number % 3 == 0}
    return {"share": number % 3 == 0}


def _status(field: str) -> float:
    """A /proc/self/status figure (VmRSS: now, VmHWM: peak) in MB."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {field} in /proc/self/status")


BENCHMARK = Benchmark("memory", measure, own_process=True)
