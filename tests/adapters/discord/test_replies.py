"""Replies Discord must accept whatever the core says: limits, buttons, moderator commands, failures, slowness."""

import pytest

from bot.companion import SORRY
from bot.features import ALL_FEATURES
from tests.adapters.discord import extra
from tests.adapters.discord.fake import NotOffered, read_message
from tests.adapters.discord.reading import buttons, is_apology, is_ephemeral, shown


@pytest.fixture
async def extra_bot(bots, monkeypatch):
    monkeypatch.setattr("bot.features.ALL_FEATURES", (*ALL_FEATURES, extra.FEATURE))
    return await bots.start()


async def test_moderator_commands_are_hidden_by_default_and_still_refused_when_shown(fake, extra_bot):
    registered = {command["name"]: command for command in fake.commands[None]}
    assert registered["sweep"]["default_member_permissions"] == str(1 << 4)  # Manage Channels
    assert registered["tidy"]["default_member_permissions"] == str(1 << 4)  # a group of moderator commands only
    for command in ("sweep", "tidy now"):
        with pytest.raises(NotOffered):
            await fake.slash("alice", command)
    refused = (await fake.answered(await fake.slash("alice", "tidy now", override=True)))[0]
    assert refused["content"] == "Only moderators can use /tidy now. Nothing was changed." and is_ephemeral(refused)
    for moderator in ("mod", "owner"):
        done = (await fake.answered(await fake.slash(moderator, "sweep")))[0]
        assert done["content"] == "Swept." and not is_ephemeral(done)


@pytest.mark.parametrize("share", [False, True])
async def test_a_long_reply_is_split_within_limits_and_cut_with_a_note(fake, extra_bot, share):
    messages = await fake.answered(await fake.slash("alice", "long", share=share), messages=3)
    assert len(messages) == 3
    assert all(is_ephemeral(message) == (not share) for message in messages)
    assert messages[0]["embeds"][0]["title"] == "A very long reply"
    assert "too long for Discord" in shown(messages[-1])
    assert [button["custom_id"] for button in buttons(messages[-1])] == ["extra:boom"]
    assert all(not buttons(message) for message in messages[:-1])
    for message in messages:
        reading = read_message(message)
        assert "XYZZY" not in reading.plain_text and "XYZZY" in reading.hidden_text
    assert fake.channel("general").history == (messages if share else [])


async def test_one_huge_part_is_cut_into_pieces_and_its_hidden_text_stays_hidden(fake, extra_bot):
    messages = await fake.answered(await fake.slash("alice", "huge"), messages=3)
    readings = [read_message(message) for message in messages]
    assert all("XYZZY" not in reading.plain_text for reading in readings)
    hidden = " ".join(reading.hidden_text for reading in readings if reading.hidden_text)
    assert hidden.startswith(" ".join(extra.HIDDEN.split()) * 3)
    assert sum(reading.plain_text.count("filler") for reading in readings) == 1500


async def test_buttons_beyond_what_discord_carries_are_left_out(fake, extra_bot):
    message = (await fake.answered(await fake.slash("alice", "buttons")))[0]
    rows = message["components"]
    assert len(rows) == 5 and all(len(row["components"]) == 5 for row in rows)
    assert [button["custom_id"] for button in buttons(message)] == [f"extra:{n}" for n in range(25)]
    assert all(len(button["label"]) <= 80 for button in buttons(message))
    pressed = (await fake.answered(await fake.click("bob", message, "extra:7")))[0]
    assert pressed["content"] == "Pressed 7." and is_ephemeral(pressed)


async def test_a_failing_handler_or_button_gets_the_cores_short_private_apology(fake, extra_bot):
    crashed = (await fake.answered(await fake.slash("alice", "crash")))[0]
    assert crashed["content"] == SORRY and is_ephemeral(crashed)
    long = await fake.answered(await fake.slash("alice", "long"), messages=3)
    boom = (await fake.answered(await fake.click("alice", long[-1], "extra:boom")))[0]
    assert is_apology(boom) and is_ephemeral(boom)


async def test_a_failure_inside_the_adapter_is_logged_and_apologized_for(fake, extra_bot, monkeypatch, caplog):
    posted = (await fake.answered(await fake.slash("alice", "buttons")))[0]

    async def broken(*args):
        raise RuntimeError("the adapter itself failed")

    monkeypatch.setattr(extra_bot.companion, "handle", broken)
    monkeypatch.setattr(extra_bot.companion, "offer", broken)
    answered = (await fake.answered(await fake.slash("alice", "bio", name="renee")))[0]
    pressed = (await fake.answered(await fake.click("bob", posted, "extra:3")))[0]
    for apology in (answered, pressed):
        assert apology["content"] == SORRY and is_ephemeral(apology)
    logged = [record for record in caplog.records if record.exc_info and "adapter itself" in str(record.exc_info[1])]
    assert len(logged) == 2


async def test_a_slow_core_is_deferred_privately_and_public_answers_follow_in_the_channel(fake, bots):
    await bots.start(defer_after=0)
    private = await fake.slash("alice", "bio", name="renee")
    messages = await fake.answered(private)
    assert private.callback_body == {"type": 5, "data": {"flags": 64}}
    assert len(messages) == 1 and is_ephemeral(messages[0]) and "Renée Ballard" in shown(messages[0])
    public = await fake.slash("alice", "bio", name="renee", share=True)
    messages = await fake.answered(public, messages=2)
    assert public.callback_body == {"type": 5, "data": {"flags": 64}}
    assert messages[0]["content"] == "Posted in the channel." and is_ephemeral(messages[0])
    assert not is_ephemeral(messages[1]) and fake.channel("general").history == [messages[1]]


async def test_an_answer_after_discords_three_seconds_is_refused_and_the_bot_keeps_serving(fake, bots, bot):
    bots.allow_rejections = True
    fake.ack_deadline = 0.0
    late = await fake.slash("alice", "progress")
    await fake.until(lambda: len(fake.rejections) == 2, "the late answer and the late apology refused")
    assert {call.response["code"] for call in fake.rejections} == {10062} and late.messages == []
    fake.ack_deadline = 3.0
    assert (await fake.answered(await fake.slash("alice", "progress")))[0]["content"].startswith("You are at S1E0")
