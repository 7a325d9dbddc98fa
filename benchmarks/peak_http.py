"""A Friday night through the real interface: signed button presses to `companion run` workers over HTTP.

Processes, none of them this one: a fake Slack (Web API and `response_url` sink), N real `companion run`
workers in Slack HTTP mode on one SQLite file, and a load generator that pre-signs every `block_actions`
request and sends them open loop at a planned rate over keep-alive connections. One trivia round runs
in each of many channels; every press is a different viewer, and one press in a hundred is delivered
twice (as a retried delivery would be). Afterwards the database is read back through the store and
compared with what each viewer was told.

Then the same generator presses bare slack-bolt (ack, then "Got it" through `response_url`) in as
many processes, for the ratio. Latencies are taken from the moment each press was planned, so a bot
(or a generator) that falls behind cannot hide it.
"""

from __future__ import annotations

import asyncio
import json
import random
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import aiohttp
from slack_sdk.signature import SignatureVerifier

from benchmarks._fake_slack import MODERATOR, TEAM
from benchmarks._figure import Figure, Scale, Target
from benchmarks._processes import Child, environment, start_module, start_worker
from benchmarks._suite import Benchmark
from benchmarks._timing import ms, percentile
from bot.store import SqliteStore

SECRET = "bench-signing-secret"
TOKEN = "xoxb-bench"
EVENTS = "/slack/events"
AGAIN_EVERY = 100
"""One press in this many is delivered a second time, as Slack's retry would."""
CONNECTIONS = 64


@dataclass(frozen=True, slots=True)
class PeakOptions:
    workers: int | None = None
    rate: float | None = None
    """Presses per second offered."""
    duration: float | None = None
    """Seconds of pressing."""
    profile: bool = False
    """Run the first worker under pyinstrument and print its call tree to stderr."""


OPTIONS = PeakOptions()


def configure(options: PeakOptions) -> None:
    """Set by `companion bench --workers/--rate/--duration`."""
    global OPTIONS
    OPTIONS = options


@dataclass(slots=True)
class Run:
    """What one target (the bot, or bare slack-bolt) did with one planned night."""

    target: str
    workers: int
    offered: int
    seconds: float
    cpu: float = 0.0
    acks: list[float] = field(default_factory=list)
    confirmed: list[float] = field(default_factory=list)
    sent_late: list[float] = field(default_factory=list)
    told: Counter[str] = field(default_factory=Counter)
    lost: int = 0
    double_counted: int = 0
    counted_untold: int = 0
    judged_late: int = 0
    rss_mb: list[float] = field(default_factory=list)
    last_confirmation: float = 0.0
    first_planned: float = 0.0
    connections: dict[str, int] = field(default_factory=dict)
    told_got_it: Counter[str] = field(default_factory=Counter)
    """Per press (a retried delivery counts as its press): how many times it was told "Got it"."""

    @property
    def misjudged(self) -> int:
        return self.lost + self.double_counted + self.counted_untold + self.told["sorry"] + self.judged_late

    @property
    def offered_rate(self) -> float:
        return self.offered / self.seconds

    @property
    def achieved_rate(self) -> float:
        """Presses confirmed ("Got it") per second, from the first planned press to the last confirmation."""
        span = max(self.last_confirmation - self.first_planned, self.seconds)
        return len(self.confirmed) / span

    @property
    def per_core(self) -> float:
        return len(self.confirmed) / self.cpu if self.cpu else 0.0

    def p(self, samples: Sequence[float], fraction: float) -> float:
        return ms(percentile(samples, fraction)) if samples else float("nan")

    def summary(self) -> str:
        late = self.p(self.sent_late, 0.99)
        return (
            f"{self.target} ×{self.workers}: offered {self.offered_rate:,.0f}/s, confirmed {self.achieved_rate:,.0f}/s "
            f"({len(self.confirmed):,} of {self.offered:,}), {self.per_core:,.0f}/s per core "
            f"({ms(self.cpu / max(1, len(self.confirmed))):.2f} ms CPU each); "
            f"ack p50/p99 {self.p(self.acks, 0.5):,.0f}/"
            f"{self.p(self.acks, 0.99):,.0f} ms, 'Got it' p50/p99 {self.p(self.confirmed, 0.5):,.0f}/"
            f"{self.p(self.confirmed, 0.99):,.0f} ms from the planned press; lost {self.lost}, double-counted "
            f"{self.double_counted}, counted but not told {self.counted_untold}, refused {self.told['sorry']}, busy "
            f"{self.told['busy']}, judged late {self.judged_late}; RSS peak "
            f"{'/'.join(f'{mb:.0f}' for mb in self.rss_mb)} MB; generator p99 lateness {late:.0f} ms; "
            f"connections {self.connections}"
        )


