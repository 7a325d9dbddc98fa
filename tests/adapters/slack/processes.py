"""Real `companion run` processes in Slack HTTP mode, for tests with several of them on one database."""

from __future__ import annotations

import asyncio
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from tests.adapters.slack.sender import SIGNING_SECRET

ROOT = Path(__file__).resolve().parents[3]
READY = re.compile(r"Slack adapter ready: (http://127\.0\.0\.1:\d+)/slack/events")
START_TIMEOUT = 60.0


@dataclass
class BotProcess:
    """One `companion run`; its stderr read as it comes (so the pipe never fills), its URL once it is ready."""

    process: asyncio.subprocess.Process
    lines: list[str] = field(default_factory=list)
    url: asyncio.Future[str] = field(default_factory=lambda: asyncio.get_running_loop().create_future())
    reader: asyncio.Task[None] | None = None

    async def _read(self) -> None:
        assert self.process.stderr is not None
        while line := (await self.process.stderr.readline()).decode():
            self.lines.append(line)
            found = READY.search(line)
            if found and not self.url.done():
                self.url.set_result(found.group(1))
        if not self.url.done():
            self.url.set_exception(AssertionError("the process ended before it was ready:\n" + "".join(self.lines)))

    async def stop(self) -> None:
        if self.process.returncode is None:
            self.process.kill()
            await asyncio.wait_for(self.process.wait(), START_TIMEOUT)
        if self.reader is not None:
            await asyncio.wait_for(self.reader, START_TIMEOUT)


async def start_bot(cwd: Path, database: str, api_url: str, **values: str) -> BotProcess:
    keep = {name: value for name, value in os.environ.items() if name in ("PATH", "HOME", "LANG", "SYSTEMROOT")}
    environment = {
        **keep,
        "PYTHONPATH": str(ROOT),
        "COMPANION_DB": database,
        "SLACK_BOT_TOKEN": "xoxb-test-token",
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": api_url,
        "HOST": "127.0.0.1",
        "PORT": "0",
        **values,
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", cwd=cwd, env=environment,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    bot = BotProcess(process)
    bot.reader = asyncio.create_task(bot._read())
    await asyncio.wait_for(asyncio.shield(bot.url), START_TIMEOUT)
    return bot
