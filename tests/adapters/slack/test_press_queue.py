"""Under a rush, presses wait in a bounded queue; one that finds it full is told at once to press again,
and nothing is recorded for it. Driven through real Bolt over HTTP against the local Slack."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from adapters.slack import SlackHttpServer, SlackOutbox, build_app
from adapters.slack import _session as session_module
from adapters.slack._session import open_session
from bot.companion import Companion
from bot.presses import WORKERS, PressQueue
from bot.store import SqliteStore
from tests.adapters.slack.conftest import SlackWorld, slack_settings
from tests.adapters.slack.fake_slack import FakeSlack
from tests.adapters.slack.running import serving, stop
from tests.adapters.slack.sender import Sender
from tests.clock import ManualClock
from tests.conftest import FACTS

TIMEOUT = 30


@pytest.fixture
async def tiny_queue() -> PressQueue:
    return PressQueue(1, workers=1)


@pytest.fixture
async def rushed(fake: FakeSlack, tmp_path: Path, tiny_queue: PressQueue) -> AsyncIterator[SlackWorld]:
    """A world whose presses wait in a queue of one, taken by one worker."""
    clock = ManualClock()
    store = await SqliteStore.open(tmp_path / "companion.db")
    companion = Companion(FACTS, store, clock=clock, outbox=SlackOutbox())
    session = open_session()
    app = build_app(slack_settings(fake), companion, session, tiny_queue)
    server = SlackHttpServer(app, "127.0.0.1", 0)
    await server.start()
    await companion.start()
    yield SlackWorld(fake, Sender(server.url, fake), companion, clock, server, app)
    for gate in fake.held.values():
        gate.set()
    await server.stop()
    await tiny_queue.close()
    await companion.close()
    await session.close()


async def test_a_press_that_finds_the_queue_full_is_told_at_once_and_not_recorded(rushed: SlackWorld):
    fake, sender = rushed.fake, rushed.sender
    await rushed.ask("/trivia start questions:1 seconds:60", user="U1")
    [question] = await fake.wait_for("chat.postMessage", timeout=TIMEOUT)
    values = [e["value"] for b in question.args["blocks"] if b["type"] == "actions" for e in b["elements"]]
    ts = question.answer["ts"]

    slow = asyncio.Event()
    fake.hold_next = [slow]  # the first presser's answer hangs at Slack's end: the only worker is held there
    assert (await sender.click(values[0], user="UFIRST", message_ts=ts)).status == 200
    async with asyncio.timeout(TIMEOUT):
        while not fake.holding:
            await asyncio.sleep(0.01)
    queued = await sender.click(values[1], user="USECOND", message_ts=ts)  # fills the queue of one
    turned_away = await sender.click(values[2], user="UTHIRD", message_ts=ts)
    assert queued.status == turned_away.status == 200

    [busy] = await fake.wait_for("response_url", where=lambda call: call.url == turned_away.response_url)
    assert not slow.is_set(), "the busy answer came at once, not after the queue moved"
    assert "busy" in busy.args["text"] and "press again" in busy.args["text"]
    assert busy.args["response_type"] == "ephemeral" and busy.args["replace_original"] is False

    slow.set()
    [told] = await fake.wait_for("response_url", where=lambda call: call.url == queued.response_url)
    assert "Got it" in told.args["text"]
    round_id = int(values[0].split(":")[1])
    assert {s.user for s in await rushed.companion.store.round_table(round_id)} == {"UFIRST", "USECOND"}

    again = await sender.click(values[2], user="UTHIRD", message_ts=ts)
    [told] = await fake.wait_for("response_url", where=lambda call: call.url == again.response_url)
    assert "Got it" in told.args["text"]
    rushed.check_everything_sent()


async def test_presses_queued_when_the_worker_is_stopped_are_counted_or_told_to_press_again(tmp_path, fake):
    """SIGTERM with every press worker held at a slow response_url and presses still queued: each
    acknowledged press ends committed, or its presser is told to press again. None silently dropped."""
    held, queued = WORKERS, 12
    process, url = await serving(tmp_path, fake)
    sender = Sender(url, fake)
    try:
        await sender.command("/trivia", "start questions:1 seconds:120", user="U1")
        [question] = await fake.wait_for("chat.postMessage", timeout=TIMEOUT)
        values = [e["value"] for b in question.args["blocks"] if b["type"] == "actions" for e in b["elements"]]
        slow = asyncio.Event()
        fake.hold_next = [slow] * held
        sent = []

        async def press(number: int) -> None:
            click = await sender.click(values[number % 4], user=f"UFAN{number:03d}", message_ts=question.answer["ts"])
            assert click.status == 200
            sent.append(click)

        for number in range(held):
            await press(number)
        async with asyncio.timeout(TIMEOUT):
            while len(fake.holding) < held:  # every worker is now stuck answering at Slack's end
                await asyncio.sleep(0.01)
        for number in range(held, held + queued):  # these wait in the queue, fresh, when the signal comes
            await press(number)
        log = await stop(process)
    finally:
        slow.set()
        if process.returncode is None:
            process.kill()
            await process.wait()

    assert process.returncode == 0 and "Traceback" not in log
    told_again = {call.url for call in fake.calls_to("response_url") if "press again" in (call.args.get("text") or "")}
    store = await SqliteStore.open(tmp_path / "run.db")
    try:
        counted = {s.user for s in await store.round_table(int(values[0].split(":")[1]))}
    finally:
        await store.close()
    assert len(sent) == held + queued
    for number, click in enumerate(sent):
        in_database, told = f"UFAN{number:03d}" in counted, click.response_url in told_again
        assert in_database != told, (number, in_database, told)


async def test_a_response_url_that_never_answers_costs_a_timeout_not_a_stuck_queue(rushed: SlackWorld, monkeypatch):
    monkeypatch.setattr(session_module, "RESPONSE_TIMEOUT", 0.5)
    fake, sender = rushed.fake, rushed.sender
    await rushed.ask("/trivia start questions:1 seconds:60", user="U1")
    [question] = await fake.wait_for("chat.postMessage", timeout=TIMEOUT)
    values = [e["value"] for b in question.args["blocks"] if b["type"] == "actions" for e in b["elements"]]
    ts = question.answer["ts"]
    never = asyncio.Event()  # set only at teardown
    fake.hold_next = [never]
    assert (await sender.click(values[0], user="USTUCK", message_ts=ts)).status == 200
    async with asyncio.timeout(TIMEOUT):
        while not fake.holding:
            await asyncio.sleep(0.01)
    behind = await sender.click(values[1], user="UBEHIND", message_ts=ts)  # waits for the only worker
    # Well before the session's own 30 s limit: the stuck post gave up after its short timeout.
    [told] = await fake.wait_for("response_url", where=lambda call: call.url == behind.response_url, timeout=15)
    assert "Got it" in told.args["text"] and not never.is_set()
    round_id = int(values[0].split(":")[1])
    assert {s.user for s in await rushed.companion.store.round_table(round_id)} == {"USTUCK", "UBEHIND"}
