"""Answers are timed when they reach the adapter: that moment decides whether they beat the question's close
and how many speed points they earn, however long they then wait to be processed or written."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

import pytest

from bot.request import Press
from bot.trivia import _rules as rules
from tests.bot.store.holders import lock_held
from tests.bot.trivia.conftest import HOST, PLACE, PLAYERS, Table, plain, until

ANA, BEN = PLAYERS[0], PLAYERS[1]


async def start(table: Table, seconds: int = 20) -> tuple[int, str]:
    await table.horizon("S1E10")
    await table.say(HOST, f"/trivia start questions:2 seconds:{seconds}")
    _, question = table.outbox.posts[-1]
    running = await table.store.running_round(PLACE)
    assert running is not None
    first = await table.store.asked_question(running.id, 1)
    assert first is not None
    return running.id, table.button(question, first.letter)


async def test_a_press_that_arrived_before_the_close_counts_with_its_arrival_speed(table: Table):
    round_id, right = await start(table)
    await table.clock.advance(19)
    arrived = table.clock.now()  # the press reached the adapter here, one second before the close…
    await table.clock.advance(1)
    await table.store.close_question(round_id, 1, table.clock.now())  # …closed (by another process, say) …
    reply = await table.companion.press(Press(PLACE, ANA, right, arrived_at=arrived))  # …before the reveal
    assert "Got it for question 1" in plain(reply)
    late = await table.companion.press(Press(PLACE, BEN, right, arrived_at=table.clock.now() + timedelta(seconds=1)))
    assert "has closed" in plain(late) or "Time's up" in plain(late)
    [ana] = await table.store.round_table(round_id)
    assert ana.user == ANA.user and ana.total_ms == 19_000
    assert ana.points == rules.points(True, timedelta(seconds=19), 20)


async def test_a_press_that_arrived_before_the_close_but_comes_after_the_reveal_is_told_it_did_not_count(
    table: Table,
):
    """The reveal seals the question: what it showed is final, and the press is not told "Got it"."""
    round_id, right = await start(table)
    await table.clock.advance(19)
    arrived = table.clock.now()
    await table.close_question()  # closed and revealed before the core got to the press
    assert "Nobody answered." in table.outbox.texts()[-2]  # the reveal
    reply = await table.companion.press(Press(PLACE, ANA, right, arrived_at=arrived))
    assert plain(reply) == "Question 1 closed just before your answer arrived, so it did not count."
    assert await table.store.round_table(round_id) == []


async def test_the_close_waits_for_an_answer_that_arrived_before_it_and_reveals_it(
    table: Table, caplog: pytest.LogCaptureFixture
):
    """The close is already waiting for the lock when the press (sent before the close) is processed."""
    round_id, right = await start(table)
    await table.clock.advance(19)
    arrived = table.clock.now()
    posts = len(table.outbox.posts)
    async with lock_held(table.path) as holder:
        await until(lambda: table.clock.sleepers > 0)
        with caplog.at_level(logging.WARNING):
            await table.clock.advance(2)  # the question's time is up: its timer starts closing it, and waits
            await until(lambda: "1 writes wait" in caplog.text, timeout=30)  # the close, and nothing else yet
        press = asyncio.ensure_future(table.companion.press(Press(PLACE, ANA, right, arrived_at=arrived)))
        await asyncio.sleep(0.05)
        assert not press.done() and len(table.outbox.posts) == posts
        await holder.release()
        reply = await asyncio.wait_for(press, 30)
    assert "Got it for question 1" in plain(reply)
    await table.outbox.wait_for(lambda: len(table.outbox.posts) >= posts + 2, timeout=30)
    reveal = plain(table.outbox.posts[posts][1])
    assert "1 of 1 got it: Ana" in reveal, reveal


async def test_a_typed_answer_goes_to_the_question_open_when_it_arrived(table: Table):
    round_id, _ = await start(table)
    first = await table.store.asked_question(round_id, 1)
    assert first is not None
    await table.clock.advance(10)
    arrived = table.clock.now()
    await table.clock.advance(10)
    await table.store.close_question(round_id, 1, table.clock.now())  # question 2 is open when it is processed
    reply = await table.companion.handle_text(PLACE, ANA, f"/trivia answer text:{first.letter}", arrived_at=arrived)
    assert "Got it for question 1" in plain(reply)
    [ana] = await table.store.round_table(round_id)
    assert ana.answered == 1 and ana.total_ms == 10_000
