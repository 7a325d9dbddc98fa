"""The trivia tables: one running round per channel, one answer per person, closes, ends, tables and boards."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import aiosqlite
import asyncpg
import pytest

from bot.episodes import Episode
from bot.request import Place
from bot.store import Store
from bot.trivia._model import Answer, AskedQuestion, NewRound, Recorded, RoundStatus
from tests.backends import execute

START = datetime(2026, 1, 2, 20, 0, tzinfo=UTC)
PLACE = Place("test", "server-1", "general")
OTHER_CHANNEL = Place("test", "server-1", "random")


def questions(count: int) -> tuple[AskedQuestion, ...]:
    return tuple(
        AskedQuestion(n, f"q{n}", f"Question {n}?", ("w", "x", "y", "z"), n % 4, ("alt",), Episode(1, 0))
        for n in range(1, count + 1)
    )


def new_round(place: Place = PLACE, count: int = 2, week: str = "2026-W01", at: datetime = START) -> NewRound:
    return NewRound(place, "host", "Host", Episode(1, 0), None, 30, week, at, questions(count))


def answer(
    round_id: int, number: int, user: str, *, correct: bool = True, points: int = 12, ms: int = 1000, at: float = 1
) -> Answer:
    return Answer(round_id, number, user, user.title(), "x", correct, points, ms, START + timedelta(seconds=at))


async def test_a_new_round_opens_its_first_question_and_keeps_the_order_of_choices(store: Store):
    created = await store.create_round(new_round())
    assert created is not None and created.status is RoundStatus.RUNNING and (created.current, created.size) == (1, 2)
    first = await store.asked_question(created.id, 1)
    second = await store.asked_question(created.id, 2)
    assert first.is_open and first.closes_at == START + timedelta(seconds=30)
    assert first.choices == ("w", "x", "y", "z") and first.letter == "B" and first.accept == ("alt",)
    assert not second.is_open and second.opened_at is None


async def test_one_running_round_per_channel_enforced_by_the_database(store: Store):
    assert await store.create_round(new_round()) is not None
    assert await store.create_round(new_round()) is None
    assert await store.create_round(new_round(OTHER_CHANNEL)) is not None
    with pytest.raises((aiosqlite.IntegrityError, asyncpg.UniqueViolationError)):
        await execute(store, "UPDATE trivia_round SET channel='general' WHERE channel='random'")
    running = [await store.running_round(place) for place in (PLACE, OTHER_CHANNEL)]
    assert [r.place.channel for r in running if r is not None] == ["general", "random"]


async def test_one_answer_per_person_per_question_and_none_after_the_close(store: Store):
    created = await store.create_round(new_round())
    assert await store.record_answer(answer(created.id, 1, "ana")) is Recorded.COUNTED
    assert await store.record_answer(answer(created.id, 1, "ana", correct=False)) is Recorded.ALREADY_ANSWERED
    assert await store.record_answer(answer(created.id, 2, "ana")) is Recorded.CLOSED  # not open yet
    step = await store.close_question(created.id, 1, START + timedelta(seconds=30))
    assert step is not None and step.opened is not None and step.opened.number == 2
    assert step.opened.closes_at == START + timedelta(seconds=60) and step.round.current == 2
    assert await store.record_answer(answer(created.id, 1, "ben", at=30.001)) is Recorded.CLOSED
    assert await store.close_question(created.id, 1, START + timedelta(seconds=31)) is None  # someone else closed it


async def test_an_answer_that_arrived_before_the_close_counts_however_late_it_is_written(store: Store):
    """Its arrival decides, not its commit: one that waited for the write lock past the close still counts."""
    created = await store.create_round(new_round())
    await store.close_question(created.id, 1, START + timedelta(seconds=31))  # the close itself came 1 s late
    assert await store.record_answer(answer(created.id, 1, "ana", at=30)) is Recorded.COUNTED  # at the close
    assert await store.record_answer(answer(created.id, 1, "ben", at=30.5)) is Recorded.CLOSED  # after its time
    assert await store.record_answer(answer(created.id, 2, "ana", at=32)) is Recorded.COUNTED
    await store.end_round(created.id, RoundStatus.STOPPED, START + timedelta(seconds=40), "mod")
    assert await store.record_answer(answer(created.id, 2, "cy", at=39)) is Recorded.COUNTED  # before the stop
    assert await store.record_answer(answer(created.id, 2, "dee", at=41)) is Recorded.CLOSED  # after it


async def test_closing_the_last_question_completes_the_round(store: Store):
    created = await store.create_round(new_round(count=1))
    step = await store.close_question(created.id, 1, START + timedelta(seconds=30))
    assert step.opened is None and step.round.status is RoundStatus.COMPLETED
    assert step.round.ended_at == START + timedelta(seconds=30)
    assert await store.running_round(PLACE) is None
    assert await store.create_round(new_round()) is not None  # the channel is free again


async def test_ending_a_round_closes_its_open_question_once(store: Store):
    created = await store.create_round(new_round())
    await store.record_answer(answer(created.id, 1, "ana"))
    ended = await store.end_round(created.id, RoundStatus.STOPPED, START + timedelta(seconds=5), "mod")
    assert ended.status is RoundStatus.STOPPED and ended.ended_by == "mod"
    assert (await store.asked_question(created.id, 1)).closed_at == START + timedelta(seconds=5)
    assert await store.end_round(created.id, RoundStatus.INTERRUPTED, START, None) is None
    assert await store.record_answer(answer(created.id, 1, "ben", at=6)) is Recorded.CLOSED
    assert [s.user for s in await store.round_table(created.id)] == ["ana"]


async def test_a_withdrawn_answer_is_gone_and_its_person_may_answer_again(store: Store):
    """An answer whose person was never told it counts is deleted: only theirs, on that question only."""
    created = await store.create_round(new_round())
    for user in ("ana", "ben"):
        assert await store.record_answer(answer(created.id, 1, user)) is Recorded.COUNTED
    assert await store.withdraw_answer(created.id, 1, "ana")
    assert not await store.withdraw_answer(created.id, 1, "ana")  # nothing left to withdraw
    assert not await store.withdraw_answer(created.id, 2, "ben")  # not an answer to that question
    assert [s.user for s in await store.round_table(created.id)] == ["ben"]
    assert await store.record_answer(answer(created.id, 1, "ana", at=2)) is Recorded.COUNTED


async def test_an_answer_a_reveal_has_shown_cannot_be_withdrawn(store: Store):
    """Another process's reveal may read an answer before its person is told: what was shown stays shown."""
    created = await store.create_round(new_round())
    assert await store.record_answer(answer(created.id, 1, "ana")) is Recorded.COUNTED
    await store.close_question(created.id, 1, START + timedelta(seconds=30))
    assert (await store.reveal(created.id, 1, START + timedelta(seconds=30), 5)).answered == 1
    assert not await store.withdraw_answer(created.id, 1, "ana")
    assert [s.user for s in await store.round_table(created.id)] == ["ana"]


