"""How soon a round moves on when the process keeping it is killed: SIGKILL to another process's takeover.

A child bot process starts a round and keeps it; this process runs a companion of its own (holding its
keeper lease, watching for lapsed ones). The child is killed with SIGKILL and the figure is the time until
the round's keeper in the store is this process's companion.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
import time
from pathlib import Path

from benchmarks._figure import Figure, Scale, Target
from benchmarks._store import bench_database, chosen
from benchmarks._suite import Benchmark
from benchmarks._timing import percentile
from bot.app import load_facts
from bot.companion import Companion
from bot.settings import FACTS_DIR
from bot.store import TriviaStore, open_store
from bot.trivia import FEATURE
from bot.trivia._takeover import BEAT, LEASE

POLL_SECONDS = 0.02
WAIT_SECONDS = 60.0


async def measure(scale: Scale) -> list[Figure]:
    kills = scale.pick(quick=1, full=5)
    async with bench_database() as where:
        taker = Companion(load_facts(FACTS_DIR), await open_store(where), features=[FEATURE])
        await taker.start()
        try:
            delays = [await _kill_and_time(taker, where, f"takeover-{n}") for n in range(kills)]
        finally:
            await taker.close()
    return [
        Figure(
            "round taken over after its keeper's SIGKILL",
            max(delays),
            "s",
            Target.at_most(30, "< 30 s"),
            f"worst of {kills}, median {percentile(delays, 0.5):.1f} s; lease {LEASE:.0f} s, "
            f"renewed and checked every {BEAT:.0f} s; {chosen()}",
        )
    ]


async def _kill_and_time(taker: Companion, where: str, channel: str) -> float:
    here = str(Path(__file__).resolve().parent.parent)
    keeper = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "benchmarks._round_keeper", where, channel,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, (here, os.environ.get("PYTHONPATH"))))},
    )  # fmt: skip
    assert keeper.stdout is not None
    try:
        started = json.loads(await asyncio.wait_for(keeper.stdout.readline(), WAIT_SECONDS))
    except BaseException:
        keeper.kill()
        await keeper.wait()
        raise
    keeper.send_signal(signal.SIGKILL)
    killed = time.perf_counter()
    await keeper.wait()
    return await until_kept_again(taker.store, started["keeper"], killed)


async def until_kept_again(
    store: TriviaStore, gone: str, killed: float, platform: str | None = None, wait: float = WAIT_SECONDS
) -> float:
    """Seconds from `killed` (perf_counter) until no running round is kept by `gone`, a killed companion."""
    async with asyncio.timeout(wait):
        while gone in await store.round_keepers(platform):
            await asyncio.sleep(POLL_SECONDS)
    return time.perf_counter() - killed


BENCHMARK = Benchmark("takeover", measure)
