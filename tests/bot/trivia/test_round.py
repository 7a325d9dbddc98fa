"""A round through the core: start, buttons and typed answers, each close and reveal, the table, the boards."""

from __future__ import annotations

from bot.outbox import SilentOutbox
from bot.reply import Visibility
from bot.request import Asker, Place
from bot.trivia import start_scheduled_round
from bot.trivia._model import RoundStatus
from bot.trivia._round import STALE_AFTER
from tests.bot.trivia.conftest import (
    HOST,
    PLACE,
    PLAYERS,
    Table,
    correct_letter,
    open_table,
    plain,
    until,
    wrong_letter,
)
from tests.clock import ManualClock
from tests.conftest import FACTS

ANA, BEN, CLEO, DEV = PLAYERS


def answer_text(reply) -> str:
    """The canonical answer of the question in a question message."""
    letter = correct_letter(reply)
    return next(p.text[3:] for p in reply.parts if p.text.startswith(f"{letter}) "))


async def test_a_full_round_with_buttons_and_typed_answers(table: Table):
    await table.horizon("S1E10")
    started = await table.say(HOST, "/trivia start questions:2 seconds:20")
    assert started.visibility is Visibility.PUBLIC
    assert "question 1 is up" in plain(started)
    _, first = table.outbox.posts[-1]
    assert [a.label for a in first.actions] == ["A", "B", "C", "D"]
    assert all(a.id.startswith("trivia:") for a in first.actions)

    await table.clock.advance(2)
    assert "Got it for question 1" in plain(await table.press(ANA, table.button(first, correct_letter(first))))
    await table.clock.advance(8)
    assert "Got it" in plain(await table.press(BEN, table.button(first, wrong_letter(first))))
    typed = await table.say(CLEO, f"/trivia answer text:{answer_text(first).upper()}!")
    assert typed.visibility is Visibility.EPHEMERAL and "Got it" in plain(typed)
    again = await table.press(ANA, table.button(first, wrong_letter(first)))
    assert again.visibility is Visibility.EPHEMERAL and "already answered" in plain(again)

    await table.close_question()
    edited_id, closed = table.outbox.edits[-1]
    assert edited_id.message_id == "m1"
    assert all(a.disabled for a in closed.actions)
    assert f"Answer: {correct_letter(first)}) {answer_text(first)}" in plain(closed)
    _, revealed = table.outbox.posts[-2]
    assert f"the answer was {correct_letter(first)}) {answer_text(first)}" in plain(revealed)
    assert "2 of 3 got it: Ana (+15), Cleo (+13)" in plain(revealed)
    _, second = table.outbox.posts[-1]
    assert "Question 2 of 2" in plain(second)

    late = await table.press(DEV, table.button(first, correct_letter(first)))
    assert "has closed" in plain(late)
    assert "Got it" in plain(await table.press(DEV, table.button(second, correct_letter(second))))
    assert "Got it" in plain(await table.press(BEN, table.button(second, correct_letter(second))))
    await table.close_question()

    _, final = table.outbox.posts[-1]
    lines = plain(final).splitlines()
    assert lines[0] == "Trivia round over"
    ranked = [line.split(":")[0] for line in lines if line[:2] in {"1.", "2.", "3.", "4."}]
    assert ranked == ["1. Dev", "2. Ana", "3. Ben", "4. Cleo"]  # three on 15 points: the quickest in total first
    assert "2 of 2 questions asked · 4 players." in lines
    assert any(line.startswith("3. Ben: 15 pts · 1/2 right (50%)") for line in lines)

    board = await table.say(ANA, "/trivia leaderboard")
    assert board.visibility is Visibility.PUBLIC
    assert "2. Ana: 15 pts · 1/1 right (100%) · 1 round" in plain(board)
    weekly = await table.say(ANA, "/trivia leaderboard period:week scope:server")
    assert "this server, this week (2026-W01)" in plain(weekly)
    mine = await table.say(BEN, "/trivia score")
    assert "15 pts · 1/2 right (50%) · 1 round" in plain(mine)


