"""The game's rules, free of storage and platforms: bounds, what an answer is worth, who may stop a round."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

from bot.request import Asker
from bot.trivia._matcher import is_correct
from bot.trivia._model import LETTERS, AskedQuestion, Round

QUESTIONS = (1, 20)
SECONDS = (10, 120)
DEFAULT_QUESTIONS = 5
DEFAULT_SECONDS = 30
RECENT = 30
"""Questions asked in a channel's last this-many are only reused when nothing fresh is left."""

POINTS = 10
SPEED_BONUS = 5
"""At most this much on top of POINTS for a right answer given at once; nothing at the last moment."""


def points(correct: bool, elapsed: timedelta, seconds: int) -> int:
    if not correct:
        return 0
    left = max(0.0, 1 - elapsed.total_seconds() / seconds)
    return POINTS + math.floor(SPEED_BONUS * left + 0.5)


def elapsed(question: AskedQuestion, now: datetime) -> timedelta:
    assert question.opened_at is not None
    return max(timedelta(0), now - question.opened_at)


def too_late(question: AskedQuestion, now: datetime) -> bool:
    return question.closes_at is not None and now > question.closes_at


def in_time(question: AskedQuestion, arrived: datetime) -> bool:
    """Arrived while the question was open: by its time limit, and before it was closed (a stop closes it early)."""
    if question.opened_at is None or question.closes_at is None:
        return False
    return question.opened_at <= arrived <= question.closes_at and (
        question.closed_at is None or arrived < question.closed_at
    )


def overdue(question: AskedQuestion, now: datetime) -> bool:
    """Due to close: its time is up (an answer at the very last moment still counts)."""
    return question.closes_at is not None and now >= question.closes_at


def letter_of(text: str) -> str | None:
    """A typed 'b', 'B)' or '(c)' picks that choice, like its button."""
    bare = text.strip().strip("().:").upper()
    return bare if len(bare) == 1 and bare in LETTERS else None


def judge(question: AskedQuestion, given: str) -> bool:
    """A letter is judged like a button; anything else by the matcher, against the answer and its accepted forms."""
    letter = letter_of(given)
    if letter is not None:
        return letter == question.letter
    return is_correct(given, (question.answer, *question.accept))


def may_stop(trivia_round: Round, asker: Asker) -> bool:
    return asker.moderator or asker.user == trivia_round.started_by


def iso_week(at: datetime) -> str:
    """The leaderboard week a moment falls in: ISO 8601, in UTC ('2026-W01')."""
    year, week, _ = at.astimezone(UTC).isocalendar()
    return f"{year}-W{week:02d}"
