"""A question's reveal seals it: its tally is read in the transaction that marks it, and an answer written after
that is refused (CLOSED), however early it arrived, so what the reveal and the round's table showed is final."""

from __future__ import annotations

import asyncio
import uuid
from datetime import timedelta

import asyncpg

from bot.store import open_store
from bot.store._codec import instant
from bot.store._pg_answers import _INSERT
from bot.trivia._model import Recorded, RoundStatus
from tests.backends import Opener, fresh_schema, postgres_url
from tests.bot.store.test_trivia_store import START, answer, new_round

CLOSE = START + timedelta(seconds=30)


async def test_an_answer_written_after_the_reveal_is_refused_and_in_neither_tally_nor_table(stores: Opener):
    here, there = await stores(), await stores()
    created = await there.create_round(new_round())
    assert await here.record_answer(answer(created.id, 1, "ana", at=10)) is Recorded.COUNTED
    await there.close_question(created.id, 1, CLOSE)
    assert await here.record_answer(answer(created.id, 1, "ben", at=29)) is Recorded.COUNTED  # before the reveal
    tally = await there.reveal(created.id, 1, CLOSE + timedelta(seconds=1), 5)
    assert (tally.answered, [s.user for s in tally.fastest]) == (2, ["ana", "ben"])

    assert await here.record_answer(answer(created.id, 1, "cy", at=29.5)) is Recorded.CLOSED  # arrived in time
    crowd = await asyncio.gather(*(here.record_answer(answer(created.id, 1, f"fan-{n}", at=29)) for n in range(50)))
    assert set(crowd) == {Recorded.CLOSED}  # answers written together take the same refusal
    assert (await there.reveal(created.id, 1, CLOSE + timedelta(seconds=2), 5)).answered == 2
    assert [s.user for s in await there.round_table(created.id)] == ["ana", "ben"]
    assert await here.record_answer(answer(created.id, 2, "cy", at=31)) is Recorded.COUNTED  # the next is open


async def test_an_ended_round_is_sealed_by_its_reveal_with_a_closed_question_left_unrevealed(stores: Opener):
    """A keeper that died between a close and its reveal left question 1 open to late writes: the end seals it."""
    here, there = await stores(), await stores()
    created = await there.create_round(new_round())
    await there.close_question(created.id, 1, CLOSE)  # never revealed
    await there.end_round(created.id, RoundStatus.INTERRUPTED, CLOSE + timedelta(seconds=5), None)
    assert await here.record_answer(answer(created.id, 2, "ana", at=32)) is Recorded.COUNTED  # before the end
    await there.reveal(created.id, 2, CLOSE + timedelta(seconds=6), 5)
    assert await here.record_answer(answer(created.id, 1, "ben", at=29)) is Recorded.CLOSED
    assert await here.record_answer(answer(created.id, 2, "cy", at=33)) is Recorded.CLOSED
    assert [s.user for s in await there.round_table(created.id)] == ["ana"]


async def test_answers_racing_a_reveal_in_another_process_are_each_in_it_or_refused(stores: Opener):
    here, there = await stores(), await stores()
    created = await there.create_round(new_round())
    await there.close_question(created.id, 1, CLOSE)
    users = [f"user-{n}" for n in range(300)]
    presses = [asyncio.ensure_future(here.record_answer(answer(created.id, 1, user, at=29))) for user in users]
    await asyncio.sleep(0)
    tally = await there.reveal(created.id, 1, CLOSE, 5)
    outcomes = await asyncio.gather(*presses)
    assert outcomes.count(Recorded.COUNTED) + outcomes.count(Recorded.CLOSED) == len(users)
    assert tally.answered == outcomes.count(Recorded.COUNTED) == len(await there.round_table(created.id))


async def test_on_postgresql_the_seal_waits_for_an_answer_batch_in_flight_and_its_tally_counts_it():
    """A batch holds the question's row FOR SHARE until its COMMIT: the reveal's seal waits, then sees it."""
    async with fresh_schema() as url:
        name = f"revealing-{uuid.uuid4().hex[:12]}"
        store = await open_store(f"{url}&application_name={name}")
        batch = await asyncpg.connect(url)
        try:
            created = await store.create_round(new_round())
            await store.close_question(created.id, 1, CLOSE)
            ana = answer(created.id, 1, "ana", at=29)
            writing = batch.transaction()
            await writing.start()
            row = [ana.round_id, ana.number, ana.user, ana.name, ana.given, 1, ana.points, ana.elapsed_ms]
            inserted = await batch.fetch(_INSERT, *([value] for value in row), [instant(ana.answered_at)])
            assert len(inserted) == 1  # written, not yet committed
            revealing = asyncio.ensure_future(store.reveal(created.id, 1, CLOSE, 5))
            await _waiting_on_a_lock(name)
            assert not revealing.done()
            await writing.commit()
            tally = await asyncio.wait_for(revealing, 10)
            assert tally.answered == 1 and [s.user for s in tally.fastest] == ["ana"]
        finally:
            await batch.close()
            await store.close()


async def _waiting_on_a_lock(application_name: str) -> None:
    admin = await asyncpg.connect(postgres_url())
    try:
        async with asyncio.timeout(10):
            while not await admin.fetchval(
                "SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'",
                application_name,
            ):
                await asyncio.sleep(0.01)
    finally:
        await admin.close()
