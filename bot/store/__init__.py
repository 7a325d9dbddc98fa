"""Persistent state behind one interface: progress, horizons, trivia, schedules."""

from bot.store._interface import SERVER_WIDE, ChannelHorizon, Store
from bot.store._slack_installations import SlackInstallKey, SlackInstallStore
from bot.store._slack_requests import SlackRequestStore
from bot.store._slack_workspaces import SlackWorkspaceStore
from bot.store._sqlite import SqliteStore, migrate

__all__ = [
    "SERVER_WIDE",
    "ChannelHorizon",
    "SlackInstallKey",
    "SlackInstallStore",
    "SlackRequestStore",
    "SlackWorkspaceStore",
    "SqliteStore",
    "Store",
    "migrate",
]


async def open_store(path: str) -> SqliteStore:
    return await SqliteStore.open(path)
