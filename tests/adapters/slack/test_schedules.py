"""Scheduled work reaches Slack through chat.postMessage: a scheduled trivia round and a watch-party step."""

from __future__ import annotations

from tests.adapters.slack.conftest import SlackWorld
from tests.adapters.slack.fake_slack import texts_of
from tests.bot.spoiler_invariant import assert_text_has_no_spoilers


async def test_a_scheduled_round_fires_in_the_channel(world: SlackWorld):
    await world.ask("/horizon S1E2", user="UMOD")
    scheduled = await world.ask('/schedule trivia when:"2026-01-02 20:05" questions:1 seconds:10', user="UMOD")
    assert "Scheduled #1" in scheduled.text and not scheduled.public
    assert world.fake.calls_to("chat.postMessage") == []
    listed = await world.ask("/schedule list", user="U1")
    assert "#1 trivia round here" in listed.text

    await world.minutes_pass(5)
    posts = await world.fake.wait_for("chat.postMessage")
    question = next(call for call in posts if any(b["type"] == "actions" for b in call.args["blocks"]))
    assert question.args["channel"] == "C1"
    assert_text_has_no_spoilers("\n".join(texts_of(question)), "S1E2")


async def test_a_scheduled_watch_party_step_posts_its_recap(world: SlackWorld):
    await world.ask("/watchparty start episode:S1E9", user="UMOD")
    await world.ask('/schedule recap when:"2026-01-02 20:05"', user="UMOD")
    await world.minutes_pass(5)
    posts = await world.fake.wait_for("chat.postMessage", where=lambda call: "S1E10" in call.args["text"])
    recap = "\n".join(texts_of(posts[0]))
    assert_text_has_no_spoilers(recap, "S1E9")
    assert "Mark S1E10 watched" in recap and "Hidden:" in recap
