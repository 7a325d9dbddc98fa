"""Persistent state behind one port per area (see `_interface`); SQLite implements every port."""

from bot.horizons import SERVER_WIDE, ChannelHorizon
from bot.slack_installs import SlackInstallKey, SlackInstallStore, SlackWorkspaceStore
from bot.slack_requests import SlackRequestStore
from bot.store._faults import StoreGone, StoreUnusable
from bot.store._health import StoreHealth
from bot.store._interface import ProgressStore, ScheduleStore, Store, TriviaStore, WatchPartyStore
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
    "migrate",
]
