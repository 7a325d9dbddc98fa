"""Slack, through slack-bolt: slash commands from the core's declarations, Block Kit replies, Reveal
buttons that answer only the clicker, trivia buttons, an App Home tab; HTTP or Socket Mode."""

from adapters.slack._app import build_app
from adapters.slack._config import SlackSettingsError, check_settings
from adapters.slack._outbox import SlackOutbox
from adapters.slack._run import run_slack
from adapters.slack._server import SlackHttpServer

__all__ = ["SlackHttpServer", "SlackOutbox", "SlackSettingsError", "build_app", "check_settings", "run_slack"]
