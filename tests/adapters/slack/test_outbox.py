"""Where the bot is not a member, posts fail like Slack's; the person who caused one is told privately."""

from __future__ import annotations

import pytest

from adapters.slack import SlackOutbox
from bot.outbox import Posted
from bot.reply import message
from bot.request import Place
from tests.adapters.slack.conftest import SlackWorld


@pytest.mark.parametrize(("channel", "error"), [("C3", "not_in_channel"), ("G9", "channel_not_found")])
async def test_a_round_where_the_bot_is_not_a_member(world: SlackWorld, channel: str, error: str):
    world.expected_errors = {error}
    await world.ask("/horizon S1E10", user="UMOD", channel=channel)
    started = await world.ask("/trivia start questions:1 seconds:10", user="U1", channel=channel)
    [refused] = await world.fake.wait_for("chat.postMessage")
    assert refused.error == error
    assert started.public and len(started.buttons) == 4, "the question reaches the channel through the command"
    notes = await world.fake.wait_for("response_url", where=lambda call: call.url == started.call.url)
    assert not notes[0].public and "Invite me" in notes[0].args["text"]


async def test_the_outbox_posts_and_edits_through_the_app(world: SlackWorld):
    outbox = world.companion.outbox
    assert isinstance(outbox, SlackOutbox)
    posted = await outbox.post(world.companion_place("C1"), message("Watch party at 8"))
    assert posted is not None
    await outbox.edit(posted, message("Watch party at 9"))
    [update] = await world.fake.wait_for("chat.update")
    assert update.args["ts"] == posted.message_id and "9" in update.args["text"]
    assert update.token == "xoxb-test-token"


async def test_a_failed_edit_or_an_unconnected_outbox_changes_nothing(world: SlackWorld):
    world.expected_errors = {"message_not_found"}
    outbox = world.companion.outbox
    assert isinstance(outbox, SlackOutbox)
    await outbox.edit(Posted(world.companion_place("C1"), "1.000"), message("gone"))
    [update] = await world.fake.wait_for("chat.update")
    assert update.error == "message_not_found"
    assert await SlackOutbox().post(Place("slack", "T1", "C1"), message("hi")) is None
