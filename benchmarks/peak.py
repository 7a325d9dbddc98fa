"""A Friday night on PostgreSQL: thousands of scheduled rounds start in one minute, then a flood of presses.

Real schedule rows, all due in the current minute, each starting a one-question round in its own Slack
channel, are written to a fresh PostgreSQL schema; then N real `companion run` workers (Slack HTTP mode)
start on it and their schedulers fire the slots between them. When every round's question is posted,
the slot history is read back (each slot fired exactly once, by whom), and a generator process sends
signed presses open loop, spread over the workers (see `_night`). A press not acknowledged within
Slack's 3 s is given up, as Slack gives up on it. Then the worker that fired the most slots is killed
with SIGKILL and its rounds are timed until another worker keeps them. The same night with one worker
gives the ratio.
"""

from __future__ import annotations

import asyncio
import signal
import socket
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from benchmarks import _night
from benchmarks._fake_slack import TEAM
from benchmarks._figure import Figure, Scale, Target
from benchmarks._night import SECRET, TOKEN, Run, compare_with_database, press, questions_posted
from benchmarks._processes import Child, start_module, start_worker
from benchmarks._store import bench_database
from benchmarks._suite import Benchmark
from benchmarks.peak_http import night_with_bare_bolt
from benchmarks.round_takeover import until_kept_again
from bot.request import Place
from bot.schedules import Firing, Job, NewSchedule, Outcome
from bot.store import Store, open_store

SLACK_GIVES_UP = 3.0
"""Seconds Slack waits for an interaction's HTTP ack before it shows the presser an error."""
CONNECTIONS = 256
"""The generator's keep-alive connections: Slack opens as many as the traffic needs."""
OPEN_WAIT = 120.0
TAKEOVER_WAIT = 90.0
SETTLE_WAIT = 30.0


@dataclass(slots=True)
class Night:
    workers: int
    rounds: int
    run: Run | None = None
    fired: Counter[int] = field(default_factory=Counter)
    """Per schedule: slots fired that started a round."""
    by_worker: Counter[int] = field(default_factory=Counter)
    """Slots fired per worker process id."""
    open: int = 0
    firing_seconds: float = 0.0
    """From the first question posted to the last."""
    launch_seconds: float = 0.0
    """From starting the workers to the last question posted."""
    takeover_seconds: float | None = None
    taken_over: int = 0
    not_taken_over: int = 0
    """Rounds still kept by the killed worker when the wait for the takeover ran out."""
    phases: dict[str, float] = field(default_factory=dict)
    """Wall seconds of each part of the night, in order."""

    def lap(self, phase: str, since: float) -> float:
        now = time.perf_counter()
        self.phases[phase] = now - since
        return now

    def timeline(self) -> str:
        return ", ".join(f"{phase} {seconds:.0f} s" for phase, seconds in self.phases.items())

    @property
    def exactly_once(self) -> int:
        return sum(1 for times in self.fired.values() if times == 1)


async def measure(scale: Scale) -> list[Figure]:
    options = _night.OPTIONS
    workers = options.workers or scale.pick(quick=2, full=3)
    rate = options.rate or scale.pick(quick=100, full=10_000)
    duration = options.duration or scale.pick(quick=2, full=10)
    rounds = options.rounds or scale.pick(quick=12, full=5_000)
    many = await _friday(workers, rounds, rate, duration)
    one = await _friday(1, rounds, rate, duration) if workers > 1 else many
    return _figures(many, one, rate, duration, await _bare(workers, rounds, rate, duration))


async def _bare(workers: int, rounds: int, rate: float, duration: float) -> Run:
    """The same presses, generator and give-up to bare slack-bolt (ack, then "Got it"): what the machine allows."""
    with tempfile.TemporaryDirectory(prefix="companion-peak-bare-") as name:
        folder = Path(name)
        fake = await start_module("benchmarks._fake_slack", cwd=folder)
        try:
            return await night_with_bare_bolt(
                folder, fake.url, workers, rounds, rate, duration, connections=CONNECTIONS, timeout=SLACK_GIVES_UP
            )
        finally:
            await fake.stop()


async def _friday(workers: int, rounds: int, rate: float, duration: float) -> Night:
    night = Night(workers, rounds)
    with tempfile.TemporaryDirectory(prefix="companion-peak-") as name:
        folder = Path(name)
        async with bench_database("postgres") as where:
            store = await open_store(where)
            try:
                began = time.perf_counter()
                await _schedule_rounds(store, rounds)
                night.lap("schedules written", began)
                fake = await start_module("benchmarks._fake_slack", cwd=folder)
                try:
                    await _night_on(night, folder, fake.url, where, store, rate, duration)
                finally:
                    await fake.stop()
            finally:
                await store.close()
    return night


