"""One benchmark in a process of its own: `python -m benchmarks._child NAME SCALE [--profile]`.

Prints the benchmark's figures as one JSON line on stdout (a profile, if asked for, goes to stderr).
A benchmark that is still running after GIVE_UP seconds prints what its tasks are waiting for and
exits, so a stuck one never outlives the run that started it.
"""

from __future__ import annotations

import asyncio
import faulthandler
import json
import os
import sys

from benchmarks._figure import Figure, Scale
from benchmarks._suite import Benchmark, load, measure_here, pin_to_one_core

GIVE_UP = {Scale.QUICK: 120.0, Scale.FULL: 850.0}


def main(argv: list[str]) -> int:
    name, scale = argv[0], Scale(argv[1])
    benchmark = load(name)
    if benchmark.one_core:
        pin_to_one_core()
    faulthandler.dump_traceback_later(GIVE_UP[scale] + 30, exit=True)  # if even the event loop is stuck
    watched = Benchmark(name, lambda scale: _watched(benchmark, scale), benchmark.own_process, benchmark.one_core)
    figures = measure_here(watched, scale, profile="--profile" in argv)
    print(json.dumps([figure.to_json() for figure in figures]))
    return 0


async def _watched(benchmark: Benchmark, scale: Scale) -> list[Figure]:
    timer = asyncio.get_running_loop().call_later(GIVE_UP[scale], _give_up, benchmark.name, GIVE_UP[scale])
    try:
        return await benchmark.measure(scale)
    finally:
        timer.cancel()


def _give_up(name: str, seconds: float) -> None:
    print(f"benchmark {name} still running after {seconds:.0f} s; its tasks:", file=sys.stderr)
    for task in asyncio.all_tasks():
        task.print_stack(file=sys.stderr)
    sys.stderr.flush()
    os._exit(3)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
