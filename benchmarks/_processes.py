"""The processes of the HTTP peak benchmark: started, read from and stopped, each wait bounded."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READY = re.compile(r"Slack adapter ready: (http://[\d.]+:\d+)/slack/events")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def environment(**values: str) -> dict[str, str]:
    """A clean environment: no proxy, no .env-style leftovers, this checkout first on the path."""
    keep = {name: value for name, value in os.environ.items() if name in ("PATH", "HOME", "LANG", "TMPDIR")}
    return {**keep, "PYTHONPATH": str(ROOT), **values}


@dataclass
class Child:
    process: asyncio.subprocess.Process
    url: str

    @property
    def pid(self) -> int:
        return self.process.pid

    def cpu_seconds(self) -> float:
        """User plus system CPU time used so far."""
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS

    def peak_rss_mb(self) -> float:
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return 0.0

    async def stop(self, timeout: float = 30.0) -> int:
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(self.process.wait(), timeout)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()
        return self.process.returncode or 0


async def start_module(module: str, *args: str, cwd: Path, timeout: float = 60.0) -> Child:
    """`python -m module args…` that prints its base URL as its first line of output."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", module, *args, cwd=cwd, env=environment(), stdout=asyncio.subprocess.PIPE
    )
    assert process.stdout is not None
    line = (await asyncio.wait_for(process.stdout.readline(), timeout)).decode().strip()
    if not line.startswith("http://"):
        process.kill()
        raise RuntimeError(f"{module} did not start (printed {line!r})")
    return Child(process, line)


async def start_worker(
    number: int, folder: Path, env: dict[str, str], *, timeout: float = 90.0, profile: Path | None = None
) -> Child:
    """A real `companion run` (Slack HTTP mode, a free port); its log goes to a file the benchmark reads.

    With `profile`, it runs under pyinstrument, which writes its call tree there when the worker stops."""
    log = folder / f"worker-{number}.log"
    command = ["-m", "benchmarks._profiled_run", str(profile)] if profile else ["-m", "bot", "run"]
    with log.open("wb") as out:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            *command,
            cwd=folder,
            env=environment(HOST="127.0.0.1", PORT="0", **env),
            stdout=asyncio.subprocess.DEVNULL,
            stderr=out,
        )
    async with asyncio.timeout(timeout):
        while True:
            found = READY.search(log.read_text(errors="replace"))
            if found:
                return Child(process, found.group(1))
            if process.returncode is not None:
                raise RuntimeError(f"worker {number} exited: {log.read_text(errors='replace')[-2000:]}")
            await asyncio.sleep(0.1)
