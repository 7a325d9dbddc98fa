"""`companion run` with Slack settings: check them, open the core, serve until cancelled."""

from __future__ import annotations

import asyncio
import logging
from typing import Protocol

from adapters.slack._app import build_app
from adapters.slack._config import SlackSettingsError, check_settings, secret_value
from adapters.slack._outbox import SlackOutbox
from adapters.slack._server import SlackHttpServer
from adapters.slack._socket import SlackSocket
from bot.app import build_companion
from bot.settings import Settings

log = logging.getLogger("adapters.slack")


class Serving(Protocol):
    @property
    def where(self) -> str: ...

    async def start(self) -> None: ...

    async def stop(self) -> None: ...


async def run_slack(settings: Settings) -> None:
    try:
        mode = check_settings(settings.slack)
    except SlackSettingsError as error:
        raise SystemExit(str(error)) from None
    companion = await build_companion(settings.core, outbox=SlackOutbox())
    try:
        app = build_app(settings, companion)
        serving: Serving
        if mode.socket:
            serving = SlackSocket(app, secret_value(settings.slack.app_token))
        else:
            problem = companion.store.health.current_problem
            serving = SlackHttpServer(app, settings.http.host, settings.http.port, problem=problem)
        await companion.start()
        await serving.start()
        log.info("Slack adapter ready: %s", serving.where)
        try:
            await asyncio.Event().wait()  # until `companion run` cancels us on SIGTERM or Ctrl-C
        finally:
            log.info("Slack adapter stopping")
            await serving.stop()
    finally:
        await companion.close()
