"""The health route of `companion run` in Slack HTTP mode reports the store: a real process whose database
file is deleted under it says so on /healthz (503) and stops acknowledging writes."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sys
from pathlib import Path

import aiohttp

from tests.adapters.slack.fake_slack import FakeSlack
from tests.adapters.slack.sender import SIGNING_SECRET, Sender

ROOT = Path(__file__).resolve().parents[3]
TIMEOUT = 30


async def _ready_url(process: asyncio.subprocess.Process) -> str:
    assert process.stderr is not None
    while True:
        line = (await asyncio.wait_for(process.stderr.readline(), TIMEOUT)).decode()
        assert line, "the process ended before it was ready"
        found = re.search(r"Slack adapter ready: (http://127\.0\.0\.1:\d+)/slack/events", line)
        if found:
            return found.group(1)


async def _health(url: str) -> tuple[int, dict[str, object]]:
    async with aiohttp.ClientSession(trust_env=False) as session, session.get(url + "/healthz") as health:
        return health.status, await health.json()


async def test_a_deleted_database_makes_the_health_check_fail_and_writes_apologise(tmp_path: Path, fake: FakeSlack):
    db = tmp_path / "run.db"
    keep = {name: value for name, value in os.environ.items() if name in ("PATH", "HOME", "LANG")}
    settings = {
        "COMPANION_DB": str(db),
        "PYTHONPATH": str(ROOT),
        "SLACK_BOT_TOKEN": "xoxb-test-token",
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake.api_url,
        "HOST": "127.0.0.1",
        "PORT": "0",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=tmp_path,
        env={**keep, **settings},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        url = await _ready_url(process)
        assert await _health(url) == (200, {"ok": True})
        sender = Sender(url, fake)
        assert "S1E3" in (await sender.command("/progress", "s1e3", user="U1")).body
        db.unlink()
        status, body = await _health(url)
        assert status == 503 and body["ok"] is False and "deleted" in str(body["problem"])
        refused = await sender.command("/progress", "s1e5", user="U1")
        assert refused.status == 200 and "Sorry" in refused.body and "S1E5" not in refused.body
        process.send_signal(signal.SIGTERM)
        _, stderr = await asyncio.wait_for(process.communicate(), TIMEOUT)
        errors = [line for line in stderr.decode().splitlines() if " ERROR " in line]
        assert len(errors) == 1 and "deleted" in errors[0], errors
        assert "Traceback" not in stderr.decode()
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
