"""Run by test_crash_safety: start a round on a database file and press answers until killed.

Prints `round <id>` once, then `ok <user>` for every answer the core said counted, flushed at once,
so the test knows exactly which answers were acknowledged when it sends SIGKILL.
"""

from __future__ import annotations

import asyncio
import itertools
import sys

from bot.app import load_facts
from bot.companion import Companion
from bot.request import Asker, Place, Press
from bot.settings import FACTS_DIR
from bot.store import SqliteStore

PLACE = Place("test", "server-1", "crash")
PRESSERS = 16


async def main(path: str) -> None:
    companion = Companion(load_facts(FACTS_DIR), await SqliteStore.open(path))
    await companion.handle_text(PLACE, Asker("host", "Host"), "/trivia start questions:2 seconds:120")
    running = await companion.store.running_round(PLACE)
    assert running is not None
    print(f"round {running.id}", flush=True)
    numbers = itertools.count()

    async def presser() -> None:
        while True:
            user = f"user-{next(numbers)}"
            reply = await companion.press(
                Press(PLACE, Asker(user, user), f"trivia:{running.id}:1:{'ABCD'[len(user) % 4]}")
            )
            if reply.parts[0].text.startswith("Got it"):
                sys.stdout.write(f"ok {user}\n")
                sys.stdout.flush()

    await asyncio.gather(*(presser() for _ in range(PRESSERS)))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