async def test_ties_go_to_the_quicker_player(table: Table):
    await table.say(HOST, "/trivia start questions:1 seconds:30")
    _, first = table.outbox.posts[-1]
    await table.press(ANA, table.button(first, correct_letter(first)))  # 15 points after 0 s
    await table.clock.advance(1)
    await table.press(BEN, table.button(first, correct_letter(first)))  # 15 points after 1 s
    await table.close_question()
    lines = plain(table.outbox.posts[-1][1]).splitlines()
    assert [line.split(":")[0] for line in lines if line[:2] in {"1.", "2."}] == ["1. Ana", "2. Ben"]


async def test_a_premise_channel_says_honestly_it_has_fewer_questions(table: Table):
    started = await table.say(HOST, "/trivia start questions:20")
    assert "Only 10 questions are known by S1E0 (the premise), so this round has 10." in plain(started)
    running = await table.store.running_round(PLACE)
    assert running is not None and running.size == 10


async def test_no_questions_at_all_means_no_round(table: Table):
    reply = await table.say(HOST, "/trivia start category:bosch questions:3")  # one bosch question at S1E0
    assert "Only 1 question about bosch is known by S1E0 (the premise), so this round has 1." in plain(reply)
    await table.say(HOST, "/trivia stop")
    refused = await table.say(HOST, "/trivia start category:finale")
    assert "There is no trivia category “finale” at S1E0" in plain(refused)


async def test_stop_by_the_starter_reveals_the_open_question_and_keeps_scores(table: Table):
    await table.say(HOST, "/trivia start questions:3")
    _, first = table.outbox.posts[-1]
    await table.press(ANA, table.button(first, correct_letter(first)))
    reply = await table.say(HOST, "/trivia stop")
    assert reply.visibility is Visibility.PUBLIC and "stopped by Host" in plain(reply)
    texts = table.outbox.texts()
    assert "1 of 1 got it: Ana (+15)" in texts[-2]
    assert texts[-1].startswith("Trivia round stopped, scores kept") and "1. Ana: 15 pts" in texts[-1]
    assert await table.store.running_round(PLACE) is None
    assert "has ended" in plain(await table.press(BEN, table.button(first, "A")))


async def test_questions_asked_lately_are_not_asked_again_while_fresh_ones_remain(table: Table):
    await table.say(HOST, "/trivia start questions:3 seconds:10")
    for _ in range(3):
        await table.close_question()
    first = [(await table.store.asked_question(1, n)).fact_id for n in range(1, 4)]
    await table.say(HOST, "/trivia start questions:7")
    second = [(await table.store.asked_question(2, n)).fact_id for n in range(1, 8)]
    assert len(set(first + second)) == 10  # all ten premise questions, none twice


async def test_a_lowered_horizon_hides_the_question_and_ends_the_round(table: Table):
    await table.horizon("S1E10")
    await table.say(HOST, "/trivia start questions:3 category:serial-killer")
    await table.horizon("S1E0")
    await table.close_question()
    _, closed = table.outbox.edits[-1]
    assert "Hidden: this channel's horizon is now S1E0" in plain(closed)
    revealed, final = table.outbox.texts()[-2:]
    assert "the answer is not shown" in revealed
    assert "horizon moved back to S1E0" in final
    serial = {q.answer for q in FACTS.questions if q.category == "serial-killer"}
    assert not any(answer in plain(closed) + revealed + final for answer in serial)
    finished = await table.store.trivia_round(1)
    assert finished is not None and finished.status is RoundStatus.STOPPED


async def test_a_restart_interrupts_the_round_keeps_every_answer_and_old_buttons_say_so(table: Table, tmp_path):
    await table.say(HOST, "/trivia start questions:3")
    _, first = table.outbox.posts[-1]
    for player in PLAYERS:
        await table.press(player, table.button(first, correct_letter(first)))
    await table.companion.close()

    # The first process is gone: by the restart its heartbeat has been silent long enough to count as dead.
    again = await open_table(table.path, clock=ManualClock(table.clock.now() + STALE_AFTER))
    try:
        await again.companion.start()
        texts = again.outbox.texts()
        assert texts[-1].startswith("Round interrupted, scores kept")
        assert "4 players" in texts[-1] and "Every answer it had confirmed is counted" in texts[-1]
        assert "4 of 4 got it" in texts[-2]
        ((edited, closed),) = again.outbox.edits
        assert edited.message_id == "m1" and all(a.disabled for a in closed.actions)
        old = await again.press(ANA, again.button(first, "B"))
        assert "This round has ended" in plain(old)
        assert [s.answered for s in await again.store.round_table(1)] == [1, 1, 1, 1]
    finally:
        await again.companion.close()


