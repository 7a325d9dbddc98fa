"""The Bolt app: the core's commands, buttons and App Home wired to one AsyncApp, in either mode."""

from __future__ import annotations

import logging

import aiohttp
from slack_bolt.async_app import AsyncApp
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler, async_default_handlers
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack._askers import People
from adapters.slack._buttons import register_buttons
from adapters.slack._commands import register_commands
from adapters.slack._config import SlackMode, SlackSettingsError, check_settings, secret_value
from adapters.slack._home import register_home
from adapters.slack._oauth import DatabaseInstallations, DatabaseOAuthStates
from adapters.slack._outbox import SlackOutbox
from adapters.slack._retries import skip_retried_events
from adapters.slack._session import respond_through
from bot.companion import Companion
from bot.presses import PressQueue
from bot.settings import Settings
from bot.store import SlackInstallStore

EVENTS_PATH = "/slack/events"
INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
BOT_SCOPES = ("commands", "chat:write", "chat:write.public", "users:read")
"""users:read tells workspace admins (who moderate) from everyone else."""

log = logging.getLogger("adapters.slack")


def build_app(
    settings: Settings,
    companion: Companion,
    session: aiohttp.ClientSession | None = None,
    presses: PressQueue | None = None,
) -> AsyncApp:
    """A Bolt app answering through `companion`; its SlackOutbox, if it has one, posts through this app.

    With `session`, every Web API call and response_url post goes through it (`companion run` passes one);
    without, slack_sdk opens a session per call. Button presses wait in `presses` (`companion run` passes
    the one it closes on shutdown), else in a queue of the configured size.
    """
    mode = check_settings(settings.slack)
    app = AsyncApp(
        name="show-companion",
        logger=log,
        signing_secret=secret_value(settings.slack.signing_secret),
        client=_web_client(mode, secret_value(settings.slack.bot_token), session),
        oauth_settings=_oauth_settings(settings, companion) if mode.oauth else None,
    )
    people = People()
    if session is not None:
        respond_through(app, session)
    skip_retried_events(app)
    register_commands(app, companion, people, settings.slack.command_prefix)
    register_buttons(app, companion, people, presses or PressQueue(settings.core.press_queue))
    register_home(app, companion, people)
    if mode.oauth:
        app.enable_token_revocation_listeners()
    if isinstance(companion.outbox, SlackOutbox):
        companion.outbox.connect(app)
    return app


def _web_client(mode: SlackMode, bot_token: str, session: aiohttp.ClientSession | None) -> AsyncWebClient:
    retries = [*async_default_handlers(), AsyncRateLimitErrorRetryHandler(max_retry_count=2)]
    token = None if mode.oauth else bot_token
    return AsyncWebClient(token=token, base_url=mode.api_url, retry_handlers=retries, session=session)


def _oauth_settings(settings: Settings, companion: Companion) -> AsyncOAuthSettings:
    store = companion.store
    if not isinstance(store, SlackInstallStore):
        raise SlackSettingsError(["Installs in many workspaces need a store that keeps Slack installations."])
    client_id = settings.slack.client_id or ""
    return AsyncOAuthSettings(
        client_id=client_id,
        client_secret=secret_value(settings.slack.client_secret),
        scopes=list(BOT_SCOPES),
        user_scopes=[],
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        installation_store=DatabaseInstallations(store, client_id),
        installation_store_bot_only=True,
        state_store=DatabaseOAuthStates(store),
        logger=log,
    )
