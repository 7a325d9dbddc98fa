"""Viewer progress and channel horizons: durable across restarts, keyed by platform and server."""

from __future__ import annotations

from bot.episodes import Episode
from bot.request import Place
from bot.spoilers import Policy
from bot.store import SERVER_WIDE, Store

S1E2, S1E4, S1E7 = Episode(1, 2), Episode(1, 4), Episode(1, 7)


async def test_progress_and_horizons_survive_a_restart(stores):
    store = await stores()
    await store.set_progress("discord", "guild-1", "ana", S1E4)
    await store.set_channel_horizon(Place("discord", "guild-1", "watch"), S1E2, Policy.OMIT, "mod")
    await store.close()

    reopened = await stores()
    assert await reopened.progress("discord", "guild-1", "ana") == S1E4
    horizon = await reopened.channel_horizon(Place("discord", "guild-1", "watch"))
    assert (horizon.episode, horizon.policy, horizon.set_by, horizon.server_default) == (
        S1E2,
        Policy.OMIT,
        "mod",
        False,
    )


async def test_a_second_connection_sees_each_write_at_once(stores):
    """Two processes on one database (a Discord shard and a Slack worker): what one acknowledged, the other reads."""
    writer, reader = await stores(), await stores()
    await writer.set_progress("slack", "T1", "U1", S1E7)
    assert await reader.progress("slack", "T1", "U1") == S1E7


async def test_the_same_user_id_on_two_servers_or_platforms_is_two_viewers(store: Store):
    await store.set_progress("discord", "guild-1", "42", S1E4)
    await store.set_progress("discord", "guild-2", "42", S1E7)
    assert await store.progress("discord", "guild-1", "42") == S1E4
    assert await store.progress("discord", "guild-2", "42") == S1E7
    assert await store.progress("slack", "guild-1", "42") is None
    assert await store.progress("discord", "guild-3", "42") is None


async def test_setting_progress_again_replaces_it(store: Store):
    await store.set_progress("console", "local", "you", S1E7)
    await store.set_progress("console", "local", "you", S1E2)
    assert await store.progress("console", "local", "you") == S1E2


async def test_a_channel_horizon_is_per_channel_per_server(store: Store):
    await store.set_channel_horizon(Place("discord", "guild-1", "watch"), S1E4, Policy.HIDE, "mod")
    assert await store.channel_horizon(Place("discord", "guild-1", "general")) is None
    assert await store.channel_horizon(Place("discord", "guild-2", "watch")) is None
    assert await store.channel_horizon(Place("slack", "guild-1", "watch")) is None


async def test_the_server_default_applies_where_a_channel_has_none_of_its_own(store: Store):
    await store.set_channel_horizon(Place("discord", "guild-1", SERVER_WIDE), S1E2, Policy.OMIT, "admin")
    await store.set_channel_horizon(Place("discord", "guild-1", "spoilers"), S1E7, Policy.HIDE, "mod")
    default = await store.channel_horizon(Place("discord", "guild-1", "general"))
    own = await store.channel_horizon(Place("discord", "guild-1", "spoilers"))
    assert (default.episode, default.policy, default.server_default) == (S1E2, Policy.OMIT, True)
    assert (own.episode, own.policy, own.server_default) == (S1E7, Policy.HIDE, False)
    assert await store.channel_horizon(Place("discord", "guild-2", "general")) is None


async def test_text_that_looks_like_sql_is_only_text(store: Store):
    sneaky = "x'); DROP TABLE viewer_progress; --"
    await store.set_progress("console", sneaky, sneaky, S1E4)
    assert await store.progress("console", sneaky, sneaky) == S1E4
    assert await store.progress("console", "local", "you") is None