async def _night_on(
    night: Night, folder: Path, fake_url: str, where: str, store: Store, rate: float, duration: float
) -> None:
    env = {
        "COMPANION_DB": where,
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": f"{fake_url}/api/",
        "COMPANION_LOG_LEVEL": "INFO",
    }
    launched, began = time.time(), time.perf_counter()
    started: list[Child] = []
    try:
        started += await asyncio.gather(*(start_worker(n, folder, env) for n in range(night.workers)))
        buttons, messages = await _rounds_open(night, fake_url, launched)
        began = night.lap("workers up, rounds open", began)
        await _read_slot_history(night, store)
        began = night.lap("slot history read", began)
        run = await press(
            folder,
            fake_url,
            "companion run",
            started,
            buttons,
            messages,
            rate,
            duration,
            connections=CONNECTIONS,
            timeout=SLACK_GIVES_UP,
        )
        began = night.lap("presses planned, sent, answered", began)
        if night.workers > 1:
            await _kill_one(night, started, store)
            began = night.lap("takeover", began)
    finally:
        for worker in started:
            await worker.stop()
    began = night.lap("workers stopped", began)
    await compare_with_database(run, where, buttons)
    night.lap("answers read back", began)
    night.run = run


async def _schedule_rounds(store: Store, rounds: int) -> None:
    """One schedule per channel, each due at the start of this very minute (its next slot a day later)."""
    now = datetime.now(UTC)
    due = now.replace(second=0, microsecond=0)
    gate = asyncio.Semaphore(_night.GATHER)

    async def add(number: int) -> None:
        place = Place("slack", TEAM, _channel(number))
        new = NewSchedule(
            place,
            Job.TRIVIA,
            f"{due.minute} {due.hour} * * *",
            "UTC",
            f"daily {due:%H:%M}",
            "bench-mod",
            now,
            due,
            {"questions": 1, "seconds": 120},
        )
        async with gate:
            await store.add_schedule(new)

    await asyncio.gather(*(add(number) for number in range(rounds)))


def _channel(number: int) -> str:
    return f"C{number:05d}"


async def _rounds_open(night: Night, fake_url: str, launched: float) -> tuple[dict[str, list[str]], dict[str, str]]:
    """Wait until every channel's question is posted (or the wait runs out); the buttons of those open."""
    wanted = {_channel(number) for number in range(night.rounds)}
    posted = await questions_posted(fake_url, wanted, OPEN_WAIT)
    asked = [at for channel, at in posted["asked_at"].items() if channel in wanted]
    night.open = len(asked)
    if asked:
        night.firing_seconds = max(asked) - min(asked)
        night.launch_seconds = max(asked) - launched
    buttons = {channel: values for channel, values in posted["buttons"].items() if channel in wanted}
    return buttons, {channel: posted["messages"][channel] for channel in buttons}


async def _read_slot_history(night: Night, store: Store) -> None:
    """A firing is written as done just after its question is posted: read once every slot is settled
    (or SETTLE_WAIT has passed, when what is still unsettled shows as never fired)."""
    gate = asyncio.Semaphore(_night.GATHER)
    schedules = await store.active_schedules("slack", TEAM)

    async def read(schedule_id: int) -> list[Firing]:
        async with gate:
            return await store.firings(schedule_id)

    give_up = time.monotonic() + SETTLE_WAIT
    while True:
        histories = await asyncio.gather(*(read(schedule.id) for schedule in schedules))
        settled = all(h and all(f.outcome is not Outcome.CLAIMED for f in h) for h in histories)
        if settled or time.monotonic() > give_up:
            break
        await asyncio.sleep(0.2)
    for schedule, firings in zip(schedules, histories, strict=True):
        for firing in firings:
            if firing.outcome is Outcome.FIRED and firing.detail.startswith("Round started"):
                night.fired[schedule.id] += 1
                night.by_worker[int(firing.claimed_by.split(":")[1])] += 1


async def _kill_one(night: Night, started: list[Child], store: Store) -> None:
    """SIGKILL the worker that fired the most slots; time until none of its rounds is left without a keeper."""
    victim = max(started, key=lambda worker: night.by_worker[worker.pid])
    prefix = f"{socket.gethostname()}:{victim.pid}:"
    gone = next((k for k in await store.round_keepers("slack") if k.startswith(prefix)), None)
    if gone is None:
        return
    night.taken_over = night.by_worker[victim.pid]
    victim.process.send_signal(signal.SIGKILL)
    killed = time.perf_counter()
    await victim.process.wait()
    try:
        night.takeover_seconds = await until_kept_again(store, gone, killed, "slack", TAKEOVER_WAIT)
    except TimeoutError:
        night.takeover_seconds = TAKEOVER_WAIT  # reported as at least this long
        night.not_taken_over = sum(1 for _, was in await store.orphaned_rounds("slack") if was == gone)