async def measure(scale: Scale) -> list[Figure]:
    workers = OPTIONS.workers or 1
    rate = OPTIONS.rate or scale.pick(quick=60, full=400)
    duration = OPTIONS.duration or scale.pick(quick=2, full=20)
    channels = scale.pick(quick=8, full=250)
    with tempfile.TemporaryDirectory(prefix="companion-peak-") as name:
        folder = Path(name)
        fake = await start_module("benchmarks._fake_slack", cwd=folder)
        try:
            bot = await _night_with_the_bot(folder, fake.url, workers, channels, rate, duration)
            bare = await _night_with_bare_bolt(folder, fake.url, workers, channels, rate, duration)
        finally:
            await fake.stop()
    how = f"{rate:,.0f} presses/s offered for {duration:g} s to {workers} worker(s), {channels} rounds"
    ratio = bot.per_core / bare.per_core if bare.per_core else 0.0
    return [
        Figure(
            "presses confirmed per second (HTTP, signed)",
            bot.achieved_rate,
            "/s",
            Target.at_least(0.9 * bare.achieved_rate, f"≥ 90% of bare slack-bolt ({bare.achieved_rate:,.0f}/s)"),
            f"{how}; {bot.summary()}",
        ),
        Figure(
            "presses per core ÷ bare slack-bolt",
            ratio,
            "×",
            Target.at_least(0.9, "≥ 0.9×"),
            f"bare slack-bolt under the same generator: {bare.summary()}",
        ),
        Figure(
            "'Got it' p99 from the planned press",
            bot.p(bot.confirmed, 0.99),
            "ms",
            Target.at_most(1000, "< 1 s"),
            f"HTTP ack p99 {bot.p(bot.acks, 0.99):,.0f} ms; bare: 'Got it' p99 {bare.p(bare.confirmed, 0.99):,.0f} ms",
        ),
        Figure(
            "presses told the truth (none lost, double-counted, refused or judged late)",
            100 * (1 - bot.misjudged / bot.offered),
            "%",
            Target.at_least(100, "100%"),
            f"lost {bot.lost}, double-counted {bot.double_counted}, counted but not told {bot.counted_untold}, "
            f"'Sorry' {bot.told['sorry']}, judged late {bot.judged_late} (busy, press again: {bot.told['busy']})",
        ),
        Figure(
            "worker RSS peak",
            max(bot.rss_mb),
            "MB",
            Target.at_most(300, "≤ 300 MB"),
            f"per worker: {', '.join(f'{mb:.0f} MB' for mb in bot.rss_mb)}",
        ),
    ]


async def _night_with_the_bot(
    folder: Path, fake_url: str, workers: int, channels: int, rate: float, duration: float
) -> Run:
    database = folder / "peak.db"
    env = {
        "COMPANION_DB": str(database),
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": f"{fake_url}/api/",
        "COMPANION_LOG_LEVEL": "INFO",
    }
    profile = folder / "worker-0.profile.txt" if OPTIONS.profile else None
    started = [await start_worker(0, folder, env, profile=profile)]
    started += await asyncio.gather(*(start_worker(n, folder, env) for n in range(1, workers)))
    try:
        buttons, messages = await _open_rounds(fake_url, [w.url for w in started], channels)
        run = await _press(folder, fake_url, "companion run", started, buttons, messages, rate, duration)
    finally:
        for worker in started:
            await worker.stop()
    await _compare_with_database(run, database, buttons)
    if profile is not None and profile.exists():
        print(f"\n--- profile: companion run worker 0 ---\n{profile.read_text()}", file=sys.stderr)
    return run


async def _night_with_bare_bolt(
    folder: Path, fake_url: str, workers: int, channels: int, rate: float, duration: float
) -> Run:
    started = await asyncio.gather(
        *(start_module("benchmarks._bare_slack", SECRET, TOKEN, f"{fake_url}/api/", cwd=folder) for _ in range(workers))
    )
    buttons = {f"C{n:05d}": [f"bare:{n}:1:{letter}" for letter in "ABCD"] for n in range(channels)}
    messages = {channel: f"1700000000.{n:06d}" for n, channel in enumerate(buttons)}
    try:
        return await _press(folder, fake_url, "bare slack-bolt", started, buttons, messages, rate, duration)
    finally:
        for child in started:
            await child.stop()


