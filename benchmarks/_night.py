"""A night of button presses through the real interface, shared by the HTTP peak benchmarks.

The processes (a fake Slack, the workers, a load generator that pre-signs every `block_actions`
request and sends them open loop) and what is read back afterwards: each press's HTTP ack, what its
presser was told through `response_url`, and the answers in the database, compared. One press in a
hundred is delivered twice, as a retried delivery would be. Latencies are taken from the moment each
press was planned, so a bot (or a generator) that falls behind cannot hide it.
"""

from __future__ import annotations

import asyncio
import json
import random
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import aiohttp

from benchmarks._fake_slack import TEAM
from benchmarks._press_load import GAVE_UP
from benchmarks._processes import Child, environment
from benchmarks._timing import ms, percentile
from bot.store import open_store

SECRET = "bench-signing-secret"
TOKEN = "xoxb-bench"
EVENTS = "/slack/events"
AGAIN_EVERY = 100
"""One press in this many is delivered a second time, as Slack's retry would."""
CONNECTIONS = 64
LEAD = 0.5
"""Seconds from the generator's last signature to its first press."""
GATHER = 8
"""Store reads in flight at once when the database is read back."""


@dataclass(frozen=True, slots=True)
class PeakOptions:
    workers: int | None = None
    rate: float | None = None
    """Presses per second offered."""
    duration: float | None = None
    """Seconds of pressing."""
    rounds: int | None = None
    """Trivia rounds open (one channel each) while the presses come."""
    profile: bool = False
    """Run the first worker under pyinstrument and print its call tree to stderr."""


OPTIONS = PeakOptions()


def configure(options: PeakOptions) -> None:
    """Set by `companion bench --workers/--rate/--duration/--rounds`."""
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
    """Acknowledged but never told anything, or told "Got it" and not in the database."""
    unacked: int = 0
    """Deliveries with no HTTP 200 within the generator's timeout (the platform shows the presser an error)."""
    never_sent: int = 0
    """Of those, the ones given up while every connection to their worker was still busy."""
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
            f"{self.p(self.confirmed, 0.99):,.0f} ms from the planned press; not acked {self.unacked} "
            f"({self.never_sent} never sent), "
            f"lost {self.lost}, double-counted {self.double_counted}, counted but not told {self.counted_untold}, "
            f"refused {self.told['sorry']}, busy {self.told['busy']}, judged late {self.judged_late}; RSS peak "
            f"{'/'.join(f'{mb:.0f}' for mb in self.rss_mb)} MB; generator p99 lateness {late:.0f} ms; "
            f"connections {self.connections}"
        )


async def press(
    folder: Path,
    fake_url: str,
    target: str,
    children: Sequence[Child],
    buttons: dict[str, list[str]],
    messages: dict[str, str],
    rate: float,
    duration: float,
    *,
    connections: int = CONNECTIONS,
    timeout: float = 60.0,
) -> Run:
    """Send the night's presses open loop from a generator process; what each presser got back.

    A press not acknowledged within `timeout` of its planned moment is given up, as the platform would."""
    channels = sorted(buttons)
    count = int(rate * duration)
    chooser = random.Random(15)
    tag = "bare" if target.startswith("bare") else "bot"
    presses: list[dict[str, Any]] = []
    for k in range(count):
        channel = channels[k % len(channels)]
        user = f"U{k // len(channels):07d}"
        value = chooser.choice(buttons[channel])
        deliveries = [(f"{tag}-{k}", k, k / rate)]
        if k % AGAIN_EVERY == AGAIN_EVERY - 1:
            deliveries.append((f"{tag}-{k}-again", k + 1, (k + 0.5) / rate))
        for press_id, worker, at in deliveries:
            url = children[worker % len(children)].url + EVENTS
            fill = _press_fill(channel, user, value, messages[channel], f"{fake_url}/respond/{press_id}")
            presses.append({"id": press_id, "url": url, "at": at, "fill": fill})
    plan = {
        "secret": SECRET,
        "lead": LEAD,
        "connections": connections,
        "timeout": timeout,
        "template": body_template(),
        "presses": presses,
    }
    plan_file, results_file = folder / "plan.json", folder / "results.json"
    plan_file.write_text(json.dumps(plan))
    before_night = await _connections(fake_url)
    cpu_before = [child.cpu_seconds() for child in children]
    generator = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "benchmarks._press_load", str(plan_file), str(results_file), cwd=folder, env=environment()
    )
    await asyncio.wait_for(generator.wait(), duration + timeout + 200)
    if generator.returncode != 0:
        raise RuntimeError(f"the load generator exited with {generator.returncode}")
    results: list[list[Any]] = json.loads(results_file.read_text())
    confirmations = await _wait_for_confirmations(fake_url, results, drain=max(10.0, duration))
    run = Run(target, len(children), count, duration, first_planned=min(row[1] for row in results))
    run.cpu = sum(child.cpu_seconds() - before for child, before in zip(children, cpu_before, strict=True))
    run.rss_mb = [child.peak_rss_mb() for child in children]
    after = await _connections(fake_url)
    run.connections = {kind: n - before_night.get(kind, 0) for kind, n in after.items() if kind != "bench"}
    _read_results(run, results, confirmations)
    return run


