"""SIGKILL mid-round: every answer the bot had acknowledged is in the database after a restart."""

from __future__ import annotations

import asyncio
import signal
import sys
from pathlib import Path

from bot.trivia._model import RoundStatus
from tests.bot.trivia.conftest import open_table

ROOT = Path(__file__).resolve().parents[3]
ACKNOWLEDGED = 300


async def test_a_killed_process_loses_no_acknowledged_answer(tmp_path: Path):
    db = tmp_path / "crash.db"
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.bot.trivia.crash_presser",
        str(db),
        cwd=ROOT,
        stdout=asyncio.subprocess.PIPE,
    )
    acknowledged: list[str] = []
    try:
        async with asyncio.timeout(60):
            header = (await process.stdout.readline()).decode()
            assert header.startswith("round "), header
            while len(acknowledged) < ACKNOWLEDGED:
                line = (await process.stdout.readline()).decode()
                assert line, "the presser exited early"
                acknowledged.append(line.split()[1])
        process.send_signal(signal.SIGKILL)
        # Acknowledgements already printed before the kill count too.
        rest, _ = await asyncio.wait_for(process.communicate(), 10)
        acknowledged += [line.split()[1] for line in rest.decode().splitlines() if line.startswith("ok ")]
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert process.returncode == -signal.SIGKILL

    table = await open_table(db)
    try:
        await table.companion.start()
        async with table.store.db.execute("SELECT user_id FROM trivia_answer") as cursor:
            stored = {row[0] for row in await cursor.fetchall()}
        assert set(acknowledged) <= stored
        ended = await table.store.trivia_round(int(header.split()[1]))
        assert ended is not None and ended.status is RoundStatus.INTERRUPTED
        final = table.outbox.texts()[-1]
        assert final.startswith("Round interrupted, scores kept")
        assert f"{len(stored)} players" in final
    finally:
        await table.companion.close()
