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
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

import aiohttp
from slack_sdk.signature import SignatureVerifier

from benchmarks import _night
from benchmarks._fake_slack import MODERATOR, TEAM
from benchmarks._figure import Figure, Scale, Target
from benchmarks._night import CONNECTIONS, EVENTS, SECRET, TOKEN, Run, compare_with_database, press, questions_posted
from benchmarks._processes import start_module, start_worker
from benchmarks._suite import Benchmark


async def measure(scale: Scale) -> list[Figure]:
    workers = _night.OPTIONS.workers or 1
    rate = _night.OPTIONS.rate or scale.pick(quick=60, full=400)
    duration = _night.OPTIONS.duration or scale.pick(quick=2, full=20)
    channels = _night.OPTIONS.rounds or scale.pick(quick=8, full=250)
    with tempfile.TemporaryDirectory(prefix="companion-peak-") as name:
        folder = Path(name)
        fake = await start_module("benchmarks._fake_slack", cwd=folder)
        try:
            bot = await _night_with_the_bot(folder, fake.url, workers, channels, rate, duration)
            bare = await night_with_bare_bolt(folder, fake.url, workers, channels, rate, duration)
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
            100 * (1 - (bot.misjudged + bot.unacked) / bot.offered),
            "%",
            Target.at_least(100, "100%"),
            f"not acked {bot.unacked}, lost {bot.lost}, "
            f"double-counted {bot.double_counted}, counted but not told {bot.counted_untold}, "
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
    profile = folder / "worker-0.profile.txt" if _night.OPTIONS.profile else None
    started = [await start_worker(0, folder, env, profile=profile)]
    started += await asyncio.gather(*(start_worker(n, folder, env) for n in range(1, workers)))
    try:
        buttons, messages = await _open_rounds(fake_url, [w.url for w in started], channels)
        run = await press(folder, fake_url, "companion run", started, buttons, messages, rate, duration)
    finally:
        for worker in started:
            await worker.stop()
    await compare_with_database(run, database, buttons)
    if profile is not None and profile.exists():
        print(f"\n--- profile: companion run worker 0 ---\n{profile.read_text()}", file=sys.stderr)
    return run


async def night_with_bare_bolt(
    folder: Path,
    fake_url: str,
    workers: int,
    channels: int,
    rate: float,
    duration: float,
    *,
    connections: int = CONNECTIONS,
    timeout: float = 60.0,
) -> Run:
    """The same generator's night against bare slack-bolt in `workers` processes."""
    started = await asyncio.gather(
        *(start_module("benchmarks._bare_slack", SECRET, TOKEN, f"{fake_url}/api/", cwd=folder) for _ in range(workers))
    )
    buttons = {f"C{n:05d}": [f"bare:{n}:1:{letter}" for letter in "ABCD"] for n in range(channels)}
    messages = {channel: f"1700000000.{n:06d}" for n, channel in enumerate(buttons)}
    try:
        return await press(
            folder,
            fake_url,
            "bare slack-bolt",
            started,
            buttons,
            messages,
            rate,
            duration,
            connections=connections,
            timeout=timeout,
        )
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
    posted = await questions_posted(fake_url, set(wanted), 120)
    if missing := set(wanted) - posted["buttons"].keys():
        raise RuntimeError(f"no question posted in {len(missing)} channel(s) within 120 s")
    return posted["buttons"], posted["messages"]


BENCHMARK = Benchmark("peak-http", measure)
