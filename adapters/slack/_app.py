"""The Bolt app: the core's commands, buttons and App Home wired to one AsyncApp, in either mode."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Awaitable, Callable
from pathlib import Path

import aiohttp
from slack_bolt.async_app import AsyncApp, AsyncBoltContext
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_bolt.response import BoltResponse
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler, async_default_handlers
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack._askers import People
from adapters.slack._buttons import register_buttons
from adapters.slack._commands import register_commands
from adapters.slack._config import SlackMode, SlackSettingsError, check_settings, secret_value, token_sealer
from adapters.slack._guard import register_guard
from adapters.slack._home import register_home
from adapters.slack._intake import Intake
from adapters.slack._oauth import DatabaseInstallations, DatabaseOAuthStates
from adapters.slack._outbox import SlackOutbox
from adapters.slack._repeats import Repeats
from adapters.slack._session import respond_through
from bot.companion import Companion
from bot.presses import PressQueue
from bot.settings import Settings
from bot.store import SlackInstallStore, SlackRequestStore

EVENTS_PATH = "/slack/events"
INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
BOT_SCOPES = ("commands", "chat:write", "chat:write.public", "users:read")
"""users:read tells workspace admins (who moderate) from everyone else."""
GUARD_SCOPES = ("channels:history",)
"""Only for the spoiler guard: members' messages in public channels (the `message.channels` event)."""

log = logging.getLogger("adapters.slack")


class SlackApp(AsyncApp):
    """Bolt's app, plus what the adapter puts in front of it: the intake of HTTP requests and the installs."""

    intake: Intake
    installations: DatabaseInstallations | None = None


def build_app(
    settings: Settings,
    companion: Companion,
    session: aiohttp.ClientSession | None = None,
    presses: PressQueue | None = None,
) -> SlackApp:
    """A Bolt app answering through `companion`; its SlackOutbox, if it has one, posts through this app.

    With `session`, every Web API call and response_url post goes through it (`companion run` passes one);
    without, slack_sdk opens a session per call. Button presses wait in `presses` (`companion run` passes
    the one it closes on shutdown), else in a queue of the configured size.
    """
    mode = check_settings(settings.slack)
    sealer = token_sealer(settings, mode)
    install_store = _install_store(companion) if mode.oauth else None
    installations = (
        DatabaseInstallations(install_store, settings.slack.client_id or "", sealer) if install_store else None
    )
    signing_secret = secret_value(settings.slack.signing_secret)
    oauth = _oauth_settings(settings, install_store, installations) if install_store and installations else None
    log.addFilter(_client_given_on_purpose)
    try:
        app = SlackApp(
            name="show-companion",
            logger=log,
            signing_secret=signing_secret,
            client=_web_client(mode, secret_value(settings.slack.bot_token), session),
            oauth_settings=oauth,
            request_verification_enabled=False,  # the Intake checks every HTTP request's signature before Bolt sees it
        )
    finally:
        log.removeFilter(_client_given_on_purpose)
    store = companion.store
    app.intake = Intake(app, signing_secret, Repeats(store) if isinstance(store, SlackRequestStore) else None)
    app.installations = installations
    people = People()
    if session is not None:
        respond_through(app, session)
    if installations is not None:
        app.middleware(_noting_workspaces(installations))
    app.error(_one_line_per_error)
    register_buttons(app, companion, people, presses or PressQueue(settings.core.press_queue))  # first: the busiest
    register_commands(app, companion, people, settings.slack.command_prefix)
    register_home(app, companion, people)
    register_guard(app, companion)
    if mode.oauth:
        app.enable_token_revocation_listeners()
    if isinstance(companion.outbox, SlackOutbox):
        companion.outbox.connect(app)
    return app


async def _one_line_per_error(error: Exception) -> None:
    """A request Bolt could not handle (a malformed payload, mostly): one line saying where, not a traceback."""
    where = traceback.extract_tb(error.__traceback__)[-1] if error.__traceback__ else None
    at = f" at {Path(where.filename).name}:{where.lineno}" if where else ""
    log.warning("a Slack request could not be handled: %s: %s%s", type(error).__name__, error, at)


def _client_given_on_purpose(record: logging.LogRecord) -> bool:
    """Bolt warns that SLACK_BOT_TOKEN (read from the environment) goes unused when a client is given: the
    client carries that very token."""
    return not str(record.msg).startswith("As you gave `client` as well")


def _web_client(mode: SlackMode, bot_token: str, session: aiohttp.ClientSession | None) -> AsyncWebClient:
    retries = [*async_default_handlers(), AsyncRateLimitErrorRetryHandler(max_retry_count=2)]
    token = None if mode.oauth else bot_token
    return AsyncWebClient(token=token, base_url=mode.api_url, retry_handlers=retries, session=session)


def _install_store(companion: Companion) -> SlackInstallStore:
    store = companion.store
    if not isinstance(store, SlackInstallStore):
        raise SlackSettingsError(["Installs in many workspaces need a store that keeps Slack installations."])
    return store


def _oauth_settings(
    settings: Settings, store: SlackInstallStore, installations: DatabaseInstallations
) -> AsyncOAuthSettings:
    return AsyncOAuthSettings(
        client_id=settings.slack.client_id or "",
        client_secret=secret_value(settings.slack.client_secret),
        scopes=list(BOT_SCOPES) + (list(GUARD_SCOPES) if settings.slack.guard else []),
        user_scopes=[],
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        installation_store=installations,
        installation_store_bot_only=True,
        state_store=DatabaseOAuthStates(store),
        logger=log,
    )


def _noting_workspaces(
    installations: DatabaseInstallations,
) -> Callable[[AsyncBoltContext, BoltResponse, Callable[[], Awaitable[None]]], Awaitable[BoltResponse]]:
    """Each Grid workspace's org, as requests show it: posts made later find an org-wide install through it."""

    async def noting_workspace(
        context: AsyncBoltContext, response: BoltResponse, next: Callable[[], Awaitable[None]]
    ) -> BoltResponse:
        if context.enterprise_id and context.team_id:
            await installations.saw_workspace(context.team_id, context.enterprise_id)
        await next()
        return response

    return noting_workspace
