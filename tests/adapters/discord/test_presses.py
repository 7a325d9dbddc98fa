"""Discord presses: an answer counts only if its member is told so.

A press is recorded, then answered with one response saying "Got it". A press too old to answer is dropped
before any work and without a call; a press whose response Discord refuses (10062 after its 3 s, 40060 when
already acknowledged) is withdrawn, so it does not count; one not recorded a safe margin before its 3 s is
acknowledged with a deferral and told as a follow-up. When too many presses are in hand, or one is reached
too late for the full path, it is answered at once with "busy, press again". None of these leaves a
traceback, and each kind of failure logs one line.
"""

import asyncio
import logging
import sqlite3

from adapters.discord._presses import BUSY
from tests.adapters.discord.reading import buttons, is_ephemeral
from tests.adapters.discord.test_trivia import correct_letter, question_messages

SECONDS = 120
"""Long, so question 1 stays open for the whole test."""
FIRST_ONLY = "only your first answer counts"


async def open_question(fake, bots):
    channel = fake.channel("trivia")
    await fake.answered(await fake.slash("mod", "trivia start", channel, questions=2, seconds=SECONDS))
    await fake.until(lambda: len(question_messages(channel)) == 1, "question 1")
    question = question_messages(channel)[0]
    prefix = buttons(question)[0]["custom_id"][:-1]
    right = correct_letter(question)
    wrong = next(b["custom_id"][-1] for b in buttons(question) if b["custom_id"][-1] != right)
    return question, prefix + right, prefix + wrong


def calls_for(fake, interaction):
    return [call for call in fake.calls if str(interaction.id) in call.path or interaction.token in call.path]


async def counted_first(fake, user, question, button) -> bool:
    """Whether `user` had no answer yet: a fresh press is their first (no "only your first answer counts")."""
    reply = (await fake.answered(await fake.click(user, question, button)))[0]
    assert reply["content"].startswith("Got it"), reply["content"]
    return FIRST_ONLY not in reply["content"]


async def answered_before(fake, user, question, button) -> bool:
    """Whether `user`'s answer already counts: a fresh press says "only your first answer counts"."""
    reply = (await fake.answered(await fake.click(user, question, button)))[0]
    return FIRST_ONLY in reply["content"]


def tracebacks(caplog):
    return [record for record in caplog.records if record.exc_info]


async def test_a_press_too_old_to_acknowledge_is_dropped_without_a_call_and_not_counted(fake, bots, caplog):
    await bots.start()
    question, right, wrong = await open_question(fake, bots)
    caplog.set_level(logging.INFO)
    old = [await fake.click(user, question, wrong, ago=2.8) for user in ("alice", "bob", "carol")]
    await fake.until(lambda: sum("too old" in r.getMessage() for r in caplog.records) == 1, "the dropped presses")
    # Later presses are handled after the old ones (one gateway, in order): by then those were dropped.
    for user in ("alice", "bob", "carol"):
        assert await counted_first(fake, user, question, right)
    assert all(calls_for(fake, interaction) == [] and not interaction.answered for interaction in old)
    assert sum("too old" in record.getMessage() for record in caplog.records) == 1  # one line, not three
    assert tracebacks(caplog) == []


async def test_a_press_is_recorded_then_answered_with_one_response_saying_got_it(fake, bots):
    bot = await bots.start()
    question, right, _ = await open_question(fake, bots)
    offering = bot.companion.offer
    seen: list[int | None] = []

    async def watching(press):
        reply = await offering(press)
        seen.append(pressed.callback)  # nothing was sent before the answer was recorded
        return reply

    bot.companion.offer = watching  # type: ignore[method-assign]
    pressed = await fake.click("alice", question, right)
    got = (await fake.answered(pressed))[0]
    assert seen == [None] and pressed.callback == 4
    assert got["content"].startswith("Got it") and is_ephemeral(got)
    assert len(calls_for(fake, pressed)) == 1  # the response is the whole answer: no follow-up
    assert await answered_before(fake, "alice", question, right)


async def test_a_press_whose_response_is_refused_is_withdrawn_and_not_counted(fake, bots, caplog):
    bots.allow_rejections = True
    await bots.start()
    question, right, wrong = await open_question(fake, bots)
    fake.ack_deadline = 0.2  # Discord refuses this one with 10062, though its id looked young enough to try
    late = await fake.click("alice", question, wrong, ago=0.7)
    twice = await fake.click("bob", question, wrong, acknowledged=True)  # 40060: already acknowledged
    await fake.until(lambda: len(fake.rejections) == 2, "both responses refused")
    fake.ack_deadline = 3.0
    assert sorted(call.response["code"] for call in fake.rejections) == [10062, 40060]
    refused = [call.body for call in fake.rejections]
    assert all(body["type"] == 4 and body["data"]["content"].startswith("Got it") for body in refused)
    assert len(calls_for(fake, late)) == 1 and len(calls_for(fake, twice)) == 1  # no apology, no follow-up
    assert await counted_first(fake, "alice", question, right)  # the wrong answers were taken back
    assert await counted_first(fake, "bob", question, right)
    refused_lines = [record for record in caplog.records if "refused to acknowledge" in record.getMessage()]
    assert len(refused_lines) == 1, [record.getMessage() for record in refused_lines]
    assert tracebacks(caplog) == []


