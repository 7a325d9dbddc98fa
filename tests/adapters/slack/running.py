"""`companion run` in Slack HTTP mode as a real process, pointed at the local fake Slack."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sys
from pathlib import Path

from tests.adapters.slack.fake_slack import FakeSlack
from tests.adapters.slack.sender import SIGNING_SECRET

ROOT = Path(__file__).resolve().parents[3]
TIMEOUT = 60


async def serving(tmp_path: Path, fake: FakeSlack, **settings: str) -> tuple[asyncio.subprocess.Process, str]:
    """The started process and its base URL, once it says it is ready."""
    keep = {name: value for name, value in os.environ.items() if name in ("PATH", "HOME", "LANG")}
    env = {
        **keep,
        "PYTHONPATH": str(ROOT),
        "COMPANION_DB": str(tmp_path / "run.db"),
        "SLACK_BOT_TOKEN": "xoxb-test-token",
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake.api_url,
        "HOST": "127.0.0.1",
        "PORT": "0",
        **settings,
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )
    assert process.stderr is not None
    async with asyncio.timeout(TIMEOUT):
        while line := (await process.stderr.readline()).decode():
            if found := re.search(r"Slack adapter ready: (http://127\.0\.0\.1:\d+)/slack/events", line):
                return process, found.group(1)
    raise AssertionError("companion run ended before it was ready")


async def stop(process: asyncio.subprocess.Process) -> str:
    """SIGTERM, then what it wrote to stderr afterwards (killed if it does not stop in time)."""
    if process.returncode is not None:
        return ""
    process.send_signal(signal.SIGTERM)
    try:
        _, stderr = await asyncio.wait_for(process.communicate(), TIMEOUT)
    except TimeoutError:
        process.kill()
        await process.wait()
        raise
    return stderr.decode(errors="replace")
