"""Serving an aiohttp app on 127.0.0.1 for the duration of a benchmark, and timing requests side by side."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from aiohttp import web

from benchmarks._timing import ms, percentile


@asynccontextmanager
async def served(app: web.Application) -> AsyncIterator[str]:
    """`app` on a free port of 127.0.0.1; yields its base URL."""
    runner = web.AppRunner(app, access_log=None, handle_signals=False)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    try:
        yield f"http://{host}:{port}"
    finally:
        await runner.cleanup()


@dataclass
class SideBySide:
    """Latencies of the app under test and of the bare library, taken in alternating order."""

    app: list[float] = field(default_factory=list)
    bare: list[float] = field(default_factory=list)

    async def run(
        self, rounds: int, app: Callable[[int], Awaitable[None]], bare: Callable[[int], Awaitable[None]]
    ) -> None:
        for number in range(rounds):
            pair = ((self.app, app), (self.bare, bare))
            for samples, send in pair if number % 2 else reversed(pair):
                started = time.perf_counter()
                await send(number)
                samples.append(time.perf_counter() - started)

    @property
    def ratio(self) -> float:
        return percentile(self.app, 0.5) / percentile(self.bare, 0.5)

    def detail(self) -> str:
        app, bare = ms(percentile(self.app, 0.5)), ms(percentile(self.bare, 0.5))
        app99, bare99 = ms(percentile(self.app, 0.99)), ms(percentile(self.bare, 0.99))
        each = f"{len(self.app):,} each, alternating"
        return f"p50 {app:.2f} ms vs bare {bare:.2f} ms (p99 {app99:.2f} vs {bare99:.2f}); {each}"
