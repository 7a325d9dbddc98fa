"""`python -m benchmarks._profiled_run OUT`: `companion run` under pyinstrument, its call tree written to OUT.

Sampled with async mode off, so the tree shows where the CPU went (and, under `epoll.poll`, how long the
loop sat idle) rather than which coroutine was waiting on what.
"""

from __future__ import annotations

import sys
from pathlib import Path

from pyinstrument import Profiler

from bot.cli import main


def profiled(out: Path) -> int:
    profiler = Profiler(interval=0.0005, async_mode="disabled")
    profiler.start()
    try:
        return main(["run"])
    finally:
        profiler.stop()
        out.write_text(profiler.output_text(unicode=True, color=False))


if __name__ == "__main__":
    sys.exit(profiled(Path(sys.argv[1])))
