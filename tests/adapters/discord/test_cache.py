"""What the bot keeps of its servers: their roles and owner, for rights; their channels and threads only for
the spoiler guard. These read discord.py's cache, because what it holds is the point (its memory at scale:
`companion bench --only guilds`); test_rights.py shows rights still come out right without the channels."""

from __future__ import annotations

import discord

from adapters.discord import CompanionBot
from tests.adapters.discord.conftest import Bots
from tests.adapters.discord.fake import FakeDiscord
from tests.adapters.discord.fake._model import MANAGE_CHANNELS
from tests.adapters.discord.reading import shown


def cached(bot: CompanionBot, fake: FakeDiscord) -> discord.Guild:
    guild = bot.get_guild(fake.guild.id)
    assert guild is not None
    return guild


async def test_a_server_is_kept_with_its_owner_and_roles_and_without_its_channels(fake: FakeDiscord, bots: Bots):
    helpers = fake.add_role("helpers", MANAGE_CHANNELS, "alice")
    bot = await bots.start()
    guild = cached(bot, fake)
    assert guild.owner_id == fake.guild.members[0].id
    assert {role.id for role in guild.roles} == {role.id for role in fake.guild.roles()}
    assert guild.get_role(helpers.id) is not None and guild.get_role(helpers.id).permissions.manage_channels
    assert not guild.channels and not guild.threads


async def test_a_channel_or_thread_made_while_the_bot_runs_is_not_kept_either(fake, bot):
    later = await fake.create_channel("later")
    thread = await fake.start_thread("alice", "general", "theories")
    (reply,) = await fake.answered(await fake.slash("alice", "bio", "later", name="Renée Ballard"))
    assert "Ballard" in shown(reply)  # answered after both events: the bot has handled them
    assert bot.get_channel(later.id) is None and cached(bot, fake).get_thread(thread) is None
    assert not cached(bot, fake).channels


async def test_with_the_spoiler_guard_the_channels_are_kept(fake: FakeDiscord, bots: Bots):
    fake.message_content_enabled = True
    bot = await bots.start(message_content=True)
    later = await fake.create_channel("later")
    await fake.answered(await fake.slash("alice", "bio", "later", name="Renée Ballard"))
    assert {channel.id for channel in cached(bot, fake).text_channels} == {c.id for c in fake.guild.channels}
    assert isinstance(bot.get_channel(later.id), discord.TextChannel)
