"""An answer pressed through `Companion.offer` counts only once its person is told: until then the question's
close waits for it, so taking it back (its reply never reached them) leaves it out of the reveal; once the close
has stopped waiting and revealed, it can no longer be taken back."""

from __future__ import annotations

import asyncio
import logging

import pytest

from bot.request import Press
from bot.trivia import _round as game
from tests.bot.trivia.conftest import PLACE, PLAYERS, Table, plain, until
from tests.bot.trivia.test_arrival import start

ANA, BEN = PLAYERS[0], PLAYERS[1]


async def closing(table: Table) -> int:
    """Let question 1's time run out; the number of posts before its close."""
    await until(lambda: table.clock.sleepers > 0)
    posts = len(table.outbox.posts)
    await table.clock.advance(21)
    return posts


async def closed(table: Table, round_id: int) -> None:
    async with asyncio.timeout(5):
        while (await table.store.asked_question(round_id, 1)).closed_at is None:  # type: ignore[union-attr]
            await asyncio.sleep(0.001)


async def test_an_answer_its_person_was_not_told_of_is_withdrawn_before_the_reveal(table: Table):
    round_id, right = await start(table)
    reply, pending = await table.companion.offer(Press(PLACE, ANA, right))
    told, told_pending = await table.companion.offer(Press(PLACE, BEN, right))
    assert "Got it for question 1" in plain(reply) and "Got it for question 1" in plain(told)
    told_pending.told()
    posts = await closing(table)
    await closed(table, round_id)  # the close now waits for Ana's answer
    assert len(table.outbox.posts) == posts
    assert await pending.untold()
    await table.outbox.wait_for(lambda: len(table.outbox.posts) >= posts + 2)
    assert "1 of 1 got it: Ben" in plain(table.outbox.posts[posts][1])
    assert [standing.user for standing in await table.store.round_table(round_id)] == [BEN.user]


async def test_an_answer_the_close_stopped_waiting_for_stays_counted(
    table: Table, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
):
    monkeypatch.setattr(game, "CLOSE_GRACE", game.CLOSE_GRACE / 100)
    round_id, right = await start(table)
    _, pending = await table.companion.offer(Press(PLACE, ANA, right))
    posts = await closing(table)
    await table.outbox.wait_for(lambda: len(table.outbox.posts) >= posts + 2)
    assert "1 of 1 got it: Ana" in plain(table.outbox.posts[posts][1])
    with caplog.at_level(logging.WARNING):
        assert not await pending.untold()  # the reveal named Ana: the tables must agree with it
    assert "already revealed" in caplog.text
    assert [standing.user for standing in await table.store.round_table(round_id)] == [ANA.user]


async def test_a_press_through_press_is_not_held(table: Table):
    """Slack (and the console) tell their person on their own: `press` counts the answer at once."""
    round_id, right = await start(table)
    assert "Got it" in plain(await table.press(ANA, right))
    posts = await closing(table)
    await table.outbox.wait_for(lambda: len(table.outbox.posts) >= posts + 2)
    assert "1 of 1 got it: Ana" in plain(table.outbox.posts[posts][1])
