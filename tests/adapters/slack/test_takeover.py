"""Several real `companion run` processes on one PostgreSQL database: the process keeping a trivia round is
killed (SIGKILL, no goodbye), and another takes the round over and finishes it, every acknowledged answer
counted once and no question asked twice."""

from __future__ import annotations

import signal
import time
from collections import Counter
from pathlib import Path

from bot.store import open_store
from bot.trivia._takeover import TOOK_OVER
from tests.adapters.slack.fake_slack import Call, FakeSlack
from tests.adapters.slack.processes import BotProcess, buttons, click, start_bot, text
from tests.adapters.slack.sender import Sender
from tests.backends import fresh_schema

ROUND_TIMEOUT = 180.0
SECONDS = 15


def _questions(fake: FakeSlack) -> list[Call]:
    return [call for call in fake.calls_to("chat.postMessage") if buttons(call)]


def _number(question: Call) -> str:
    return text(question).split("Question ")[1].split(" of")[0]


async def test_a_killed_keepers_round_is_taken_over_and_finished(tmp_path: Path, fake: FakeSlack):
    bots: list[BotProcess] = []
    async with fresh_schema() as database:
        store = await open_store(database)
        try:
            keeper = await start_bot(tmp_path, database, fake.api_url)
            bots.append(keeper)
            other = await start_bot(tmp_path, database, fake.api_url)
            bots.append(other)
            at_keeper, at_other = Sender(await keeper.url, fake), Sender(await other.url, fake)
            await at_keeper.command("/horizon", "S1E10", user="UMOD")
            started = await at_keeper.command("/trivia", f"start questions:3 seconds:{SECONDS}", user="U1")
            assert started.status == 200 and "question 1 is up" in started.body, started.body

            [first] = await fake.wait_for("chat.postMessage", where=lambda call: bool(buttons(call)), timeout=30)
            round_id = int(buttons(first)[0]["value"].split(":")[1])
            asked = await store.asked_question(round_id, 1)
            assert asked is not None
            wrong = next(letter for letter in "ABCD" if letter != asked.letter)
            acknowledged: list[tuple[str, int]] = []
            for sender, user, letter in ((at_keeper, "U1", asked.letter), (at_keeper, "U2", wrong),
                                         (at_other, "U3", asked.letter)):  # fmt: skip
                said = await click(sender, first, letter, user)
                assert "Got it" in said, said
                acknowledged.append((user, 1))

            keeper.process.send_signal(signal.SIGKILL)
            killed = time.monotonic()
            await fake.wait_for("chat.postMessage", where=lambda call: TOOK_OVER in text(call), timeout=60)
            takeover = time.monotonic() - killed
            print(f"takeover {takeover:.1f} s after SIGKILL")
            assert takeover < 30

            running = await store.trivia_round(round_id)
            assert running is not None
            current = running.current
            question = (await fake.wait_for("chat.postMessage", current, where=lambda c: bool(buttons(c))))[-1]
            now_asked = await store.asked_question(round_id, current)
            assert now_asked is not None
            said = await click(at_other, question, now_asked.letter, "U1")
            if "Got it" in said:
                acknowledged.append(("U1", current))

            over = await fake.wait_for(
                "chat.postMessage", where=lambda call: "Trivia round over" in text(call),
                timeout=ROUND_TIMEOUT,
            )  # fmt: skip
            table = text(over[0])
            assert "3 players" in table and "Alice" in table, table

            answers = await store.round_table(round_id)
            counted = {standing.user: standing.answered for standing in answers}
            for user, count in Counter(user for user, _ in acknowledged).items():
                assert counted[user] == count, (user, counted)
            numbers = Counter(_number(call) for call in _questions(fake))
            assert numbers == Counter({"1": 1, "2": 1, "3": 1}), numbers
            assert sum(TOOK_OVER in text(call) for call in fake.calls_to("chat.postMessage")) == 1
            finished = await store.trivia_round(round_id)
            assert finished is not None and str(finished.status) == "completed"
        finally:
            for bot in bots:
                await bot.stop()
            await store.close()
