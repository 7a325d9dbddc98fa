"""A trivia round on Discord: questions posted to the channel, players clicking A–D, closes edited in place."""

import re

from tests.adapters.discord.fake import read_markdown
from tests.adapters.discord.reading import buttons, is_ephemeral, shown, spoiler_safe
from tests.conftest import FACTS

SECONDS = 10


def question_messages(channel):
    return [
        message for message in channel.history if any(b["custom_id"].startswith("trivia:") for b in buttons(message))
    ]


def correct_letter(message) -> str:
    """The letter of the right answer, found from the fact base like a player who knows the show."""
    description = "\n".join(embed.get("description") or "" for embed in message["embeds"])
    question = next(q for q in FACTS.questions if q.question in shown(message))
    choices = dict(re.findall(r"^([A-D])\) (.+)$", description, re.M))
    return next(letter for letter, text in choices.items() if read_markdown(text).plain_text == question.answer)


async def test_a_full_round_with_three_players_clicking(fake, bots):
    await bots.start()
    clock, channel = bots.clock, fake.channel("trivia")
    started = await fake.answered(await fake.slash("mod", "trivia start", channel, questions=3, seconds=SECONDS))
    assert "question 1 is up" in started[0]["content"] and not is_ephemeral(started[0])
    for number in (1, 2, 3):
        await fake.until(lambda n=number: len(question_messages(channel)) == n and clock.sleepers == 2, "a question")
        question = question_messages(channel)[-1]
        assert f"Question {number} of 3" in shown(question)
        right = correct_letter(question)
        wrong = next(b["custom_id"][-1] for b in buttons(question) if b["custom_id"][-1] != right)
        prefix = buttons(question)[0]["custom_id"][:-1]
        for user, letter in (("alice", right), ("bob", wrong), ("carol", right), ("alice", wrong)):
            ack = (await fake.answered(await fake.click(user, question, prefix + letter)))[0]
            assert is_ephemeral(ack)
        assert "only your first answer counts" in ack["content"]
        await clock.advance(SECONDS)
        await fake.until(lambda q=question: q["edited_timestamp"] is not None, f"question {number} closing")
        assert all(button["disabled"] for button in buttons(question))
        assert [b["style"] for b in buttons(question) if b["custom_id"][-1] == right] == [3]  # the answer, in green
        assert "(closed)" in shown(question)
    await fake.until(lambda: "Trivia round over" in shown(channel.history[-1]), "the round's table")
    table = shown(channel.history[-1])
    assert table.index("1. alice") < table.index("2. carol") < table.index("3. bob")
    for message in channel.history:
        spoiler_safe(message, "S1E0")
    posts = [
        call for call in fake.calls if call.method == "POST" and call.path.endswith(f"/channels/{channel.id}/messages")
    ]
    assert len(posts) == 3 + 3 + 1  # three questions, three reveals, one table, all through the outbox


async def test_a_typed_answer_counts_like_a_click(fake, bots):
    await bots.start()
    channel = fake.channel("trivia")
    await fake.answered(await fake.slash("alice", "trivia start", channel, questions=1, seconds=SECONDS))
    await fake.until(lambda: question_messages(channel), "the question")
    question = next(q for q in FACTS.questions if q.question in shown(question_messages(channel)[0]))
    typed = (await fake.answered(await fake.slash("bob", "trivia answer", channel, text=question.answer)))[0]
    assert typed["content"].startswith("Got it") and is_ephemeral(typed)
