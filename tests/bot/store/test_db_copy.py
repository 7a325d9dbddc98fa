"""`companion db copy` and `companion db status` on databases made by running the bot: rounds played and
schedules fired, moved SQLite -> PostgreSQL -> SQLite and PostgreSQL -> SQLite, verified, nothing lost."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from bot.companion import Companion
from bot.episodes import Episode
from bot.request import Asker, Place
from bot.slack_installs import SlackInstallKey
from bot.store import open_store
from bot.store._admin import status
from bot.store._migrations import MIGRATIONS
from tests.backends import fresh_schema
from tests.bot.schedules.helpers import RecordingOutbox, eventually, tick_through, utc
from tests.clock import ManualClock
from tests.conftest import FACTS, MODERATOR, PLACE

ROOT = Path(__file__).resolve().parents[3]
LATEST = max(version for version, _, _ in MIGRATIONS)
EIGHT_PM = utc(2026, 1, 2, 20)
NIGHT = Place(PLACE.platform, PLACE.server, "trivia-night")
FANS = [Asker(f"fan-{n}", f"Fan {n}") for n in range(6)]


def companion_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
    )


async def play(where: str) -> None:
    """A night of the bot: progress, horizons, a watch party, a scheduled round and recap fired, a round played."""
    clock = ManualClock(EIGHT_PM - timedelta(minutes=1))
    store = await open_store(where)
    bot = Companion(FACTS, store, clock=clock, outbox=RecordingOutbox())
    await bot.start()
    try:
        await eventually(lambda: clock.sleepers >= 1)
        for fan in FANS:
            await bot.handle_text(PLACE, fan, "/progress s1e4")
        await bot.handle_text(NIGHT, MODERATOR, "/watchparty start episode:S1E2")
        await bot.handle_text(NIGHT, MODERATOR, '/schedule recap when:"every day 20:00" tz:UTC')
        await bot.handle_text(PLACE, MODERATOR, "/schedule trivia every day 20:00 questions:2 seconds:10")
        await tick_through(clock, 60)
        await eventually(lambda: store.running_round(PLACE))
        for fan in FANS:
            await bot.handle_text(PLACE, fan, "/trivia answer text:a")
        for _ in range(20):  # both questions close, the round completes
            if await _no_round(store):
                break
            with contextlib.suppress(TimeoutError):  # the round's timer asleep beside the scheduler's
                await eventually(lambda: clock.sleepers >= 2, timeout=2)
            await tick_through(clock, 15)
        assert await _no_round(store)
        await store.save_slack_install(SlackInstallKey("app", "bot", "", "T1", ""), 1767225600.25, '{"bot": 1}')
        assert await store.leaderboard(PLACE, server_wide=True, week=None)
    finally:
        await bot.close()


async def _no_round(store) -> bool:
    return await store.running_round(PLACE) is None


async def test_a_played_sqlite_database_goes_to_postgresql_and_back_unchanged(tmp_path):
    first = str(tmp_path / "played.db")
    await play(first)
    async with fresh_schema() as url:
        moved = companion_cli("db", "copy", "--from", first, "--to", url)
        assert moved.returncode == 0, moved.stderr
        assert "verified" in moved.stdout and "Copied" in moved.stdout
        back = str(tmp_path / "back.db")
        returned = companion_cli("db", "copy", "--from", url, "--to", back)
        assert returned.returncode == 0, returned.stderr
        assert _sums(moved.stdout) == _sums(returned.stdout)  # same rows, same checksums, both ways
        before, on_postgres = await status(first), await status(url)
        assert before.counts == on_postgres.counts == (await status(back)).counts
        assert dict(before.counts)["trivia_answer"] > 0 and dict(before.counts)["schedule_firing"] >= 2

        store = await open_store(url)
        try:  # the copy is a working store: same boards, and new rows get new ids
            original = await open_store(first)
            try:
                board = await original.leaderboard(PLACE, server_wide=True, week=None)
                assert await store.leaderboard(PLACE, server_wide=True, week=None) == board
                assert await store.progress(PLACE.platform, PLACE.server, "fan-1") == Episode(1, 4)
                assert (await store.watch_party(NIGHT)).episode == (await original.watch_party(NIGHT)).episode
            finally:
                await original.close()
            schedules = await store.active_schedules(PLACE.platform, PLACE.server)
            assert len(schedules) == 2 and all(s.last_slot == EIGHT_PM for s in schedules)
            added = await store.add_schedule(_new_schedule(schedules[0]))
            assert added.id > max(s.id for s in schedules)
        finally:
            await store.close()


def _new_schedule(like):
    from bot.schedules import NewSchedule

    return NewSchedule(like.place, like.job, like.rule, like.zone, like.phrase, "mod", EIGHT_PM, EIGHT_PM)


async def test_a_played_postgresql_database_goes_to_sqlite(tmp_path):
    async with fresh_schema() as url:
        await play(url)
        target = str(tmp_path / "from-postgres.db")
        moved = companion_cli("db", "copy", "--from", url, "--to", target)
        assert moved.returncode == 0, moved.stderr
        assert (await status(url)).counts == (await status(target)).counts
        shown = companion_cli("db", "status", "--db", target)
        assert (
            shown.returncode == 0 and "backend: sqlite" in shown.stdout and f"schema version: {LATEST}" in shown.stdout
        )


async def test_a_non_empty_target_is_refused_and_left_as_it_was(tmp_path):
    source, target = str(tmp_path / "source.db"), str(tmp_path / "target.db")
    await play(source)
    store = await open_store(target)
    await store.set_progress("console", "local", "you", Episode(1, 2))
    await store.close()
    before = await status(target)
    refused = companion_cli("db", "copy", "--from", source, "--to", target)
    assert refused.returncode == 1
    assert refused.stderr.strip() == "db copy: the target is not empty: viewer_progress (1 rows); nothing was copied"
    assert await status(target) == before


def _sums(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.endswith("verified")]
