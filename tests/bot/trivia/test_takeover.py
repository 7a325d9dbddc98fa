"""Several companions on one database (SQLite file or PostgreSQL): a round whose keeper's lease lapses is taken
over by exactly one live companion, which finishes it with every acknowledged answer; leases go by the
database's clock, so a companion whose own clock is off keeps its rounds; and a start-up leaves a dead
keeper's round to the live companions instead of interrupting it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.companion import Companion
from bot.request import Press
from bot.trivia import FEATURE
from bot.trivia._model import RoundStatus
from bot.trivia._takeover import LEASE, LEAST_LEFT, MOVED_ON, TOOK_OVER, extended_line, take_over
from tests.backends import BACKENDS, Opener, location, opener
from tests.bot.trivia.conftest import PLACE, PLAYERS, RecordingOutbox, correct_letter, plain, until
from tests.clock import ManualClock
from tests.conftest import FACTS

ANA = PLAYERS[0]
HOST = PLAYERS[3]


@pytest.fixture(params=BACKENDS)
async def stores(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Opener]:
    async with location(request.param, tmp_path) as where, opener(where) as open_one:
        yield open_one


async def companion(stores: Opener, clock: ManualClock, outbox: RecordingOutbox | None = None) -> Companion:
    """One process's companion (trivia only); not started, so no lease of its own unless a test renews it."""
    return Companion(FACTS, await stores(), clock=clock, outbox=outbox or RecordingOutbox(), features=[FEATURE])


async def round_answered_then_keeper_gone(keeper: Companion, outbox: RecordingOutbox) -> int:
    """A one-question round started on `keeper`, Ana's answer acknowledged; then the keeper stops renewing."""
    await keeper.handle_text(PLACE, HOST, "/horizon S1E10")
    await keeper.handle_text(PLACE, HOST, "/trivia start questions:1 seconds:30")
    _, question = outbox.posts[-1]
    button = next(action.id for action in question.actions if action.label == correct_letter(question))
    reply = await keeper.press(Press(PLACE, ANA, button))
    assert "Got it" in reply.parts[0].text
    running = await keeper.store.running_round(PLACE)
    assert running is not None and running.keeper == keeper.identity
    for task in list(keeper._tasks):  # the process dies: its timer stops, its lease is not renewed
        task.cancel()
    return running.id


async def test_a_lapsed_keepers_round_is_taken_over_once_and_finished(stores: Opener):
    clock = ManualClock(datetime.now(UTC))
    dead_outbox, outbox_b, outbox_c = RecordingOutbox(), RecordingOutbox(), RecordingOutbox()
    dead = await companion(stores, clock, dead_outbox)
    round_id = await round_answered_then_keeper_gone(dead, dead_outbox)
    await dead.store.renew_lease(dead.identity, None, -1)  # its last renewal has run out
    b, c = await companion(stores, clock, outbox_b), await companion(stores, clock, outbox_c)
    for live in (b, c):
        await live.store.renew_lease(live.identity, None, LEASE * 10)

    won_b, won_c = await asyncio.gather(take_over(b, None), take_over(c, None))
    assert sorted(won_b + won_c) == [round_id]
    winner, winner_outbox = (b, outbox_b) if won_b else (c, outbox_c)
    assert [text for text in outbox_b.texts() + outbox_c.texts()] == [MOVED_ON]
    kept = await winner.store.trivia_round(round_id)
    assert kept is not None and kept.keeper == winner.identity
    assert await take_over(b, None) == [] and await take_over(c, None) == []  # its new keeper is alive

    await until(lambda: clock.sleepers > 0)
    await clock.advance(30)
    await winner_outbox.wait_for(lambda: any(t.startswith("Trivia round over") for t in winner_outbox.texts()))
    final = winner_outbox.texts()[-1]
    assert "1. Ana" in final
    done = await winner.store.trivia_round(round_id)
    assert done is not None and done.status is RoundStatus.COMPLETED
    for one in (dead, b, c):
        await one.close()


