"""The App Home tab: the viewer's progress, their standing and the leaderboard, published on opening."""

from __future__ import annotations

from tests.adapters.slack.conftest import SlackWorld
from tests.adapters.slack.fake_slack import texts_of
from tests.bot.spoiler_invariant import assert_text_has_no_spoilers


async def _home_of(world: SlackWorld, user: str) -> str:
    sent = await world.sender.open_home(user)
    assert sent.status == 200
    calls = await world.fake.wait_for("views.publish", where=lambda call: call.args["user_id"] == user)
    assert calls[-1].args["view"]["type"] == "home"
    return "\n".join(texts_of(calls[-1]))


async def test_home_shows_progress_and_an_empty_board(world: SlackWorld):
    await world.ask("/progress S1E4", user="U1")
    home = await _home_of(world, "U1")
    assert "S1E4" in home and "Your trivia score" in home and "Nobody has scored yet" in home
    assert_text_has_no_spoilers(home, "S1E4")


async def test_home_shows_rank_and_leaderboard_after_a_round(world: SlackWorld):
    await world.ask("/horizon S1E10", user="UMOD")
    await world.ask("/trivia start questions:1 seconds:10", user="U1")
    [question] = await world.fake.wait_for("chat.postMessage")
    values = [e["value"] for b in question.args["blocks"] if b["type"] == "actions" for e in b["elements"]]
    asked = await world.companion.store.asked_question(int(values[0].split(":")[1]), 1)
    assert asked is not None
    right = next(value for value in values if value.endswith(asked.letter))
    wrong = next(value for value in values if not value.endswith(asked.letter))
    for user, value in (("U2", wrong), ("U1", right)):
        await world.click(value, user=user, message_ts=question.answer["ts"])
    await world.clock.advance(10)
    await world.fake.wait_for("chat.postMessage", 3)
    home = await _home_of(world, "U2")
    # Alice ran a command (users.info named her); Bob only pressed, so the press's own payload names him.
    assert "This server, all time" in home and "1. Alice" in home and "2. u2" in home
    assert "Trivia leaderboard: this server" in home


async def test_only_the_home_tab_is_published(world: SlackWorld):
    messages_tab = {"type": "app_home_opened", "user": "U1", "channel": "DU1", "tab": "messages", "event_ts": "1.1"}
    assert (await world.sender.event(messages_tab)).status == 200
    await _home_of(world, "U2")
    assert [call.args["user_id"] for call in world.fake.calls_to("views.publish")] == ["U2"]
