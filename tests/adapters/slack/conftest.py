"""The Slack adapter served over real HTTP on 127.0.0.1, talking to a local fake of Slack's Web API."""

from __future__ import annotations

import asyncio
import os
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from adapters.slack import SlackHttpServer, SlackOutbox, build_app
from adapters.slack._app import SlackApp
from adapters.slack._escape import WORD_JOINER
from bot.companion import Companion
from bot.request import Place
from bot.settings import CoreSettings, HttpSettings, Settings, SlackSettings
from bot.store import SqliteStore
from tests.adapters.slack.fake_slack import Call, FakeSlack, texts_of
from tests.adapters.slack.sender import SIGNING_SECRET, Sender
from tests.clock import ManualClock
from tests.conftest import FACTS

PROXY_VARIABLES = {"http_proxy", "https_proxy", "all_proxy", "no_proxy", "ws_proxy", "wss_proxy"}
UNJOINED_BROADCAST = re.compile(rf"@(?!{WORD_JOINER})(here|channel|everyone)", re.IGNORECASE)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No SLACK_* or proxy variable, and no stray .env, may reach Bolt or the settings."""
    for name in list(os.environ):
        if name.startswith(("SLACK_", "COMPANION_")) or name.lower() in PROXY_VARIABLES:
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    slack = FakeSlack()
    slack.add_user("U1", "Alice")
    slack.add_user("U2", "Bob")
    slack.add_user("U3", "Carol")
    slack.add_user("UMOD", "Mona", admin=True)
    await slack.start()
    yield slack
    await slack.close()


def slack_settings(fake: FakeSlack, *, secret_key: str | None = None, **slack: Any) -> Settings:
    settings = Settings()
    if secret_key is not None:
        settings.core = CoreSettings(_env_file=None, secret_key=secret_key)  # type: ignore[call-arg]
    values: dict[str, Any] = {"bot_token": "xoxb-test-token", "signing_secret": SIGNING_SECRET, "api_url": fake.api_url}
    settings.slack = SlackSettings(_env_file=None, **{**values, **slack})  # type: ignore[call-arg]
    settings.http = HttpSettings(_env_file=None, host="127.0.0.1", port=0)  # type: ignore[call-arg]
    return settings


@dataclass
class Seen:
    """What Slack showed for one command or click: the ack body or the response_url post."""

    call: Call

    @property
    def public(self) -> bool:
        return self.call.public

    @property
    def text(self) -> str:
        return "\n".join(texts_of(self.call))

    @property
    def buttons(self) -> list[dict[str, Any]]:
        return [e for b in self.call.args.get("blocks") or [] if b["type"] == "actions" for e in b["elements"]]


@dataclass
class SlackWorld:
    fake: FakeSlack
    sender: Sender
    companion: Companion
    clock: ManualClock
    server: SlackHttpServer
    app: SlackApp
    expected_errors: set[str] = field(default_factory=set)

    def companion_place(self, channel: str) -> Place:
        return Place("slack", self.fake.team, channel)

    async def ask(self, typed: str, *, user: str = "U1", channel: str = "C1") -> Seen:
        """A slash command as a person types it: '/bio gary pearlman share:yes'."""
        command, _, text = typed.partition(" ")
        sent = await self.sender.command(command, text, user=user, channel=channel)
        assert sent.status == 200, (sent.status, sent.body)
        return await self._seen(sent.response_url, "ack" if sent.body else "response_url")

    async def click(self, value: str, *, user: str = "U1", channel: str = "C1", message_ts: str = "") -> Seen:
        sent = await self.sender.click(value, user=user, channel=channel, message_ts=message_ts)
        assert sent.status == 200, (sent.status, sent.body)
        return await self._seen(sent.response_url, "response_url")

    async def minutes_pass(self, minutes: int) -> None:
        """Move the clock one minute at a time, each once the scheduler (and any round timer) sleeps again:
        its database work runs on another thread, so a bounded wait for it stands in for a callback."""
        for _ in range(minutes):
            async with asyncio.timeout(5):
                while self.clock.sleepers == 0:
                    await asyncio.sleep(0.005)
            await self.clock.advance(60)

    async def _seen(self, url: str, method: str) -> Seen:
        calls = await self.fake.wait_for(method, where=lambda call: call.url == url)
        return Seen(calls[0])

    def check_everything_sent(self) -> None:
        """Whatever a test did: no call Slack refused unexpectedly, no markup or broadcast in any text."""
        for call in self.fake.calls:
            assert call.ok or call.error in self.expected_errors, (call.method, call.answer, call.args)
            for shown in texts_of(call):
                assert not UNJOINED_BROADCAST.search(shown), (call.method, shown)
                assert not re.search(r"<[@#!]", shown), (call.method, shown)
            mrkdwn = [call.args.get("text") or ""] + [
                t["text"]
                for b in call.args.get("blocks") or []
                for t in [b.get("text") or {}, *b.get("elements", [])]
                if isinstance(t, dict) and t.get("type") == "mrkdwn"
            ]
            assert not any("<" in text for text in mrkdwn), (call.method, mrkdwn)
            if call.method in ("response_url", "ack") and "blocks" in call.args:
                assert call.args.get("response_type") in ("in_channel", "ephemeral"), call.args
            if call.method == "response_url" and "/hooks/actions/" in call.url:
                assert call.args.get("replace_original") is False, call.args


async def open_world(fake: FakeSlack, tmp_path: Path, *, secret_key: str | None = None, **slack: Any) -> SlackWorld:
    clock = ManualClock()
    store = await SqliteStore.open(tmp_path / "companion.db")
    companion = Companion(FACTS, store, clock=clock, outbox=SlackOutbox())
    app = build_app(slack_settings(fake, secret_key=secret_key, **slack), companion)
    server = SlackHttpServer(app, "127.0.0.1", 0)
    await server.start()
    await companion.start()
    return SlackWorld(fake, Sender(server.url, fake), companion, clock, server, app)


async def close_world(world: SlackWorld) -> None:
    await world.server.stop()
    await world.companion.close()


@pytest.fixture
async def world(fake: FakeSlack, tmp_path: Path) -> AsyncIterator[SlackWorld]:
    opened = await open_world(fake, tmp_path)
    yield opened
    await close_world(opened)
    opened.check_everything_sent()
