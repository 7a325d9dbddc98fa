"""Channel rights reach only the channel asked in; the server's default and other channels need server rights."""

from __future__ import annotations

import pytest

from bot.companion import Companion
from bot.request import Asker, Place
from bot.store import SERVER_WIDE
from tests.conftest import MODERATOR, PLACE, SERVER_MODERATOR, VIEWER

OTHER = Place(PLACE.platform, PLACE.server, "other")
SERVER = Place(PLACE.platform, PLACE.server, SERVER_WIDE)


async def say(companion: Companion, text: str, asker: Asker, place: Place = PLACE) -> str:
    reply = await companion.handle_text(place, asker, text)
    return " ".join(part.text for part in reply.parts)


def test_server_rights_include_the_channels():
    assert SERVER_MODERATOR.moderator and SERVER_MODERATOR.server_moderator
    assert MODERATOR.moderator and not MODERATOR.server_moderator


@pytest.mark.parametrize("text", ["/horizon S1E10 server:yes", "/horizon spoilers:omit server:yes"])
async def test_a_channel_moderator_cannot_set_the_server_default(companion, text):
    said = await say(companion, text, MODERATOR)
    assert said.startswith("Only moderators of the whole server") and "Nothing was changed." in said
    assert await companion.store.channel_horizon(SERVER) is None
    assert await companion.store.channel_horizon(PLACE) is None


async def test_a_server_moderator_sets_the_default_from_its_own_value(companion):
    await say(companion, "/horizon S1E2", SERVER_MODERATOR)  # this channel's own
    assert "default horizon is now S1E4" in await say(companion, "/horizon S1E4 server:yes", SERVER_MODERATOR)
    assert "default horizon is now S1E4" in await say(companion, "/horizon spoilers:omit server:yes", SERVER_MODERATOR)
    assert str((await companion.store.channel_horizon(SERVER)).episode) == "S1E4"


async def test_cancelling_another_channels_schedule_needs_server_rights(companion):
    assert "Scheduled #1" in await say(companion, "/schedule trivia fridays 20:00", MODERATOR)
    refused = await say(companion, "/schedule cancel 1", MODERATOR, OTHER)
    assert "Only moderators of the whole server" in refused and "another channel" in refused
    assert [s.id for s in await companion.store.active_schedules(PLACE.platform, PLACE.server)] == [1]
    assert "Only moderators can use /schedule cancel" in await say(companion, "/schedule cancel 1", VIEWER)
    assert "Cancelled schedule #1" in await say(companion, "/schedule cancel 1", SERVER_MODERATOR, OTHER)


async def test_a_channel_moderator_cancels_their_own_channels_schedule(companion):
    await say(companion, "/schedule trivia fridays 20:00", MODERATOR)
    assert "Cancelled schedule #1" in await say(companion, "/schedule cancel id:1", MODERATOR)
