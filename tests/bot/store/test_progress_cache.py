"""The read-through cache of progress and horizons never serves what the database does not hold."""

from __future__ import annotations

import asyncio

import pytest

from bot.episodes import Episode
from bot.request import Place
from bot.spoilers import Policy
from bot.store import SERVER_WIDE, SqliteStore, _progress, _recent
from bot.store._batch import transaction

S1E2, S1E4, S1E10 = Episode(1, 2), Episode(1, 4), Episode(1, 10)
WATCH = Place("slack", "T1", "watch")


@pytest.fixture
async def statements(store: SqliteStore) -> list[str]:
    """Every statement the store sends to SQLite, to see which reads the cache answered."""
    sent: list[str] = []
    await store.db.set_trace_callback(sent.append)
    return sent


SQLITE_ONLY = pytest.mark.parametrize("where", ["sqlite"], indirect=True)


@SQLITE_ONLY
async def test_repeated_reads_are_answered_from_memory(store, statements):
    await store.set_progress("slack", "T1", "ana", S1E4)
    for _ in range(5):
        assert await store.progress("slack", "T1", "ana") == S1E4
        assert await store.channel_horizon(WATCH) is None
    assert sum("FROM viewer_progress" in sql for sql in statements) == 1
    assert sum("FROM channel_horizon" in sql for sql in statements) == 1


async def test_a_write_is_read_back_at_once(store):
    assert await store.progress("slack", "T1", "ana") is None
    await store.set_progress("slack", "T1", "ana", S1E4)
    assert await store.progress("slack", "T1", "ana") == S1E4
    await store.set_progress("slack", "T1", "ana", S1E2)  # rewinding must not leave the later episode behind
    assert await store.progress("slack", "T1", "ana") == S1E2


async def test_a_server_default_reaches_channels_already_read(store):
    assert await store.channel_horizon(WATCH) is None
    await store.set_channel_horizon(Place("slack", "T1", SERVER_WIDE), S1E4, Policy.OMIT, "mod")
    horizon = await store.channel_horizon(WATCH)
    assert horizon is not None and (horizon.episode, horizon.server_default) == (S1E4, True)


@SQLITE_ONLY  # PostgreSQL's: test_progress_cache_postgres.py
async def test_a_rolled_back_horizon_is_never_served(store):
    await store.set_channel_horizon(WATCH, S1E2, Policy.HIDE, "mod")
    with pytest.raises(RuntimeError):
        async with transaction(store.db, store.write_lock):
            await store.write_channel_horizon(WATCH, S1E10, Policy.HIDE, "party")
            await store.channel_horizon(WATCH)  # read inside the transaction: must not be remembered
            raise RuntimeError("the party's insert failed")
    for _ in range(2):
        horizon = await store.channel_horizon(WATCH)
        assert horizon is not None and horizon.episode == S1E2


async def test_another_process_write_is_seen_once_the_cache_is_checked(tmp_path, monkeypatch):
    monkeypatch.setattr(_progress, "FRESH_SECONDS", 0.0)  # check on every read instead of at most every 0.1 s
    path = tmp_path / "companion.db"
    bot, other = await SqliteStore.open(path), await SqliteStore.open(path)
    try:
        await bot.set_progress("slack", "T1", "ana", S1E10)
        await bot.set_channel_horizon(WATCH, S1E10, Policy.HIDE, "mod")
        assert await bot.progress("slack", "T1", "ana") == S1E10
        await other.set_progress("slack", "T1", "ana", S1E2)
        await other.set_channel_horizon(WATCH, S1E2, Policy.HIDE, "mod")
        assert await bot.progress("slack", "T1", "ana") == S1E2
        horizon = await bot.channel_horizon(WATCH)
        assert horizon is not None and horizon.episode == S1E2
    finally:
        await bot.close()
        await other.close()


async def test_the_cache_holds_at_most_its_limit_and_stays_right(store, monkeypatch):
    monkeypatch.setattr(_recent, "LIMIT", 3)
    for number in range(6):
        await store.set_progress("slack", "T1", f"viewer-{number}", Episode(1, number))
    for _ in range(2):
        for number in range(6):
            assert await store.progress("slack", "T1", f"viewer-{number}") == Episode(1, number)
    assert store._recent is not None and len(store._recent.progress._rows) <= 3


async def test_another_store_on_the_database_is_heard_within_the_bound(stores, monkeypatch):
    """Two processes: what one writes, the other serves once the change is heard (SQLite: the next check of
    the file's version; PostgreSQL: the NOTIFY), never the old horizon after that."""
    monkeypatch.setattr(_progress, "FRESH_SECONDS", 0.0)
    bot, other = await stores(), await stores()
    await bot.set_channel_horizon(WATCH, S1E10, Policy.HIDE, "mod")
    assert (await bot.channel_horizon(WATCH)).episode == S1E10
    await other.set_channel_horizon(WATCH, S1E2, Policy.HIDE, "mod")
    await other.set_progress("slack", "T1", "ana", S1E2)
    for _ in range(1000):  # bounded: 10 s at most
        horizon = await bot.channel_horizon(WATCH)
        if horizon.episode == S1E2 and await bot.progress("slack", "T1", "ana") == S1E2:
            break
        await asyncio.sleep(0.01)
    assert (await bot.channel_horizon(WATCH)).episode == S1E2
    assert await bot.progress("slack", "T1", "ana") == S1E2