async def test_a_companion_whose_clock_is_two_minutes_off_keeps_its_round(stores: Opener):
    slow = ManualClock(datetime.now(UTC) - timedelta(minutes=2))
    fast = ManualClock(datetime.now(UTC) + timedelta(minutes=2))
    keeper_outbox = RecordingOutbox()
    keeper = await companion(stores, slow, keeper_outbox)
    await keeper.start()
    await keeper.handle_text(PLACE, HOST, "/trivia start questions:1 seconds:30")
    other = await companion(stores, fast)
    await other.start()
    assert await take_over(other, None) == []
    assert await take_over(keeper, None) == []
    running = await other.store.running_round(PLACE)
    assert running is not None and running.keeper == keeper.identity
    await other.close()
    await keeper.close()


async def test_a_start_up_leaves_a_dead_keepers_round_to_a_live_companion(stores: Opener):
    clock = ManualClock(datetime.now(UTC))
    dead_outbox = RecordingOutbox()
    dead = await companion(stores, clock, dead_outbox)
    round_id = await round_answered_then_keeper_gone(dead, dead_outbox)
    await clock.advance(600)  # long past any heartbeat a start-up would call stale
    alive = await companion(stores, clock)
    await alive.store.renew_lease(alive.identity, None, LEASE * 10)
    starting_outbox = RecordingOutbox()
    starting = await companion(stores, clock, starting_outbox)
    await starting.start()
    found = await starting.store.trivia_round(round_id)
    assert found is not None and found.status is RoundStatus.RUNNING
    assert not any(text.startswith("Round interrupted") for text in starting_outbox.texts())
    for one in (starting, alive, dead):
        await one.close()


async def test_a_companion_stopping_cleanly_hands_its_round_over_at_once(stores: Opener):
    """A rolling deploy: the stopping process releases its lease, so its round moves without waiting it out."""
    clock = ManualClock(datetime.now(UTC))
    leaving = await companion(stores, clock)
    await leaving.start()
    await leaving.handle_text(PLACE, HOST, "/horizon S1E10")
    await leaving.handle_text(PLACE, HOST, "/trivia start questions:1 seconds:30")
    running = await leaving.store.running_round(PLACE)
    assert running is not None
    staying_outbox = RecordingOutbox()
    staying = await companion(stores, clock, staying_outbox)
    await staying.store.renew_lease(staying.identity, None, LEASE * 10)
    assert await take_over(staying, None) == []  # the keeper is alive
    await leaving.close()
    assert await take_over(staying, None) == [running.id]
    assert staying_outbox.texts() == [MOVED_ON]
    await staying.close()


async def gone(keeper: Companion) -> None:
    """The process dies: its timer stops and its lease has run out."""
    for task in list(keeper._tasks):
        task.cancel()
    await keeper.store.renew_lease(keeper.identity, None, -1)


async def live(stores: Opener, clock: ManualClock, outbox: RecordingOutbox) -> Companion:
    alive = await companion(stores, clock, outbox)
    await alive.store.renew_lease(alive.identity, None, LEASE * 10)
    return alive


async def test_a_question_taken_over_just_before_its_close_gets_time_once_and_says_so(stores: Opener):
    clock = ManualClock(datetime.now(UTC).replace(microsecond=0))  # stored to the millisecond
    dead_outbox, outbox_b, outbox_c = RecordingOutbox(), RecordingOutbox(), RecordingOutbox()
    dead = await companion(stores, clock, dead_outbox)
    round_id = await round_answered_then_keeper_gone(dead, dead_outbox)
    _, question = dead_outbox.posts[-1]
    button = next(action.id for action in question.actions if action.label == correct_letter(question))
    c = await live(stores, clock, outbox_c)
    assert await c.store.round_with_question(round_id, 1) is not None  # c keeps the open question in memory
    await gone(dead)
    await clock.advance(27)  # it died with 3 seconds left on the question
    b = await live(stores, clock, outbox_b)

    assert await take_over(b, None) == [round_id]
    assert outbox_b.texts() == [
        "The bot process keeping this round stopped; another one took over; question 1 now closes in 10 seconds."
    ]
    assert extended_line(1, LEAST_LEFT) == outbox_b.texts()[0]
    moved = await b.store.asked_question(round_id, 1)
    assert moved is not None and moved.closes_at == clock.now() + LEAST_LEFT
    await until(lambda: clock.sleepers > 0)
    await clock.advance(5)  # past the old close: an answer in the extension counts, in every process
    reply = await c.press(Press(PLACE, PLAYERS[1], button, arrived_at=clock.now()))
    assert plain(reply).startswith("Got it for question 1"), plain(reply)
    assert outbox_c.texts() == []  # no second line, from anyone

    await clock.advance(5)
    await outbox_b.wait_for(lambda: outbox_b.texts()[-1].startswith("Trivia round over"))
    assert "1. Ana" in outbox_b.texts()[-1] and "Ben" in outbox_b.texts()[-1]
    for one in (dead, b, c):
        await one.close()


