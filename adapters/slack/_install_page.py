"""GET /slack/install, which anyone may open: each visit issues an OAuth state row, so visits are bounded.

Per client address, at most INSTALL_VISITS a minute (then a friendly 429 page); and when the store already
holds its cap of outstanding states, a friendly 503 page instead of a new row. The address is the
connection's peer: behind a reverse proxy every visitor shares the proxy's, so rate-limit there too.
"""

from __future__ import annotations

import logging

from aiohttp import web
from limits import RateLimitItemPerMinute
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.oauth.async_oauth_flow import AsyncOAuthFlow
from slack_bolt.request.async_request import AsyncBoltRequest

from adapters.slack._oauth import TooManyInstallStates

INSTALL_VISITS = 10
"""Install pages one client address may open in a minute: plenty for a person, little for a script."""

log = logging.getLogger(__name__)

_SLOW_DOWN = """<!doctype html><html><head><meta charset="utf-8"><title>One moment</title></head>
<body><h1>One moment, please</h1><p>This page was opened many times from your address in the last minute.
Wait a minute, then reload it to add the app to your Slack workspace.</p></body></html>"""

_BUSY = """<!doctype html><html><head><meta charset="utf-8"><title>Busy</title></head>
<body><h1>Many installs are under way</h1><p>Too many installs have been started in the last few minutes.
Try again in ten minutes.</p></body></html>"""


class InstallPage:
    def __init__(self, flow: AsyncOAuthFlow, visits_per_minute: int = INSTALL_VISITS) -> None:
        self._flow = flow
        self._limit = RateLimitItemPerMinute(visits_per_minute)
        self._limiter = MovingWindowRateLimiter(MemoryStorage())

    async def handle(self, request: web.Request) -> web.StreamResponse:
        if not self._limiter.hit(self._limit, "install", request.remote or "unknown"):
            return web.Response(status=429, text=_SLOW_DOWN, content_type="text/html", headers={"Retry-After": "60"})
        bolt_request = AsyncBoltRequest(body="", query=request.query_string, headers=dict(request.headers))
        try:
            answer = await self._flow.handle_installation(bolt_request)
        except TooManyInstallStates:
            log.warning("refused an install page: the cap of outstanding install states is reached")
            return web.Response(status=503, text=_BUSY, content_type="text/html", headers={"Retry-After": "600"})
        return await to_aiohttp_response(answer)
