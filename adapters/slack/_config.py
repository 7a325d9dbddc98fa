"""Slack settings checked at start, so a missing secret is a clear message, not a 500 on every request."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic import SecretStr

from adapters.slack._sealed import Sealer, SealError, Unsealed, sealer
from bot.settings import Settings, SlackSettings

DEFAULT_API_URL = "https://slack.com/api/"
_PREFIX = re.compile(r"^[a-z0-9_-]{0,20}$")


class SlackSettingsError(ValueError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("Slack settings: " + " ".join(problems))
        self.problems = problems


@dataclass(frozen=True, slots=True)
class SlackMode:
    socket: bool
    """Socket Mode (an app-level token) rather than HTTP with signed requests."""
    oauth: bool
    """Many workspaces installed through the OAuth flow rather than one bot token."""
    api_url: str


def check_settings(slack: SlackSettings) -> SlackMode:
    """The mode the settings ask for; SlackSettingsError listing every problem otherwise."""
    problems: list[str] = []
    secret = secret_value(slack.signing_secret)
    bot_token = secret_value(slack.bot_token)
    app_token = secret_value(slack.app_token)
    client_secret = secret_value(slack.client_secret)
    oauth = bool(slack.client_id or client_secret)
    if oauth and not (slack.client_id and client_secret):
        problems.append("SLACK_CLIENT_ID and SLACK_CLIENT_SECRET go together for installs in many workspaces.")
    if oauth and bot_token:
        problems.append("Set SLACK_BOT_TOKEN for one workspace or SLACK_CLIENT_ID/SECRET for many, not both.")
    if bot_token and not bot_token.startswith("xoxb-"):
        problems.append("SLACK_BOT_TOKEN must be the bot token (it starts with xoxb-).")
    if app_token:
        if not app_token.startswith("xapp-"):
            problems.append("SLACK_APP_TOKEN must be an app-level token (it starts with xapp-).")
        if not bot_token:
            problems.append("Socket Mode (SLACK_APP_TOKEN) also needs SLACK_BOT_TOKEN.")
        if oauth:
            problems.append("Installs in many workspaces need HTTP mode: unset SLACK_APP_TOKEN.")
    else:
        if not secret:
            problems.append(
                "SLACK_SIGNING_SECRET is empty: HTTP mode needs it to check that requests come from Slack "
                "(Basic Information → App Credentials). For a first try without a public URL, use Socket Mode "
                "with SLACK_APP_TOKEN instead."
            )
        if not bot_token and not oauth:
            problems.append("Set SLACK_BOT_TOKEN (one workspace) or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET (many).")
    api_url = slack.api_url or DEFAULT_API_URL
    if not api_url.startswith(("https://", "http://")):
        problems.append(f"SLACK_API_URL must be an http(s) URL, such as {DEFAULT_API_URL}.")
    if not _PREFIX.match(slack.command_prefix):
        problems.append("SLACK_COMMAND_PREFIX may hold up to 20 lowercase letters, digits, '-' or '_'.")
    if problems:
        raise SlackSettingsError(problems)
    return SlackMode(socket=bool(app_token), oauth=oauth, api_url=api_url.rstrip("/") + "/")


def secret_value(secret: SecretStr | None) -> str:
    return secret.get_secret_value().strip() if secret is not None else ""


def token_sealer(settings: Settings, mode: SlackMode) -> Sealer | Unsealed:
    """How installation rows are kept; in OAuth mode a key is required unless the operator opted out."""
    keys = secret_value(settings.core.secret_key)
    try:
        found = sealer(keys)
    except SealError as error:
        raise SlackSettingsError(
            [f"COMPANION_SECRET_KEY is {error}: make one with `companion slack new-key`."]
        ) from None
    if mode.oauth and isinstance(found, Unsealed) and not settings.slack.allow_plaintext_tokens:
        raise SlackSettingsError(
            [
                "COMPANION_SECRET_KEY is empty: installs in many workspaces keep every workspace's bot token in "
                "COMPANION_DB. Set it to a key from `companion slack new-key`, or set "
                "SLACK_ALLOW_PLAINTEXT_TOKENS=true to store them unencrypted."
            ]
        )
    return found
