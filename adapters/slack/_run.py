"""`companion run` with Slack settings: check them, open the core, serve until cancelled.

Every start-up failure the operator can fix ends the start with one line naming the setting (StartupError):
settings that do not fit together, a bot token Slack refuses (auth.test at start), an app-level token Slack
refuses, a port in use, sealed installations no configured key opens. Slack being unreachable is not one of
them: the start waits, with one warning line per try and growing pauses.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from typing import Protocol

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack._app import SlackApp, build_app
from adapters.slack._config import SlackSettingsError, check_settings, secret_value
from adapters.slack._outbox import SlackOutbox
from adapters.slack._sealed import SealError
from adapters.slack._server import SlackHttpServer
from adapters.slack._session import open_session
from adapters.slack._socket import FIRST_RETRY, LAST_RETRY, UNREACHABLE, SlackSocket
from bot import heap
from bot.app import build_companion
from bot.presses import PressQueue
from bot.settings import Settings
from bot.startup import StartupError

log = logging.getLogger("adapters.slack")


class Serving(Protocol):
    @property
    def where(self) -> str: ...

    async def start(self) -> None: ...

    async def stop(self) -> None: ...


async def run_slack(settings: Settings, *, first_retry: float = FIRST_RETRY) -> None:
    try:
        mode = check_settings(settings.slack)
    except SlackSettingsError as error:
        raise StartupError(str(error)) from None
    companion = await build_companion(settings.core, outbox=SlackOutbox())
    session = open_session()
    presses = PressQueue(settings.core.press_queue)
    serving: Serving | None = None
    ready = False
    try:
        try:
            app = build_app(settings, companion, session, presses)
        except SlackSettingsError as error:
            raise StartupError(str(error)) from None
        if mode.oauth:
            await _reseal(app)
        else:
            await check_bot_token(app.client, first_retry=first_retry)
        if mode.socket:
            app_token = secret_value(settings.slack.app_token)
            serving = SlackSocket(app, app_token, app.intake.repeats, first_retry=first_retry)
        else:
            problem = companion.store.health.current_problem
            serving = SlackHttpServer(
                app, settings.http.host, settings.http.port, problem=problem, reuse_port=settings.slack.reuse_port
            )
        await companion.start()
        heap.settle()
        await _start(serving, settings)
        ready = True
        log.info("Slack adapter ready: %s", serving.where)
        await asyncio.Event().wait()  # until `companion run` cancels us on SIGTERM or Ctrl-C
    finally:
        if ready:
            log.info("Slack adapter stopping")
        if serving is not None:
            with contextlib.suppress(Exception):
                await serving.stop()
        await presses.close()
        await companion.close()
        await session.close()


async def check_bot_token(client: AsyncWebClient, *, first_retry: float = FIRST_RETRY) -> None:
    """auth.test once at start: a refused token ends the start; an unreachable Slack is tried again."""
    delay = first_retry
    while True:
        try:
            await client.auth_test()
            return
        except SlackApiError as error:
            raise StartupError(
                f"SLACK_BOT_TOKEN was refused by Slack ({error.response.get('error')}): copy the Bot User OAuth "
                "Token (xoxb-…) from OAuth & Permissions, and reinstall the app if it was revoked."
            ) from None
        except UNREACHABLE as error:
            reason = str(error) or type(error).__name__
            log.warning("cannot reach Slack's Web API at %s (%s); trying again in %g s", client.base_url, reason, delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, LAST_RETRY)


async def _reseal(app: SlackApp) -> None:
    if app.installations is None:
        return
    try:
        await app.installations.reseal()
    except SealError as error:
        raise StartupError(
            f"COMPANION_SECRET_KEY: {error}. Put back the key the tokens were sealed with (keys are comma-separated, "
            "newest first)."
        ) from None


async def _start(serving: Serving, settings: Settings) -> None:
    try:
        await serving.start()
    except OSError as error:
        raise StartupError(
            f"HOST {settings.http.host} and PORT {settings.http.port} cannot be served ({_reason(error)}): "
            "stop the program using that port, or set PORT (or HOST) to another."
        ) from None


def _reason(error: OSError) -> str:
    return os.strerror(error.errno).lower() if error.errno else str(error)