async def test_tables_rank_by_points_then_total_time(store: Store):
    created = await store.create_round(new_round())
    await store.record_answer(answer(created.id, 1, "ana", points=15, ms=4000))
    await store.record_answer(answer(created.id, 1, "ben", points=15, ms=1000))
    await store.record_answer(answer(created.id, 1, "cy", correct=False, points=0, ms=500))
    await store.close_question(created.id, 1, START + timedelta(seconds=30))
    await store.record_answer(answer(created.id, 2, "cy", points=14, ms=2000, at=31))
    table = await store.round_table(created.id)
    assert [(s.user, s.points, s.correct, s.answered, s.total_ms) for s in table] == [
        ("ben", 15, 1, 1, 1000),
        ("ana", 15, 1, 1, 4000),
        ("cy", 14, 1, 2, 2500),
    ]
    assert table[2].accuracy == 0.5
    assert [s.user for s in await store.round_table(created.id, through=1)] == ["ben", "ana", "cy"]
    assert (await store.round_table(created.id, through=1))[2].points == 0
    tally = await store.reveal(created.id, 1, START + timedelta(seconds=31), limit=1)
    assert (tally.answered, tally.correct, [s.user for s in tally.fastest]) == (3, 2, ["ben"])


async def test_leaderboards_by_channel_server_and_week(store: Store):
    this_week = await store.create_round(new_round(count=1))
    await store.record_answer(answer(this_week.id, 1, "ana", points=10))
    await store.close_question(this_week.id, 1, START)
    last_week = await store.create_round(new_round(count=1, week="2025-W52", at=START - timedelta(days=7)))
    await store.record_answer(answer(last_week.id, 1, "ben", points=30, at=1 - 7 * 86400))
    elsewhere = await store.create_round(new_round(OTHER_CHANNEL, count=1))
    await store.record_answer(answer(elsewhere.id, 1, "ana", points=5))
    await store.record_answer(answer(elsewhere.id, 1, "cy", points=50))
    other_server = await store.create_round(new_round(Place("test", "server-2", "general"), count=1))
    await store.record_answer(answer(other_server.id, 1, "zed", points=99))

    def board(standings):
        return [(s.user, s.points, s.rounds) for s in standings]

    assert board(await store.leaderboard(PLACE, server_wide=False, week=None)) == [("ben", 30, 1), ("ana", 10, 1)]
    assert board(await store.leaderboard(PLACE, server_wide=False, week="2026-W01")) == [("ana", 10, 1)]
    assert board(await store.leaderboard(PLACE, server_wide=True, week=None)) == [
        ("cy", 50, 1),
        ("ben", 30, 1),
        ("ana", 15, 2),
    ]
    assert board(await store.leaderboard(PLACE, server_wide=True, week="2025-W52")) == [("ben", 30, 1)]


