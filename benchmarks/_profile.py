"""`--profile`: a pyinstrument call tree of one benchmark, printed to stderr (pip install -e '.[bench]')."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def profiled(name: str) -> Iterator[None]:
    try:
        from pyinstrument import Profiler
    except ImportError:
        print("--profile needs pyinstrument: pip install -e '.[bench]'", file=sys.stderr)
        yield
        return
    profiler = Profiler(interval=0.0005, async_mode="disabled")
    profiler.start()
    try:
        yield
    finally:
        profiler.stop()
        print(f"\n--- profile: {name} ---", file=sys.stderr)
        print(profiler.output_text(unicode=True, color=False), file=sys.stderr)
