"""A restart: a new bot on the same fake Discord and the same database answers clicks on the old bot's buttons."""

from bot.request import Place
from bot.trivia._round import STALE_AFTER
from tests.adapters.discord.fake import read_message
from tests.adapters.discord.reading import buttons, is_ephemeral, shown


async def test_buttons_posted_before_a_restart_still_work_after_it(fake, bots):
    first = await bots.start()
    reveal = (await fake.answered(await fake.slash("alice", "bio", name="gary pearlman", share=True)))[0]
    trivia = fake.channel("trivia")
    await fake.answered(await fake.slash("mod", "trivia start", trivia, questions=2, seconds=30))
    await fake.until(lambda: any(buttons(message) for message in trivia.history), "the first question")
    question = next(message for message in trivia.history if buttons(message))
    await bots.stop(first)
    await bots.clock.advance(STALE_AFTER.total_seconds())  # long enough for the old process to count as dead

    await bots.start()
    assert sum(frame["op"] == 2 for frame in fake.gateway_received) == 2  # a second IDENTIFY: a new process
    await fake.until(lambda: "Round interrupted" in shown(trivia.history[-1]), "the interrupted round's table")
    await fake.until(lambda: question["edited_timestamp"] is not None, "the old question's close")
    await fake.answered(await fake.slash("bob", "progress", episode="S1E10"))
    general = Place("discord", str(fake.guild.id), str(fake.channel("general").id))
    button = f"reveal:bio:gary-pearlman:{general.tag}"
    revealed = (await fake.answered(await fake.click("bob", reveal, button)))[0]
    assert is_ephemeral(revealed) and "serial killer" in read_message(revealed).plain_text
    assert all(button["disabled"] for button in buttons(question))  # the new bot closed the old round's question
