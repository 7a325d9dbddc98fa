"""A trivia question answered by thousands at once, every answer committed before it is acknowledged."""

from __future__ import annotations

import time
from datetime import UTC, datetime

from benchmarks._core import FrozenClock, InstantOutbox, companion_on_disk
from benchmarks._figure import Figure, Scale, Target
from benchmarks._store import chosen
from benchmarks._suite import Benchmark
from benchmarks._trivia_players import close_and_reveal, record_answers
from bot.request import Asker, Place

PLACE = Place("bench", "server-1", "trivia-night")
DURABLE = {
    "sqlite": "group commit, synchronous=FULL",
    "postgres": "group commit in batches on several connections, synchronous_commit on",
}


async def measure(scale: Scale) -> list[Figure]:
    players = scale.pick(quick=500, full=10_000)
    outbox = InstantOutbox()
    async with companion_on_disk(outbox=outbox, clock=FrozenClock(datetime.now(UTC))) as companion:
        await companion.handle_text(PLACE, Asker("bench-mod", "Mod", moderator=True), "/horizon S1E10")
        await record_answers(companion, PLACE, 0)  # opens a one-question round
        started = time.perf_counter()
        counted = await record_answers(companion, PLACE, players)
        answering = time.perf_counter() - started
        started = time.perf_counter()
        await close_and_reveal(companion, PLACE)
        closing = time.perf_counter() - started
    if counted != players:
        raise RuntimeError(f"{counted:,} of {players:,} answers counted")
    how = f"{players:,} distinct players pressing A–D on one question, 1,000 at a time, through Companion.press"
    return [
        Figure(
            "trivia answers recorded durably",
            players / answering,
            "/s",
            Target.at_least(8_000, "≥ 8,000/s") if chosen() == "postgres" else Target.at_least(5_000, "≥ 5,000/s"),
            f"{how}; each acknowledged only once committed ({DURABLE[chosen()]})",
        ),
        Figure(
            "question close and reveal",
            closing * 1000,
            "ms",
            Target.at_most(200, "< 200 ms"),
            f"tally of {players:,} answers, question edited, answer and the round's table posted",
        ),
    ]


BENCHMARK = Benchmark("trivia", measure)
