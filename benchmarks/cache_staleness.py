"""How late a bot process serves a horizon another process has changed: the read cache's cross-process bound.

A second process moves a channel's horizon, one step at a time; this one keeps reading the channel's horizon
(from its cache, as every reply does) and notes when the new episode first shows. The figure is the p99 of
that delay after the writer's commit was acknowledged. On PostgreSQL the writer's NOTIFY empties the cache;
on SQLite the cache checks the file's version at most every FRESH_SECONDS.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from pathlib import Path

from benchmarks._figure import Figure, Scale, Target
from benchmarks._store import bench_database, chosen
from benchmarks._suite import Benchmark
from benchmarks._timing import ms, percentile
from bot.episodes import Episode
from bot.request import Place
from bot.spoilers import Policy
from bot.store import Store, open_store
from bot.store._progress import FRESH_SECONDS

PLACE = Place("bench", "server-1", "watch")
POLL_SECONDS = 0.0005


async def measure(scale: Scale) -> list[Figure]:
    steps = scale.pick(quick=50, full=500)
    async with bench_database() as where:
        reader = await open_store(where)
        await reader.set_channel_horizon(PLACE, Episode(1, 1), Policy.HIDE, "bench")
        here = str(Path(__file__).resolve().parent.parent)
        writer = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "benchmarks._horizon_writer",
            where,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, (here, os.environ.get("PYTHONPATH"))))},
        )
        assert writer.stdin is not None and writer.stdout is not None
        try:
            await asyncio.wait_for(writer.stdout.readline(), 60)  # "ready"
            delays = []
            for _ in range(steps):
                await reader.channel_horizon(PLACE)  # the cache holds the current horizon
                writer.stdin.write(b"next\n")
                await writer.stdin.drain()
                done = json.loads(await asyncio.wait_for(writer.stdout.readline(), 60))
                async with asyncio.timeout(10):
                    while not await _shows(reader, done["episode"]):
                        await asyncio.sleep(POLL_SECONDS)
                delays.append(max(0.0, time.time() - done["committed"]))
        finally:
            writer.stdin.close()
            await asyncio.wait_for(writer.wait(), 60)
            await reader.close()
    p50, p99 = ms(percentile(delays, 0.5)), ms(percentile(delays, 0.99))
    if chosen() == "postgres":
        target = Target.at_most(50, "< 50 ms")
        how = "NOTIFY in the writer's transaction, LISTEN in the reader"
    else:
        target = Target.at_most(FRESH_SECONDS * 1000 + 50, f"< {FRESH_SECONDS * 1000 + 50:.0f} ms")
        how = f"the file's data_version checked at most every {FRESH_SECONDS * 1000:.0f} ms"
    return [
        Figure(
            "horizon changed by another process, served late by",
            p99,
            "ms",
            target,
            f"p99 of {steps} changes after their commit, p50 {p50:.1f} ms; {how}; {chosen()}",
        )
    ]


async def _shows(reader: Store, number: int) -> bool:
    horizon = await reader.channel_horizon(PLACE)
    return horizon is not None and horizon.episode.number == number


BENCHMARK = Benchmark("staleness", measure)
