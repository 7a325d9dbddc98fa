"""Slack has no spoiler markup: public posts name what is hidden, and Reveal answers the clicker alone."""

from __future__ import annotations

from bot.episodes import Episode
from tests.adapters.slack.conftest import SlackWorld
from tests.bot.spoiler_invariant import assert_text_has_no_spoilers, leaks

TWIST = "serial killer"


async def test_a_shared_bio_names_what_is_hidden_and_offers_reveal(world: SlackWorld):
    seen = await world.ask("/bio gary pearlman share:yes")
    assert seen.public
    assert "Hidden: 4 parts revealed in S1E10" in seen.text
    assert_text_has_no_spoilers(seen.text, "S1E0")
    tag = world.companion_place("C1").tag
    assert [button["value"] for button in seen.buttons] == [f"reveal:bio:gary-pearlman:{tag}"]
    assert TWIST not in seen.call.args["text"].lower()


async def test_a_private_bio_shows_hidden_parts_only_as_a_line(world: SlackWorld):
    seen = await world.ask("/bio gary pearlman")
    assert not seen.public and not seen.buttons
    assert "beyond your progress" in seen.text
    assert_text_has_no_spoilers(seen.text, "S1E0")


async def test_reveal_answers_each_clicker_alone_at_their_own_progress(world: SlackWorld):
    shared = await world.ask("/bio gary pearlman share:yes", user="U1")
    value = shared.buttons[0]["value"]
    await world.ask("/progress S1E10", user="U2")
    await world.ask("/progress S1E3", user="U3")

    caught_up = await world.click(value, user="U2")
    assert not caught_up.public and TWIST in caught_up.text.lower()
    assert caught_up.call.args["replace_original"] is False

    partway = await world.click(value, user="U3")
    assert not partway.public
    assert_text_has_no_spoilers(partway.text, "S1E3")

    newcomer = await world.click(value, user="U1")
    assert not newcomer.public and "left out" in newcomer.text
    assert_text_has_no_spoilers(newcomer.text, "S1E0")

    channel_saw = [call for call in world.fake.calls if call.public]
    assert channel_saw and all(not leaks("\n".join(call.args.get("text", "")), "S1E0") for call in channel_saw)


async def test_a_shared_recap_cut_to_the_channel_not_the_asker(world: SlackWorld):
    await world.ask("/progress S1E10", user="U1")
    seen = await world.ask("/recap share:yes", user="U1")
    assert seen.public
    assert_text_has_no_spoilers(seen.text, "S1E0")
    await world.ask("/horizon S1E5", user="UMOD")
    later = await world.ask("/recap share:yes", user="U1")
    assert_text_has_no_spoilers(later.text, "S1E5")
    assert await world.companion.store.progress("slack", "T1", "U1") == Episode(1, 10)
