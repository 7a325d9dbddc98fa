"""The Reveal button: answers only the presser, at the presser's own progress."""

from __future__ import annotations

import pytest

from bot.episodes import Episode
from bot.features.reveal_button import Kind as Button
from bot.features.reveal_button import button_id
from bot.reply import Kind, Visibility
from bot.request import Asker, Place, Press
from tests.bot.spoiler_invariant import assert_no_plain_spoilers
from tests.conftest import FACTS, PLACE

AHEAD, BEHIND = Asker("ahead"), Asker("behind")


@pytest.fixture
async def pressing(companion):
    await companion.store.set_progress(PLACE.platform, PLACE.server, AHEAD.user, Episode(1, 10))

    async def press(action: str, asker: Asker):
        return await companion.press(Press(PLACE, asker, action))

    return press


async def test_a_bio_reveal_shows_the_presser_what_they_have_seen(pressing):
    ahead = await pressing(button_id(PLACE, Button.BIO, "gary-pearlman"), AHEAD)
    assert ahead.visibility is Visibility.EPHEMERAL
    assert any(p.text.startswith("Gary turns out to be the serial killer.") for p in ahead.parts)
    behind = await pressing(button_id(PLACE, Button.BIO, "gary-pearlman"), BEHIND)
    assert_no_plain_spoilers(behind, "S1E0")
    assert Kind.SPOILER not in [p.kind for p in behind.parts]


async def test_revealing_someone_the_presser_has_not_met(pressing):
    reply = await pressing(button_id(PLACE, Button.BIO, "naomi-bennett"), BEHIND)
    assert (
        reply.parts[0].text
        == "Nothing to reveal to you yet: you are at S1E0. Set /progress when you have watched more."
    )
    assert (await pressing(button_id(PLACE, Button.BIO, "naomi-bennett"), AHEAD)).parts[0].text == "Naomi Bennett"


async def test_a_recap_reveal(pressing):
    ahead = await pressing(button_id(PLACE, Button.RECAP), AHEAD)
    assert ahead.parts[0].text == "Ballard: the story so far (S1E10)"
    episode = await pressing(button_id(PLACE, Button.RECAP, "S1E10"), BEHIND)
    assert_no_plain_spoilers(episode, "S1E0")


ELSEWHERE = [Place(PLACE.platform, PLACE.server, "other"), Place(PLACE.platform, "server-2", PLACE.channel)]
ELSEWHERE.append(Place("slack", PLACE.server, PLACE.channel))


@pytest.mark.parametrize(
    "action",
    [
        f"reveal:bio:nobody:{PLACE.tag}",
        f"reveal:poster:x:{PLACE.tag}",
        f"reveal:recap:S1E99:{PLACE.tag}",
        "reveal:bio:gary-pearlman",  # no place: from before buttons were tied to theirs
        "reveal",
        "nothing:at:all",
        "",
        *(button_id(place, Button.BIO, "gary-pearlman") for place in ELSEWHERE),
        *(button_id(place, Button.RECAP, "S1E10") for place in ELSEWHERE),
    ],
)
async def test_stale_or_forged_buttons(pressing, action):
    reply = await pressing(action, AHEAD)
    assert reply.visibility is Visibility.EPHEMERAL
    assert reply.parts[0].text in {
        "That button is no longer in use.",
        "Nothing to reveal to you yet: you are at S1E10. Set /progress when you have watched more.",
    }


async def test_a_storyline_reveal_needs_the_presser_to_know_the_storyline(pressing):
    later = next(s for s in FACTS.storylines if s.revealed > Episode(1, 0))
    behind = await pressing(button_id(PLACE, Button.RECAP, later.id), BEHIND)
    assert behind.parts[0].text.startswith("Nothing to reveal to you yet: you are at S1E0.")
    ahead = await pressing(button_id(PLACE, Button.RECAP, later.id), AHEAD)
    assert ahead.parts[0].text == later.title


@pytest.mark.parametrize("elsewhere", ELSEWHERE)
@pytest.mark.parametrize("shared", ["/bio gary pearlman share:yes", "/recap share:yes", "/recap S1E10 share:yes"])
async def test_a_reveal_counts_only_in_the_channel_it_was_posted_in(companion, pressing, elsewhere, shared):
    """Even where no platform would send such a press: the core checks platform, server and channel."""
    posted = await companion.handle_text(PLACE, AHEAD, shared)
    (button,) = [action.id for action in posted.actions]
    assert (await companion.press(Press(elsewhere, AHEAD, button))).parts[0].text == "That button is no longer in use."
    assert (await companion.press(Press(PLACE, AHEAD, button))).parts[0].text != "That button is no longer in use."
