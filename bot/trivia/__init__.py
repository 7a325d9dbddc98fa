"""Trivia rounds: questions cut to the channel's horizon, A–D buttons or typed answers, scores and leaderboards.

The game's rules (`_rules`, `_draw`, `_matcher`) know nothing of storage or platforms; `_round` runs a
round through the store, the outbox and the clock; `_views` builds what is shown; `_commands` declares
the /trivia commands and the buttons.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.commands import UsageError
from bot.context import Context
from bot.request import Asker, Place
from bot.trivia import _round as game
from bot.trivia._commands import FEATURE
from bot.trivia._matcher import is_correct, normalize
from bot.trivia._rules import DEFAULT_QUESTIONS, DEFAULT_SECONDS, QUESTIONS, SECONDS

if TYPE_CHECKING:
    from bot.companion import Companion

SCHEDULE = Asker("schedule", "the schedule", moderator=True)


async def start_scheduled_round(
    companion: Companion, place: Place, *, questions: int, category: str | None, seconds: int
) -> str:
    """Start a round for a schedule; returns one line saying what happened (started, or why not)."""
    low, high = QUESTIONS
    shortest, longest = SECONDS
    if not low <= questions <= high:
        return f"Not started: a round has {low} to {high} questions, not {questions}."
    if not shortest <= seconds <= longest:
        return f"Not started: questions last {shortest} to {longest} seconds, not {seconds}."
    announcer = game.Announcer(companion)
    try:
        opening = await game.start_round(
            Context(companion, place, SCHEDULE, {}), announcer, questions=questions, category=category, seconds=seconds
        )
    except UsageError as error:
        return f"Not started: {error}"
    if opening.round is None:
        return f"Not started: {opening.problem}"
    started = f"Round started: {opening.round.size} question{'s' if opening.round.size != 1 else ''}"
    return f"{started}. {opening.fewer}" if opening.fewer else f"{started}."


__all__ = [
    "DEFAULT_QUESTIONS",
    "DEFAULT_SECONDS",
    "FEATURE",
    "QUESTIONS",
    "SECONDS",
    "is_correct",
    "normalize",
    "start_scheduled_round",
]
