"""A full trivia round on Slack: the question posted with A–D buttons, several people clicking (once each),
the question updated at its close, the reveal and the table posted, a typed answer, the leaderboard."""

from __future__ import annotations

import asyncio

from tests.adapters.slack.conftest import SlackWorld
from tests.adapters.slack.fake_slack import Call, texts_of
from tests.bot.spoiler_invariant import assert_text_has_no_spoilers

HORIZON = "S1E4"


def _buttons(call: Call) -> list[dict]:
    return [e for block in call.args["blocks"] if block["type"] == "actions" for e in block["elements"]]


async def test_a_full_round_with_buttons(world: SlackWorld):
    await world.ask(f"/horizon {HORIZON}", user="UMOD")
    started = await world.ask("/trivia start questions:2 seconds:20", user="U1")
    assert started.public and "question 1 is up" in started.text

    [question] = await world.fake.wait_for("chat.postMessage")
    buttons = _buttons(question)
    assert [button["text"]["text"] for button in buttons] == ["A", "B", "C", "D"]
    assert len({button["action_id"] for button in buttons}) == 4
    round_id = int(buttons[0]["value"].split(":")[1])
    asked = await world.companion.store.asked_question(round_id, 1)
    assert asked is not None
    right = next(b["value"] for b in buttons if b["value"].endswith(asked.letter))
    wrong = next(b["value"] for b in buttons if not b["value"].endswith(asked.letter))
    ts = question.answer["ts"]

    for user, value in (("U1", right), ("U2", wrong), ("U3", right)):
        counted = await world.click(value, user=user, message_ts=ts)
        assert not counted.public and "Got it" in counted.text
    second = await world.click(wrong, user="U1", message_ts=ts)
    assert not second.public and "already answered" in second.text

    await world.clock.advance(20)
    [closed] = await world.fake.wait_for("chat.update")
    assert closed.args["ts"] == ts and not any(b["type"] == "actions" for b in closed.args["blocks"])
    assert asked.answer in "\n".join(texts_of(closed))
    posts = await world.fake.wait_for("chat.postMessage", 3)
    reveal, next_question = posts[1], posts[2]
    assert "2 of 3 got it" in "\n".join(texts_of(reveal)) and "Alice" in "\n".join(texts_of(reveal))
    assert len(_buttons(next_question)) == 4

    second_question = await world.companion.store.asked_question(round_id, 2)
    assert second_question is not None
    typed = await world.ask(f"/trivia answer text:{second_question.answer}", user="U2")
    assert not typed.public and "Got it" in typed.text

    await world.clock.advance(20)
    await world.fake.wait_for("chat.update", 2)
    posts = await world.fake.wait_for("chat.postMessage", 5)
    table = "\n".join(texts_of(posts[-1]))
    # Bob's press named him by its payload ('u2'); a press never waits for users.info.
    assert "Trivia round over" in table and "Alice" in table and "u2" in table

    board = await world.ask("/trivia leaderboard", user="U3")
    assert "Alice" in board.text and "u3" in board.text

    for call in world.fake.calls:
        if call.public:
            assert_text_has_no_spoilers("\n".join(texts_of(call)), HORIZON, typed=[second_question.answer])


async def test_a_click_after_the_round_gets_a_private_note(world: SlackWorld):
    await world.ask("/horizon S1E10", user="UMOD")
    await world.ask("/trivia start questions:1 seconds:10", user="UMOD")
    [question] = await world.fake.wait_for("chat.postMessage")
    value = _buttons(question)[0]["value"]
    await world.clock.advance(10)
    await world.fake.wait_for("chat.update")
    late = await world.click(value, user="U2", message_ts=question.answer["ts"])
    assert not late.public and "ended" in late.text


async def test_an_answer_slack_would_not_take_does_not_count(world: SlackWorld):
    """The press is acknowledged at once and recorded, but its "Got it" cannot be posted (here: the
    response_url is gone by then): the person never saw it count, so it does not."""
    world.expected_errors = {"invalid_url"}
    await world.ask(f"/horizon {HORIZON}", user="UMOD")
    await world.ask("/trivia start questions:1 seconds:20", user="U1")
    [question] = await world.fake.wait_for("chat.postMessage")
    buttons = _buttons(question)
    round_id = int(buttons[0]["value"].split(":")[1])
    asked = await world.companion.store.asked_question(round_id, 1)
    assert asked is not None
    right = next(b["value"] for b in buttons if b["value"].endswith(asked.letter))
    slow = asyncio.Event()
    world.fake.hold_next = [slow]

    sent = await world.sender.click(right, user="U1", message_ts=question.answer["ts"])
    assert sent.status == 200
    async with asyncio.timeout(5):
        while not world.fake.holding:
            await asyncio.sleep(0.01)
    world.fake.hooks.clear()  # the response_url lapsed while the answer was on its way
    slow.set()
    [refused] = await world.fake.wait_for("response_url", where=lambda call: call.url == sent.response_url)
    assert not refused.ok and "Got it" in "\n".join(texts_of(refused))
    async with asyncio.timeout(5):
        while await world.companion.store.round_table(round_id):
            await asyncio.sleep(0.01)

    await world.clock.advance(20)
    posts = await world.fake.wait_for("chat.postMessage", 3)
    assert "Nobody answered" in "\n".join(texts_of(posts[1])) or "0 of 0" in "\n".join(texts_of(posts[1]))
