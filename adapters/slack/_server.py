"""HTTP mode: Bolt's routes under the adapter's own aiohttp runner, on an explicit host and port.

`AsyncApp.start()` would block and bind 0.0.0.0; this serves the same `web_app()` routes (events,
commands, clicks, and the install pages when OAuth is on) plus a health route, and stops cleanly.
"""

from __future__ import annotations

from collections.abc import Callable

from aiohttp import web
from aiohttp.typedefs import Handler
from slack_bolt.async_app import AsyncApp

from adapters.slack._app import EVENTS_PATH

HEALTH_PATH = "/healthz"


class SlackHttpServer:
    def __init__(
        self,
        app: AsyncApp,
        host: str,
        port: int,
        *,
        shutdown_timeout: float = 5.0,
        problem: Callable[[], str | None] = lambda: None,
    ) -> None:
        self._app = app
        self._problem = problem
        """What makes the bot unhealthy now (the store's file was deleted, say), or None."""
        self._host = host
        self._port = port
        self._shutdown_timeout = shutdown_timeout
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        routes = self._app.web_app(path=EVENTS_PATH, port=self._port)
        routes.router.add_get(HEALTH_PATH, self._health)
        routes.middlewares.append(_refuse_malformed_timestamps)
        self._runner = web.AppRunner(routes, access_log=None, shutdown_timeout=self._shutdown_timeout)
        await self._runner.setup()
        await web.TCPSite(self._runner, self._host, self._port).start()

    @property
    def url(self) -> str:
        """Where it listens, with the port the system chose when asked for port 0."""
        if self._runner is None or not self._runner.addresses:
            raise RuntimeError("the server is not running")
        host, port = self._runner.addresses[0][:2]
        return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"

    @property
    def where(self) -> str:
        return self.url + EVENTS_PATH

    async def _health(self, request: web.Request) -> web.Response:
        problem = self._problem()
        if problem is not None:
            return web.json_response({"ok": False, "problem": problem}, status=503)
        return web.json_response({"ok": True})

    async def stop(self) -> None:
        """Finish requests in flight (up to the shutdown timeout), then close the port."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None


@web.middleware
async def _refuse_malformed_timestamps(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Bolt answers a non-numeric X-Slack-Request-Timestamp with a 500; it is an unsigned request: 401."""
    try:
        int(request.headers.get("X-Slack-Request-Timestamp", "0"))
    except ValueError:
        return web.json_response({"error": "invalid request"}, status=401)
    return await handler(request)