async def test_a_second_takeover_honours_the_extended_close_and_says_only_that_the_round_moved_on(stores: Opener):
    clock = ManualClock(datetime.now(UTC).replace(microsecond=0))  # stored to the millisecond
    dead_outbox, outbox_b, outbox_c = RecordingOutbox(), RecordingOutbox(), RecordingOutbox()
    dead = await companion(stores, clock, dead_outbox)
    round_id = await round_answered_then_keeper_gone(dead, dead_outbox)
    await gone(dead)
    await clock.advance(29)
    b = await live(stores, clock, outbox_b)
    assert await take_over(b, None) == [round_id]
    extended = await b.store.asked_question(round_id, 1)
    assert extended is not None and extended.closes_at == clock.now() + LEAST_LEFT
    await until(lambda: clock.sleepers > 0)
    await gone(b)  # the new keeper dies too, 2 seconds before the extended close
    await clock.advance(8)
    c = await live(stores, clock, outbox_c)

    assert await take_over(c, None) == [round_id]
    assert outbox_c.texts() == [MOVED_ON]
    again = await c.store.asked_question(round_id, 1)
    assert again is not None and again.closes_at == extended.closes_at
    await until(lambda: clock.sleepers > 0)
    await clock.advance(2)
    await outbox_c.wait_for(lambda: outbox_c.texts()[-1].startswith("Trivia round over"))
    for one in (dead, b, c):
        await one.close()


async def test_a_question_with_time_to_go_keeps_its_close_at_a_takeover(stores: Opener):
    clock = ManualClock(datetime.now(UTC).replace(microsecond=0))  # stored to the millisecond
    dead_outbox, outbox_b = RecordingOutbox(), RecordingOutbox()
    dead = await companion(stores, clock, dead_outbox)
    round_id = await round_answered_then_keeper_gone(dead, dead_outbox)
    before = await dead.store.asked_question(round_id, 1)
    await gone(dead)
    await clock.advance(15)
    b = await live(stores, clock, outbox_b)
    assert await take_over(b, None) == [round_id]
    assert outbox_b.texts() == [MOVED_ON]
    after = await b.store.asked_question(round_id, 1)
    assert before is not None and after is not None and after.closes_at == before.closes_at
    for one in (dead, b):
        await one.close()


async def test_many_lapsed_rounds_are_claimed_in_batches_each_by_exactly_one(stores: Opener, monkeypatch):
    """A dead process's rounds move on a batch per write (one write per round made thousands take minutes),
    and two companions claiming at once split them: no round twice, none left, one line per channel."""
    monkeypatch.setattr("bot.trivia._takeover.CLAIM_AT_ONCE", 4)
    clock = ManualClock(datetime.now(UTC))
    dead_outbox, outbox_b, outbox_c = RecordingOutbox(), RecordingOutbox(), RecordingOutbox()
    dead = await companion(stores, clock, dead_outbox)
    places = [replace(PLACE, channel=f"trivia-{n}") for n in range(11)]
    for place in places:
        await dead.handle_text(place, HOST, "/horizon S1E10")
        await dead.handle_text(place, HOST, "/trivia start questions:1 seconds:30")
    started = {place: await dead.store.running_round(place) for place in places}
    assert all(running is not None for running in started.values())
    await gone(dead)
    b, c = await live(stores, clock, outbox_b), await live(stores, clock, outbox_c)

    won_b, won_c = await asyncio.gather(take_over(b, None), take_over(c, None))

    assert sorted(won_b + won_c) == sorted(running.id for running in started.values() if running)
    assert not set(won_b) & set(won_c)
    told = [place.channel for place, reply in outbox_b.posts + outbox_c.posts if plain(reply).startswith(TOOK_OVER)]
    assert sorted(told) == sorted(place.channel for place in places)
    for place in places:
        kept = await b.store.running_round(place)
        assert kept is not None and kept.keeper in (b.identity, c.identity)
