"""`companion run` with Slack settings, as a real process: refuses bad settings clearly, serves signed
requests on its own host and port with a health route, and shuts down cleanly on SIGTERM."""

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
TIMEOUT = 20


def _environment(tmp_path: Path, **values: str) -> dict[str, str]:
    keep = {name: value for name, value in os.environ.items() if name in ("PATH", "HOME", "LANG", "SYSTEMROOT")}
    return {**keep, "COMPANION_DB": str(tmp_path / "run.db"), "PYTHONPATH": str(ROOT), **values}


async def _start(tmp_path: Path, **values: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=tmp_path,
        env=_environment(tmp_path, **values),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )


async def _line_matching(process: asyncio.subprocess.Process, pattern: str) -> re.Match[str]:
    assert process.stderr is not None
    while True:
        line = (await asyncio.wait_for(process.stderr.readline(), TIMEOUT)).decode()
        assert line, "the process ended before printing the expected line"
        found = re.search(pattern, line)
        if found:
            return found


async def test_an_empty_signing_secret_stops_the_start_with_a_clear_message(tmp_path):
    process = await _start(tmp_path, SLACK_BOT_TOKEN="xoxb-1", SLACK_SIGNING_SECRET="")
    _, stderr = await asyncio.wait_for(process.communicate(), TIMEOUT)
    assert process.returncode == 1
    assert "SLACK_SIGNING_SECRET is empty" in stderr.decode()


async def test_http_mode_serves_signed_requests_and_stops_on_sigterm(tmp_path, fake: FakeSlack):
    process = await _start(
        tmp_path,
        SLACK_BOT_TOKEN="xoxb-test-token",
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=fake.api_url,
        HOST="127.0.0.1",
        PORT="0",
    )
    try:
        ready = await _line_matching(process, r"Slack adapter ready: (http://127\.0\.0\.1:\d+)/slack/events")
        url = ready.group(1)
        async with aiohttp.ClientSession(trust_env=False) as session, session.get(url + "/healthz") as health:
            assert health.status == 200 and (await health.json()) == {"ok": True}
        sent = await Sender(url, fake).command("/progress", "s1e3", user="U1")
        assert sent.status == 200 and "S1E3" in sent.body
        process.send_signal(signal.SIGTERM)
        await _line_matching(process, "Slack adapter stopping")
        assert await asyncio.wait_for(process.wait(), TIMEOUT) == 0
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
