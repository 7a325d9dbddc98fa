"""A transient database fault across a question's close does not freeze the round: its timer waits the fault
out, closes the question as soon as the store answers, and says in the channel that the close was late.

Both faults are real: another process holding the write lock past the store's patience, and a full disk
(a tiny tmpfs, which needs root; skipped with the reason otherwise).
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import logging
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.companion import Companion
from bot.store import SqliteStore
from tests.bot.store.holders import lock_held
from tests.bot.trivia.conftest import HOST, PLACE, PLAYERS, RecordingOutbox, Table, plain, until
from tests.clock import ManualClock
from tests.conftest import FACTS

PATIENCE = 0.5
"""How long a write waits through a fault before it fails: short, so the round's own retry is what is tested."""


async def table_on(path: Path) -> Table:
    store = await SqliteStore.open(path, patience=PATIENCE)
    clock, outbox = ManualClock(), RecordingOutbox()
    return Table(Companion(FACTS, store, clock=clock, outbox=outbox), clock, outbox, path)


async def start_one_question(table: Table) -> None:
    await table.horizon("S1E10")
    await table.say(HOST, "/trivia start questions:1 seconds:10")
    _, question = table.outbox.posts[-1]
    assert "Got it" in plain(await table.press(PLAYERS[0], question.actions[0].id))
    await until(lambda: table.clock.sleepers > 0)


async def time_passes_until(table: Table, check, seconds: float = 1, most: int = 200) -> None:
    """Move the clock a second at a time, giving the round's retries (on the database thread) time to run."""
    for _ in range(most):
        if check():
            return
        await table.clock.advance(seconds)
        with contextlib.suppress(TimeoutError):
            await table.outbox.wait_for(check, timeout=0.2)
    assert check()


async def time_passes(table: Table, seconds: int) -> None:
    """A few seconds of the fault: the round's timer tries again meanwhile, and fails again."""
    for _ in range(seconds):
        await table.clock.advance(1)
        await asyncio.sleep(0.05)


async def test_a_lock_held_by_another_process_across_the_close_delays_it_and_the_round_goes_on(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
):
    table = await table_on(tmp_path / "trivia.db")
    try:
        await start_one_question(table)
        posts = len(table.outbox.posts)
        async with lock_held(table.path) as holder:
            with caplog.at_level(logging.WARNING):
                await table.clock.advance(10)  # the close is due, and the database refuses it
                await until(lambda: "its timer retries" in caplog.text, timeout=30)
                await time_passes(table, 5)
            assert len(table.outbox.posts) == posts
            await holder.release()
        await time_passes_until(table, lambda: len(table.outbox.posts) >= posts + 2)
        reveal = plain(table.outbox.posts[posts][1])
        assert "Question 1 closed" in reveal and "late: the database was busy" in reveal, reveal
        assert "1 of 1 got it" in reveal or "(1 answered)" in reveal
        assert await table.store.running_round(PLACE) is None
        assert "background task" not in caplog.text
    finally:
        await table.companion.close()


@contextlib.contextmanager
def tiny_disk(where: Path, size: str = "1m") -> Iterator[Path]:
    if os.geteuid() != 0:
        pytest.skip("mounting a tiny tmpfs needs root")
    where.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def fill(disk: Path) -> Path:
    filler = disk / "filler"
    with filler.open("wb", buffering=0) as file:
        try:
            while True:
                file.write(b"\0" * 4096)
                file.flush()
        except OSError as error:
            assert error.errno == errno.ENOSPC
    return filler


async def test_a_full_disk_across_the_close_delays_it_and_the_round_goes_on(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
):
    with tiny_disk(tmp_path / "disk") as disk:
        table = await table_on(disk / "trivia.db")
        try:
            await start_one_question(table)
            posts = len(table.outbox.posts)
            filler = fill(disk)
            with caplog.at_level(logging.WARNING):
                await table.clock.advance(10)
                await until(lambda: "its timer retries" in caplog.text, timeout=30)
                await time_passes(table, 5)
            assert "full" in caplog.text and len(table.outbox.posts) == posts
            filler.unlink()
            await time_passes_until(table, lambda: len(table.outbox.posts) >= posts + 2)
            reveal = plain(table.outbox.posts[posts][1])
            assert "late: the database was busy" in reveal, reveal
            assert "1 of 1 got it" in reveal or "(1 answered)" in reveal
            assert await table.store.running_round(PLACE) is None
        finally:
            await table.companion.close()
