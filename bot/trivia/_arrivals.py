"""Answers on their way into the store, so a question's close can wait for those that arrived before it.

An answer is judged by when it arrived, but the reveal tallies what is committed: a press that came in
a moment before the close and is still waiting for the write lock would otherwise be counted and yet
missing from the reveal. The close waits for such answers (up to a short grace), then reveals. An answer
whose person is yet to be told it counts stays in hand until they are, or until it is withdrawn; one the
close stopped waiting for is sealed: the tally has read it, so it can no longer be withdrawn. Answers
another process is writing are not seen here: the reveal seals the question in the store, so those are
refused instead, and a withdrawal after the reveal changes nothing.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

if TYPE_CHECKING:
    from bot.companion import Companion

Question = tuple[int, int]
"""(round id, question number)."""


@dataclass(eq=False, slots=True)
class Arrival:
    question: Question
    arrived_at: datetime
    done: asyncio.Future[None] = field(default_factory=lambda: asyncio.get_running_loop().create_future())
    sealed: bool = False
    """The close stopped waiting for it and tallied: too late to withdraw."""


class Arrivals:
    def __init__(self) -> None:
        self._pending: dict[Question, set[Arrival]] = {}

    def begin(self, question: Question, arrived_at: datetime) -> Arrival:
        arrival = Arrival(question, arrived_at)
        self._pending.setdefault(question, set()).add(arrival)
        return arrival

    def end(self, arrival: Arrival) -> None:
        if arrival.done.done():
            return
        arrival.done.set_result(None)
        waiting = self._pending.get(arrival.question)
        if waiting is not None:
            waiting.discard(arrival)
            if not waiting:
                del self._pending[arrival.question]

    async def settled(self, question: Question, closed_at: datetime, grace: float) -> None:
        """Wait (at most `grace` seconds) for the answers that arrived by `closed_at` to be recorded."""
        earlier = [arrival for arrival in self._pending.get(question, ()) if arrival.arrived_at <= closed_at]
        if earlier:
            await asyncio.wait([arrival.done for arrival in earlier], timeout=grace)
        for arrival in earlier:
            arrival.sealed = not arrival.done.done()


_BY_COMPANION: WeakKeyDictionary[Companion, Arrivals] = WeakKeyDictionary()


def arrivals_of(companion: Companion) -> Arrivals:
    found = _BY_COMPANION.get(companion)
    if found is None:
        found = _BY_COMPANION[companion] = Arrivals()
    return found
