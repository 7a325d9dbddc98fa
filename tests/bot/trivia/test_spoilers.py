"""Trivia never asks, offers or reveals anything beyond the channel's horizon: a property over all horizons.

Every reply and every post of whole rounds is checked, at every horizon, with answers pressed and typed
(typed text may be anything, even a later answer: echoing what someone typed reveals nothing new), and
with the horizon moved back mid-round. Everyone's own progress is S1E0, so a private reply that showed
any trivia fact at all would fail too.
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.episodes import Episode
from bot.reply import Reply, Visibility
from bot.request import Asker
from tests.bot.spoiler_invariant import assert_no_plain_spoilers
from tests.bot.trivia.conftest import HOST, PLACE, Table, open_table
from tests.conftest import FACTS

HORIZONS = FACTS.episodes
PREMISE = HORIZONS[0]
CATEGORIES = sorted({q.category for q in FACTS.questions})
TYPED = sorted({q.answer for q in FACTS.questions} | {a for q in FACTS.questions for a in q.accept}) + ["b", "?"]
PLAYERS = [Asker(f"p{n}", f"P{n}") for n in range(3)]

answers = st.lists(
    st.tuples(st.sampled_from(PLAYERS), st.one_of(st.sampled_from("ABCD"), st.sampled_from(TYPED))), max_size=4
)


class Checked:
    """Checks each reply and each push against the horizon that applies to it when it is shown."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.typed: list[str] = []
        self.seen = 0

    async def horizon(self) -> Episode:
        stored = await self.table.store.channel_horizon(PLACE)
        return stored.episode if stored else PREMISE

    async def reply(self, reply: Reply) -> None:
        horizon = await self.horizon() if reply.visibility is Visibility.PUBLIC else PREMISE
        assert_no_plain_spoilers(reply, horizon, typed=self.typed)

    async def pushes(self) -> None:
        horizon = await self.horizon()
        pushed = [reply for _, reply in self.table.outbox.posts] + [reply for _, reply in self.table.outbox.edits]
        for reply in pushed[self.seen :]:
            assert reply.visibility is Visibility.PUBLIC
            assert_no_plain_spoilers(reply, horizon, typed=self.typed)
        self.seen = len(pushed)


async def play(horizon: Episode, questions: int, category: str | None, plays: list, lowered: Episode | None) -> None:
    with tempfile.TemporaryDirectory() as folder:
        table = await open_table(Path(folder) / "trivia.db")
        check = Checked(table)
        try:
            await table.horizon(str(horizon))
            command = f"/trivia start questions:{questions} seconds:10" + (f" category:{category}" if category else "")
            await check.reply(await table.say(HOST, command))
            await check.pushes()
            running = await table.store.running_round(PLACE)
            for number in range(1, (running.size if running else 0) + 1):
                for player, given in plays:
                    if len(given) == 1:
                        reply = await table.press(player, f"trivia:{running.id}:{number}:{given}")
                    else:
                        check.typed.append(given)
                        reply = await table.say(player, f"/trivia answer text:{given}")
                    await check.reply(reply)
                await check.reply(await table.say(PLAYERS[0], "/trivia score"))
                if lowered is not None and number == 1:
                    await table.horizon(str(lowered))
                await table.close_question()
                await check.pushes()
                if await table.store.running_round(PLACE) is None:
                    break
            for board in ("/trivia leaderboard", "/trivia score", "/trivia leaderboard period:week scope:server"):
                await check.reply(await table.say(PLAYERS[1], board))
            asked = [await table.store.asked_question(1, n) for n in range(1, (running.size if running else 0) + 1)]
            assert all(question.revealed <= horizon for question in asked if question)
        finally:
            await table.companion.close()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    horizon=st.sampled_from(HORIZONS),
    questions=st.integers(1, 3),
    category=st.one_of(st.none(), st.sampled_from(CATEGORIES)),
    plays=answers,
    lowered=st.one_of(st.none(), st.sampled_from(HORIZONS)),
)
def test_no_trivia_question_choice_or_answer_lies_beyond_the_channels_horizon(
    horizon, questions, category, plays, lowered
):
    asyncio.run(play(horizon, questions, category, plays, lowered))


def test_whole_rounds_at_every_horizon():
    async def every() -> None:
        for horizon in HORIZONS:
            await play(horizon, 20, None, [(PLAYERS[0], "A"), (PLAYERS[1], "Gary Pearlman")], None)

    asyncio.run(every())
