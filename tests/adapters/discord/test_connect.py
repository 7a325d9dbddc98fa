"""Login, the gateway handshake, command sync and sharding, as the fake saw them on the wire."""

import asyncio

import discord
import pytest

from adapters.discord import build_bot
from bot.commands import CommandSet
from bot.features import ALL_FEATURES
from bot.runner import run
from bot.settings import SlackSettings


def puts(fake):
    return [call.path for call in fake.calls if call.method == "PUT"]


async def test_the_bot_identifies_with_no_privileged_intent_and_syncs_globally(fake, bot):
    identify = next(frame["d"] for frame in fake.gateway_received if frame["op"] == 2)
    assert identify["token"] == fake.token
    assert identify["intents"] == 1  # GUILDS only: interactions need no intent at all
    assert fake.gateway_connections[0]["compress"] == "zlib-stream"
    assert puts(fake) == [f"/api/v10/applications/{fake.application_id}/commands"]
    declared = {entry.name for entry in CommandSet(ALL_FEATURES).top_level()}
    assert {command["name"] for command in fake.commands[None]} == declared
    messages = await fake.answered(await fake.slash("alice", "help"))
    assert "/bio" in messages[0]["embeds"][0]["description"]


async def test_development_sync_goes_to_one_server_only(fake, bots):
    await bots.start(guild_id=fake.guild.id)
    assert puts(fake) == [f"/api/v10/applications/{fake.application_id}/guilds/{fake.guild.id}/commands"]
    assert None not in fake.commands
    interaction = await fake.slash("alice", "progress")
    assert interaction.data["guild_id"] == str(fake.guild.id)
    assert "S1E0" in (await fake.answered(interaction))[0]["content"]


async def test_a_wrong_token_fails_at_login(fake, bots):
    bots.allow_rejections = True
    bot = build_bot(bots.settings())
    with pytest.raises(discord.LoginFailure):
        await bot.start("not-the-token")
    await bot.close()
    assert [call.status for call in fake.calls] == [401]


@pytest.mark.parametrize("shards", [1, 0])
async def test_a_shard_count_runs_the_auto_sharded_client(fake, bots, shards):
    await bots.start(shard_count=shards)
    identify = next(frame["d"] for frame in fake.gateway_received if frame["op"] == 2)
    assert identify["shard"] == [0, 1]
    asked_discord = any(call.path == "/api/v10/gateway/bot" for call in fake.calls)
    assert asked_discord == (shards == 0)  # 0: Discord's recommended count
    assert (await fake.answered(await fake.slash("bob", "progress")))[0]["flags"] == 64


async def test_after_a_reconnect_the_session_resumes_and_commands_still_work(fake, bot):
    await fake.reconnect()
    await fake.until(lambda: fake.resumes == 1, "RESUME")
    resume = next(frame["d"] for frame in fake.gateway_received if frame["op"] == 6)
    assert resume["session_id"] == fake.sessions[0].session_id
    assert (await fake.answered(await fake.slash("alice", "progress")))[0]["content"]


async def test_companion_run_starts_discord_when_a_token_is_set(fake, bots):
    settings = bots.settings(guild_ready_timeout=0.05)
    settings.slack = SlackSettings(bot_token=None, client_id=None)
    running = asyncio.create_task(run(settings))
    fake.watch(running)
    await fake.until(lambda: fake.commands and fake.sessions, "the bot started by `companion run`")
    assert (await fake.answered(await fake.slash("alice", "progress")))[0]["content"].startswith("You are at S1E0")
    fake.unwatch(running)
    running.cancel()
    with pytest.raises(asyncio.CancelledError):
        await running
