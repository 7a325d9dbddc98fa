"""Loading and validating a generated pack, and one twice its size: fast enough, and linear."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from benchmarks._figure import Figure, Scale, Target
from benchmarks._suite import Benchmark
from benchmarks.fact_pack import PackSize, write_pack
from bot.app import load_facts

FULL = PackSize(characters=10_000, questions=50_000)
QUICK = PackSize(characters=200, questions=1_000)


async def measure(scale: Scale) -> list[Figure]:
    size = QUICK if scale is Scale.QUICK else FULL
    runs = scale.pick(quick=2, full=2)
    with tempfile.TemporaryDirectory(prefix="companion-bench-pack-") as folder:
        single = write_pack(Path(folder) / "single", size)
        double = write_pack(Path(folder) / "double", size.doubled())
        times: dict[Path, list[float]] = {single: [], double: []}
        for _ in range(runs):  # interleaved, so drift on a busy machine hits both sizes alike
            for pack in (single, double):
                times[pack].append(_load_seconds(pack))
    once, twice = min(times[single]), min(times[double])
    return [
        Figure(
            "generated pack load and validation", once, "s", Target.at_most(5.0, "< 5 s"), f"{size}; best of {runs}"
        ),
        Figure(
            "2× pack time ÷ 1× pack time",
            twice / once,
            "×",
            Target.at_most(2.2, "≤ 2.2×"),
            f"{size.doubled()}: {twice:.2f} s",
        ),
    ]


def _load_seconds(pack: Path) -> float:
    started = time.perf_counter()
    facts = load_facts(pack)
    elapsed = time.perf_counter() - started
    del facts
    return elapsed


BENCHMARK = Benchmark("facts-scale", measure)
