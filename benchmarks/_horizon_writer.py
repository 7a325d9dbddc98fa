"""Another bot process moving a channel's horizon: `python -m benchmarks._horizon_writer WHERE`.

For each line read on stdin it sets the channel's horizon to the next episode and, once that is committed,
prints the episode and the wall-clock time of the commit's acknowledgement as one JSON line.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time

from bot.episodes import Episode
from bot.request import Place
from bot.spoilers import Policy
from bot.store import open_store

PLACE = Place("bench", "server-1", "watch")


async def main(where: str) -> None:
    store = await open_store(where)
    loop = asyncio.get_running_loop()
    try:
        step = 0
        print("ready", flush=True)
        while await loop.run_in_executor(None, sys.stdin.readline):
            step += 1
            episode = Episode(1, step % 10 + 1)
            await store.set_channel_horizon(PLACE, episode, Policy.HIDE, "writer")
            print(json.dumps({"episode": episode.number, "committed": time.time()}), flush=True)
    finally:
        await store.close()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
