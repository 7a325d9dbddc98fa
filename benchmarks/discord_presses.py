"""Discord button presses, open loop: the real bot against bare discord.py answering the same press.

A fake Discord in this process sends component interactions over the gateway at a planned rate, each
from a different member, to one bot in a process of its own (benchmarks/_press_bot.py): first bare
discord.py (one ephemeral message as the response), then the real bot on a trivia question. The fake
refuses an acknowledgement after Discord's 3 s, as Discord does. Reported per bot: presses/s confirmed,
CPU per press, RSS peak, ack p99 from the press; for the real bot also presses refused and answers
counted whose member was not told (from the database: rows without a confirmed acknowledgement).
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks._fake_discord import FakeDiscord, PressLog
from benchmarks._figure import Figure, Scale, Target
from benchmarks._suite import Benchmark

READY_WITHIN = 60.0
SETTLE = 4.0
"""Seconds after the last planned press for the stragglers: past Discord's 3 s, so every press has its fate."""
TICK = 0.005


@dataclass
class Run:
    kind: str
    offered: int
    seconds: float
    log: PressLog
    cpu: float
    rss_peak_mb: float
    counted: int
    question: dict[str, Any]
    """The message pressed."""

    @property
    def confirmed(self) -> int:
        return len(self.log.confirmed) - self.log.busy

    def per_second(self) -> float:
        return self.confirmed / self.seconds

    def cpu_per_press_ms(self) -> float:
        return 1000 * self.cpu / max(1, len(self.log.acked))

    def ack_p99_ms(self) -> float:
        waits = sorted(self.log.acked[i] - self.log.sent[i] for i in self.log.acked)
        return 1000 * waits[int(0.99 * (len(waits) - 1))] if waits else float("nan")

    def detail(self) -> str:
        return (
            f"{self.kind}: {self.offered} offered in {self.seconds:.0f} s, {self.confirmed} confirmed "
            f"({self.per_second():.0f}/s), {self.log.busy} busy, {self.log.refused} refused (10062), "
            f"{self.offered - len(self.log.acked) - self.log.refused} dropped unanswered, "
            f"{self.log.confirmed_unacked} follow-ups without an acknowledgement, "
            f"ack p99 {self.ack_p99_ms():.0f} ms, {self.cpu_per_press_ms():.2f} ms CPU per answered press, "
            f"RSS peak {self.rss_peak_mb:.0f} MB"
        )


async def measure(scale: Scale) -> list[Figure]:
    """The cost at a rate both keep up with; then a rush at the rate bare discord.py is said to sustain.

    Each rate runs in pairs, the real bot first and bare discord.py after it on the very question message the
    real bot posted (its text, embeds and buttons), so both parse the same press; CPU figures are medians."""
    seconds = float(scale.pick(quick=1, full=10))
    pairs = int(os.environ.get("PRESS_PAIRS", scale.pick(quick=1, full=3)))
    easy, rush = float(os.environ.get("PRESS_EASY_RATE", "300")), float(os.environ.get("PRESS_RATE", "1600"))
    easy_runs, rush_runs = await _pairs(easy, seconds, pairs), await _pairs(rush, seconds, pairs)
    real_rush = rush_runs["real"][-1]
    told = len(real_rush.log.confirmed) - real_rush.log.busy
    return [
        _cpu_figure(easy, easy_runs),
        _cpu_figure(rush, rush_runs),
        Figure(
            "Discord presses confirmed per second in a rush (one process)",
            real_rush.per_second(),
            "/s",
            Target.at_least(max(rush_runs["bare"][-1].per_second() * 0.9, 1.0), "≥ 90% of bare"),
            f"offered {rush:.0f}/s: {rush_runs['bare'][-1].detail()}; {real_rush.detail()}",
        ),
        Figure(
            "Discord answers counted whose member was told 'Got it', in a rush",
            100 * told / real_rush.counted if real_rush.counted else 100.0,
            "%",
            Target.at_least(100, "100%"),
            f"{real_rush.counted} answers in the database, {told} members told 'Got it'",
        ),
        Figure(
            "Discord bot RSS peak in a rush",
            max(run.rss_peak_mb for run in rush_runs["real"]),
            "MB",
            Target.at_most(300, "≤ 300 MB"),
            f"bare discord.py: {max(run.rss_peak_mb for run in rush_runs['bare']):.0f} MB",
        ),
    ]


async def _pairs(rate: float, seconds: float, pairs: int) -> dict[str, list[Run]]:
    runs: dict[str, list[Run]] = {"real": [], "bare": []}
    for _ in range(pairs):
        real = await _run("real", rate, seconds)
        runs["real"].append(real)
        runs["bare"].append(await _run("bare", rate, seconds, question=real.question))
    return runs


