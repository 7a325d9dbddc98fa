"""A bounded queue of accepted button presses, so a rush costs bounded memory and an honest answer.

An adapter acknowledges a press at once, then offers it here. A fixed number of workers take presses
in turn (enough at once for the store's group commit to share its transactions). When the queue is
full the adapter tells the presser at once that the bot is busy and to press again, rather than
letting the press wait for a minute or piling up work without end; a press that still waited longer
than `max_wait` when its turn came is told the same instead of a late "Got it". On shutdown the queue
gets a grace period to empty; whatever is still waiting after it is turned away the same honest way.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

log = logging.getLogger(__name__)

WORKERS = 128
MAX_WAIT = 5.0
"""Seconds a press may wait for its turn: enough to ride out a spike, short of leaving anyone wondering."""
BUSY = "I'm busy with a rush of answers and could not take that press. Nothing was recorded: press again in a moment."


@dataclass(frozen=True, slots=True)
class Queued:
    run: Callable[[], Awaitable[None]]
    """Handle the press and answer the presser."""
    turn_away: Callable[[], Awaitable[None]]
    """Tell the presser it was not taken (BUSY), when it never gets its turn."""


class PressQueue:
    def __init__(
        self,
        size: int,
        *,
        workers: int = WORKERS,
        max_wait: float = MAX_WAIT,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        if size < 1 or workers < 1:
            raise ValueError("a press queue needs room for at least one press and one worker")
        self._queue: asyncio.Queue[tuple[float, Queued]] = asyncio.Queue(size)
        self._workers = workers
        self._max_wait = max_wait
        self._now = now
        self._running: list[asyncio.Task[None]] = []
        self._closed = False

    @property
    def waiting(self) -> int:
        return self._queue.qsize()

    def offer(self, press: Queued) -> bool:
        """Queue the press; False when the queue is full (or closing) and the presser must be told so."""
        if self._closed:
            return False
        if not self._running:
            self._running = [
                asyncio.get_running_loop().create_task(self._work(), name=f"press-worker-{n}")
                for n in range(self._workers)
            ]
        try:
            self._queue.put_nowait((self._now(), press))
        except asyncio.QueueFull:
            return False
        return True

    async def close(self, grace: float = 5.0) -> None:
        """Take no more; let the queue empty for up to `grace` seconds, then turn the rest away."""
        self._closed = True
        if self._running:
            try:
                await asyncio.wait_for(self._queue.join(), grace)
            except TimeoutError:
                log.warning("%d queued presses not handled before shutdown: telling them to press again", self.waiting)
        left: list[Queued] = []
        while not self._queue.empty():
            left.append(self._queue.get_nowait()[1])
            self._queue.task_done()
        for task in self._running:
            task.cancel()
        await asyncio.gather(*self._running, return_exceptions=True)
        await asyncio.gather(*(_safely(press.turn_away) for press in left))

    async def _work(self) -> None:
        while True:
            offered, press = await self._queue.get()
            try:
                late = self._now() - offered > self._max_wait
                await _safely(press.turn_away if late else press.run)
            finally:
                self._queue.task_done()


async def _safely(step: Callable[[], Awaitable[None]]) -> None:
    try:
        await step()
    except Exception as error:  # one press failing (a slow or gone response_url) must not stop a worker
        log.warning("a press could not be answered: %r", error)