async def _open_rounds(
    fake_url: str, worker_urls: list[str], channels: int
) -> tuple[dict[str, list[str]], dict[str, str]]:
    """`/trivia start` in every channel (one question, the longest time), signed like Slack; the buttons posted."""
    signer = SignatureVerifier(SECRET)
    wanted = [f"C{n:05d}" for n in range(channels)]
    gate = asyncio.Semaphore(8)
    async with aiohttp.ClientSession(trust_env=False) as session:

        async def start(number: int, channel: str) -> None:
            body = urlencode(
                {
                    "command": "/trivia",
                    "text": "start questions:1 seconds:120",
                    "team_id": TEAM,
                    "team_domain": "bench",
                    "channel_id": channel,
                    "channel_name": channel.lower(),
                    "user_id": MODERATOR,
                    "user_name": "mod",
                    "response_url": f"{fake_url}/respond/start-{channel}",
                    "trigger_id": f"{number}.start",
                    "api_app_id": "A0BENCH",
                }
            )
            stamp = str(int(time.time()))
            headers = {
                "Content-Type": "application/x-www-form-urlencoded",
                "X-Slack-Request-Timestamp": stamp,
                "X-Slack-Signature": signer.generate_signature(timestamp=stamp, body=body) or "",
            }
            async with gate, session.post(worker_urls[number % len(worker_urls)] + EVENTS, data=body, headers=headers):
                pass

        await asyncio.gather(*(start(number, channel) for number, channel in enumerate(wanted)))
        async with asyncio.timeout(120):
            while True:
                async with session.get(f"{fake_url}/bench/questions") as response:
                    posted = await response.json()
                if all(channel in posted["buttons"] for channel in wanted):
                    return posted["buttons"], posted["messages"]
                await asyncio.sleep(0.2)


async def _press(
    folder: Path,
    fake_url: str,
    target: str,
    children: Sequence[Child],
    buttons: dict[str, list[str]],
    messages: dict[str, str],
    rate: float,
    duration: float,
) -> Run:
    channels = sorted(buttons)
    count = int(rate * duration)
    chooser = random.Random(15)
    tag = "bare" if target.startswith("bare") else "bot"
    presses: list[dict[str, Any]] = []
    for k in range(count):
        channel = channels[k % len(channels)]
        user = f"U{k // len(channels):07d}"
        payload = _press_payload(channel, user, chooser.choice(buttons[channel]), messages[channel])
        deliveries = [(f"{tag}-{k}", k, k / rate)]
        if k % AGAIN_EVERY == AGAIN_EVERY - 1:
            deliveries.append((f"{tag}-{k}-again", k + 1, (k + 0.5) / rate))
        for press_id, worker, at in deliveries:
            url = children[worker % len(children)].url + EVENTS
            with_url = {**payload, "response_url": f"{fake_url}/respond/{press_id}"}
            presses.append({"id": press_id, "url": url, "at": at, "payload": with_url})
    start = time.time() + 2.0 + len(presses) / 10_000  # room to sign them all first
    plan = {"secret": SECRET, "start": start, "connections": CONNECTIONS, "timeout": 60.0, "presses": presses}
    plan_file, results_file = folder / "plan.json", folder / "results.json"
    plan_file.write_text(json.dumps(plan))
    before_night = await _connections(fake_url)
    cpu_before = [child.cpu_seconds() for child in children]
    generator = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "benchmarks._press_load", str(plan_file), str(results_file), cwd=folder, env=environment()
    )
    await asyncio.wait_for(generator.wait(), duration + 200)
    if generator.returncode != 0:
        raise RuntimeError(f"the load generator exited with {generator.returncode}")
    results: list[list[Any]] = json.loads(results_file.read_text())
    confirmations = await _wait_for_confirmations(fake_url, results, drain=max(10.0, duration))
    run = Run(target, len(children), count, duration, first_planned=start)
    run.cpu = sum(child.cpu_seconds() - before for child, before in zip(children, cpu_before, strict=True))
    run.rss_mb = [child.peak_rss_mb() for child in children]
    after = await _connections(fake_url)
    run.connections = {kind: n - before_night.get(kind, 0) for kind, n in after.items() if kind != "bench"}
    _read_results(run, results, confirmations)
    return run


