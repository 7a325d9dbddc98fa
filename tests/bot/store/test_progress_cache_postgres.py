"""PostgreSQL's side of the cache: a rolled-back write is never served, and a lost LISTEN drops the cache."""

from __future__ import annotations

import asyncio

import asyncpg
import pytest

from bot.episodes import Episode
from bot.request import Place
from bot.spoilers import Policy
from tests.backends import postgres_url

S1E2, S1E10 = Episode(1, 2), Episode(1, 10)
WATCH = Place("slack", "T1", "watch")

pytestmark = pytest.mark.parametrize("where", ["postgresql"], indirect=True)


async def until(check, seconds: float = 10.0) -> None:
    for _ in range(int(seconds / 0.01)):
        if await check():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("not within the bound")


async def test_a_rolled_back_horizon_is_never_served(store):
    await store.set_channel_horizon(WATCH, S1E2, Policy.HIDE, "mod")
    with pytest.raises(RuntimeError):
        async with store.horizon_writes(), store.pool.transaction() as db:
            await store.write_channel_horizon(db, WATCH, S1E10, Policy.HIDE, "party")
            await store.channel_horizon(WATCH)  # read meanwhile: must not be remembered
            raise RuntimeError("the party's insert failed")
    for _ in range(2):
        assert (await store.channel_horizon(WATCH)).episode == S1E2


async def test_a_lost_listen_connection_drops_the_cache_so_no_missed_change_is_served(stores):
    bot, other = await stores(), await stores()
    await bot.set_channel_horizon(WATCH, S1E10, Policy.HIDE, "mod")
    assert (await bot.channel_horizon(WATCH)).episode == S1E10  # remembered now
    back = asyncio.Event()
    reconnect = bot.changes._reconnect

    async def held_reconnect():
        await back.wait()
        await reconnect()

    bot.changes._reconnect = held_reconnect
    listening = bot.changes._connection.get_server_pid()
    admin = await asyncpg.connect(postgres_url())
    try:
        assert await admin.fetchval("SELECT pg_terminate_backend($1)", listening)
    finally:
        await admin.close()

    async def deaf() -> bool:
        return not bot.changes.hearing

    await until(deaf)
    await other.set_channel_horizon(WATCH, S1E2, Policy.HIDE, "mod")  # its NOTIFY reaches nobody in `bot`
    assert (await bot.channel_horizon(WATCH)).episode == S1E2
    assert (await bot.channel_horizon(WATCH)).episode == S1E2  # and nothing is remembered while deaf
    back.set()

    async def hearing() -> bool:
        return bot.changes.hearing

    await until(hearing)
    await other.set_channel_horizon(WATCH, S1E10, Policy.HIDE, "mod")

    async def heard() -> bool:
        return (await bot.channel_horizon(WATCH)).episode == S1E10

    await until(heard)


async def test_another_process_changing_one_viewer_leaves_the_others_cached(stores):
    """What one NOTIFY forgets is judged the moment it is heard: a loaded machine may lose the LISTEN
    connection's ping later and (rightly) drop the whole cache, which says nothing about one NOTIFY."""
    bot, other = await stores(), await stores()
    ana, ben = ("slack", "T1", "ana"), ("slack", "T1", "ben")
    for user in ("ana", "ben"):
        await bot.set_progress("slack", "T1", user, S1E2)
        assert await bot.progress("slack", "T1", user) == S1E2  # remembered
    assert bot.recent.progress.get(ana) == bot.recent.progress.get(ben) == S1E2
    after_each = []
    forget = bot.changes._forget

    def spied(what):
        forget(what)
        after_each.append((what, bot.recent.progress.get(ana), bot.recent.progress.get(ben)))

    bot.changes._forget = spied
    await other.set_progress("slack", "T1", "ana", S1E10)

    async def heard() -> bool:
        return any(what and "ana" in what for what, _, _ in after_each)

    await until(heard)
    what, ana_cached, ben_cached = next(seen for seen in after_each if seen[0] and "ana" in seen[0])
    assert ana_cached is not S1E2 and ana_cached != S1E2  # ana forgotten
    assert ben_cached == S1E2  # ben still remembered
    assert await bot.progress("slack", "T1", "ana") == S1E10


async def test_a_process_hearing_its_own_write_keeps_what_it_read_since(stores):
    """Its own writes forget their rows around the write; hearing the NOTIFY afterwards must not drop a
    fresher read (it did, late and at random, under load)."""
    bot, other = await stores(), await stores()
    ana = ("slack", "T1", "ana")
    heard: list[str | None] = []
    forget = bot.changes._forget

    def noted(what):
        heard.append(what)
        forget(what)

    bot.changes._forget = noted
    await bot.set_progress(*ana, S1E2)
    assert await bot.progress(*ana) == S1E2  # read after the write: remembered
    await other.set_progress("slack", "T1", "ben", S1E10)  # committed after ana's, so heard after it

    async def ben_heard() -> bool:
        return any(what and "ben" in what for what in heard)

    await until(ben_heard)
    assert bot.recent.progress.get(ana) == S1E2
    assert not any(what and "ana" in what for what in heard)
