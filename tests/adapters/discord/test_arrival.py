"""Discord: an interaction is timed by its id, which carries when the member sent it. A typed answer sent
while question 1 was open and handled after it closed (by another process, its reveal still to come) still
answers question 1, with its own speed."""

from datetime import UTC, datetime, timedelta

from bot.store import SqliteStore
from tests.adapters.discord.reading import is_ephemeral, shown
from tests.adapters.discord.test_trivia import question_messages
from tests.clock import ManualClock
from tests.conftest import FACTS

SECONDS = 60
"""Long, so the real seconds the test takes stay well inside question 1, as its interaction ids say."""


async def test_a_typed_answer_is_judged_by_when_discord_says_it_was_sent(fake, bots):
    bots.clock = ManualClock(datetime.now(UTC))  # the bot's clock and Discord's ids agree, as in production
    await bots.start()
    clock, channel = bots.clock, fake.channel("trivia")
    await fake.answered(await fake.slash("mod", "trivia start", channel, questions=2, seconds=SECONDS))
    await fake.until(lambda: len(question_messages(channel)) == 1 and clock.sleepers > 0, "question 1")
    first = next(q for q in FACTS.questions if q.question in shown(question_messages(channel)[0]))
    other = await SqliteStore.open(bots.db)  # another process on the database closes question 1…
    try:
        [(round_id,)] = await other.db.execute_fetchall("SELECT id FROM trivia_round WHERE status = 'running'")
        assert await other.close_question(round_id, 1, clock.now() + timedelta(seconds=SECONDS + 1)) is not None
    finally:
        await other.close()
    await clock.advance(SECONDS + 1)  # …so the bot's clock says question 2 is open…
    # …but this interaction's id says it was sent a few seconds into question 1.
    typed = (await fake.answered(await fake.slash("bob", "trivia answer", channel, text=first.answer)))[0]
    assert typed["content"].startswith("Got it for question 1"), typed["content"]
    assert is_ephemeral(typed)
