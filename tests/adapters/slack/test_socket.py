"""Socket Mode: the same app over a WebSocket opened with the app-level token; no public URL, no signing."""

from __future__ import annotations

import asyncio
from pathlib import Path

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
