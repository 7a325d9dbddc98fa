"""Persistent state behind one port per area (see `_interface`); SQLite and PostgreSQL implement every port."""

from pathlib import Path

from bot.horizons import SERVER_WIDE, ChannelHorizon
from bot.slack_installs import SlackInstallKey, SlackInstallStore, SlackWorkspaceStore
from bot.slack_requests import SlackRequestStore
from bot.store._faults import StoreGone, StoreUnusable
from bot.store._health import StoreHealth
from bot.store._interface import ProgressStore, ScheduleStore, Store, TriviaStore, WatchPartyStore
from bot.store._location import Location, StoreSettingError, locate
from bot.store._sqlite import NewerDatabaseError, SqliteStore, migrate

__all__ = [
    "SERVER_WIDE",
    "ChannelHorizon",
    "NewerDatabaseError",
    "ProgressStore",
    "ScheduleStore",
    "SlackInstallKey",
    "SlackInstallStore",
    "SlackRequestStore",
    "SlackWorkspaceStore",
    "SqliteStore",
    "Store",
    "StoreGone",
    "StoreHealth",
    "StoreUnusable",
    "TriviaStore",
    "WatchPartyStore",
    "Location",
    "StoreSettingError",
    "locate",
    "migrate",
    "open_store",
]

POOL_SIZE = 10
"""PostgreSQL connections per process unless COMPANION_DB_POOL says otherwise."""


async def open_store(where: str | Path, *, pool_size: int = POOL_SIZE) -> Store:
    """The store `COMPANION_DB` names: a SQLite file (the default) or a PostgreSQL database by URL."""
    location = locate(where)
    if location.backend == "postgresql":
        from bot.store._postgres import PostgresStore

        return await PostgresStore.open(location.target, pool_size=pool_size)
    return await SqliteStore.open(location.target)