def _cpu_figure(rate: float, runs: dict[str, list[Run]]) -> Figure:
    real, bare = (statistics.median(run.cpu_per_press_ms() for run in runs[kind]) for kind in ("real", "bare"))
    each = ", ".join(
        f"{r.cpu_per_press_ms():.2f}/{b.cpu_per_press_ms():.2f}" for r, b in zip(*runs.values(), strict=True)
    )
    return Figure(
        f"Discord presses at {rate:,.0f}/s: CPU per press ÷ bare discord.py",
        real / max(bare, 0.001),
        "×",
        Target.at_most(1.3, "≤ 1.3×"),
        f"medians of {len(runs['real'])} pairs: {real:.2f} ms against {bare:.2f} ms (real/bare per pair: {each}); "
        f"last pair: {runs['real'][-1].detail()}; {runs['bare'][-1].detail()}",
    )


async def _run(kind: str, rate: float, seconds: float, *, question: dict[str, Any] | None = None) -> Run:
    fake = FakeDiscord()
    token = fake.add_bot(kind)
    await fake.start()
    with tempfile.TemporaryDirectory(prefix="companion-bench-") as folder:
        db = Path(folder) / "bench.db"
        profile = os.environ.get("PRESS_PROFILE")  # a file for the real bot's pyinstrument profile
        profiled = ["-m", "pyinstrument", "-r", "text", "-o", profile] if profile and kind == "real" else []
        child = await asyncio.create_subprocess_exec(
            sys.executable,
            *profiled,
            "-m",
            "benchmarks._press_bot",
            kind,
            str(fake.port),
            token,
            str(db),
            str(fake.channel_id),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
        )
        try:
            assert child.stdout is not None and child.stdin is not None
            line = await asyncio.wait_for(child.stdout.readline(), READY_WITHIN)
            if line.strip() != b"ready":
                raise RuntimeError(f"the {kind} bot did not start")
            message, custom_id = _a_button(fake, kind, question)
            cpu_before = _cpu(child.pid)
            offered = await _offer(fake, token, message, custom_id, rate, seconds)
            await asyncio.sleep(SETTLE)
            cpu = _cpu(child.pid) - cpu_before
            rss = _rss_peak_mb(child.pid)
            child.stdin.close()
            await asyncio.wait_for(child.wait(), 30)
        finally:
            if child.returncode is None:
                child.kill()
                await child.wait()
            await fake.close()
        counted = _counted(db) if kind == "real" else 0
    return Run(kind, offered, seconds, fake.presses, cpu, rss, counted, message)


def _a_button(fake: FakeDiscord, kind: str, question: dict[str, Any] | None) -> tuple[dict[str, Any], str]:
    """The message pressed: the real bot's question as it posted it; for bare discord.py, a copy of one."""
    if kind == "real":
        question = next(m for m in fake.posted if m["components"])
        return question, str(question["components"][0]["components"][0]["custom_id"])
    shown = question or {"content": "press", "components": [_ROW]}
    message = fake._message({key: shown.get(key) for key in ("content", "embeds", "components", "flags")})  # noqa: SLF001
    return message, str(message["components"][0]["components"][0]["custom_id"])


_ROW = {"type": 1, "components": [{"type": 2, "style": 2, "label": "A", "custom_id": "answer:A"}]}


async def _offer(
    fake: FakeDiscord, token: str, message: dict[str, Any], custom_id: str, rate: float, seconds: float
) -> int:
    """Open loop: every press goes out at its planned time (or as soon after as this process can)."""
    loop = asyncio.get_running_loop()
    total, start, sent = int(rate * seconds), loop.time(), 0
    while sent < total:
        due = min(total, int((loop.time() - start) * rate) + 1)
        while sent < due:
            sent += 1
            await fake.press(token, message, custom_id, sent)
        await asyncio.sleep(TICK)
    return sent


def _cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _rss_peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _counted(db: Path) -> int:
    with sqlite3.connect(db) as connection:
        return int(connection.execute("SELECT count(*) FROM trivia_answer").fetchone()[0])


BENCHMARK = Benchmark("discord-presses", measure, own_process=True)

if __name__ == "__main__":
    started = time.perf_counter()
    for figure in asyncio.run(measure(Scale(sys.argv[1] if len(sys.argv) > 1 else "quick"))):
        print(f"{figure.what}: {figure.shown()} (target {figure.target.text})\n    {figure.detail}")
    print(f"({time.perf_counter() - started:.0f} s)")
