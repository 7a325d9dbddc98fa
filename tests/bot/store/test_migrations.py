"""Migrations on real files: an old database is brought up to date with its data kept, once."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.episodes import Episode
from bot.request import Place
from bot.spoilers import Policy
from bot.store import SqliteStore
from bot.store import _sqlite as sqlite_module
from bot.store._migrations import MIGRATIONS

V1 = """
CREATE TABLE viewer_progress (
    platform TEXT NOT NULL,
    server TEXT NOT NULL,
    user_id TEXT NOT NULL,
    season INTEGER NOT NULL,
    episode INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (platform, server, user_id)
);
CREATE TABLE channel_horizon (
    platform TEXT NOT NULL,
    server TEXT NOT NULL,
    channel TEXT NOT NULL,          -- '*' holds the server-wide default
    season INTEGER NOT NULL,
    episode INTEGER NOT NULL,
    policy TEXT NOT NULL DEFAULT 'hide' CHECK (policy IN ('hide', 'omit')),
    set_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (platform, server, channel)
);
"""
"""Version 1 as it shipped. A released migration is never edited: new ones are added after it."""

LATEST = max(version for version, _, _ in MIGRATIONS)
WATCH = Place("discord", "guild-1", "watch")


def versions(path: Path) -> list[int]:
    with sqlite3.connect(path) as db:
        return [row[0] for row in db.execute("SELECT version FROM schema_version ORDER BY version")]


def v1_database(path: Path) -> Path:
    """A file as version 1 of the bot left it: its schema, its version row, and some data."""
    with sqlite3.connect(path) as db:
        db.executescript(V1)
        db.execute(
            "CREATE TABLE schema_version (version INTEGER NOT NULL, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        db.execute(
            "INSERT INTO schema_version VALUES (1, 'viewer progress and channel horizons', '2025-09-01T20:00:00+00:00')"
        )
        db.execute(
            "INSERT INTO viewer_progress VALUES ('discord', 'guild-1', 'ana', 1, 4, '2025-09-01T20:00:00+00:00')"
        )
        db.execute(
            "INSERT INTO channel_horizon VALUES "
            "('discord', 'guild-1', 'watch', 1, 2, 'omit', 'mod', '2025-09-01T20:00:00+00:00')"
        )
    db.close()
    return path


def test_version_one_is_as_it_shipped():
    version, _, script = MIGRATIONS[0]
    assert version == 1
    assert " ".join(script.split()) == " ".join(V1.split())


def test_versions_are_numbered_one_by_one_without_gaps():
    assert sorted(version for version, _, _ in MIGRATIONS) == list(range(1, len(MIGRATIONS) + 1))
    assert len({name for _, name, _ in MIGRATIONS}) == len(MIGRATIONS)


async def test_an_old_database_is_migrated_and_keeps_its_data(tmp_path):
    path = v1_database(tmp_path / "old.db")
    store = await SqliteStore.open(path)
    try:
        assert await store.progress("discord", "guild-1", "ana") == Episode(1, 4)
        horizon = await store.channel_horizon(WATCH)
        assert (horizon.episode, horizon.policy, horizon.set_by) == (Episode(1, 2), Policy.OMIT, "mod")
    finally:
        await store.close()
    assert versions(path) == list(range(1, LATEST + 1))


async def test_opening_twice_applies_nothing_twice(tmp_path):
    path = v1_database(tmp_path / "old.db")
    for _ in range(2):
        store = await SqliteStore.open(path)
        await store.set_progress("discord", "guild-1", "ana", Episode(1, 5))
        await store.close()
    assert versions(path) == list(range(1, LATEST + 1))
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT COUNT(*) FROM viewer_progress").fetchone() == (1,)
    db.close()


async def test_a_new_file_gets_every_migration(tmp_path):
    path = tmp_path / "nested" / "new.db"
    store = await SqliteStore.open(path)
    await store.close()
    assert versions(path) == list(range(1, LATEST + 1))


async def test_an_empty_file_is_a_new_database(tmp_path):
    path = tmp_path / "empty.db"
    path.write_bytes(b"")
    store = await SqliteStore.open(path)
    await store.close()
    assert versions(path) == list(range(1, LATEST + 1))


async def test_the_file_is_in_wal_mode(tmp_path):
    path = tmp_path / "companion.db"
    store = await SqliteStore.open(path)
    await store.set_progress("console", "local", "you", Episode(1, 1))
    try:
        with sqlite3.connect(path) as db:
            assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        db.close()
        assert (tmp_path / "companion.db-wal").exists()
    finally:
        await store.close()


async def test_a_failing_migration_changes_nothing(tmp_path, monkeypatch):
    """Each migration runs in one transaction: a broken one leaves the file exactly at the version before."""
    path = v1_database(tmp_path / "old.db")
    broken = (LATEST + 1, "a broken one", "CREATE TABLE half_done (x INTEGER); INSERT INTO no_such_table VALUES (1)")
    monkeypatch.setattr(sqlite_module, "MIGRATIONS", (*MIGRATIONS, broken))
    with pytest.raises(sqlite3.OperationalError, match="no_such_table"):
        await SqliteStore.open(path)
    assert versions(path) == list(range(1, LATEST + 1))
    with sqlite3.connect(path) as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert "half_done" not in tables
        assert db.execute("SELECT season, episode FROM viewer_progress").fetchall() == [(1, 4)]
    db.close()


def test_no_migration_hides_a_semicolon_in_a_comment():
    """Scripts are split on ';' before they run: one inside a comment cuts a statement in two."""
    for version, _, script in MIGRATIONS:
        for line in script.splitlines():
            _, dash, comment = line.partition("--")
            assert not (dash and ";" in comment), f"migration {version}: ';' in a comment: {line.strip()}"


async def test_a_database_from_a_newer_bot_is_refused(tmp_path):
    import aiosqlite

    from bot.store._sqlite import NewerDatabaseError

    path = tmp_path / "newer.db"
    store = await SqliteStore.open(path)
    await store.db.execute("INSERT INTO schema_version VALUES (999, 'from the future', '2030-01-01')")
    await store.close()
    with pytest.raises(NewerDatabaseError, match="newer Show Companion"):
        await SqliteStore.open(path)
    async with aiosqlite.connect(path) as db:
        rows = await db.execute_fetchall("SELECT COUNT(*) FROM schema_version WHERE version = 999")
    assert list(rows) == [(1,)]


async def test_times_written_by_version_five_are_read_as_the_same_moments(tmp_path, monkeypatch):
    """Version 5 wrote seconds in most tables, milliseconds in trivia's and unix seconds in Slack's; version 6
    rewrites them all as one encoding, so comparisons across tables and with new writes stay in time order."""
    from datetime import UTC, datetime

    import aiosqlite

    from bot.store import SlackInstallKey

    path = tmp_path / "v5.db"
    monkeypatch.setattr(sqlite_module, "MIGRATIONS", MIGRATIONS[:5])
    async with aiosqlite.connect(path, isolation_level=None) as db:
        await sqlite_module.migrate(db)
        await db.execute(
            "INSERT INTO schedule (platform, server, channel, job, rule, zone, phrase, created_by, created_at,"
            " next_due) VALUES ('discord', 'guild-1', 'watch', 'trivia', '0 20 * * 5', 'UTC', 'fridays 20:00', 'mod',"
            " '2026-03-01T10:00:00+00:00', '2026-03-06T20:00:00+00:00')"
        )
        await db.execute(
            "INSERT INTO schedule_firing VALUES (1, '2026-02-27T20:00:00+00:00', 'fired', 0, '', 'bot',"
            " '2026-02-27T20:00:01+00:00', '2026-02-27T20:00:02+00:00')"
        )
        await db.execute("INSERT INTO slack_installation VALUES ('app', 'bot', '', 'T1', '', 1767225600.5, '{}')")
        await db.execute("INSERT INTO slack_oauth_state VALUES ('s1', 4102444800.0)")
    monkeypatch.undo()
    store = await SqliteStore.open(path)
    try:
        schedule = await store.schedule(1)
        assert schedule is not None
        assert schedule.next_due == datetime(2026, 3, 6, 20, tzinfo=UTC)
        assert schedule.created_at == datetime(2026, 3, 1, 10, tzinfo=UTC)
        assert [f.slot for f in await store.firings(1)] == [datetime(2026, 2, 27, 20, tzinfo=UTC)]
        due = await store.due_schedules(datetime(2026, 3, 6, 20, tzinfo=UTC), 10)
        assert [s.id for s in due] == [1]  # the old text compares with a new one at the very same second
        assert await store.find_slack_install(SlackInstallKey("app", "bot", "", "T1", "")) == "{}"
        assert await store.consume_slack_oauth_state("s1", 4102444799.0) is True
    finally:
        await store.close()
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT next_due FROM schedule").fetchone() == ("2026-03-06T20:00:00.000+00:00",)
        assert db.execute("SELECT installed_at FROM slack_installation").fetchone() == (
            "2026-01-01T00:00:00.500+00:00",
        )
    db.close()
