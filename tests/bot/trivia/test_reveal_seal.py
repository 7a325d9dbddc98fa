"""Two companions on one database (SQLite file or PostgreSQL): an answer that reached one of them before the close
but is written only after the other (the round's keeper) revealed the question is not told "Got it"; it is told
it did not count, and the reveal and the final table stand."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.companion import Companion
from bot.request import Press
from bot.trivia import FEATURE
from bot.trivia._model import Answer, Recorded
from tests.backends import BACKENDS, Opener, location, opener
from tests.bot.trivia.conftest import PLACE, PLAYERS, RecordingOutbox, correct_letter, plain, until
from tests.clock import ManualClock
from tests.conftest import FACTS

ANA, BEN = PLAYERS[0], PLAYERS[1]
HOST = PLAYERS[3]


@pytest.fixture(params=BACKENDS)
async def stores(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Opener]:
    async with location(request.param, tmp_path) as where, opener(where) as open_one:
        yield open_one


async def test_an_answer_written_after_the_other_companion_revealed_is_not_told_it_counted(stores: Opener):
    clock = ManualClock(datetime.now(UTC))
    keeper_outbox = RecordingOutbox()
    keeper = Companion(FACTS, await stores(), clock=clock, outbox=keeper_outbox, features=[FEATURE])
    other = Companion(FACTS, await stores(), clock=clock, outbox=RecordingOutbox(), features=[FEATURE])
    await keeper.handle_text(PLACE, HOST, "/horizon S1E10")
    await keeper.handle_text(PLACE, HOST, "/trivia start questions:1 seconds:30")
    _, question = keeper_outbox.posts[-1]
    running = await keeper.store.running_round(PLACE)
    assert running is not None
    button = next(action.id for action in question.actions if action.label == correct_letter(question))
    assert "Got it" in plain(await other.press(Press(PLACE, BEN, button)))  # written at once: in the reveal

    slow, writing = asyncio.Event(), asyncio.Event()
    record = other.store.record_answer

    async def held_up(answer: Answer, *, patience: float | None = None) -> Recorded:
        writing.set()
        await slow.wait()  # the other process is slow to write it: a busy host, a long GC pause
        return await record(answer, patience=patience)

    other.store.record_answer = held_up  # type: ignore[method-assign]
    await until(lambda: clock.sleepers > 0)
    await clock.advance(29)
    pressed = asyncio.ensure_future(other.press(Press(PLACE, ANA, button, arrived_at=clock.now())))
    await asyncio.wait_for(writing.wait(), 5)
    await clock.advance(1)  # the keeper closes the question, reveals it and posts the round's table
    await keeper_outbox.wait_for(lambda: keeper_outbox.texts()[-1].startswith("Trivia round over"))
    final = keeper_outbox.texts()[-1]
    assert "1 of 1 got it: Ben" in keeper_outbox.texts()[-2] and "Ana" not in final
    slow.set()

    reply = plain(await asyncio.wait_for(pressed, 10))
    assert reply == "Question 1 closed just before your answer arrived, so it did not count."
    assert [s.user for s in await keeper.store.round_table(running.id)] == [BEN.user]
    for one in (keeper, other):
        await one.close()
