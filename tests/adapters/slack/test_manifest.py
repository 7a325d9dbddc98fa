"""`companion slack manifest`: the app manifest generated from the declarations, within Slack's schema limits."""

from __future__ import annotations

import re

import yaml

from adapters.slack._manifest import manifest
from bot.cli import main
from bot.commands import CommandSet, Group
from bot.features import ALL_FEATURES

COMMANDS = CommandSet(ALL_FEATURES)


def test_one_slash_command_per_top_level_command_or_group():
    declared = manifest(COMMANDS, url="https://bot.example.org")["features"]["slash_commands"]
    assert [entry["command"] for entry in declared] == [f"/{entry.name}" for entry in COMMANDS.top_level()]
    by_name = {entry["command"]: entry for entry in declared}
    for entry in COMMANDS.top_level():
        shown = by_name[f"/{entry.name}"]
        assert shown["description"] == entry.description
        assert shown["url"] == "https://bot.example.org/slack/events"
        if isinstance(entry, Group):
            assert shown["usage_hint"].split(" | ") == [command.name for command in entry.commands]


def test_the_manifest_respects_slacks_published_limits():
    data = manifest(COMMANDS, prefix="show-companion-", url="https://bot.example.org/")
    assert 1 <= len(data["display_information"]["name"]) <= 35
    assert 1 <= len(data["display_information"]["description"]) <= 140
    assert 1 <= len(data["features"]["bot_user"]["display_name"]) <= 80
    commands = data["features"]["slash_commands"]
    assert 1 <= len(commands) <= 50
    for entry in commands:
        assert re.fullmatch(r"/[a-z0-9_-]{1,31}", entry["command"]), entry["command"]
        assert 1 <= len(entry["description"]) <= 2000
        assert 1 <= len(entry.get("usage_hint", "x")) <= 1000
        assert entry["should_escape"] is False
    settings = data["settings"]
    assert settings["interactivity"] == {"is_enabled": True, "request_url": "https://bot.example.org/slack/events"}
    assert settings["event_subscriptions"]["bot_events"] == ["app_home_opened"]
    assert data["features"]["app_home"]["home_tab_enabled"] is True
    assert {"commands", "chat:write", "users:read"} <= set(data["oauth_config"]["scopes"]["bot"])


def test_socket_mode_needs_no_urls_and_oauth_adds_the_redirect():
    socket = manifest(COMMANDS, socket_mode=True)
    assert socket["settings"]["socket_mode_enabled"] is True
    assert "url" not in str(socket["features"]) and "request_url" not in str(socket["settings"])
    many = manifest(COMMANDS, url="https://bot.example.org", oauth=True)
    assert many["oauth_config"]["redirect_urls"] == ["https://bot.example.org/slack/oauth_redirect"]
    assert {"app_uninstalled", "tokens_revoked"} <= set(many["settings"]["event_subscriptions"]["bot_events"])


def test_the_cli_prints_yaml(capsys, monkeypatch):
    monkeypatch.setenv("SLACK_COMMAND_PREFIX", "tv-")
    assert main(["slack", "manifest", "--url", "https://bot.example.org"]) == 0
    printed = yaml.safe_load(capsys.readouterr().out)
    assert printed["features"]["slash_commands"][0]["command"] == "/tv-help"
    assert main(["slack", "manifest"]) == 0
    captured = capsys.readouterr()
    assert "YOUR-HOST" in captured.out and "--url" in captured.err