async def slow_offers(bot):
    """The bot's core records only once the returned event is set."""
    release = asyncio.Event()
    offering = bot.companion.offer

    async def slow(press):
        await release.wait()
        return await offering(press)

    bot.companion.offer = slow  # type: ignore[method-assign]
    return release


async def test_a_press_recorded_late_is_deferred_then_told_as_a_follow_up_and_counts(fake, bots, caplog):
    bot = await bots.start()
    question, right, wrong = await open_question(fake, bots)
    release = await slow_offers(bot)
    pressed = await fake.click("alice", question, wrong, ago=0.9)  # deferred when it is 2 s old
    await fake.until(lambda: pressed.callback == 6, "the deferral, before the answer is recorded")
    release.set()
    got = (await fake.answered(pressed))[0]
    assert got["content"].startswith("Got it") and is_ephemeral(got)
    assert len(calls_for(fake, pressed)) == 2  # the deferral and the follow-up
    assert await answered_before(fake, "alice", question, right)
    assert tracebacks(caplog) == []


async def test_a_press_recorded_late_whose_deferral_is_refused_is_withdrawn(fake, bots, caplog):
    bots.allow_rejections = True
    bot = await bots.start()
    question, right, wrong = await open_question(fake, bots)
    release = await slow_offers(bot)
    fake.ack_deadline = 1.5  # the deferral, at 2 s, comes too late
    pressed = await fake.click("alice", question, wrong, ago=0.9)
    await fake.until(lambda: len(fake.rejections) == 1, "the deferral refused")
    fake.ack_deadline = 3.0
    release.set()
    await fake.until(lambda: bot._presses.in_hand == 0, "the press recorded and taken back")  # noqa: SLF001
    assert [call.body["type"] for call in calls_for(fake, pressed)] == [6]  # no "Got it" after it
    bot.companion.offer = type(bot.companion).offer.__get__(bot.companion)  # type: ignore[method-assign]
    assert await counted_first(fake, "alice", question, right)  # recorded after the refusal, then taken back
    assert tracebacks(caplog) == []


async def test_too_many_presses_in_hand_are_answered_busy_at_once(fake, bots, caplog):
    bot = await bots.start(presses_in_hand=1)
    question, right, wrong = await open_question(fake, bots)
    release = await slow_offers(bot)
    held = await fake.click("alice", question, right)
    await fake.until(lambda: bot._presses.in_hand == 1, "the first press held")  # noqa: SLF001
    busy = (await fake.answered(await fake.click("bob", question, right)))[0]
    assert busy["content"] == BUSY and is_ephemeral(busy)
    release.set()
    got = (await fake.answered(held))[0]
    assert got["content"].startswith("Got it") and is_ephemeral(got)
    assert await counted_first(fake, "bob", question, right)  # "busy" recorded nothing
    assert tracebacks(caplog) == []


async def test_a_press_reached_late_is_answered_busy_rather_than_risk_the_three_seconds(fake, bots, caplog):
    await bots.start()
    question, right, wrong = await open_question(fake, bots)
    late = (await fake.answered(await fake.click("alice", question, wrong, ago=1.5)))[0]
    assert late["content"] == BUSY and is_ephemeral(late)
    assert await counted_first(fake, "alice", question, right)
    assert tracebacks(caplog) == []


async def test_presses_are_answered_over_kept_alive_connections(fake, bots):
    await bots.start()
    question, right, _ = await open_question(fake, bots)
    pressed = []
    for user in ("alice", "bob", "carol", "mod", "owner"):
        pressed.append(await fake.click(user, question, right))
        await fake.answered(pressed[-1])
    calls = [call for interaction in pressed for call in calls_for(fake, interaction)]
    assert len(calls) == 5  # one response each, saying "Got it"
    assert len({call.connection for call in calls}) <= 2  # not a connection per call: one session, kept alive


async def test_a_shutdown_lets_the_presses_in_hand_be_told_before_the_store_closes(fake, bots, caplog):
    bot = await bots.start()
    question, right, _ = await open_question(fake, bots)
    release = await slow_offers(bot)
    held = await fake.click("alice", question, right)
    await fake.until(lambda: bot._presses.in_hand == 1, "the press held")  # noqa: SLF001
    stopping = asyncio.ensure_future(bots.stop(bot))
    await fake.until(lambda: bot._presses._closing, "the shutdown begun")  # noqa: SLF001
    late = (await fake.answered(await fake.click("bob", question, right)))[0]
    assert late["content"] == BUSY  # nothing more is taken in
    release.set()
    got = (await fake.answered(held))[0]
    await stopping
    assert got["content"].startswith("Got it")
    with sqlite3.connect(bots.db) as db:
        assert db.execute("SELECT user_id FROM trivia_answer").fetchall() == [(str(fake.users["alice"].id),)]
    assert tracebacks(caplog) == []