def _figures(many: Night, one: Night, rate: float, duration: float, bare: Run) -> list[Figure]:
    bot, alone = many.run, one.run
    assert bot is not None and alone is not None
    deliveries = len(bot.acks) + bot.unacked
    acks = sorted([*bot.acks, *[SLACK_GIVES_UP] * bot.unacked])
    how = (
        f"{many.rounds:,} rounds, {rate:,.0f} presses/s offered for {duration:g} s to {many.workers} workers "
        f"on one PostgreSQL database"
    )
    per_worker = ", ".join(f"{n:,}" for n in sorted(many.by_worker.values(), reverse=True))
    figures = [
        Figure(
            "due slots fired, each starting a round",
            many.firing_seconds,
            "s",
            Target.at_most(10, "< 10 s"),
            f"{many.open:,} of {many.rounds:,} questions posted, the first to the last; {many.launch_seconds:.1f} s "
            f"from starting {many.workers} workers; slots per worker {per_worker}; one worker alone: "
            f"{one.firing_seconds:.1f} s; the night, {many.workers} workers: {many.timeline()}; one worker: "
            f"{one.timeline()}",
        ),
        Figure(
            "of them fired exactly once",
            100 * many.exactly_once / many.rounds,
            "%",
            Target.at_least(100, "100%"),
            f"{sum(1 for n in many.fired.values() if n > 1)} twice or more, {many.rounds - len(many.fired)} never "
            f"(read back from the slot history)",
        ),
        Figure(
            "presses acknowledged within Slack's 3 s",
            100 * len(bot.acks) / max(1, deliveries),
            "%",
            Target.at_least(100, "100%"),
            f"{how}; {bot.unacked:,} of {deliveries:,} deliveries not acked in 3 s (Slack shows those pressers "
            f"an error); generator p99 lateness {bot.p(bot.sent_late, 0.99):,.0f} ms",
        ),
        Figure(
            "bare slack-bolt: presses acknowledged within 3 s",
            100 * len(bare.acks) / max(1, len(bare.acks) + bare.unacked),
            "%",
            Target.at_least(100, "100%"),
            f"the same presses and generator to bare slack-bolt in {many.workers} processes (ack, then 'Got it' "
            f"through response_url; no database): {bare.summary()}",
        ),
        Figure(
            "ack p99 from the planned press",
            bot.p(acks, 0.99),
            "ms",
            Target.at_most(1000, "< 1 s"),
            f"p50 {bot.p(acks, 0.5):,.0f} ms; a press not acked counts as 3 s; acked ones alone: p50/p99 "
            f"{bot.p(bot.acks, 0.5):,.0f}/{bot.p(bot.acks, 0.99):,.0f} ms",
        ),
        Figure(
            "'Got it' p99 from the planned press",
            bot.p(bot.confirmed, 0.99) if bot.confirmed else 0.0,
            "ms",
            Target.at_most(1000, "< 1 s"),
            f"p50 {bot.p(bot.confirmed, 0.5):,.0f} ms; {bot.summary()}",
        ),
        Figure(
            "presses told the truth (none lost, double-counted, refused or judged late)",
            100 * (1 - bot.misjudged / bot.offered),
            "%",
            Target.at_least(100, "100%"),
            f"confirmed {len(bot.confirmed):,}, busy (told to press again) {bot.told['busy']:,}, lost {bot.lost}, "
            f"double-counted {bot.double_counted}, counted but not told {bot.counted_untold}, "
            f"'Sorry' {bot.told['sorry']}, judged late {bot.judged_late}",
        ),
        Figure(
            f"presses confirmed per second, {many.workers} workers ÷ 1",
            bot.achieved_rate / alone.achieved_rate if alone.achieved_rate else 0.0,
            "×",
            Target.at_least(1.5, "≥ 1.5×"),
            f"{bot.achieved_rate:,.0f}/s against {alone.achieved_rate:,.0f}/s; one worker: {alone.summary()}",
        ),
        Figure(
            "worker RSS peak",
            max(bot.rss_mb + alone.rss_mb),
            "MB",
            Target.at_most(300, "≤ 300 MB"),
            f"per worker: {', '.join(f'{mb:.0f} MB' for mb in bot.rss_mb)}; one worker: {alone.rss_mb[0]:.0f} MB",
        ),
    ]
    if many.takeover_seconds is not None:
        left = f"; {many.not_taken_over:,} not kept again after {TAKEOVER_WAIT:.0f} s" if many.not_taken_over else ""
        figures.append(
            Figure(
                "rounds kept again after a worker's SIGKILL",
                many.takeover_seconds,
                "s",
                Target.at_most(30, "< 30 s"),
                f"the worker that fired {many.taken_over:,} slots killed after the presses, rounds still open{left}",
            )
        )
    return figures


BENCHMARK = Benchmark("peak", measure)
