"""Socket Mode: no public URL and no signing; Slack's envelopes arrive over a WebSocket opened with the
app-level token (apps.connections.open goes through the app's client, so SLACK_API_URL applies).

slack_sdk's client is kept for the WebSocket itself, with two changes:
- connecting: one warning line per failed try and growing pauses (1 s doubling to a minute), rather than a
  traceback every ten seconds; a refused app-level token ends the start with one line;
- envelopes: every envelope with an id is acknowledged, whatever its shape and whatever Bolt makes of it,
  so Slack never sends it again; what cannot be handled is one log line, never a traceback.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Sequence
from typing import Any

import aiohttp
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.errors import SlackApiError
from slack_sdk.socket_mode.aiohttp import SocketModeClient
from slack_sdk.socket_mode.async_client import AsyncBaseSocketModeClient
from slack_sdk.socket_mode.response import SocketModeResponse

from adapters.slack._repeats import Repeats
from bot.startup import StartupError

FIRST_RETRY = 1.0
LAST_RETRY = 60.0
ENVELOPE_TYPES = frozenset({"events_api", "slash_commands", "interactive"})
UNREACHABLE = (aiohttp.ClientError, OSError, asyncio.TimeoutError)

log = logging.getLogger(__name__)


class SlackSocket:
    def __init__(
        self, app: AsyncApp, app_token: str, repeats: Repeats | None = None, *, first_retry: float = FIRST_RETRY
    ) -> None:
        self._app = app
        self._repeats = repeats
        self._client = _Client(app_token, logger=log, web_client=app.client, first_retry=first_retry)
        self._client.message_listeners.append(self._on_message)

    @property
    def where(self) -> str:
        return "Socket Mode"

    async def start(self) -> None:
        try:
            await self._client.connect()
        except SlackApiError as error:
            raise StartupError(
                f"SLACK_APP_TOKEN was refused by Slack ({error.response.get('error')}): copy the app-level token "
                "(xapp-…, scope connections:write) from Basic Information → App-Level Tokens."
            ) from None

    async def stop(self) -> None:
        await self._client.close()  # type: ignore[no-untyped-call]

    async def _on_message(self, client: AsyncBaseSocketModeClient, message: dict[Any, Any], raw: str | None) -> None:
        envelope = message.get("envelope_id")
        if not isinstance(envelope, str) or not envelope:
            return  # hello, disconnect and the like: the client handles them
        kind, payload = message.get("type"), message.get("payload")
        answer: dict[str, Any] | None = None
        if kind not in ENVELOPE_TYPES or not isinstance(payload, dict):
            log.warning("Socket Mode: envelope %s (type %r) has no payload to handle; acknowledged", envelope, kind)
        elif await self._first_time(payload):
            answer = await self._dispatch(envelope, payload, message)
        await client.send_socket_mode_response(SocketModeResponse(envelope_id=envelope, payload=answer))

    async def _first_time(self, payload: dict[str, Any]) -> bool:
        """A retried event is acted on once; when the store cannot record it, it is handled anyway."""
        if self._repeats is None:
            return True
        try:
            return await self._repeats.first_time(payload, None, int(time.time()))
        except Exception as error:
            log.debug("could not record a Slack event (%s): handling it anyway", error)
            return True

    async def _dispatch(self, envelope: str, payload: dict[str, Any], message: dict[str, Any]) -> dict[str, Any] | None:
        """What Bolt answers, as the envelope's response payload; None when there is nothing to send back."""
        retry = message.get("retry_attempt")
        headers: dict[str, str | Sequence[str]] | None = {"x-slack-retry-num": str(retry)} if retry else None
        try:
            request = AsyncBoltRequest(mode="socket_mode", body=payload, headers=headers)
            response = await self._app.async_dispatch(request)
        except Exception as error:
            log.warning("Socket Mode: envelope %s could not be handled (%s); acknowledged", envelope, error)
            return None
        if response.status != 200:
            log.info("Socket Mode: envelope %s was not handled (HTTP %d); acknowledged", envelope, response.status)
            return None
        if not response.body:
            return None
        content_type = response.headers.get("content-type", [""])[0]
        if content_type.startswith("application/json"):
            parsed = json.loads(response.body)
            return parsed if isinstance(parsed, dict) else None
        return {"text": response.body}


class _Client(SocketModeClient):
    def __init__(self, *args: Any, first_retry: float, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._first_retry = first_retry

    async def issue_new_wss_url(self) -> str:
        """apps.connections.open; a refusal is raised to the caller, which says it in one line."""
        response = await self.web_client.apps_connections_open(app_token=self.app_token)
        return str(response["url"])

    async def disconnect(self) -> None:
        if self.current_session is not None:
            await self.current_session.close()

    async def process_message(self) -> None:
        """Frames that are not a JSON object are dropped with one line (the SDK would log a traceback)."""
        raw = await self.message_queue.get()
        if raw is None:
            return
        try:
            message = json.loads(raw)
        except ValueError:
            message = None
        if not isinstance(message, dict):
            log.warning("Socket Mode: a frame that is not a JSON object was dropped")
            return
        asyncio.ensure_future(self.run_message_listeners(message, raw))

    async def connect_to_new_endpoint(self, force: bool = False) -> None:
        """A reconnect asks for a new URL inside `connect`, so it is retried the same quiet way."""
        acquired: bool
        try:
            acquired = await asyncio.wait_for(self.connect_operation_lock.acquire(), timeout=5)
        except TimeoutError:
            acquired = False
        try:
            if force or (acquired and not await self.is_connected()):
                self.wss_uri = None
                await self.connect()
        finally:
            if acquired:
                self.connect_operation_lock.release()

    async def connect(self) -> None:
        delay = self._first_retry
        while not self.closed:
            try:
                await self._connect_once()
                return
            except SlackApiError:
                raise
            except UNREACHABLE as error:
                if self.closed:
                    return
                reason = str(error) or type(error).__name__
                log.warning("Socket Mode: cannot reach Slack (%s); trying again in %g s", reason, delay)
                self.wss_uri = None
                await asyncio.sleep(delay)
                delay = min(delay * 2, LAST_RETRY)

    async def _connect_once(self) -> None:
        """slack_sdk's connect, one try: a new session and its monitor and receiver, or an exception."""
        old = self.current_session
        self.auto_reconnect_enabled = False
        if old is not None and not old.closed:
            await old.close()
        if self.aiohttp_client_session.closed:
            self.aiohttp_client_session = aiohttp.ClientSession()
        if self.wss_uri is None:
            self.wss_uri = await self.issue_new_wss_url()
        self.current_session = await self.aiohttp_client_session.ws_connect(
            self.wss_uri, autoping=False, heartbeat=self.ping_interval, proxy=self.proxy
        )
        self.auto_reconnect_enabled = self.default_auto_reconnect_enabled
        self.stale = False
        log.info("Socket Mode: connected")
        await self.current_session.ping(f"sdk-ping-pong:{time.time()}".encode())
        if self.current_session_monitor is not None:
            self.current_session_monitor.cancel()
        self.current_session_monitor = asyncio.ensure_future(self.monitor_current_session())
        if self.message_receiver is not None:
            self.message_receiver.cancel()
        self.message_receiver = asyncio.ensure_future(self.receive_messages())
