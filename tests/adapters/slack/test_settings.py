"""Settings are checked at start: a missing secret is a clear message, never a silent 500."""

from __future__ import annotations

import pytest

from adapters.slack import SlackSettingsError, build_app, check_settings
from bot.settings import SlackSettings

HTTP = {"bot_token": "xoxb-1", "signing_secret": "s"}


def _settings(**values) -> SlackSettings:
    return SlackSettings(_env_file=None, **values)  # type: ignore[call-arg]


def _problems(**values) -> str:
    with pytest.raises(SlackSettingsError) as raised:
        check_settings(_settings(**values))
    return " ".join(raised.value.problems)


def test_http_mode_needs_a_signing_secret():
    assert "SLACK_SIGNING_SECRET is empty" in _problems(bot_token="xoxb-1")
    assert "SLACK_SIGNING_SECRET is empty" in _problems(bot_token="xoxb-1", signing_secret="   ")


def test_modes_follow_the_tokens():
    http = check_settings(_settings(**HTTP))
    assert (http.socket, http.oauth, http.api_url) == (False, False, "https://slack.com/api/")
    socket = check_settings(_settings(bot_token="xoxb-1", app_token="xapp-1", api_url="http://127.0.0.1:9/api"))
    assert (socket.socket, socket.oauth, socket.api_url) == (True, False, "http://127.0.0.1:9/api/")
    many = check_settings(_settings(signing_secret="s", client_id="1.2", client_secret="c"))
    assert (many.socket, many.oauth) == (False, True)


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ({"signing_secret": "s"}, "Set SLACK_BOT_TOKEN"),
        ({**HTTP, "bot_token": "xoxp-user"}, "starts with xoxb-"),
        ({"bot_token": "xoxb-1", "app_token": "xoxb-2"}, "starts with xapp-"),
        ({"app_token": "xapp-1"}, "also needs SLACK_BOT_TOKEN"),
        ({**HTTP, "client_id": "1.2", "client_secret": "c"}, "not both"),
        ({"signing_secret": "s", "client_id": "1.2"}, "go together"),
        ({"bot_token": "xoxb-1", "app_token": "xapp-1", "client_id": "1", "client_secret": "c"}, "need HTTP mode"),
        ({**HTTP, "api_url": "slack.com/api"}, "SLACK_API_URL"),
        ({**HTTP, "command_prefix": "Show Companion "}, "SLACK_COMMAND_PREFIX"),
    ],
)
def test_each_problem_is_named(values, expected):
    assert expected in _problems(**values)


def test_build_app_checks_too(companion):
    from bot.settings import Settings

    settings = Settings()
    settings.slack = _settings(bot_token="xoxb-1")
    with pytest.raises(SlackSettingsError):
        build_app(settings, companion)
