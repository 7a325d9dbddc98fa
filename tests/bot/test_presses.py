"""The press queue: bounded, refuses honestly when full or closing, and on shutdown turns away what waits."""

from __future__ import annotations

import asyncio

import pytest

from bot.presses import PressQueue, Queued

TIMEOUT = 30


class Presser:
    def __init__(self, name: str, log: list[str], gate: asyncio.Event | None = None) -> None:
        self.name, self.log, self.gate = name, log, gate
        self.started = asyncio.Event()

    def queued(self) -> Queued:
        async def run() -> None:
            self.started.set()
            if self.gate is not None:
                await self.gate.wait()
            self.log.append(f"{self.name} counted")

        async def turn_away() -> None:
            self.log.append(f"{self.name} told to press again")

        return Queued(run, turn_away)


async def test_a_full_queue_refuses_and_a_closing_one_turns_away_what_waits():
    log: list[str] = []
    gate = asyncio.Event()
    queue = PressQueue(2, workers=1)
    first = Presser("first", log, gate)
    assert queue.offer(first.queued())
    await asyncio.wait_for(first.started.wait(), TIMEOUT)
    assert queue.offer(Presser("second", log).queued())
    assert queue.offer(Presser("third", log).queued())
    assert not queue.offer(Presser("fourth", log).queued()), "a third waiting press does not fit a queue of two"
    gate.set()
    await queue.close(grace=TIMEOUT)
    assert log == ["first counted", "second counted", "third counted"]
    assert not queue.offer(Presser("late", log).queued()), "a closed queue takes nothing"


async def test_presses_still_waiting_when_the_grace_runs_out_are_told_to_press_again():
    log: list[str] = []
    queue = PressQueue(5, workers=1)
    stuck = Presser("stuck", log, asyncio.Event())  # never released: holds the only worker
    assert queue.offer(stuck.queued())
    await asyncio.wait_for(stuck.started.wait(), TIMEOUT)
    for name in ("a", "b"):
        assert queue.offer(Presser(name, log).queued())
    await queue.close(grace=0)
    assert sorted(log) == ["a told to press again", "b told to press again"]


async def test_a_failing_press_does_not_stop_its_worker():
    log: list[str] = []
    queue = PressQueue(5, workers=1)

    async def broken() -> None:
        raise OSError("response_url went away")

    async def nothing() -> None:
        return None

    assert queue.offer(Queued(broken, nothing))
    assert queue.offer(Presser("next", log).queued())
    await queue.close(grace=TIMEOUT)
    assert log == ["next counted"]


def test_a_queue_needs_room():
    with pytest.raises(ValueError):
        PressQueue(0)


async def test_a_press_that_waited_too_long_for_its_turn_is_told_to_press_again_not_counted_late():
    log: list[str] = []
    clock = [0.0]
    gate = asyncio.Event()
    queue = PressQueue(5, workers=1, max_wait=2.0, now=lambda: clock[0])
    first = Presser("first", log, gate)
    assert queue.offer(first.queued())
    await asyncio.wait_for(first.started.wait(), TIMEOUT)
    assert queue.offer(Presser("patient", log).queued())
    clock[0] = 1.5
    assert queue.offer(Presser("recent", log).queued())
    clock[0] = 3.0  # 'patient' has waited 3 s, 'recent' 1.5 s when the worker is free again
    gate.set()
    await queue.close(grace=TIMEOUT)
    assert log == ["first counted", "patient told to press again", "recent counted"]
