"""A scheduled trivia round fires into its Discord channel when the (injected) clock reaches it."""

from tests.adapters.discord.reading import buttons, is_ephemeral, shown, spoiler_safe


async def test_a_scheduled_round_fires_into_the_channel(fake, bots):
    await bots.start()
    clock, channel = bots.clock, fake.channel("trivia")  # the clock starts on a Friday at 20:00 UTC
    scheduled = await fake.slash("mod", "schedule trivia", channel, when="fridays 20:05", tz="UTC", questions=2)
    assert "Scheduled #1" in shown((await fake.answered(scheduled))[0])
    assert channel.history == [] or not any(buttons(message) for message in channel.history)
    for minute in range(5):
        await fake.until(lambda: clock.sleepers == 1, f"the scheduler asleep at minute {minute}")
        await clock.advance(60)
    await fake.until(lambda: any(buttons(message) for message in channel.history), "the scheduled round's question")
    question = next(message for message in channel.history if buttons(message))
    assert "Question 1 of 2" in shown(question) and not is_ephemeral(question)
    assert [b["label"] for b in buttons(question)] == ["A", "B", "C", "D"]
    for message in channel.history:
        spoiler_safe(message, "S1E0")
