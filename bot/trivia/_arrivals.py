"""Answers on their way into the store, so a question's close can wait for those that arrived before it.

An answer is judged by when it arrived, but the reveal tallies what is committed: a press that came in
a moment before the close and is still waiting for the write lock would otherwise be counted and yet
missing from the reveal. The close waits for such answers (up to a short grace), then reveals. Answers
another process is writing are not seen here: the reveal seals the question, so those are refused instead.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

if TYPE_CHECKING:
    from bot.companion import Companion

Question = tuple[int, int]
"""(round id, question number)."""


class Arrivals:
    def __init__(self) -> None:
        self._pending: dict[Question, dict[asyncio.Future[None], datetime]] = {}

    @contextmanager
    def recording(self, question: Question, arrived_at: datetime) -> Iterator[None]:
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._pending.setdefault(question, {})[done] = arrived_at
        try:
            yield
        finally:
            done.set_result(None)
            waiting = self._pending.get(question, {})
            waiting.pop(done, None)
            if not waiting:
                self._pending.pop(question, None)

    async def settled(self, question: Question, closed_at: datetime, grace: float) -> None:
        """Wait (at most `grace` seconds) for the answers that arrived by `closed_at` to be recorded."""
        earlier = [done for done, arrived in self._pending.get(question, {}).items() if arrived <= closed_at]
        if earlier:
            await asyncio.wait(earlier, timeout=grace)


_BY_COMPANION: WeakKeyDictionary[Companion, Arrivals] = WeakKeyDictionary()


def arrivals_of(companion: Companion) -> Arrivals:
    found = _BY_COMPANION.get(companion)
    if found is None:
        found = _BY_COMPANION[companion] = Arrivals()
    return found
