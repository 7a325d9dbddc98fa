"""One benchmark in a process of its own: `python -m benchmarks._child NAME SCALE [--profile]`.

Prints the benchmark's figures as one JSON line on stdout (a profile, if asked for, goes to stderr).
"""

from __future__ import annotations

import json
import sys

from benchmarks._figure import Scale
from benchmarks._suite import load, measure_here, pin_to_one_core


def main(argv: list[str]) -> int:
    name, scale = argv[0], Scale(argv[1])
    benchmark = load(name)
    if benchmark.one_core:
        pin_to_one_core()
    figures = measure_here(benchmark, scale, profile="--profile" in argv)
    print(json.dumps([figure.to_json() for figure in figures]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
