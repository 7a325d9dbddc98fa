"""Loading and validating the Ballard fact base, as the bot does once at start."""

from __future__ import annotations

import statistics
import time

from benchmarks._figure import Figure, Scale, Target
from benchmarks._suite import Benchmark
from bot.app import load_facts
from bot.settings import FACTS_DIR


async def measure(scale: Scale) -> list[Figure]:
    runs = scale.pick(quick=5, full=30)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        facts = load_facts(FACTS_DIR)
        times.append(time.perf_counter() - started)
    size = f"{len(facts.characters)} characters, {len(facts.storylines)} storylines, {len(facts.questions)} questions"
    return [
        Figure(
            f"{facts.show.title} pack load and validation",
            statistics.median(times) * 1000,
            "ms",
            Target.at_most(200, "< 200 ms"),
            f"{size}; median of {runs}, first {times[0] * 1000:.0f} ms",
        ),
    ]


BENCHMARK = Benchmark("facts", measure)
