"""Persistent state behind one interface: progress, horizons, trivia, schedules."""

from bot.store._faults import StoreGone, StoreUnusable
from bot.store._health import StoreHealth
from bot.store._interface import SERVER_WIDE, ChannelHorizon, Store
from bot.store._slack_installations import SlackInstallKey, SlackInstallStore
from bot.store._sqlite import SqliteStore, migrate

__all__ = [
    "SERVER_WIDE",
    "ChannelHorizon",
    "SlackInstallKey",
    "SlackInstallStore",
    "SqliteStore",
    "Store",
    "StoreGone",
    "StoreHealth",
    "StoreUnusable",
    "migrate",
]


async def open_store(path: str) -> SqliteStore:
    return await SqliteStore.open(path)
