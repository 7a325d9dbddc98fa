"""The Reveal button: answers only the presser, at the presser's own progress."""

from __future__ import annotations

import pytest

from bot.episodes import Episode
from bot.reply import Kind, Visibility
from bot.request import Asker, Press
from tests.bot.spoiler_invariant import assert_no_plain_spoilers
from tests.conftest import PLACE

AHEAD, BEHIND = Asker("ahead"), Asker("behind")


@pytest.fixture
async def pressing(companion):
    await companion.store.set_progress(PLACE.platform, PLACE.server, AHEAD.user, Episode(1, 10))

    async def press(action: str, asker: Asker):
        return await companion.press(Press(PLACE, asker, action))

    return press


async def test_a_bio_reveal_shows_the_presser_what_they_have_seen(pressing):
    ahead = await pressing("reveal:bio:gary-pearlman", AHEAD)
    assert ahead.visibility is Visibility.EPHEMERAL
    assert any(p.text.startswith("Gary turns out to be the serial killer.") for p in ahead.parts)
    behind = await pressing("reveal:bio:gary-pearlman", BEHIND)
    assert_no_plain_spoilers(behind, "S1E0")
    assert Kind.SPOILER not in [p.kind for p in behind.parts]


async def test_revealing_someone_the_presser_has_not_met(pressing):
    reply = await pressing("reveal:bio:naomi-bennett", BEHIND)
    assert (
        reply.parts[0].text
        == "Nothing to reveal to you yet: you are at S1E0. Set /progress when you have watched more."
    )
    assert (await pressing("reveal:bio:naomi-bennett", AHEAD)).parts[0].text == "Naomi Bennett"


async def test_a_recap_reveal(pressing):
    ahead = await pressing("reveal:recap:", AHEAD)
    assert ahead.parts[0].text == "Ballard: the story so far (S1E10)"
    episode = await pressing("reveal:recap:S1E10", BEHIND)
    assert_no_plain_spoilers(episode, "S1E0")


@pytest.mark.parametrize("action", ["reveal:bio:nobody", "reveal:poster:x", "reveal", "nothing:at:all", ""])
async def test_stale_or_forged_buttons(pressing, action):
    reply = await pressing(action, AHEAD)
    assert reply.visibility is Visibility.EPHEMERAL
    assert reply.parts[0].text in {
        "That button is no longer in use.",
        "Nothing to reveal to you yet: you are at S1E10. Set /progress when you have watched more.",
    }