async def questions_posted(fake_url: str, wanted: set[str], wait: float) -> dict[str, Any]:
    """The fake Slack's record of posted questions once every wanted channel has one, or when `wait` runs out."""
    deadline = time.monotonic() + wait
    async with aiohttp.ClientSession(trust_env=False) as session:
        while True:
            async with session.get(f"{fake_url}/bench/questions") as response:
                posted: dict[str, Any] = await response.json()
            if wanted <= posted["buttons"].keys() or time.monotonic() > deadline:
                return posted
            await asyncio.sleep(0.25)


async def _connections(fake_url: str) -> dict[str, int]:
    """TCP connections the fake Slack has accepted so far, by kind of call."""
    async with aiohttp.ClientSession(trust_env=False) as session, session.get(f"{fake_url}/bench/connections") as got:
        counted: dict[str, int] = (await got.json())["connections"]
    return counted


def _press_fill(channel: str, user: str, value: str, message_ts: str, response_url: str) -> dict[str, str]:
    """What one press puts in the body template's slots."""
    return {
        "CHANNEL_SLOT": channel,
        "CHANNELNAME_SLOT": channel.lower(),
        "USER_SLOT": user,
        "USERNAME_SLOT": user.lower(),
        "VALUE_SLOT": value,
        "ACTION_SLOT": f"{'ABCD'.index(value[-1])}:{value}",
        "LETTER_SLOT": value[-1],
        "TS_SLOT": message_ts,
        "URL_SLOT": response_url,
    }


def body_template() -> str:
    """A `block_actions` request body, form-encoded as Slack sends it, with a slot for each part that varies.

    The slots (letters and underscores) pass JSON and form encoding unchanged, so the generator fills each
    with its encoded value and never encodes a whole body again."""
    payload: dict[str, Any] = {
        "type": "block_actions",
        "user": {"id": "USER_SLOT", "username": "USERNAME_SLOT", "name": "USERNAME_SLOT", "team_id": TEAM},
        "api_app_id": "A0BENCH",
        "token": "legacy",
        "container": {"type": "message", "message_ts": "TS_SLOT", "channel_id": "CHANNEL_SLOT", "is_ephemeral": False},
        "trigger_id": "USER_SLOT.CHANNEL_SLOT",
        "team": {"id": TEAM, "domain": "bench"},
        "enterprise": None,
        "is_enterprise_install": False,
        "channel": {"id": "CHANNEL_SLOT", "name": "CHANNELNAME_SLOT"},
        "state": {"values": {}},
        "actions": [
            {
                "type": "button",
                "action_id": "ACTION_SLOT",
                "block_id": "choices",
                "value": "VALUE_SLOT",
                "text": {"type": "plain_text", "text": "LETTER_SLOT"},
                "action_ts": "1700000000.000100",
            }
        ],
        "response_url": "URL_SLOT",
    }
    return urlencode({"payload": json.dumps(payload, separators=(",", ":"))})


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
        run.unacked += status != 200
        run.never_sent += status == GAVE_UP
        if not said:
            run.lost += status == 200
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


async def compare_with_database(run: Run, where: str | Path, buttons: dict[str, list[str]]) -> None:
    """Each viewer told "Got it" has exactly one answer in the database, and nobody else has one."""
    told = run.told_got_it
    users_by_channel = sorted(buttons)
    store = await open_store(where)
    gate = asyncio.Semaphore(GATHER)
    in_database: dict[str, int] = {}

    async def read(channel: str) -> None:
        async with gate:
            table = await store.round_table(round_id(buttons[channel]))
        for standing in table:
            in_database[f"{channel}/{standing.user}"] = standing.answered

    try:
        await asyncio.gather(*(read(channel) for channel in users_by_channel))
    finally:
        await store.close()
    channels = len(users_by_channel)
    told_by_user = {f"{users_by_channel[int(k) % channels]}/U{int(k) // channels:07d}" for k in told}
    run.double_counted += sum(answered - 1 for answered in in_database.values() if answered > 1)
    run.lost += sum(1 for who in told_by_user if who not in in_database)
    run.counted_untold = sum(1 for who in in_database if who not in told_by_user)


def round_id(values: Sequence[str]) -> int:
    """The round a question's buttons (`trivia:<round>:<number>:<letter>`) belong to."""
    return int(values[0].split(":")[1])
