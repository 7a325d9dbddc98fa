"""The spoiler guard: members' messages judged per second through `Companion.guard`, and its cost per tell.

Messages are chat-length lines built from the pack's own names and words (safe talk, spoilers, dodges with
look-alike letters and zero-width spaces), in guarded channels at several horizons, on a real SQLite file.
Linearity: the tells of the pack copied N and 2N times (each copy of a tell with a word of its
own) are compiled and then read messages; building should take twice as long, reading no longer.
"""

from __future__ import annotations

import time

from benchmarks._core import companion_on_disk
from benchmarks._figure import Figure, Scale, Target
from benchmarks._suite import Benchmark
from bot.episodes import Episode
from bot.guard import GuardAction, Message
from bot.guard._index import TellIndex
from bot.guard._judge import tell_index
from bot.guard._tells import Tell
from bot.request import Asker, Place

CHANNELS = 8
HORIZONS = (Episode(1, 0), Episode(1, 4), Episode(1, 9), Episode(1, 10))
LINES = (
    "just started the show, Ballard is such a good lead",
    "anyone else think the cold case unit needs more funding lol",
    "ok but Renee surfing at dawn is my whole mood 🌊",
    "who do you think did it?? I bet Jake did it",
    "no spoilers pls I'm only on episode 3!!",
    "can't believe Gary was the killer all along",
    "rawls getting shot at jake's house wrecked me",
    "G\u0430ry is the k\u200biller, called it",
    "https://example.com/ballard-review",
    "🔥🔥🔥😱",
    "the lapd politics in this show feel so real tbh",
    "Samira Parker coming back to the team was the best part of the premiere",
)


async def measure(scale: Scale) -> list[Figure]:
    count = scale.pick(quick=2_000, full=100_000)
    async with companion_on_disk() as companion:
        moderator = Asker("bench-mod", "Mod", moderator=True)
        places = [Place("bench", "server-1", f"channel-{n}") for n in range(CHANNELS)]
        for index, place in enumerate(places):
            await companion.store.guard_channel(place, GuardAction.HIDE, moderator.user)
            horizon = HORIZONS[index % len(HORIZONS)]
            await companion.handle_text(place, moderator, f"/horizon {horizon}")
        messages = [
            Message(places[n % CHANNELS], Asker(f"fan-{n % 50}"), LINES[n % len(LINES)], str(n)) for n in range(997)
        ]
        tells = tell_index(companion.facts).tells
        for message in messages:  # warm the stems and caches
            await companion.guard(message)
        hidden = 0
        started = time.perf_counter()
        for n in range(count):
            hidden += (await companion.guard(messages[n % len(messages)])).hide
        rate = count / (time.perf_counter() - started)
    build_ratio, read_ratio, detail = _scaling(tells, scale)
    return [
        Figure(
            "messages judged by the spoiler guard per second",
            rate,
            "/s",
            Target.at_least(10_000, "≥ 10,000/s"),
            f"{count:,} messages through Companion.guard, {len(tells)} tells, {CHANNELS} guarded channels at "
            f"S1E0-S1E10, real SQLite file, one CPU; {hidden:,} hidden",
        ),
        Figure("tells ×2: index build time ratio", build_ratio, "×", Target.at_most(2.2, "≤ 2.2×"), detail),
        Figure(
            "tells ×2: time per message ratio",
            read_ratio,
            "×",
            Target.at_most(1.2, "≤ 1.2×"),
            f"the same {len(LINES) * 20} messages read by both indexes, best of 5",
        ),
    ]


def _scaling(tells: list[Tell], scale: Scale) -> tuple[float, float, str]:
    copies = scale.pick(quick=50, full=200)
    small, large = _copies(tells, copies), _copies(tells, copies * 2)
    build_small, index_small = _best_build(small)
    build_large, index_large = _best_build(large)
    lines = list(LINES * 20)
    read_small, read_large = _read(index_small, lines), _read(index_large, lines)
    detail = f"{len(small):,} vs {len(large):,} tells: built in {build_small:.3f} s vs {build_large:.3f} s"
    return build_large / build_small, read_large / read_small, detail


def _copies(tells: list[Tell], copies: int) -> list[Tell]:
    return [
        Tell((*tell.terms, f"extra{n}x{i}"), tell.revealed, tell.fact)
        for n in range(copies)
        for i, tell in enumerate(tells)
    ]


def _best_build(tells: list[Tell]) -> tuple[float, TellIndex]:
    best, index = float("inf"), TellIndex(())
    for _ in range(5):
        started = time.perf_counter()
        index = TellIndex(tells)
        best = min(best, time.perf_counter() - started)
    return best, index


def _read(index: TellIndex, lines: list[str]) -> float:
    best = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        for line in lines:
            index.match(line, Episode(1, 0))
        best = min(best, time.perf_counter() - started)
    return best


BENCHMARK = Benchmark("guard", measure, own_process=True, one_core=True)
