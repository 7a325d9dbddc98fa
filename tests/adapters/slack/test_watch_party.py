"""A watch party on Slack: moving on posts a recap whose content is hidden behind Reveal, with a
"Mark watched" button that moves only the clicker's progress."""

from __future__ import annotations

from bot.episodes import Episode
from tests.adapters.slack.conftest import SlackWorld
from tests.adapters.slack.fake_slack import texts_of
from tests.bot.spoiler_invariant import assert_text_has_no_spoilers, leaks


async def test_a_watch_party_moving_on(world: SlackWorld):
    tag = world.companion_place("C1").tag
    started = await world.ask("/watchparty start episode:S1E9", user="UMOD")
    assert started.public and [b["value"] for b in started.buttons] == [f"watched:S1E9:{tag}"]
    moved = await world.ask("/watchparty next", user="UMOD")
    assert moved.public and "S1E10" in moved.text

    [recap] = await world.fake.wait_for("chat.postMessage")
    shown = "\n".join(texts_of(recap))
    assert "Hidden:" in shown and "S1E10" in shown
    assert_text_has_no_spoilers(shown, "S1E9")
    values = [e["value"] for b in recap.args["blocks"] if b["type"] == "actions" for e in b["elements"]]
    assert values == [f"watched:S1E10:{tag}", f"reveal:recap:S1E10:{tag}"]
    horizon = await world.companion.store.channel_horizon(world.companion_place("C1"))
    assert horizon is not None and horizon.episode == Episode(1, 10)

    behind = await world.click(f"reveal:recap:S1E10:{tag}", user="U1", message_ts=recap.answer["ts"])
    assert not behind.public
    assert_text_has_no_spoilers(behind.text, "S1E0")

    elsewhere = await world.click(f"watched:S1E10:{tag}", user="U2", channel="C2", message_ts=recap.answer["ts"])
    assert "That button is no longer in use." in elsewhere.text  # a press only counts in its own channel
    assert await world.companion.store.progress("slack", "T1", "U2") is None
    marked = await world.click(f"watched:S1E10:{tag}", user="U2", message_ts=recap.answer["ts"])
    assert not marked.public and "S1E10" in marked.text
    assert await world.companion.store.progress("slack", "T1", "U2") == Episode(1, 10)
    assert await world.companion.store.progress("slack", "T1", "U1") is None

    caught_up = await world.click(f"reveal:recap:S1E10:{tag}", user="U2", message_ts=recap.answer["ts"])
    assert not caught_up.public
    assert leaks(caught_up.text, "S1E9"), "a viewer at S1E10 sees what S1E10 adds"

    status = await world.ask("/watchparty status", user="U3")
    assert "S1E10" in status.text and not status.public
    refused = await world.ask("/watchparty next", user="U3")
    assert "Only moderators" in refused.text
