"""A round played in the console, as a person would: the interactive session, and one-shot `companion ask`."""

from __future__ import annotations

import json
from pathlib import Path

from adapters.console import ask
from adapters.console._repl import ConsoleOutbox, ConsoleSession
from bot.companion import Companion
from bot.store import SqliteStore
from tests.bot.trivia.conftest import until
from tests.clock import ManualClock
from tests.conftest import FACTS


async def open_question(companion: Companion, place) -> tuple[str, str]:
    """(the right letter, the answer) of the question open in the console's channel."""
    running = await companion.store.running_round(place)
    question = await companion.store.asked_question(running.id, running.current)
    return question.letter, question.answer


async def time_runs_out(companion: Companion, clock: ManualClock, place) -> None:
    """Move the clock to the open question's close once its timer is waiting."""
    await until(lambda: clock.sleepers > 0)
    running = await companion.store.running_round(place)
    question = await companion.store.asked_question(running.id, running.current)
    await clock.advance((question.closes_at - clock.now()).total_seconds())


def button(letter: str, shift: int = 0) -> str:
    """'press N' for a letter (or, with a shift, for another letter)."""
    return f"press {('ABCD'.index(letter) + shift) % 4 + 1}"


async def test_a_round_in_the_interactive_console(tmp_path: Path, capsys):
    clock, outbox = ManualClock(), ConsoleOutbox()
    companion = Companion(FACTS, await SqliteStore.open(tmp_path / "console.db"), clock=clock, outbox=outbox)
    await companion.start()
    session = ConsoleSession(companion, outbox)
    try:
        started = await session.line("/trivia start questions:2 seconds:20")
        assert "question 1 is up" in started
        shown = capsys.readouterr().out
        assert "#general ▸ (posted in the channel)" in shown and "QUESTION 1 OF 2" in shown
        assert "[A]  [B]  [C]  [D]" in shown

        letter, answer = await open_question(companion, session.place)
        assert "Got it" in await session.line(button(letter))
        assert "already answered" in await session.line(button(letter, 1))
        await session.line("as bob")
        assert "Got it" in await session.line(button(letter, 1))
        await clock.advance(5)
        await session.line("as cleo")
        assert "Got it" in await session.line(f"/trivia answer {answer.lower()}")

        await time_runs_out(companion, clock, session.place)
        await until(lambda: outbox.count >= 3)
        shown = capsys.readouterr().out
        assert "(message 1 updated)" in shown and "(CLOSED)" in shown
        assert f"the answer was {letter}) {answer}." in shown
        assert "2 of 3 got it: Sam (+15), cleo (+14)." in shown
        assert "QUESTION 2 OF 2" in shown

        letter, answer = await open_question(companion, session.place)
        assert "Got it" in await session.line(button(letter))
        await time_runs_out(companion, clock, session.place)
        await until(lambda: outbox.count >= 5)
        shown = capsys.readouterr().out
        assert "TRIVIA ROUND OVER" in shown
        assert "1. cleo: 29 pts · 2/2 right (100%)" in shown
        assert "2. Sam: 15 pts · 1/1 right (100%)" in shown
        assert "3. bob: 0 pts · 0/1 right (0%)" in shown

        board = await session.line("/trivia leaderboard")
        assert "(posted in the channel)" in board and "1. cleo: 29 pts · 2/2 right (100%) · 1 round" in board
    finally:
        await companion.close()


async def test_one_shot_ask_shows_the_question_and_takes_an_answer(tmp_path: Path):
    db = tmp_path / "ask.db"
    where = {"db": db, "server": "local", "channel": "general", "moderator": False}
    started = json.loads(await ask("/trivia start questions:2", user="ana", as_json=True, **where))
    assert started["visibility"] == "public"
    texts = [part["text"] for part in started["parts"]]
    assert "Question 1 of 2" in texts
    choices = [text for text in texts if text[:3] in {"A) ", "B) ", "C) ", "D) "}]
    assert len(choices) == 4
    assert [action["label"] for action in started["actions"]] == ["A", "B", "C", "D"]

    rendered = await ask("/trivia answer text:b", user="ben", as_json=False, **where)
    assert " ".join(rendered.split()).endswith("Got it for question 1; the answer comes at the close. You said B")
    again = await ask("/trivia answer text:c", user="ben", as_json=False, **where)
    assert "already answered question 1" in again
