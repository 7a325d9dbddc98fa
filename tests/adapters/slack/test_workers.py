"""Two Slack HTTP workers (deploy/Procfile's slack-worker lines, each a real `companion run`) on one database,
behind a small round-robin proxy standing in for a load balancer; and two on one port with SO_REUSEPORT."""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import re
import signal
import socket
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web
from cryptography.fernet import Fernet

from tests.adapters.slack.fake_slack import FakeSlack
from tests.adapters.slack.sender import SIGNING_SECRET, Sender
from tests.backends import BACKENDS, location
from tests.procfile import processes

ROOT = Path(__file__).resolve().parents[3]
WAIT = 60
TEAM = "T9"


@pytest.fixture(params=BACKENDS)
async def where(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """The database every worker shares: one SQLite file, or one PostgreSQL schema."""
    async with location(request.param, tmp_path) as found:
        yield found


class Worker:
    """One `companion run` Slack worker; its log is read as it goes, so the pipe never fills."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.lines: list[str] = []
        self._reading = asyncio.create_task(self._read())

    async def _read(self) -> None:
        assert self.process.stderr is not None
        while line := await self.process.stderr.readline():
            self.lines.append(line.decode())

    async def url(self) -> str:
        async with asyncio.timeout(WAIT):
            while True:
                for line in self.lines:
                    found = re.search(r"Slack adapter ready: (http://127\.0\.0\.1:\d+)/slack/events", line)
                    if found:
                        return found.group(1)
                assert self.process.returncode is None, "".join(self.lines)
                await asyncio.sleep(0.02)

    async def stop(self) -> None:
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(self.process.wait(), WAIT) == 0, "".join(self.lines)
        await self._reading
        assert not [line for line in self.lines if "Traceback" in line or " ERROR " in line], "".join(self.lines)


async def start_workers(tmp_path: Path, fake: FakeSlack, where: str, port: int = 0) -> list[Worker]:
    keep = {name: value for name, value in os.environ.items() if name in ("PATH", "HOME", "LANG")}
    settings = {
        **keep,
        "PYTHONPATH": str(ROOT),
        "COMPANION_DB": where,
        "COMPANION_SECRET_KEY": Fernet.generate_key().decode(),
        "SLACK_CLIENT_ID": "111.222",
        "SLACK_CLIENT_SECRET": "client-secret",
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake.api_url,
        "HOST": "127.0.0.1",
        "PORT": str(port),
    }
    workers = []
    for worker in processes("slack-"):
        assert worker.command == ["companion", "run"] and worker.settings == {"SLACK_REUSE_PORT": "true"}
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "run",
            cwd=tmp_path,
            env={**settings, **worker.settings},
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )
        workers.append(Worker(process))
    return workers


class RoundRobin:
    """A load balancer: each request to the next worker in turn (or, `steer`ed, to a chosen one)."""

    def __init__(self, targets: list[str]) -> None:
        self.targets = targets
        self.handled: list[int] = []
        self._turns = itertools.cycle(range(len(targets)))
        self._steered: int | None = None
        self._runner: web.AppRunner | None = None
        self.url = ""

    def steer(self, worker: int) -> None:
        self._steered = worker

    async def start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._forward)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self.url = f"http://127.0.0.1:{self._runner.addresses[0][1]}"

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _forward(self, request: web.Request) -> web.Response:
        worker, self._steered = (next(self._turns) if self._steered is None else self._steered), None
        self.handled.append(worker)
        headers = {k: v for k, v in request.headers.items() if k.lower() not in ("host", "content-length")}
        async with aiohttp.ClientSession(trust_env=False) as session:
            async with session.request(
                request.method,
                self.targets[worker] + request.path_qs,
                data=await request.read(),
                headers=headers,
                allow_redirects=False,
            ) as answer:
                passed = {k: v for k, v in answer.headers.items() if k.lower() in ("content-type", "set-cookie")}
                return web.Response(status=answer.status, body=await answer.read(), headers=passed)


async def _get(url: str, cookie: str = "") -> tuple[int, str, str]:
    async with aiohttp.ClientSession(trust_env=False) as session:
        headers = {"Cookie": cookie} if cookie else {}
        async with session.get(url, headers=headers, allow_redirects=False) as response:
            return response.status, await response.text(), response.headers.get("Set-Cookie", "")


def _buttons(call) -> list[dict]:
    return [e for block in call.args["blocks"] if block["type"] == "actions" for e in block["elements"]]


async def test_workers_behind_one_url_share_installs_event_retries_and_rounds(tmp_path, fake: FakeSlack, where):
    workers = await start_workers(tmp_path, fake, where)
    proxy = RoundRobin([await worker.url() for worker in workers])
    await proxy.start()
    try:
        # An install that starts on one worker and finishes on the other.
        status, page, set_cookie = await _get(proxy.url + "/slack/install")
        assert status == 200 and "slack.com/oauth/v2/authorize" in page
        cookie = set_cookie.split(";")[0]
        fake.codes["code-1"] = TEAM
        status, _, _ = await _get(
            f"{proxy.url}/slack/oauth_redirect?code=code-1&state={cookie.split('=', 1)[1]}", cookie
        )
        assert status == 200 and proxy.handled == [0, 1]
        assert [call.ok for call in fake.calls_to("oauth.v2.access")] == [True]
        fake.team = TEAM
        for user, name in (("U1", "Alice"), ("U2", "Bob"), ("U3", "Carol"), ("UMOD", "Mo")):
            fake.add_user(user, name, admin=user == "UMOD")
        sender = Sender(proxy.url, fake)

        # An event Slack retried, the retry reaching the other worker: it acts once.
        home = {"type": "app_home_opened", "user": "U1", "channel": "DU1", "tab": "home", "event_ts": "1.2"}
        body = sender.event_body(home, "EvRetried")
        proxy.steer(0)
        assert (await sender.post(body, "application/json")).status == 200
        await fake.wait_for("views.publish", timeout=WAIT)
        retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
        proxy.steer(1)
        later = int(time.time()) - 1  # a new signature, as Slack signs each try afresh
        assert (await sender.post(body, "application/json", timestamp=later, headers=retry)).status == 200
        proxy.steer(1)
        marker = {**home, "user": "U2", "channel": "DU2"}
        assert (await sender.post(sender.event_body(marker, "EvMarker"), "application/json")).status == 200
        published = await fake.wait_for("views.publish", 2, timeout=WAIT)
        assert [call.args["user_id"] for call in published] == ["U1", "U2"]

        # A round started on one worker; the presses go to the other; all are counted at the close.
        proxy.steer(0)
        assert "S1E10" in (await sender.command("/horizon", "s1e10", user="UMOD")).body
        proxy.steer(0)
        started = await sender.command("/trivia", "start questions:1 seconds:10", user="U1")
        assert started.status == 200
        [question] = await fake.wait_for("chat.postMessage", timeout=WAIT)
        buttons = _buttons(question)
        for user, button in (("U1", buttons[0]), ("U2", buttons[1]), ("U3", buttons[2])):
            proxy.steer(1)
            clicked = await sender.click(button["value"], user=user, message_ts=question.answer["ts"])
            assert clicked.status == 200
            [said] = await fake.wait_for("response_url", where=lambda call, c=clicked: call.url == c.response_url)
            assert "Got it for question 1" in said.args["text"], said.args
        posts = await fake.wait_for(
            "chat.postMessage", where=lambda call: "Trivia round over" in json.dumps(call.args), timeout=WAIT
        )
        table = json.dumps(posts[0].args)
        assert "3 players" in table, table  # every press, from the other worker, counted at the close
        for user, name in (("u1", "Alice"), ("u2", "Bob"), ("u3", "Carol")):  # a name, or the id until it is known
            assert name in table or user in table, table
        reveal = next(call for call in fake.calls_to("chat.postMessage") if "the answer was" in json.dumps(call.args))
        said = json.dumps(reveal.args)
        assert "of 3 got it" in said or "3 answered" in said, said  # every press counted in the reveal
        assert proxy.handled[-3:] == [1, 1, 1]
    finally:
        await proxy.close()
        for worker in workers:
            await worker.stop()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_workers_on_one_host_share_the_port(tmp_path: Path, fake: FakeSlack):
    port = _free_port()
    workers = await start_workers(tmp_path, fake, str(tmp_path / "shared.db"), port)
    try:
        urls = [await worker.url() for worker in workers]
        assert urls == [f"http://127.0.0.1:{port}"] * 2  # both bound it: SO_REUSEPORT
        async with aiohttp.ClientSession(trust_env=False) as session:
            for _ in range(4):
                async with session.get(urls[0] + "/healthz") as health:
                    assert health.status == 200
    finally:
        for worker in workers:
            await worker.stop()
