"""Hundreds answering the same question at once: each counted exactly once, second presses refused."""

from __future__ import annotations

import asyncio

from bot.request import Asker
from tests.bot.trivia.conftest import HOST, Table, correct_letter, plain

CROWD = 500


async def test_a_crowd_answering_at_once_is_counted_exactly_once(table: Table):
    await table.say(HOST, "/trivia start questions:1 seconds:60")
    _, question = table.outbox.posts[-1]
    right = correct_letter(question)
    crowd = [Asker(f"fan-{n}", f"Fan {n}") for n in range(CROWD)]

    def pick(n: int) -> str:
        return table.button(question, right if n % 3 == 0 else next(letter for letter in "ABCD" if letter != right))

    first = await asyncio.gather(*(table.press(fan, pick(n)) for n, fan in enumerate(crowd)))
    assert all(plain(reply).startswith("Got it") for reply in first)

    # Everyone presses again, some typing instead, mixed with newcomers: only the newcomers count.
    newcomers = [Asker(f"late-{n}", f"Late {n}") for n in range(50)]
    again = await asyncio.gather(
        *(table.press(fan, pick(n + 1)) for n, fan in enumerate(crowd[::2])),
        *(table.say(fan, "/trivia answer text:b") for fan in crowd[1::2]),
        *(table.press(fan, pick(n)) for n, fan in enumerate(newcomers)),
    )
    repeats, fresh = again[: len(crowd)], again[len(crowd) :]
    assert all("already answered" in plain(reply) for reply in repeats)
    assert all(plain(reply).startswith("Got it") for reply in fresh)

    async with table.store.db.execute(
        "SELECT COUNT(*), COUNT(DISTINCT user_id), SUM(correct) FROM trivia_answer"
    ) as cursor:
        total, distinct, correct = await cursor.fetchone()
    assert (total, distinct) == (CROWD + 50, CROWD + 50)
    assert correct == len(range(0, CROWD, 3)) + len(range(0, 50, 3))

    await table.close_question()
    assert f"{correct} of {CROWD + 50} got it" in table.outbox.texts()[-2]
