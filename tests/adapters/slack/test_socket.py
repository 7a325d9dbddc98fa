"""Socket Mode: the same app over a WebSocket opened with the app-level token; no public URL, no signing."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest

from adapters.slack import SlackOutbox, build_app
from adapters.slack._socket import SlackSocket
from bot.companion import Companion
from bot.store import SqliteStore
from tests.adapters.slack.conftest import slack_settings
from tests.adapters.slack.fake_slack import FakeSlack
from tests.clock import ManualClock
from tests.conftest import FACTS


async def test_a_slash_command_over_socket_mode(fake: FakeSlack, tmp_path: Path):
    store = await SqliteStore.open(tmp_path / "companion.db")
    companion = Companion(FACTS, store, clock=ManualClock(), outbox=SlackOutbox())
    settings = slack_settings(fake, signing_secret=None, app_token=fake.app_token)
    socket = SlackSocket(build_app(settings, companion), fake.app_token)
    await socket.start()
    try:
        [opened] = await fake.wait_for("apps.connections.open")
        assert opened.token == fake.app_token
        command = {
            "team_id": fake.team,
            "channel_id": "C1",
            "user_id": "U1",
            "user_name": "alice",
            "command": "/progress",
            "text": "S1E6",
            "api_app_id": "A1",
            "response_url": fake.response_url("commands", "C1"),
        }
        await fake.socket_inbox.put(
            {"envelope_id": "env-1", "type": "slash_commands", "payload": command, "accepts_response_payload": True}
        )
        acked = await asyncio.wait_for(fake.socket_outbox.get(), 5)
        assert acked["envelope_id"] == "env-1"
        assert "S1E6" in str(acked["payload"]) and acked["payload"]["response_type"] == "ephemeral"
        assert await store.progress("slack", fake.team, "U1") is not None
    finally:
        await socket.stop()
        await companion.close()


MALFORMED_ENVELOPES = [
    {"envelope_id": "no-type-or-payload"},
    {"envelope_id": "payload-not-an-object", "type": "slash_commands", "payload": "notadict"},
    {"envelope_id": "unknown-type", "type": "mystery", "payload": {}},
    {"envelope_id": "event-not-an-object", "type": "events_api", "payload": {"type": "event_callback", "event": "x"}},
    {"envelope_id": "odd-ids", "type": "interactive", "payload": {"type": "block_actions", "team": 7, "user": "x"}},
    {"envelope_id": "no-actions", "type": "interactive", "payload": {"type": "block_actions", "actions": "x"}},
    {"envelope_id": "empty-command", "type": "slash_commands", "payload": {}},
]


async def test_every_envelope_with_an_id_is_acknowledged_without_a_traceback(
    fake: FakeSlack, tmp_path: Path, caplog: pytest.LogCaptureFixture
):
    caplog.set_level(logging.DEBUG)
    store = await SqliteStore.open(tmp_path / "companion.db")
    companion = Companion(FACTS, store, clock=ManualClock(), outbox=SlackOutbox())
    settings = slack_settings(fake, signing_secret=None, app_token=fake.app_token)
    socket = SlackSocket(build_app(settings, companion), fake.app_token)
    await socket.start()
    try:
        await fake.socket_inbox.put("a frame that is not an object")  # type: ignore[arg-type]
        for envelope in MALFORMED_ENVELOPES:
            await fake.socket_inbox.put(envelope)
        acked = {(await asyncio.wait_for(fake.socket_outbox.get(), 5))["envelope_id"] for _ in MALFORMED_ENVELOPES}
        assert acked == {envelope["envelope_id"] for envelope in MALFORMED_ENVELOPES}
        command = {
            "team_id": fake.team,
            "channel_id": "C1",
            "user_id": "U1",
            "user_name": "alice",
            "command": "/progress",
            "text": "S1E6",
            "api_app_id": "A1",
            "response_url": fake.response_url("commands", "C1"),
        }
        await fake.socket_inbox.put({"envelope_id": "fine", "type": "slash_commands", "payload": command})
        answer = await asyncio.wait_for(fake.socket_outbox.get(), 5)
        assert answer["envelope_id"] == "fine" and "S1E6" in str(answer["payload"])
    finally:
        await socket.stop()
        await companion.close()
    assert not [record for record in caplog.records if record.exc_info], [r.getMessage() for r in caplog.records]
    assert "Traceback" not in caplog.text
