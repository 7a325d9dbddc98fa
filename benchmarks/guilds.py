"""Memory of one Discord shard-group process per 1,000 servers: the real `companion run`, many shards, real
GUILD_CREATE payloads.

A fake Discord in this process (benchmarks/_guild_gateway.py) answers a real `companion run` started with
DISCORD_SHARD_IDS/DISCORD_SHARD_COUNT as one process of a sharded deployment runs, shards of 1,000 servers.
Each shard's READY lists its servers as unavailable; the bot's RSS is read once it is ready (no server in its
cache yet), then every shard sends its GUILD_CREATEs (benchmarks/_guild_payloads.py) and the RSS is read again
once the bot's heartbeats say it has handled them all. The difference is what the servers cost.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

from benchmarks._figure import Figure, Scale, Target
from benchmarks._guild_gateway import GuildGateway
from benchmarks._processes import ROOT, environment
from benchmarks._store import bench_database
from benchmarks._suite import Benchmark

PER_SHARD = 1_000
"""Discord's recommendation; a shard may hold up to 2,500."""
MAX_CONCURRENCY = 16
"""session_start_limit.max_concurrency of a bot this large: 16 shards IDENTIFY at once."""
READY_WITHIN = 120.0
SETTLE = 1.0
READY_LINE = "Discord ready as"


async def measure(scale: Scale) -> list[Figure]:
    servers = scale.pick(quick=300, full=25_000)
    shards = tuple(range(max(1, servers // PER_SHARD) if scale is Scale.FULL else 2))
    count = 2 * len(shards)  # this process is the first of two, as `companion discord plan` splits them
    fake = GuildGateway(servers, shards, count, MAX_CONCURRENCY)
    await fake.start()
    try:
        with tempfile.TemporaryDirectory(prefix="companion-bench-") as folder:
            async with bench_database() as database:
                ready, full, peak = await _serve(fake, database, Path(folder) / "bot.log", shards, count)
    finally:
        await fake.close()
    per_thousand = (full - ready) * 1_000 / servers
    shown = f"{shards[0]}-{shards[-1]}" if len(shards) > 1 else str(shards[0])
    return [
        Figure(
            "Discord process memory per 1,000 servers",
            per_thousand,
            "MB",
            Target.at_most(20, "≤ 20 MB"),
            f"{servers:,} servers on shards {shown} of {count} in one `companion run`; RSS when ready "
            f"{ready:.0f} MB, with every server cached {full:.0f} MB (peak {peak:.0f} MB)",
        ),
        Figure(
            f"Discord process RSS with {servers:,} servers",
            full,
            "MB",
            Target.at_most(600, "≤ 600 MB"),
            "each with 10–40 channels with overwrites, 5–30 roles, emojis, threads; no member list (no members intent)",
        ),
    ]


async def _serve(
    fake: GuildGateway, database: str, log: Path, shards: tuple[int, ...], count: int
) -> tuple[float, float, float]:
    """RSS (MB) when ready, once every server is in, and the peak."""
    env = environment(
        BENCH_DISCORD_API=f"http://127.0.0.1:{fake.port}/api/v10",
        BENCH_DISCORD_GATEWAY=f"ws://127.0.0.1:{fake.port}/gateway",
        DISCORD_TOKEN=fake.token,
        DISCORD_SHARD_IDS=f"{shards[0]}-{shards[-1]}",
        DISCORD_SHARD_COUNT=str(count),
        DISCORD_GUILD_READY_TIMEOUT="0.5",
        COMPANION_DB=database,
    )
    with log.open("wb") as out:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "benchmarks._discord_run", "run", cwd=ROOT, env=env,
            stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.DEVNULL, stderr=out,
        )  # fmt: skip
    try:
        await _until_ready(process, log)
        await asyncio.sleep(SETTLE)
        ready = _status(process.pid, "VmRSS")
        try:
            await fake.send_guilds()
            await fake.processed()
        except ConnectionError as error:
            await asyncio.sleep(SETTLE)
            ended = "running" if process.returncode is None else f"exited with {process.returncode}"
            raise RuntimeError(f"a shard's connection ended ({error}); the bot {ended}: {_tail(log)}") from error
        await asyncio.sleep(SETTLE)
        return ready, _status(process.pid, "VmRSS"), _status(process.pid, "VmHWM")
    finally:
        if process.returncode is None:
            process.terminate()
            try:
                await asyncio.wait_for(process.wait(), 30)
            except TimeoutError:
                process.kill()
                await process.wait()


async def _until_ready(process: asyncio.subprocess.Process, log: Path) -> None:
    async with asyncio.timeout(READY_WITHIN):
        while READY_LINE not in log.read_text(errors="replace"):
            if process.returncode is not None:
                raise RuntimeError(f"the bot exited: {_tail(log)}")
            await asyncio.sleep(0.1)


def _tail(log: Path) -> str:
    """The bot's log past its INFO progress lines."""
    lines = log.read_text(errors="replace").splitlines()
    return "\n".join(line for line in lines if " INFO " not in line)[-3000:] or lines[-1]


def _status(pid: int, field: str) -> float:
    """A /proc/PID/status figure (VmRSS: now, VmHWM: peak) in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {field} in /proc/{pid}/status")


BENCHMARK = Benchmark("guilds", measure, own_process=True)