async def test_the_same_letters_after_a_restart(table: Table):
    await table.say(HOST, "/trivia start questions:2")
    before = await table.store.asked_question(1, 1)
    await table.companion.close()
    again = await open_table(table.path)
    try:
        after = await again.store.asked_question(1, 1)
        assert after is not None and before is not None
        assert (after.choices, after.letter, after.message_id) == (before.choices, before.letter, "m1")
    finally:
        await again.companion.close()


async def test_a_round_nobody_drove_is_interrupted_by_the_next_command(table: Table):
    await table.say(HOST, "/trivia start questions:3 seconds:10")
    for task in list(table.companion._tasks):
        task.cancel()  # as if the process that started it had exited
    await until(lambda: not table.companion._tasks)
    await table.clock.advance(3600)
    reply = await table.say(ANA, "/trivia start")
    assert "question 1 is up" in plain(reply)
    assert any(t.startswith("Round interrupted, scores kept") for t in table.outbox.texts())


async def test_a_late_command_closes_the_question_its_timer_missed(table: Table):
    await table.say(HOST, "/trivia start questions:2 seconds:10")
    for task in list(table.companion._tasks):
        task.cancel()
    await until(lambda: not table.companion._tasks)
    await table.clock.advance(12)
    late = await table.say(ANA, "/trivia answer text:b")
    assert "Time's up for question 1" in plain(late)
    running = await table.store.running_round(PLACE)
    assert running is not None and running.current == 2
    assert "Got it" in plain(await table.say(ANA, "/trivia answer text:b"))


async def test_a_scheduled_round(table: Table):
    line = await start_scheduled_round(table.companion, PLACE, questions=12, category=None, seconds=30)
    assert (
        line == "Round started: 10 questions. Only 10 questions are known by S1E0 (the premise), so this round has 10."
    )
    assert await start_scheduled_round(table.companion, PLACE, questions=3, category=None, seconds=30) == (
        "Not started: A round is already running here (question 1 of 10, started by the schedule). "
        "It ends by itself; its starter or a moderator can /trivia stop it."
    )
    elsewhere = Place(PLACE.platform, PLACE.server, "elsewhere")
    assert await start_scheduled_round(table.companion, elsewhere, questions=3, category="finale", seconds=30) == (
        "Not started: There is no trivia category “finale” at S1E0. Try one of: backstory, bosch, characters."
    )
    assert (await start_scheduled_round(table.companion, elsewhere, questions=0, category=None, seconds=30)).startswith(
        "Not started: a round has 1 to 20 questions"
    )


async def test_without_a_channel_to_post_to_the_start_reply_carries_the_question(tmp_path):
    from bot.companion import Companion
    from bot.store import SqliteStore

    store = await SqliteStore.open(tmp_path / "one-shot.db")
    companion = Companion(FACTS, store, clock=ManualClock(), outbox=SilentOutbox())
    try:
        reply = await companion.handle_text(PLACE, HOST, "/trivia start questions:2")
        assert reply.visibility is Visibility.PUBLIC
        assert "Question 1 of 2" in plain(reply) and [a.label for a in reply.actions] == ["A", "B", "C", "D"]
        assert sum(plain(reply).count(f"{letter}) ") for letter in "ABCD") == 4
        score = await companion.handle_text(PLACE, Asker("x"), "/trivia score")
        assert "Question 1 of 2" in plain(score) and score.actions
    finally:
        await companion.close()


async def test_a_press_counts_only_from_the_rounds_own_channel(table: Table):
    """Platform, server and channel must all be the round's, even where no platform would send such a press."""
    await table.horizon("S1E10")
    await table.say(HOST, "/trivia start questions:1 seconds:20")
    _, first = table.outbox.posts[-1]
    right = table.button(first, correct_letter(first))
    elsewhere = [
        Place(PLACE.platform, PLACE.server, "other"),
        Place(PLACE.platform, "server-2", PLACE.channel),
        Place("slack", PLACE.server, PLACE.channel),
    ]
    for place in elsewhere:
        refused = await table.press(ANA, right, place)
        assert plain(refused) == "That button is no longer in use.", place
    running = await table.store.running_round(PLACE)
    assert running is not None
    assert await table.store.round_table(running.id, through=running.current) == []
    assert "Got it" in plain(await table.press(ANA, right))
