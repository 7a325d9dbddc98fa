"""Sharding as Discord enforces it, in the fake; and one process running some of the shards, in process."""

from __future__ import annotations

import asyncio
import json

import aiohttp
import pytest

from adapters.discord import _shards as shards
from bot.store import SqliteStore
from tests.adapters.discord.fake import FakeDiscord


async def _identify(fake: FakeDiscord, shard: list[int]) -> int | None:
    """IDENTIFY over a raw websocket; the close code Discord answers with, or None when READY came."""
    async with aiohttp.ClientSession(trust_env=False) as session:
        async with session.ws_connect(str(fake.gateway_url) + "?v=10&encoding=json") as socket:
            hello = await socket.receive_json(timeout=10)
            assert hello["op"] == 10
            identify = {"token": fake.token, "intents": 1, "properties": {}, "shard": shard}
            await socket.send_str(json.dumps({"op": 2, "d": identify}))
            frame = await socket.receive(timeout=10)
            if frame.type is aiohttp.WSMsgType.TEXT:
                assert json.loads(frame.data)["t"] == "READY"
                return None
            return socket.close_code


@pytest.mark.parametrize("shard", [[4, 4], [7, 2], [-1, 4], [0, 0]])
async def test_an_identify_for_a_shard_outside_the_count_is_closed_4010(fake, shard):
    assert await _identify(fake, shard) == 4010
    assert fake.sessions == []


async def test_too_many_servers_on_one_shard_is_closed_4011():
    fake = FakeDiscord(most_guilds_per_shard=2)
    await fake.start()
    try:
        for number in range(3):
            fake.add_guild(f"server {number}", shard=1, count=2)
        assert await _identify(fake, [1, 2]) == 4011
        assert await _identify(fake, [0, 2]) is None  # the first server and none of these: under the limit
        assert fake.refused_identifies == [((1, 2), 4011)]
    finally:
        await fake.close()


async def test_gateway_bot_recommends_a_shard_per_thousand_servers(fake):
    fake.guilds.extend([fake.guild] * 1200)  # the count is what matters here, not the servers themselves
    async with aiohttp.ClientSession(trust_env=False) as session:
        headers = {"Authorization": f"Bot {fake.token}"}
        async with session.get(fake.api_base + "/gateway/bot", headers=headers) as response:
            found = await response.json(content_type=None)
    assert found["shards"] == 2 and found["session_start_limit"]["max_concurrency"] == 1


async def test_servers_are_sent_only_to_the_connection_for_their_shard(fake, bots):
    on_one = fake.add_guild("on shard 1", shard=1, count=2)
    on_zero = fake.add_guild("on shard 0", shard=0, count=2)
    bot = await bots.start(shard_count=2, shard_ids=(1,))
    assert [tuple(frame["d"]["shard"]) for frame in fake.gateway_received if frame["op"] == 2] == [(1, 2)]
    assert on_one.id in {guild.id for guild in bot.guilds} and on_zero.id not in {guild.id for guild in bot.guilds}
    assert not [call for call in fake.calls if call.method == "PUT"]  # shard 0's process registers the commands
    assert fake.commands == {}


async def test_a_process_gives_back_its_shards_at_a_clean_stop(fake, bots):
    bot = await bots.start(shard_count=2, shard_ids=(0,))
    store = bot.companion.store
    assert await store.claim_shards([0], 2, "another process", 30.0) != []  # held while it runs
    await bots.stop(bot)
    reopened = await SqliteStore.open(bots.db)
    try:
        assert await reopened.claim_shards([0], 2, "another process", 30.0) == []
    finally:
        await reopened.close()


async def test_a_process_whose_shards_were_taken_over_stops_serving_them(fake, bots, monkeypatch):
    monkeypatch.setattr(shards, "RENEW_EVERY", 0.05)
    bot = await bots.start(shard_count=2, shard_ids=(1,))
    task = next(task for running, task in bots._running if running is bot)
    fake.unwatch(task)
    # As after this process went quiet past its lease (a long pause, the database unreachable): another took over.
    await bot.companion.store.db.execute("UPDATE discord_shard_lease SET holder = 'another process'")
    await fake.until(bot.is_closed, "the bot to stop serving the shard", timeout=30)
    await asyncio.wait_for(task, 30)
    assert fake.sessions == []