async def _connections(fake_url: str) -> dict[str, int]:
    """TCP connections the fake Slack has accepted so far, by kind of call."""
    async with aiohttp.ClientSession(trust_env=False) as session, session.get(f"{fake_url}/bench/connections") as got:
        counted: dict[str, int] = (await got.json())["connections"]
    return counted


def _press_payload(channel: str, user: str, value: str, message_ts: str) -> dict[str, Any]:
    return {
        "type": "block_actions",
        "user": {"id": user, "username": user.lower(), "name": user.lower(), "team_id": TEAM},
        "api_app_id": "A0BENCH",
        "token": "legacy",
        "container": {"type": "message", "message_ts": message_ts, "channel_id": channel, "is_ephemeral": False},
        "trigger_id": f"{user}.{channel}",
        "team": {"id": TEAM, "domain": "bench"},
        "enterprise": None,
        "is_enterprise_install": False,
        "channel": {"id": channel, "name": channel.lower()},
        "state": {"values": {}},
        "actions": [
            {
                "type": "button",
                "action_id": f"{'ABCD'.index(value[-1])}:{value}",
                "block_id": "choices",
                "value": value,
                "text": {"type": "plain_text", "text": value[-1]},
                "action_ts": "1700000000.000100",
            }
        ],
    }


async def _wait_for_confirmations(
    fake_url: str, results: list[list[Any]], drain: float
) -> dict[str, list[tuple[float, str]]]:
    """Every acknowledged press's response_url post, waiting up to `drain` seconds for the last ones."""
    acked = {row[0] for row in results if row[4] == 200}
    deadline = time.monotonic() + drain
    async with aiohttp.ClientSession(trust_env=False) as session:
        while True:
            async with session.get(f"{fake_url}/bench/confirmations") as response:
                confirmations: dict[str, list[tuple[float, str]]] = await response.json()
            if acked <= confirmations.keys() or time.monotonic() > deadline:
                return confirmations
            await asyncio.sleep(0.25)


def _press_number(press_id: str) -> str:
    """'bot-12-again' → '12': a retried delivery belongs to its press."""
    return press_id.split("-")[1]


def _read_results(run: Run, results: list[list[Any]], confirmations: dict[str, list[tuple[float, str]]]) -> None:
    told_got_it = run.told_got_it
    for press_id, planned, sent, acked, status in results:
        if sent is not None:
            run.sent_late.append(max(0.0, sent - planned))
        if status == 200 and acked is not None:
            run.acks.append(acked - planned)
        said = confirmations.get(press_id, [])
        if status != 200 or not said:
            run.lost += 1
            continue
        arrived, text = said[0]
        kind = _kind(text)
        run.told[kind] += 1
        if kind == "counted":
            run.confirmed.append(arrived - planned)
            run.last_confirmation = max(run.last_confirmation, arrived)
            told_got_it[_press_number(press_id)] += 1
        elif kind == "late":
            run.judged_late += 1  # every round stays open longer than the night: no press came after a close
    run.double_counted = sum(times - 1 for times in told_got_it.values() if times > 1)


def _kind(text: str) -> str:
    if text.startswith("Got it"):
        return "counted"
    if text.startswith("You already answered"):
        return "already"
    if text.startswith("Sorry"):
        return "sorry"
    if "busy" in text.lower():
        return "busy"
    if text.startswith("Time's up") or "closed just before" in text:
        return "late"
    return "other"


async def _compare_with_database(run: Run, database: Path, buttons: dict[str, list[str]]) -> None:
    """Each viewer told "Got it" has exactly one answer in the database, and nobody else has one."""
    told = run.told_got_it
    users_by_channel = sorted(buttons)
    store = await SqliteStore.open(database)
    try:
        in_database: dict[str, int] = {}
        for channel in users_by_channel:
            round_id = int(buttons[channel][0].split(":")[1])
            for standing in await store.round_table(round_id):
                in_database[f"{channel}/{standing.user}"] = standing.answered
    finally:
        await store.close()
    channels = len(users_by_channel)
    told_by_user = {f"{users_by_channel[int(k) % channels]}/U{int(k) // channels:07d}" for k in told}
    run.double_counted += sum(answered - 1 for answered in in_database.values() if answered > 1)
    run.lost += sum(1 for who in told_by_user if who not in in_database)
    run.counted_untold = sum(1 for who in in_database if who not in told_by_user)


BENCHMARK = Benchmark("peak-http", measure)
