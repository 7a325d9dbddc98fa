"""The benchmarks, in the order the table shows them, and how each one is run."""

from __future__ import annotations

import asyncio
import importlib
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks._figure import Figure, Scale

MODULES: dict[str, str] = {
    "core": "benchmarks.core_replies",
    "guard": "benchmarks.guard",
    "facts": "benchmarks.fact_load",
    "facts-scale": "benchmarks.fact_scale",
    "trivia": "benchmarks.trivia_answers",
    "schedules": "benchmarks.schedules_due",
    "staleness": "benchmarks.cache_staleness",
    "takeover": "benchmarks.round_takeover",
    "slack": "benchmarks.slack_overhead",
    "peak-http": "benchmarks.peak_http",
    "peak": "benchmarks.peak",
    "discord": "benchmarks.discord_overhead",
    "discord-presses": "benchmarks.discord_presses",
    "memory": "benchmarks.memory",
    "guilds": "benchmarks.guilds",
}


@dataclass(frozen=True, slots=True)
class Benchmark:
    name: str
    measure: Callable[[Scale], Coroutine[Any, Any, list[Figure]]]
    own_process: bool = False
    """Run in a fresh process, so nothing measured before it (or the table's own imports) pollutes it."""
    one_core: bool = False
    """Pin that process, and every thread it starts, to one CPU."""


@dataclass(slots=True)
class Outcome:
    name: str
    figures: list[Figure] = field(default_factory=list)
    seconds: float = 0.0
    error: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "seconds": round(self.seconds, 3),
            "error": self.error,
            "figures": [figure.to_json() for figure in self.figures],
        }


def load(name: str) -> Benchmark:
    benchmark = importlib.import_module(MODULES[name]).BENCHMARK
    assert isinstance(benchmark, Benchmark)
    return benchmark


def run(name: str, scale: Scale, *, profile: bool = False) -> Outcome:
    """Run one benchmark (in its own process when it asks for one); a failure becomes the outcome's error."""
    outcome = Outcome(name)
    started = time.perf_counter()
    try:
        benchmark = load(name)
        if benchmark.own_process:
            outcome.figures = _in_child(benchmark, scale, profile=profile)
        else:
            outcome.figures = measure_here(benchmark, scale, profile=profile)
    except Exception as error:  # one broken benchmark must not hide the others' figures
        outcome.error = f"{type(error).__name__}: {error}"
    outcome.seconds = time.perf_counter() - started
    return outcome


def measure_here(benchmark: Benchmark, scale: Scale, *, profile: bool = False) -> list[Figure]:
    if not profile:
        return asyncio.run(benchmark.measure(scale))
    from benchmarks._profile import profiled

    with profiled(benchmark.name):
        return asyncio.run(benchmark.measure(scale))


def pin_to_one_core() -> int:
    """Pin this process to its last allowed CPU before it starts threads (they inherit the mask)."""
    cpu = max(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return cpu


def _in_child(benchmark: Benchmark, scale: Scale, *, profile: bool) -> list[Figure]:
    command = [sys.executable, "-m", "benchmarks._child", benchmark.name, str(scale)]
    if profile:
        command.append("--profile")
    here = str(Path(__file__).resolve().parent.parent)  # the child imports this very package, installed or not
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, (here, os.environ.get("PYTHONPATH"))))}
    done = subprocess.run(command, stdout=subprocess.PIPE, env=env, text=True, timeout=900, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"the benchmark's process exited with {done.returncode}")
    lines = done.stdout.strip().splitlines()
    return [Figure.from_json(data) for data in json.loads(lines[-1])]
