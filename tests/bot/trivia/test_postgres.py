"""Trivia on PostgreSQL through the whole core: a crowd counted once, and the server dropping the bot's
connections mid-round (pg_terminate_backend) loses nothing acknowledged; the bot reconnects by itself."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import asyncpg
import pytest

from bot.companion import SORRY, Companion
from bot.request import Asker
from bot.store import open_store
from tests.backends import fresh_schema, postgres_url, query
from tests.bot.trivia.conftest import HOST, RecordingOutbox, Table, correct_letter, plain
from tests.clock import ManualClock
from tests.conftest import FACTS


@pytest.fixture
async def pg_table(tmp_path) -> AsyncIterator[Table]:
    async with fresh_schema() as url:
        name = f"companion-{uuid.uuid4().hex[:12]}"
        store = await open_store(f"{url}&application_name={name}")
        clock, outbox = ManualClock(), RecordingOutbox()
        table = Table(Companion(FACTS, store, clock=clock, outbox=outbox), clock, outbox, tmp_path)
        table.application_name = name  # type: ignore[attr-defined]
        try:
            yield table
        finally:
            await table.companion.close()


async def terminate_connections(application_name: str) -> int:
    admin = await asyncpg.connect(postgres_url())
    try:
        return await admin.fetchval(
            "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = $1",
            application_name,
        )
    finally:
        await admin.close()


async def test_a_crowd_on_postgresql_is_counted_exactly_once(pg_table: Table):
    table = pg_table
    await table.say(HOST, "/trivia start questions:1 seconds:60")
    _, question = table.outbox.posts[-1]
    right = table.button(question, correct_letter(question))
    crowd = [Asker(f"fan-{n}", f"Fan {n}") for n in range(300)]
    first = await asyncio.gather(*(table.press(fan, right) for fan in crowd))
    assert all(plain(reply).startswith("Got it") for reply in first)
    again = await asyncio.gather(*(table.press(fan, right) for fan in crowd[:100]))
    assert all("already answered" in plain(reply) for reply in again)
    assert await query(table.store, "SELECT COUNT(*), COUNT(DISTINCT user_id) FROM trivia_answer") == [(300, 300)]
    await table.close_question()
    assert "300 of 300 got it" in table.outbox.texts()[-2]


async def test_backends_terminated_mid_round_lose_nothing_acknowledged_and_the_bot_reconnects(pg_table: Table):
    table = pg_table
    await table.say(HOST, "/trivia start questions:1 seconds:60")
    _, question = table.outbox.posts[-1]
    right = table.button(question, correct_letter(question))
    before = [Asker(f"early-{n}", f"Early {n}") for n in range(100)]
    assert all(plain(r).startswith("Got it") for r in await asyncio.gather(*(table.press(f, right) for f in before)))

    during = [Asker(f"during-{n}", f"During {n}") for n in range(200)]
    presses = asyncio.gather(*(table.press(fan, right) for fan in during))
    killed = await terminate_connections(table.application_name)  # type: ignore[attr-defined]
    replies = await presses
    assert killed >= 1
    acknowledged = {fan.user for fan, reply in zip(during, replies, strict=True) if plain(reply).startswith("Got it")}
    apologised = [reply for reply in replies if plain(reply) == SORRY or "did not count" in plain(reply)]
    assert len(acknowledged) + len(apologised) == len(during), {plain(r) for r in replies}

    after = [Asker(f"after-{n}", f"After {n}") for n in range(50)]
    replies_after = await asyncio.gather(*(table.press(fan, right) for fan in after))  # reconnected by itself
    assert all(plain(reply).startswith("Got it") for reply in replies_after)

    stored = {row[0] for row in await query(table.store, "SELECT user_id FROM trivia_answer")}
    assert {fan.user for fan in before} | acknowledged | {fan.user for fan in after} <= stored
    await table.close_question()
    assert f"{len(stored)} of {len(stored)} got it" in table.outbox.texts()[-2]
