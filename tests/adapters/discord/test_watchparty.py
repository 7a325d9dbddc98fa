"""A watch party on Discord: moving on posts the episode's recap to the channel, hidden, with its buttons."""

from bot.request import Place
from tests.adapters.discord.fake import read_message
from tests.adapters.discord.reading import buttons, is_ephemeral, shown, spoiler_safe


async def test_moving_on_posts_a_hidden_recap_that_each_viewer_reveals_for_themselves(fake, bot):
    channel = fake.channel("watch")
    await fake.answered(await fake.slash("mod", "watchparty start", channel, episode="S1E9"))
    moved = (await fake.answered(await fake.slash("mod", "watchparty next", channel)))[0]
    assert "on to S1E10" in moved["content"] and not is_ephemeral(moved)
    await fake.until(lambda: any("Watch party:" in shown(m) for m in channel.history), "the recap post")
    recap = next(message for message in channel.history if "Watch party:" in shown(message))
    reading = spoiler_safe(recap, "S1E9")  # hidden even at the new horizon: the post stays in the channel
    assert reading.hidden_text
    tag = Place("discord", str(fake.guild.id), str(channel.id)).tag
    watched, reveal = f"watched:S1E10:{tag}", f"reveal:recap:S1E10:{tag}"
    assert [b["custom_id"] for b in buttons(recap)] == [watched, reveal]
    early = (await fake.answered(await fake.click("alice", recap, reveal)))[0]
    spoiler_safe(early, "S1E0")
    marked = (await fake.answered(await fake.click("alice", recap, watched)))[0]
    assert "Marked: you have watched up to S1E10" in marked["content"] and is_ephemeral(marked)
    revealed = (await fake.answered(await fake.click("alice", recap, reveal)))[0]
    assert is_ephemeral(revealed)
    assert read_message(revealed).plain_text and not read_message(revealed).hidden_text