async def test_recent_questions_are_the_asked_ones_latest_first(store: Store):
    first = await store.create_round(new_round(count=3))
    await store.close_question(first.id, 1, START + timedelta(seconds=30))
    await store.end_round(first.id, RoundStatus.STOPPED, START + timedelta(seconds=40), "host")
    assert await store.recent_questions(PLACE, 10) == ["q2", "q1"]  # q3 was never asked
    assert await store.recent_questions(PLACE, 1) == ["q2"]
    assert await store.recent_questions(OTHER_CHANNEL, 10) == []


async def test_the_message_id_survives_a_reopen(stores):
    store = await stores()
    created = await store.create_round(new_round())
    await store.set_question_message(created.id, 1, "msg-42")
    await store.close()
    again = await stores()
    assert (await again.asked_question(created.id, 1)).message_id == "msg-42"
    assert (await again.running_round(PLACE)).id == created.id


async def test_many_answers_at_once_are_each_counted_once(store: Store):
    created = await store.create_round(new_round())
    users = [f"user-{n}" for n in range(300)]
    outcomes = await asyncio.gather(
        *(store.record_answer(answer(created.id, 1, user)) for user in users),
        *(store.record_answer(answer(created.id, 1, user)) for user in users[:100]),
    )
    assert outcomes.count(Recorded.COUNTED) == 300 and outcomes.count(Recorded.ALREADY_ANSWERED) == 100


async def test_a_question_closed_by_another_process_takes_no_more_answers(stores):
    here, there = await stores(), await stores()
    created = await here.create_round(new_round())
    found = await here.round_with_question(created.id, 1)
    assert found is not None and found[1].is_open  # kept in memory from now on
    await there.close_question(created.id, 1, START + timedelta(seconds=30))
    assert await here.record_answer(answer(created.id, 1, "ana", at=30.5)) is Recorded.CLOSED
    await there.end_round(created.id, RoundStatus.STOPPED, START + timedelta(seconds=31), "mod")
    assert await here.record_answer(answer(created.id, 2, "ana")) is Recorded.CLOSED
    await here.close_question(created.id, 2, START)  # already ended: nothing, and nothing kept
    ended, _ = await here.round_with_question(created.id, 1)
    assert ended.status is RoundStatus.STOPPED


async def test_two_processes_answering_for_the_same_person_count_once(stores):
    """The unique key decides, not a read before the write: racing stores count each person once."""
    here, there = await stores(), await stores()
    created = await here.create_round(new_round())
    users = [f"user-{n}" for n in range(200)]
    outcomes = await asyncio.gather(
        *(here.record_answer(answer(created.id, 1, user)) for user in users),
        *(there.record_answer(answer(created.id, 1, user, points=1)) for user in users),
    )
    assert outcomes.count(Recorded.COUNTED) == 200 and outcomes.count(Recorded.ALREADY_ANSWERED) == 200
    table = await here.round_table(created.id)
    assert len(table) == 200 and all(standing.answered == 1 for standing in table)


async def test_answers_racing_a_close_are_counted_only_if_committed_before_it(stores):
    """Every answer acknowledged COUNTED is in the tally, and every press is either counted or refused."""
    here, there = await stores(), await stores()
    created = await here.create_round(new_round())
    users = [f"user-{n}" for n in range(300)]
    presses = [asyncio.ensure_future(here.record_answer(answer(created.id, 1, user))) for user in users]
    await asyncio.sleep(0)
    step = await there.close_question(created.id, 1, START + timedelta(seconds=30))
    outcomes = await asyncio.gather(*presses)
    assert step is not None
    counted = outcomes.count(Recorded.COUNTED)
    assert counted + outcomes.count(Recorded.CLOSED) == len(users)
    assert (await there.reveal(created.id, 1, START + timedelta(seconds=30), 5)).answered == counted


async def test_rounds_started_together_share_commits_and_one_refusal_undoes_only_itself(store: Store):
    """A batch of round starts in one transaction: the second start in a busy channel is refused alone."""
    places = [Place("test", "server-1", f"channel-{n}") for n in range(20)]
    started = await asyncio.gather(*(store.create_round(new_round(place)) for place in places + places[:5]))
    assert sum(created is not None for created in started) == 20
    running = [await store.running_round(place) for place in places]
    assert [r.place for r in running if r is not None] == places
    for created in started[:20]:
        assert (await store.asked_question(created.id, 1)).is_open


async def test_an_open_question_is_extended_at_most_once(store: Store):
    created = await store.create_round(new_round())
    later = START + timedelta(seconds=40)
    assert await store.extend_question(created.id, 1, START + timedelta(seconds=20)) is None  # it closes later
    extended = await store.extend_question(created.id, 1, later)
    assert extended is not None and extended.closes_at == later
    assert await store.extend_question(created.id, 1, later + timedelta(seconds=10)) is None
    assert (await store.asked_question(created.id, 1)).closes_at == later
    assert await store.record_answer(answer(created.id, 1, "ana", at=35)) is Recorded.COUNTED  # in the extension
    await store.close_question(created.id, 1, later)
    assert await store.extend_question(created.id, 2, START + timedelta(seconds=200)) is not None  # its own once
    assert await store.extend_question(created.id, 1, START + timedelta(seconds=300)) is None  # closed
