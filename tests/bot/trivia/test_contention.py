"""Several processes on one SQLite file: a real second process holds the write lock for 2 s while presses
arrive. None is refused, every one is counted, and reads never wait behind the writes that wait."""

from __future__ import annotations

import asyncio
from pathlib import Path

from bot.request import Asker
from tests.bot.store.holders import lock_held
from tests.bot.trivia.conftest import HOST, PLACE, open_table, plain

FANS = 200


async def test_presses_during_a_2_second_lock_by_another_process_all_count(tmp_path: Path):
    table = await open_table(tmp_path / "trivia.db")
    try:
        await table.horizon("S1E10")
        await table.say(HOST, "/trivia start questions:1 seconds:30")
        _, question = table.outbox.posts[-1]
        await table.clock.advance(5)
        async with lock_held(table.path, at_least=2.0) as holder:
            presses = [
                asyncio.ensure_future(table.press(Asker(f"fan-{n}", f"Fan {n}"), table.button(question, "ABCD"[n % 4])))
                for n in range(FANS)
            ]
            await asyncio.sleep(0)
            # While those writes wait for the other process, this process still reads.
            running = await asyncio.wait_for(table.store.running_round(PLACE), 20)
            assert running is not None
            standings = await asyncio.wait_for(table.store.round_table(running.id), 20)
            assert standings == [] and not holder.released and not any(press.done() for press in presses)
            await holder.release()
            replies = await asyncio.wait_for(asyncio.gather(*presses), 60)
        said = [plain(reply) for reply in replies]
        assert all(line.startswith("Got it for question 1") for line in said), {line for line in said}
        assert len(await table.store.round_table(running.id)) == FANS
    finally:
        await table.companion.close()
