"""HTTP mode: the adapter's own aiohttp app on an explicit host and port, stopping cleanly.

`AsyncApp.start()` would block and bind 0.0.0.0. Here POST /slack/events goes through the Intake (signature
first, exact parsing, repeats), the install page through its guard, the OAuth redirect to Bolt's flow as
is, and /healthz answers for load balancers.
"""

from __future__ import annotations

from collections.abc import Callable

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.request.async_request import AsyncBoltRequest

from adapters.slack._app import EVENTS_PATH, SlackApp
from adapters.slack._install_page import InstallPage

HEALTH_PATH = "/healthz"


class SlackHttpServer:
    def __init__(
        self,
        app: SlackApp,
        host: str,
        port: int,
        *,
        shutdown_timeout: float = 5.0,
        problem: Callable[[], str | None] = lambda: None,
        reuse_port: bool = False,
    ) -> None:
        self._app = app
        self._problem = problem
        """What makes the bot unhealthy now (the store's file was deleted, say), or None."""
        self._host = host
        self._port = port
        self._shutdown_timeout = shutdown_timeout
        self._reuse_port = reuse_port
        """Several workers on one host share the port; the kernel spreads connections over them."""
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        routes = web.Application()
        routes.router.add_post(EVENTS_PATH, self._app.intake.handle)
        routes.router.add_get(HEALTH_PATH, self._health)
        flow = self._app.oauth_flow
        if flow is not None:
            routes.router.add_get(flow.install_path, InstallPage(flow).handle)

            async def redirect(request: web.Request) -> web.StreamResponse:
                bolt_request = AsyncBoltRequest(body="", query=request.query_string, headers=dict(request.headers))
                return await to_aiohttp_response(await flow.handle_callback(bolt_request))

            routes.router.add_get(flow.redirect_uri_path, redirect)
        self._runner = web.AppRunner(routes, access_log=None, shutdown_timeout=self._shutdown_timeout)
        await self._runner.setup()
        await web.TCPSite(self._runner, self._host, self._port, reuse_port=self._reuse_port or None).start()

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
