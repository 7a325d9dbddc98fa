"""`companion run` with Slack settings, as a real process: refuses bad settings clearly, serves signed
requests on its own host and port with a health route, and shuts down cleanly on SIGTERM."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import sys
from pathlib import Path
from urllib.parse import quote

import aiohttp
from cryptography.fernet import Fernet

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
    async with asyncio.timeout(TIMEOUT):
        while True:
            line = (await process.stderr.readline()).decode()
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


# --- start-up failures: one line naming the setting, exit 1, no traceback -------------------------------------


async def _refused_start(tmp_path: Path, **values: str) -> str:
    process = await _start(tmp_path, **values)
    _, stderr = await asyncio.wait_for(process.communicate(), TIMEOUT)
    text = stderr.decode()
    lines = [line for line in text.splitlines() if line.strip()]
    assert process.returncode == 1, text
    assert len(lines) == 1, text
    assert "Traceback" not in text and "Task exception" not in text
    return lines[0]


async def test_a_bad_token_and_no_signing_secret_is_one_line(tmp_path):
    line = await _refused_start(tmp_path, SLACK_BOT_TOKEN="xoxb-bad")
    assert "SLACK_SIGNING_SECRET is empty" in line


async def test_a_token_slack_refuses_stops_the_start(tmp_path, fake: FakeSlack):
    line = await _refused_start(
        tmp_path, SLACK_BOT_TOKEN="xoxb-bad", SLACK_SIGNING_SECRET=SIGNING_SECRET, SLACK_API_URL=fake.api_url, PORT="0"
    )
    assert line.startswith("Cannot start: SLACK_BOT_TOKEN was refused by Slack (invalid_auth)")
    assert [call.method for call in fake.calls] == ["auth.test"]


async def test_an_app_token_slack_refuses_stops_the_start(tmp_path, fake: FakeSlack):
    line = await _refused_start(
        tmp_path, SLACK_BOT_TOKEN="xoxb-test-token", SLACK_APP_TOKEN="xapp-wrong", SLACK_API_URL=fake.api_url
    )
    assert line.startswith("Cannot start: SLACK_APP_TOKEN was refused by Slack (invalid_auth)")


async def test_a_port_in_use_stops_the_start(tmp_path, fake: FakeSlack):
    busy = await asyncio.start_server(lambda reader, writer: None, "127.0.0.1", 0)
    port = busy.sockets[0].getsockname()[1]
    try:
        line = await _refused_start(
            tmp_path,
            SLACK_BOT_TOKEN="xoxb-test-token",
            SLACK_SIGNING_SECRET=SIGNING_SECRET,
            SLACK_API_URL=fake.api_url,
            HOST="127.0.0.1",
            PORT=str(port),
        )
    finally:
        busy.close()
    assert f"PORT {port}" in line and "set PORT" in line


async def test_oauth_without_a_secret_key_stops_the_start(tmp_path):
    line = await _refused_start(
        tmp_path, SLACK_CLIENT_ID="1.2", SLACK_CLIENT_SECRET="s", SLACK_SIGNING_SECRET=SIGNING_SECRET
    )
    assert "COMPANION_SECRET_KEY is empty" in line and "SLACK_ALLOW_PLAINTEXT_TOKENS" in line


async def test_an_unreachable_slack_is_one_warning_per_try_with_growing_pauses(tmp_path):
    port = await _closed_port()
    process = await _start(
        tmp_path,
        SLACK_BOT_TOKEN="xoxb-test-token",
        SLACK_APP_TOKEN="xapp-test-token",
        SLACK_API_URL=f"http://127.0.0.1:{port}/api/",
    )
    try:
        first = await _line_matching(process, r"cannot reach Slack.*trying again in (\d+) s")
        second = await _line_matching(process, r"cannot reach Slack.*trying again in (\d+) s")
        assert (first.group(1), second.group(1)) == ("1", "2")
        process.send_signal(signal.SIGTERM)
        _, rest = await asyncio.wait_for(process.communicate(), TIMEOUT)
        assert process.returncode == 0
        assert "Traceback" not in rest.decode() and "Unclosed" not in rest.decode()
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


async def test_a_socket_that_cannot_connect_retries_quietly_and_stops_on_sigterm(tmp_path, fake: FakeSlack):
    fake.socket_url = f"ws://127.0.0.1:{await _closed_port()}/socket"
    process = await _start(
        tmp_path, SLACK_BOT_TOKEN="xoxb-test-token", SLACK_APP_TOKEN=fake.app_token, SLACK_API_URL=fake.api_url
    )
    try:
        first = await _line_matching(process, r"Socket Mode: cannot reach Slack.*trying again in (\d+) s")
        second = await _line_matching(process, r"Socket Mode: cannot reach Slack.*trying again in (\d+) s")
        assert (first.group(1), second.group(1)) == ("1", "2")
        process.send_signal(signal.SIGTERM)
        _, rest = await asyncio.wait_for(process.communicate(), TIMEOUT)
        assert process.returncode == 0
        assert "Traceback" not in rest.decode() and "Unclosed" not in rest.decode(), rest.decode()
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


async def _closed_port() -> int:
    server = await asyncio.start_server(lambda reader, writer: None, "127.0.0.1", 0)
    port = int(server.sockets[0].getsockname()[1])
    server.close()
    await server.wait_closed()
    return port


async def test_socket_mode_stops_on_sigterm_without_unclosed_sessions(tmp_path, fake: FakeSlack):
    process = await _start(
        tmp_path, SLACK_BOT_TOKEN="xoxb-test-token", SLACK_APP_TOKEN=fake.app_token, SLACK_API_URL=fake.api_url
    )
    try:
        await _line_matching(process, "Slack adapter ready: Socket Mode")
        process.send_signal(signal.SIGTERM)
        _, rest = await asyncio.wait_for(process.communicate(), TIMEOUT)
        assert process.returncode == 0
        assert "Traceback" not in rest.decode() and "Unclosed" not in rest.decode(), rest.decode()
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()


# --- log lines a request cannot forge -----------------------------------------------------------------------


async def test_a_newline_in_the_oauth_code_cannot_forge_a_log_line(tmp_path, fake: FakeSlack):
    process = await _start(
        tmp_path,
        SLACK_CLIENT_ID="1.2",
        SLACK_CLIENT_SECRET="s",
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        COMPANION_SECRET_KEY=Fernet.generate_key().decode(),
        SLACK_API_URL=fake.api_url,
        HOST="127.0.0.1",
        PORT="0",
    )
    try:
        url = (await _line_matching(process, r"Slack adapter ready: (http://127\.0\.0\.1:\d+)/slack/events")).group(1)
        async with aiohttp.ClientSession(trust_env=False) as session:
            async with session.get(url + "/slack/install") as page:
                cookie = page.headers["Set-Cookie"].split(";")[0]
            state = cookie.split("=", 1)[1]
            forged = quote("x\n2026-01-01 00:00:00,000 ERROR FORGED: the admin password is hunter2")
            redirect = f"{url}/slack/oauth_redirect?state={state}&code={forged}"
            async with session.get(redirect, headers={"Cookie": cookie}) as answer:
                assert answer.status != 200
        logged = await _line_matching(process, "oauth.v2.access")
        assert "x\\n2026-01-01" in logged.string
        process.send_signal(signal.SIGTERM)
        _, rest = await asyncio.wait_for(process.communicate(), TIMEOUT)
        assert not [line for line in rest.decode().splitlines() if line.startswith("2026-01-01")]
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
