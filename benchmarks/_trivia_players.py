"""Trivia players for the benchmark: a storm of durable answers on one question, and its close and reveal.

They go through the same path a button press does (`Companion.press`), so what they measure is what
players get: every answer they count is committed when they return.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from bot.request import Asker, Place, Press
from bot.trivia import _round as game
from bot.trivia import _views as views
from bot.trivia._model import LETTERS

if TYPE_CHECKING:
    from bot.companion import Companion


async def record_answers(companion: Companion, place: Place, answers: int, *, at_once: int = 1000) -> int:
    """Press `answers` answers from as many distinct people on the open question in `place`, `at_once` at a time.

    Starts a one-question, 120-second round there first if none is running. Returns how many counted.
    """
    running = await companion.store.running_round(place)
    if running is None:
        await companion.handle_text(place, Asker("bench-host", "Bench host"), "/trivia start questions:1 seconds:120")
        running = await companion.store.running_round(place)
    if running is None:
        raise RuntimeError(f"no trivia round could be started in {place}")
    prefix = f"{views.PREFIX}:{running.id}:{running.current}"
    counted = 0
    for first in range(0, answers, at_once):
        presses = [
            companion.press(Press(place, Asker(f"bench-{n}", f"Player {n}"), f"{prefix}:{LETTERS[n % 4]}"))
            for n in range(first, min(first + at_once, answers))
        ]
        replies = await asyncio.gather(*presses)
        counted += sum(reply.parts[0].text.startswith("Got it") for reply in replies)
    return counted


async def close_and_reveal(companion: Companion, place: Place) -> None:
    """Close the open question in `place` now, as its timer would: edit it, reveal the answer, go on or end."""
    running = await companion.store.running_round(place)
    if running is None:
        return
    question = await companion.store.asked_question(running.id, running.current)
    if question is not None:
        await game.close_question(companion, running, question, game.Announcer(companion))
