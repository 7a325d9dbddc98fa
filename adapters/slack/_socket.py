"""Socket Mode: no public URL and no signing; Slack's envelopes arrive over a WebSocket opened with the
app-level token (apps.connections.open goes through the app's client, so SLACK_API_URL applies)."""

from __future__ import annotations

import logging

from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp

log = logging.getLogger(__name__)


class SlackSocket:
    def __init__(self, app: AsyncApp, app_token: str) -> None:
        self._handler = AsyncSocketModeHandler(app, app_token=app_token, logger=log)

    @property
    def where(self) -> str:
        return "Socket Mode"

    async def start(self) -> None:
        await self._handler.connect_async()

    async def stop(self) -> None:
        await self._handler.close_async()
