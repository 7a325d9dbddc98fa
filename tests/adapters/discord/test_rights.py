"""Channel rights and server rights, as Discord computes them from roles and overwrites.

`helper` may manage #other only, through an overwrite there: they moderate #other, and nothing beyond it.
"""

from __future__ import annotations

import pytest

from bot.episodes import Episode
from bot.request import Place
from bot.store import SERVER_WIDE
from tests.adapters.discord.fake import FakeDiscord
from tests.adapters.discord.fake._model import ADMINISTRATOR, MANAGE_CHANNELS, MANAGE_GUILD, MEMBER
from tests.adapters.discord.reading import is_ephemeral, shown, spoiler_safe


@pytest.fixture
def other(fake: FakeDiscord) -> None:
    """#other, where a `helpers` role may manage the channel; `helper` has that role and nothing more."""
    fake.add_channel("other")
    fake.add_user("helper")
    helpers = fake.add_role("helpers", MEMBER, "helper")
    fake.overwrite("other", helpers, allow=MANAGE_CHANNELS)
    fake.add_user("manager", MEMBER | MANAGE_GUILD)
    fake.add_user("admin", MEMBER | ADMINISTRATOR)


async def said(fake: FakeDiscord, user: str, command: str, channel: str, **options: object) -> str:
    (answer,) = await fake.answered(await fake.slash(user, command, channel, **options))
    return shown(answer) + (" (ephemeral)" if is_ephemeral(answer) else "")


async def server_default(bot: object, fake: FakeDiscord) -> Episode | None:
    store = bot.companion.store  # type: ignore[attr-defined]
    found = await store.channel_horizon(Place("discord", str(fake.guild.id), SERVER_WIDE))
    return None if found is None else found.episode


async def test_an_overwrite_in_one_channel_never_sets_the_server_default(fake, other, bot):
    refused = await said(fake, "helper", "horizon", "other", episode="S1E10", server=True)
    assert "Only moderators of the whole server" in refused and "Nothing was changed" in refused
    assert refused.endswith("(ephemeral)")
    assert await server_default(bot, fake) is None
    (shared,) = await fake.answered(await fake.slash("alice", "bio", "general", name="Gary Pearlman", share=True))
    spoiler_safe(shared, "S1E0")  # the channel still follows the untouched default


async def test_the_overwrite_still_gives_rights_in_its_own_channel_and_nowhere_else(fake, other, bot):
    assert "This channel's horizon is now S1E3" in await said(fake, "helper", "horizon", "other", episode="S1E3")
    refused = await said(fake, "helper", "horizon", "general", episode="S1E3")
    assert "Only moderators can set a channel's horizon" in refused


@pytest.mark.parametrize("who", ["manager", "admin", "owner"])
async def test_manage_server_administrator_or_ownership_set_the_server_default(fake, other, bot, who):
    done = await said(fake, who, "horizon", "other", episode="S1E4", server=True)
    assert "This server's default horizon is now S1E4" in done
    assert await server_default(bot, fake) == Episode(1, 4)


async def test_a_channels_moderator_cannot_cancel_another_channels_schedule(fake, other, bot):
    made = await said(fake, "mod", "schedule trivia", "general", when="fridays 20:00")
    assert "Scheduled #1" in made
    refused = await said(fake, "helper", "schedule cancel", "other", id=1)
    assert "Only moderators of the whole server" in refused and "another channel" in refused
    (still,) = await bot.companion.store.active_schedules("discord", str(fake.guild.id))
    assert still.id == 1
    assert "Cancelled schedule #1" in await said(fake, "manager", "schedule cancel", "other", id=1)
