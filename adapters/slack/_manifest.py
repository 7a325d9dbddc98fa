"""The Slack app manifest, generated from the core's command declarations (`companion slack manifest`)."""

from __future__ import annotations

from typing import Any

import yaml

from adapters.slack._app import BOT_SCOPES, EVENTS_PATH, GUARD_SCOPES, REDIRECT_PATH
from adapters.slack._commands import slash_commands
from bot.commands import CommandSet

PLACEHOLDER_URL = "https://YOUR-HOST"


def manifest(
    commands: CommandSet,
    *,
    name: str = "Show Companion",
    prefix: str = "",
    url: str | None = None,
    socket_mode: bool = False,
    oauth: bool = False,
    guard: bool = False,
) -> dict[str, Any]:
    """Socket Mode needs no URLs; HTTP mode sends everything to one Request URL, `<url>/slack/events`. The spoiler
    guard (`guard`) adds members' messages: the `message.channels` event and the `channels:history` scope."""
    base = (url or PLACEHOLDER_URL).rstrip("/")
    events_url = {} if socket_mode else {"url": base + EVENTS_PATH}
    request_url = {} if socket_mode else {"request_url": base + EVENTS_PATH}
    bot_events = ["app_home_opened"] + (["app_uninstalled", "tokens_revoked"] if oauth else [])
    bot_events += ["message.channels"] if guard else []
    scopes = list(BOT_SCOPES) + (list(GUARD_SCOPES) if guard else [])
    oauth_config: dict[str, Any] = {"scopes": {"bot": scopes}}
    if oauth:
        oauth_config = {"redirect_urls": [base + REDIRECT_PATH], **oauth_config}
    return {
        "display_information": {
            "name": name[:35],
            "description": "A spoiler-safe companion for your show: bios, recaps, trivia and watch parties.",
        },
        "features": {
            "app_home": {"home_tab_enabled": True, "messages_tab_enabled": False},
            "bot_user": {"display_name": name[:80], "always_online": True},
            "slash_commands": [
                {
                    "command": command.name,
                    **events_url,
                    "description": command.description,
                    **({"usage_hint": command.usage_hint} if command.usage_hint else {}),
                    "should_escape": False,
                }
                for command in slash_commands(commands, prefix)
            ],
        },
        "oauth_config": oauth_config,
        "settings": {
            "event_subscriptions": {**request_url, "bot_events": bot_events},
            "interactivity": {"is_enabled": True, **request_url},
            "org_deploy_enabled": False,
            "socket_mode_enabled": socket_mode,
            "token_rotation_enabled": False,
        },
    }


def manifest_yaml(commands: CommandSet, **options: Any) -> str:
    return yaml.safe_dump(manifest(commands, **options), sort_keys=False, allow_unicode=True, width=120)
