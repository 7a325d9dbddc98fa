"""Discord shards split over two real `companion run` processes (deploy/Procfile's shard groups) on one database,
against the fake Discord routing each server to the connection that identified for its shard."""

from __future__ import annotations

import signal
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.request import Place
from bot.schedules._model import Job, NewSchedule
from bot.store import open_store
from tests.adapters.discord.fake import FakeDiscord
from tests.adapters.discord.reading import buttons, is_ephemeral, shown
from tests.adapters.discord.test_startup import Companion, companion_run, problems
from tests.adapters.discord.test_trivia import question_messages
from tests.backends import BACKENDS, location
from tests.procfile import processes

WAIT = 90
COUNT = 4


@pytest.fixture(params=BACKENDS)
async def where(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """The database every process shares: one SQLite file, or one PostgreSQL schema."""
    async with location(request.param, tmp_path) as found:
        yield found


async def _start_shard_groups(fake: FakeDiscord, tmp_path: Path, where: str) -> list[Companion]:
    groups = processes("discord-")
    assert [group.command for group in groups] == [["companion", "run"], ["companion", "run"]]
    assert {group.settings["DISCORD_SHARD_COUNT"] for group in groups} == {str(COUNT)}
    return [await companion_run(fake, tmp_path, fake.token, COMPANION_DB=where, **group.settings) for group in groups]


async def _stop(runs: list[Companion]) -> None:
    for run in runs:
        if run.process.returncode is None:
            run.process.send_signal(signal.SIGTERM)
    for run in runs:
        assert await run.ended() == 0, run.stderr
        assert [line for line in problems(run.stderr) if HEARTBEAT_RACE not in line] == [], run.stderr


HEARTBEAT_RACE = "discord.gateway: Can't keep up"
"""discord.py's heartbeat thread notes its send time after the send completes; the fake's instant ACK on loopback
can arrive first, and the latency then reads as a whole heartbeat interval (41 s). Tests running past the first
interval see it; it says nothing about the bot."""


async def _scheduled_round(where: str, place: Place) -> None:
    """A trivia round due at the next minute, as `/schedule trivia` leaves it (the schedulers wake each minute)."""
    store = await open_store(where)
    try:
        now = datetime.now(UTC)
        slot = now.replace(second=0, microsecond=0) + timedelta(minutes=1)
        await store.add_schedule(
            NewSchedule(
                place=place,
                job=Job.TRIVIA,
                rule=f"once {slot:%Y-%m-%dT%H:%M}",
                zone="UTC",
                phrase=f"{slot:%Y-%m-%d %H:%M}",
                created_by="mod",
                created_at=now,
                next_due=slot,
                options={"questions": 1, "seconds": 20},
            )
        )
    finally:
        await store.close()


async def test_two_processes_split_the_shards_and_share_the_rounds(fake: FakeDiscord, tmp_path: Path, where: str):
    fake.identify_interval = 5.0  # as Discord: one IDENTIFY per bucket every 5 s, across every process
    servers = [fake.add_guild(f"server on shard {shard}", shard=shard, count=COUNT) for shard in range(COUNT)]
    fake.guilds.remove(fake.guild)  # every server on a known shard
    trivia = servers[3].channel("trivia")
    runs = await _start_shard_groups(fake, tmp_path, where)
    try:
        await fake.until(
            lambda: sorted(s.shard for s in fake.sessions if s.ready) == [(n, COUNT) for n in range(COUNT)],
            "four shards connected",
            timeout=WAIT,
        )
        await fake.until(lambda: fake.commands, "the commands synced", timeout=WAIT)
        identified = sorted(tuple(m["d"]["shard"]) for m in fake.gateway_received if m.get("op") == 2)
        assert identified == [(n, COUNT) for n in range(COUNT)]  # each shard once: no process served another's
        assert fake.refused_identifies == []  # the two processes queued their IDENTIFYs in the database
        await _scheduled_round(where, Place("discord", str(servers[3].id), str(trivia.id)))

        # Each server's interactions reach the connection for its shard, and are answered once.
        for shard, server in enumerate(servers):
            asked = await fake.slash("alice", "progress", server.channel("general"), episode="s1e2")
            assert asked.shard == (shard, COUNT)
            [answer] = await fake.answered(asked)
            assert "S1E2" in shown(answer) and is_ephemeral(answer)

        # The round scheduled in the server on shard 3, fired by whichever process claimed the slot; presses
        # reach shard 3's process, and all count at the close, wherever the round is kept.
        await fake.until(lambda: question_messages(trivia), "the scheduled round's question", timeout=WAIT)
        [question] = question_messages(trivia)
        for user, button in zip(("alice", "bob", "carol"), buttons(question), strict=False):
            click = await fake.click(user, question, button["custom_id"])
            assert click.shard == (3, COUNT)
            assert "Got it for question 1" in shown((await fake.answered(click))[0])
        await fake.until(lambda: "Trivia round over" in shown(trivia.history[-1]), "the round's table", timeout=WAIT)
        table = shown(trivia.history[-1])
        assert "alice" in table and "bob" in table and "carol" in table, table
        assert len(question_messages(trivia)) == 1  # fired once, by one process
    finally:
        await _stop(runs)
    puts = [call for call in fake.calls if call.method == "PUT" and call.path.endswith("/commands")]
    assert len(puts) == 1  # only the process holding shard 0 registered the commands
    assert "running Discord shards 0-1 of 4" in runs[0].stderr and "running Discord shards 2-3 of 4" in runs[1].stderr
    assert "registered by the process running shard 0" in runs[1].stderr
    assert [call for call in fake.rejections if call.status != 401] == []  # none answered twice (40060)


async def test_a_second_process_claiming_a_running_shard_refuses_to_start(
    fake: FakeDiscord, tmp_path: Path, where: str
):
    shared = {"COMPANION_DB": where, "DISCORD_SHARD_COUNT": "4"}
    first = await companion_run(fake, tmp_path, fake.token, **shared, DISCORD_SHARD_IDS="0-1")
    try:
        await fake.until(lambda: len(fake.sessions) == 2, "the first process's shards", timeout=WAIT)
        second = await companion_run(fake, tmp_path, fake.token, **shared, DISCORD_SHARD_IDS="1-2")
        assert await second.ended() == 1
        [line] = problems(second.stderr)
        assert line.startswith("Cannot start: DISCORD_SHARD_IDS: shard 1 is already run by another process (")
        assert "Give each process its own shards" in line
        assert sorted(s.shard for s in fake.sessions) == [(0, 4), (1, 4)]  # the refused one never connected
    finally:
        await _stop([first])
    # Stopped cleanly, the first gave its shards back: a new process may take them at once.
    again = await companion_run(fake, tmp_path, fake.token, **shared, DISCORD_SHARD_IDS="1-2")
    try:
        await fake.until(lambda: sorted(s.shard for s in fake.sessions) == [(1, 4), (2, 4)], "shards 1-2", timeout=WAIT)
    finally:
        await _stop([again])


async def test_shards_that_do_not_fit_the_count_are_one_line_naming_the_setting(fake: FakeDiscord, tmp_path: Path):
    cases = {
        ("4", "3-4"): "Cannot start: DISCORD_SHARD_IDS: shard 4 is outside DISCORD_SHARD_COUNT=4 "
        "(shards are numbered 0 to 3).",
        ("", "0,1"): "Cannot start: DISCORD_SHARD_IDS needs DISCORD_SHARD_COUNT",
        ("0", "0"): "Cannot start: DISCORD_SHARD_IDS needs DISCORD_SHARD_COUNT",
        ("4", "one"): "Cannot start: DISCORD_SHARD_IDS: should be shard numbers separated by commas",
    }
    runs = {
        key: await companion_run(fake, tmp_path, fake.token, DISCORD_SHARD_COUNT=key[0], DISCORD_SHARD_IDS=key[1])
        for key in cases
    }
    for key, expected in cases.items():
        assert await runs[key].ended() == 1
        [line] = problems(runs[key].stderr)
        assert line.startswith(expected), line
    assert fake.gateway_connections == []


async def test_a_process_restarted_after_a_crash_takes_its_shards_back_at_once(fake: FakeDiscord, tmp_path: Path):
    """On the same host a holder whose process has ended is not waited for (elsewhere, its lease expires)."""
    crashed = await companion_run(fake, tmp_path, fake.token, DISCORD_SHARD_COUNT="2", DISCORD_SHARD_IDS="0-1")
    await fake.until(lambda: len(fake.sessions) == 2, "the first process's shards", timeout=WAIT)
    crashed.process.send_signal(signal.SIGKILL)
    await crashed.ended()
    restarted = await companion_run(fake, tmp_path, fake.token, DISCORD_SHARD_COUNT="2", DISCORD_SHARD_IDS="0-1")
    try:
        await fake.until(lambda: len(_identifies(fake)) == 4, "the restarted process's shards", timeout=WAIT)
    finally:
        await _stop([restarted])
    assert "running Discord shards 0-1 of 2" in restarted.stderr


def _identifies(fake: FakeDiscord) -> list[dict]:
    return [frame for frame in fake.gateway_received if frame.get("op") == 2]


async def test_discord_requiring_more_shards_is_one_line_naming_the_setting(fake: FakeDiscord, tmp_path: Path):
    fake.most_guilds_per_shard = 0  # as if the one server were thousands: Discord closes IDENTIFY with 4011
    run = await companion_run(fake, tmp_path, fake.token)
    assert await run.ended() == 1
    assert problems(run.stderr) == [
        "Cannot start: DISCORD_SHARD_COUNT: Discord requires more shards for this many servers (4011, sharding "
        "required). `companion discord plan --servers N` gives a count; set it in every process (or 0 in a single one)."
    ]
    assert "Traceback" not in run.stderr
