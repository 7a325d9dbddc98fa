"""`/bio` and `/recap` through the core, no adapter, on a real store: replies per second on one core, latency."""

from __future__ import annotations

import asyncio
import time

from benchmarks._core import companion_on_disk
from benchmarks._figure import Figure, Scale, Target
from benchmarks._store import chosen
from benchmarks._suite import Benchmark
from benchmarks._timing import ms, percentile
from bot.companion import Companion
from bot.reply import Kind
from bot.request import Asker, Place, Request

IN_FLIGHT = 100
VIEWERS = 200
CHANNELS = 20
EPISODES = ("S1E0", "S1E3", "S1E9", "S1E10")
LOOKUPS: tuple[tuple[str, dict[str, object]], ...] = (
    ("bio", {"name": "renee"}),
    ("bio", {"name": "gary pearlman"}),
    ("bio", {"name": "Samira"}),
    ("bio", {"name": "olivas", "share": True}),
    ("recap", {}),
    ("recap", {"about": "sarah pearlman"}),
    ("recap", {"about": "S1E10"}),
    ("recap", {"share": True}),
)


async def measure(scale: Scale) -> list[Figure]:
    count = scale.pick(quick=1_000, full=20_000)
    async with companion_on_disk() as companion:
        requests = await _requests(companion)
        await _burst(companion, requests, count // 5)  # warm the name indexes, code paths and the read cache
        latencies = [await _timed(companion, requests[i % len(requests)]) for i in range(count)]
        rate = await _burst(companion, requests, count)
        beside = [await _against_sqlite(companion, requests, count)] if chosen() == "postgres" else []
    p50, p99 = ms(percentile(latencies, 0.5)), ms(percentile(latencies, 0.99))
    how = f"{count:,} requests mixing /bio and /recap, private and shared, {VIEWERS} viewers in {CHANNELS} channels"
    return [
        Figure(
            "/bio and /recap replies per second",
            rate,
            "/s",
            Target.at_least(20_000, "≥ 20,000/s"),
            f"{how}, {IN_FLIGHT} in flight, one CPU; one at a time: {count / sum(latencies):,.0f}/s",
        ),
        Figure(
            "/bio and /recap p99 latency", p99, "ms", Target.at_most(1.0, "< 1 ms"), f"one at a time; p50 {p50:.3f} ms"
        ),
        *beside,
    ]


async def _against_sqlite(on_postgres: Companion, requests: list[Request], count: int) -> Figure:
    """The same bursts on both stores, taken in turn three times (the best of each), so load on the machine
    weighs on both alike."""
    async with companion_on_disk(store="sqlite") as on_sqlite:
        same = await _requests(on_sqlite)
        await _burst(on_sqlite, same, count // 5)
        rates: dict[str, float] = {"postgres": 0.0, "sqlite": 0.0}
        for _ in range(3):
            rates["postgres"] = max(rates["postgres"], await _burst(on_postgres, requests, count))
            rates["sqlite"] = max(rates["sqlite"], await _burst(on_sqlite, same, count))
    return Figure(
        "/bio and /recap replies per second, PostgreSQL ÷ SQLite",
        100 * rates["postgres"] / rates["sqlite"],
        "%",
        Target.at_least(90, "≥ 90%"),
        f"best of three bursts each, in turn: {rates['postgres']:,.0f}/s on PostgreSQL, "
        f"{rates['sqlite']:,.0f}/s on SQLite",
    )


async def _requests(companion: Companion) -> list[Request]:
    """Viewers at several progresses in channels with and without a horizon; each asks every lookup in turn."""
    requests = []
    moderator = Asker("bench-mod", "Mod", moderator=True)
    for channel in range(CHANNELS):
        place = Place("bench", "server-1", f"channel-{channel}")
        if channel % 2:
            await _expect_ok(companion, Request(place, moderator, "horizon", {"episode": EPISODES[channel % 4]}))
    for viewer in range(VIEWERS):
        place = Place("bench", "server-1", f"channel-{viewer % CHANNELS}")
        asker = Asker(f"viewer-{viewer}", f"Viewer {viewer}")
        if viewer % 5:
            await _expect_ok(companion, Request(place, asker, "progress", {"episode": EPISODES[viewer % 4]}))
        command, options = LOOKUPS[viewer % len(LOOKUPS)]
        request = Request(place, asker, command, options)
        reply = await companion.handle(request)
        if not any(part.kind is Kind.HEADING for part in reply.parts):
            raise RuntimeError(f"/{command} {options} did not answer with facts: {reply.parts[0].text}")
        requests.append(request)
    return requests


async def _expect_ok(companion: Companion, request: Request) -> None:
    reply = await companion.handle(request)
    if "Nothing was changed" in reply.parts[0].text:
        raise RuntimeError(reply.parts[0].text)


async def _timed(companion: Companion, request: Request) -> float:
    started = time.perf_counter()
    await companion.handle(request)
    return time.perf_counter() - started


async def _burst(companion: Companion, requests: list[Request], count: int) -> float:
    """Replies per second with IN_FLIGHT requests awaiting at once, as when a crowd asks together."""
    started = time.perf_counter()
    for wave in range(0, count, IN_FLIGHT):
        await asyncio.gather(*(companion.handle(requests[i % len(requests)]) for i in range(wave, wave + IN_FLIGHT)))
    return (count // IN_FLIGHT * IN_FLIGHT) / (time.perf_counter() - started)


BENCHMARK = Benchmark("core", measure, own_process=True, one_core=True)
