"""`companion run` talks to Slack over one kept-alive session: a burst of presses and their answers does
not open a connection each, and a press never asks users.info who pressed."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sys
from pathlib import Path

from tests.adapters.slack.fake_slack import FakeSlack
from tests.adapters.slack.sender import SIGNING_SECRET, Sender

ROOT = Path(__file__).resolve().parents[3]
TIMEOUT = 60
PRESSES = 12


async def _serving(tmp_path: Path, fake: FakeSlack) -> tuple[asyncio.subprocess.Process, str]:
    keep = {name: value for name, value in os.environ.items() if name in ("PATH", "HOME", "LANG")}
    env = {
        **keep, "PYTHONPATH": str(ROOT), "COMPANION_DB": str(tmp_path / "run.db"), "SLACK_BOT_TOKEN": "xoxb-test-token",
        "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": fake.api_url, "HOST": "127.0.0.1", "PORT": "0",
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", cwd=tmp_path, env=env,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )
    assert process.stderr is not None
    async with asyncio.timeout(TIMEOUT):
        while line := (await process.stderr.readline()).decode():
            if found := re.search(r"Slack adapter ready: (http://127\.0\.0\.1:\d+)/slack/events", line):
                return process, found.group(1)
    raise AssertionError("companion run ended before it was ready")


async def _stop(process: asyncio.subprocess.Process) -> None:
    if process.returncode is None:
        process.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(process.communicate(), TIMEOUT)
        except TimeoutError:
            process.kill()
            await process.wait()


async def test_presses_and_their_answers_share_kept_alive_connections(tmp_path, fake: FakeSlack):
    process, url = await _serving(tmp_path, fake)
    try:
        sender = Sender(url, fake)
        started = await sender.command("/trivia", "start questions:1 seconds:60", user="U1")
        assert started.status == 200
        [question] = await fake.wait_for("chat.postMessage", timeout=TIMEOUT)
        values = [e["value"] for b in question.args["blocks"] if b["type"] == "actions" for e in b["elements"]]
        for number in range(PRESSES):
            sent = await sender.click(values[number % 4], user=f"UFAN{number}", message_ts=question.answer["ts"])
            assert sent.status == 200
        answers = await fake.wait_for(
            "response_url", PRESSES, where=lambda call: "/hooks/actions/" in call.url, timeout=TIMEOUT
        )
    finally:
        await _stop(process)

    assert all("Got it" in (call.args.get("text") or "") for call in answers)
    asked_about = {call.args.get("user") for call in fake.calls_to("users.info")}
    assert asked_about == {"U1"}, "a press asked users.info who pressed"
    from_the_bot = {call.connection for call in fake.calls if call.method not in ("ack",)}
    assert None not in from_the_bot
    # One session with keep-alive: a few connections at most (one per concurrent call), never one per press.
    assert len({call.connection for call in answers}) <= 2, [call.connection for call in answers]
    assert len(from_the_bot) <= 3, from_the_bot
