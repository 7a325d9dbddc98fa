"""Several companions on one database: a start-up interrupts only the rounds of a dead one, on its own platform."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from bot.companion import Companion
from bot.store import SqliteStore
from bot.trivia import FEATURE
from bot.trivia._model import RoundStatus
from bot.trivia._round import STALE_AFTER
from tests.bot.trivia.conftest import PLACE, PLAYERS, RecordingOutbox, Table, correct_letter
from tests.clock import ManualClock
from tests.conftest import FACTS

ANA = PLAYERS[0]
HOST = PLAYERS[3]


@dataclass
class PlatformOutbox(RecordingOutbox):
    """An outbox that, like an adapter's, posts to one platform only."""

    platform: str = "slack"


async def another(path: Path, clock: ManualClock, outbox: RecordingOutbox | None = None) -> Companion:
    """A second process's companion on the same file (trivia only: no scheduler sleeping on the shared clock)."""
    store = await SqliteStore.open(path)
    return Companion(FACTS, store, clock=clock, outbox=outbox or RecordingOutbox(), features=[FEATURE])


async def start_and_answer(table: Table, seconds: int) -> int:
    await table.say(HOST, f"/trivia start questions:3 seconds:{seconds}")
    _, first = table.outbox.posts[-1]
    await table.press(ANA, table.button(first, correct_letter(first)))
    running = await table.store.running_round(PLACE)
    assert running is not None
    return running.id


async def status(companion: Companion, round_id: int) -> RoundStatus:
    found = await companion.store.trivia_round(round_id)
    assert found is not None
    return found.status


async def test_a_companion_starting_leaves_a_live_ones_round_to_it(table: Table):
    round_id = await start_and_answer(table, seconds=60)
    await table.close_question()
    await table.close_question()  # two minutes in: only the keeper's heartbeats show it is alive
    assert table.clock.now() - (await table.store.trivia_round(round_id)).started_at > STALE_AFTER
    other_outbox = RecordingOutbox()
    other = await another(table.path, table.clock, other_outbox)
    try:
        await other.start()
        assert other_outbox.posts == []
        assert await status(table.companion, round_id) is RoundStatus.RUNNING
        await table.close_question()
        assert await status(table.companion, round_id) is RoundStatus.COMPLETED
        final = table.outbox.texts()[-1]
        assert final.startswith("Trivia round over") and "1. Ana" in final
        assert other_outbox.posts == []
    finally:
        await other.close()


async def test_a_dead_companions_round_is_interrupted_by_the_next_start_scores_kept(table: Table):
    round_id = await start_and_answer(table, seconds=120)
    await table.companion.close()  # the process dies mid-round: nobody ends it
    await table.clock.advance(STALE_AFTER.total_seconds() - 1)
    too_soon = await another(table.path, table.clock)
    try:
        await too_soon.start()  # its keeper might only be slow: left alone
        assert await status(too_soon, round_id) is RoundStatus.RUNNING
    finally:
        await too_soon.close()

    await table.clock.advance(1)
    outbox = RecordingOutbox()
    restarted = await another(table.path, table.clock, outbox)
    try:
        await restarted.start()
        found = await restarted.store.trivia_round(round_id)
        assert found is not None and found.status is RoundStatus.INTERRUPTED
        final = outbox.texts()[-1]
        assert final.startswith("Round interrupted, scores kept") and "1. Ana" in final
    finally:
        await restarted.close()


async def test_a_round_on_another_platform_is_left_to_that_platforms_companion(table: Table):
    round_id = await start_and_answer(table, seconds=120)
    await table.companion.close()
    await table.clock.advance(STALE_AFTER.total_seconds() + 60)
    slack_outbox = PlatformOutbox(platform="slack")
    slack = await another(table.path, table.clock, slack_outbox)
    try:
        await slack.start()
        assert slack_outbox.posts == []
    finally:
        await slack.close()
    assert PLACE.platform == "test"
    own_outbox = PlatformOutbox(platform="test")
    own = await another(table.path, table.clock, own_outbox)
    try:
        await own.start()
        found = await own.store.trivia_round(round_id)
        assert found is not None and found.status is RoundStatus.INTERRUPTED
        assert own_outbox.texts()[-1].startswith("Round interrupted, scores kept")
    finally:
        await own.close()


async def test_a_round_from_before_keepers_counts_as_stale(table: Table):
    """Rows from before the migration have no keeper and no heartbeat: nobody is known to be driving them."""
    round_id = await start_and_answer(table, seconds=120)
    await table.companion.close()
    old = await SqliteStore.open(table.path)
    await old.db.execute("UPDATE trivia_round SET keeper = NULL, heartbeat_at = NULL")
    await old.db.commit()
    await old.close()
    restarted = await another(table.path, ManualClock(table.clock.now() + timedelta(seconds=1)))
    try:
        await restarted.start()
        found = await restarted.store.trivia_round(round_id)
        assert found is not None and found.status is RoundStatus.INTERRUPTED
    finally:
        await restarted.close()


async def test_a_restart_on_the_same_host_closes_its_dead_predecessors_round_at_once(tmp_path):
    """The keeper's process has ended, so its fresh heartbeat does not keep the round alive."""
    import os
    import socket
    import subprocess
    import sys

    ended = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(ended.stdout)
    assert dead_pid != os.getpid()
    clock = ManualClock()
    first = await another(tmp_path / "t.db", clock)
    first.identity = f"{socket.gethostname()}:{dead_pid}:gone"
    table = Table(first, clock, first.outbox, tmp_path / "t.db")  # type: ignore[arg-type]
    await start_and_answer(table, seconds=60)
    await first.close()

    restarted = await another(tmp_path / "t.db", clock)
    try:
        await restarted.start()
        running = await restarted.store.running_round(PLACE)
        assert running is None, "interrupted at start, no waiting for the heartbeat to go stale"
        async with restarted.store.db.execute("SELECT status FROM trivia_round") as cursor:
            assert [row[0] for row in await cursor.fetchall()] == [RoundStatus.INTERRUPTED.value]
    finally:
        await restarted.close()


def test_keepers_elsewhere_or_in_this_process_are_judged_by_heartbeat_alone():
    import os
    import socket

    from bot.trivia._keepers import gone_here

    here = socket.gethostname()
    keepers = {"elsewhere:1:x", f"{here}:{os.getpid()}:sibling", "unreadable", f"{here}:notapid:x"}
    assert gone_here(keepers, me=f"{here}:{os.getpid()}:me") == set()
