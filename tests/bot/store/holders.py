"""A real second process holding the write lock of a test's SQLite file, for as long as the test says."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
TIMEOUT = 60


class LockHolder:
    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.released = False

    async def release(self) -> None:
        """Let go (after the minimum time it was started with), and wait until it has."""
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(b"go\n")
        await self.process.stdin.drain()
        line = await asyncio.wait_for(self.process.stdout.readline(), TIMEOUT)
        assert line.strip() == b"released", line
        self.released = True


@asynccontextmanager
async def lock_held(path: Path, at_least: float = 0.0) -> AsyncIterator[LockHolder]:
    """Another process holds `path`'s write lock from entry until `release` (and at least `at_least` s)."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.bot.store.lock_holder",
        str(path),
        str(at_least),
        cwd=ROOT,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
    )
    holder = LockHolder(process)
    try:
        assert process.stdout is not None
        line = await asyncio.wait_for(process.stdout.readline(), TIMEOUT)
        assert line.strip() == b"held", line
        yield holder
        if not holder.released:
            await holder.release()
    finally:
        if process.returncode is None:
            process.kill()
        await process.wait()
