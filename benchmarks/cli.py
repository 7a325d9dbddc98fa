"""`companion bench [--quick] [--json] [--only NAME] [--profile]`: run the benchmarks and print the table."""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
from collections.abc import Callable

from benchmarks._figure import Scale
from benchmarks._store import STORES, chosen
from benchmarks._suite import MODULES, Outcome, run


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    bench = commands.add_parser("bench", help="measure speed, scale and overhead on top of discord.py and slack-bolt")
    bench.add_argument("--quick", action="store_true", help="every benchmark at a small size, in seconds (for CI)")
    bench.add_argument("--json", action="store_true", dest="as_json", help="print one JSON object")
    bench.add_argument(
        "--only", action="append", choices=list(MODULES), metavar="NAME", help=f"one of {', '.join(MODULES)}"
    )
    bench.add_argument(
        "--profile", action="store_true", help="print a pyinstrument profile of each benchmark to stderr"
    )
    bench.add_argument(
        "--store", choices=STORES, default=None, help="the store to run on (default: sqlite, or COMPANION_BENCH_STORE)"
    )
    peak = bench.add_argument_group("peak, peak-http", "the night of the HTTP peak benchmarks (peak's defaults first)")
    peak.add_argument("--workers", type=_positive(int), help="companion run workers (3; 1)")
    peak.add_argument("--rate", type=_positive(float), help="presses offered per second (10,000; 400)")
    peak.add_argument("--duration", type=_positive(float), help="seconds of pressing (10; 20)")
    peak.add_argument("--rounds", type=_positive(int), help="rounds open, one channel each (5,000; 250)")
    bench.set_defaults(action=_bench)


def _positive(kind: Callable[[str], float]) -> Callable[[str], float]:
    def parse(text: str) -> float:
        value = kind(text)
        if value <= 0:
            raise argparse.ArgumentTypeError(f"must be more than 0, not {text}")
        return value

    return parse


def _bench(args: argparse.Namespace) -> int:
    scale = Scale.QUICK if args.quick else Scale.FULL
    if args.store:
        os.environ["COMPANION_BENCH_STORE"] = args.store  # benchmarks in processes of their own read it too
    from benchmarks._night import PeakOptions, configure

    night = PeakOptions(args.workers, args.rate, args.duration, args.rounds, profile=args.profile)
    configure(night)
    outcomes: list[Outcome] = []
    for name in args.only or MODULES:
        if not args.as_json:
            print(f"{name}…", end=" ", file=sys.stderr, flush=True)
        outcome = run(name, scale, profile=args.profile)
        if not args.as_json:
            print(f"{outcome.seconds:.1f} s" if outcome.error is None else "failed", file=sys.stderr)
        outcomes.append(outcome)
    if args.as_json:
        print(json.dumps(_report(scale, outcomes)))
    else:
        from benchmarks._table import details, table

        print(f"\n{_machine()}, {scale} run, {chosen()} store\n")
        print(table(outcomes))
        if notes := details(outcomes):
            print(f"\n{notes}")
    return 1 if any(outcome.error for outcome in outcomes) else 0


def _report(scale: Scale, outcomes: list[Outcome]) -> dict[str, object]:
    figures = [figure for outcome in outcomes for figure in outcome.figures]
    return {
        "scale": str(scale),
        "store": chosen(),
        "machine": _machine(),
        "benchmarks": [outcome.to_json() for outcome in outcomes],
        "all_met": all(figure.met for figure in figures) and not any(outcome.error for outcome in outcomes),
    }


def _machine() -> str:
    return f"{platform.python_implementation()} {platform.python_version()} on {len(os.sched_getaffinity(0))} CPUs"
