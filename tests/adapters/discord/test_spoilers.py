"""The promise on Discord: public answers cut to the channel's horizon as ||spoilers||, private ones to the reader."""

import re

from bot.request import Place
from tests.adapters.discord.fake import read_message
from tests.adapters.discord.reading import buttons, is_ephemeral, shown, spoiler_safe
from tests.bot.spoiler_invariant import assert_text_has_no_spoilers

TWIST = "serial killer"


async def progress(fake, user, episode):
    await fake.answered(await fake.slash(user, "progress", episode=episode))


def reveal_id(fake, channel: str) -> str:
    return f"reveal:bio:gary-pearlman:{Place('discord', str(fake.guild.id), str(fake.channel(channel).id)).tag}"


async def test_a_shared_bio_follows_the_channel_horizon_not_the_askers_progress(fake, bot):
    await progress(fake, "alice", "S1E10")
    message = (await fake.answered(await fake.slash("alice", "bio", name="gary pearlman", share=True)))[0]
    assert not is_ephemeral(message) and fake.channel("general").history == [message]
    reading = spoiler_safe(message, "S1E0")
    assert TWIST in reading.hidden_text and TWIST not in reading.plain_text
    description = message["embeds"][0]["description"]
    tags = re.findall(r"(.{0,12})\|\|", description)[::2]
    assert tags and all(tag.endswith("*S1E10* ") for tag in tags)  # each spoiler says which episode reveals it
    assert [button["custom_id"] for button in buttons(message)] == [reveal_id(fake, "general")]


async def test_reveal_answers_only_the_clicker_cut_to_their_own_progress(fake, bot):
    posted = (await fake.answered(await fake.slash("alice", "bio", name="gary pearlman", share=True)))[0]
    await progress(fake, "bob", "S1E10")
    for user, sees_the_twist in (("bob", True), ("carol", False)):
        answer = (await fake.answered(await fake.click(user, posted, reveal_id(fake, "general"))))[0]
        assert is_ephemeral(answer)
        assert (TWIST in read_message(answer).plain_text) is sees_the_twist
        spoiler_safe(answer, "S1E10" if sees_the_twist else "S1E0")
    assert fake.channel("general").history == [posted]


async def test_the_omit_policy_leaves_later_facts_out_instead_of_hiding_them(fake, bot):
    await fake.answered(await fake.slash("mod", "horizon", "watch", spoilers="omit"))
    message = (await fake.answered(await fake.slash("alice", "bio", "watch", name="gary pearlman", share=True)))[0]
    assert "||" not in message["embeds"][0]["description"] and TWIST not in shown(message)
    assert "left out" in shown(message)
    spoiler_safe(message, "S1E0")


async def test_a_recap_shared_at_a_later_horizon_shows_that_much_and_hides_the_rest(fake, bot):
    await fake.answered(await fake.slash("mod", "horizon", "watch", episode="S1E5"))
    messages = await fake.answered(await fake.slash("alice", "recap", "watch", share=True))
    for message in messages:
        reading = spoiler_safe(message, "S1E5")
        assert reading.hidden_text  # later entries are there, behind spoiler tags


async def test_autocomplete_never_suggests_a_name_revealed_after_the_askers_progress(fake, bot):
    early = await fake.autocomplete("alice", "bio", "name", "mont")
    assert "Montana" not in [choice["name"] for choice in early]
    everyone = await fake.autocomplete("alice", "bio", "name", "")
    assert_text_has_no_spoilers(" · ".join(choice["name"] for choice in everyone), "S1E0")
    await progress(fake, "alice", "S1E10")
    later = await fake.autocomplete("alice", "bio", "name", "mont")
    assert "Montana" in [choice["name"] for choice in later]
    assert all(interaction.callback == 8 for interaction in fake.interactions.values() if interaction.type == 4)


async def test_autocomplete_stays_within_discords_25_choices(fake, bot):
    zones = await fake.autocomplete("mod", "schedule trivia", "tz", "", when="fridays 20:00")
    assert len(zones) == 25
    episodes = await fake.autocomplete("alice", "progress", "episode", "s1e")
    assert [choice["value"] for choice in episodes][:3] == ["S1E0", "S1E1", "S1E2"]
