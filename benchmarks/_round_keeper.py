"""A bot process keeping one trivia round, to be killed: `python -m benchmarks._round_keeper WHERE CHANNEL`.

It starts a round in the channel, prints its id and this companion's identity as one JSON line, and keeps
the round (renewing its lease) until it is killed.
"""

from __future__ import annotations

import asyncio
import json
import sys

from bot.app import load_facts
from bot.companion import Companion
from bot.episodes import Episode
from bot.request import Asker, Place
from bot.settings import FACTS_DIR
from bot.spoilers import Policy
from bot.store import open_store
from bot.trivia import FEATURE


async def main(where: str, channel: str) -> None:
    place = Place("bench", "server-1", channel)
    companion = Companion(load_facts(FACTS_DIR), await open_store(where), features=[FEATURE])
    await companion.start()
    await companion.store.set_channel_horizon(place, Episode(1, 10), Policy.HIDE, "bench")
    await companion.handle_text(place, Asker("host", "Host"), "/trivia start questions:3 seconds:60")
    running = await companion.store.running_round(place)
    assert running is not None
    print(json.dumps({"round": running.id, "keeper": companion.identity}), flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2]))
