"""One HTTP session for everything the adapter sends to Slack: Web API calls and `response_url` posts.

slack_sdk opens a new aiohttp session (so a new TCP and TLS connection) for every call it is not given
a session for, and Bolt's `respond()` always does. Under a burst of presses that is a connection per
press. Here one session with keep-alive carries them all: the Web API client is built on it, and a
middleware gives every request a `respond()` that posts through it.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import aiohttp
from slack_bolt.async_app import AsyncApp, AsyncRespond
from slack_bolt.context.respond.internals import _build_message
from slack_bolt.middleware.async_middleware import AsyncMiddleware
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.webhook import WebhookResponse

CONNECTIONS = 200
"""Connections open to Slack at most (more than the press workers, so answers never wait for one)."""
API_TIMEOUT = 30
"""Seconds any call through the session may take, as slack_sdk's own default."""
RESPONSE_TIMEOUT = 10
"""Seconds a response_url post may take before it is given up (a slow endpoint must not hold a press)."""


JSON = {"Content-Type": "application/json;charset=utf-8"}


def open_session() -> aiohttp.ClientSession:
    """The adapter's one session; open it inside the running loop and close it when the adapter stops."""
    connector = aiohttp.TCPConnector(limit=CONNECTIONS, keepalive_timeout=30)
    return aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=API_TIMEOUT))


class SessionRespond(AsyncRespond):
    """Bolt's `respond()`, posting through the shared session instead of a session of its own.

    It posts itself rather than through slack_sdk's webhook client: that client builds its user agent on
    every construction (one per press) and, given a session, drops its own timeout.
    """

    def __init__(self, *, response_url: str | None, session: aiohttp.ClientSession, proxy: str | None) -> None:
        super().__init__(response_url=response_url, proxy=proxy)
        self._session = session

    async def __call__(  # type: ignore[override]
        self, text: str | dict[str, Any] = "", blocks: Sequence[dict[str, Any]] | None = None, **fields: Any
    ) -> WebhookResponse:
        if self.response_url is None:
            raise ValueError("respond is unsupported here as there is no response_url")
        whole = text if isinstance(text, dict) else {"text": text, "blocks": blocks, **fields}
        async with self._session.post(
            self.response_url,
            data=json.dumps(_build_message(**whole)),
            headers=JSON,
            proxy=self.proxy,
            timeout=aiohttp.ClientTimeout(total=RESPONSE_TIMEOUT),
        ) as answer:
            body = await answer.text()
        headers = dict(answer.headers)
        return WebhookResponse(url=self.response_url, status_code=answer.status, body=body, headers=headers)


class SharedRespond(AsyncMiddleware):
    """Gives each request with a response_url a `respond()` posting through the shared session.

    A middleware class rather than a function: Bolt builds every keyword argument it could pass to a
    function middleware (about thirty, each request), and this needs none of them.
    """

    def __init__(self, session: aiohttp.ClientSession) -> None:
        self._session = session

    async def async_process(
        self, *, req: AsyncBoltRequest, resp: BoltResponse, next: Callable[[], Awaitable[BoltResponse]]
    ) -> BoltResponse:
        context = req.context
        if context.response_url:
            proxy = context.client.proxy if context.client is not None else None
            context["respond"] = SessionRespond(response_url=context.response_url, session=self._session, proxy=proxy)
        await next()
        return resp


def respond_through(app: AsyncApp, session: aiohttp.ClientSession) -> None:
    """Every listener's `respond` posts through `session` (Bolt only makes its own when none is set)."""
    app.middleware(SharedRespond(session))
