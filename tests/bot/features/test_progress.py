"""/progress (yours, private) and /horizon (the channel's, set by moderators)."""

from __future__ import annotations

from bot.episodes import Episode
from bot.reply import Visibility
from bot.request import Place
from bot.spoilers import Policy
from bot.store import SERVER_WIDE
from tests.conftest import MODERATOR, PLACE, SERVER_MODERATOR, VIEWER


async def test_progress_is_shown_and_set_privately(ask):
    shown = await ask("/progress")
    assert shown.visibility is Visibility.EPHEMERAL
    assert (
        shown.parts[0].text == "You are at S1E0 of Ballard. Private answers are cut to it; set it with /progress S1E4."
    )
    done = await ask("/progress s01e04")
    assert done.visibility is Visibility.EPHEMERAL
    assert done.parts[0].text == "Got it: you have watched up to S1E4. Private answers now include everything to there."
    assert "You are at S1E4" in (await ask("/progress")).parts[0].text


async def test_anyone_sees_the_horizon_and_a_moderator_sets_it(ask):
    before = await ask("/horizon")
    assert before.parts[0].text.startswith("This server's default is S1E0")
    done = await ask("/horizon S1E2 spoilers:omit", MODERATOR)
    assert done.visibility is Visibility.PUBLIC
    assert done.parts[0].text == "This channel's horizon is now S1E2; later facts are left out in public answers."
    shown = await ask("/horizon")
    assert shown.parts[0].text == (
        "This channel's horizon is S1E2: public answers here show nothing revealed after it (later facts are left out)."
    )


async def test_changing_only_the_policy_keeps_the_episode(ask):
    await ask("/horizon S1E6", MODERATOR)
    await ask("/horizon spoilers:omit", MODERATOR)
    horizon = await ask.companion.store.channel_horizon(PLACE)
    assert (horizon.episode, horizon.policy, horizon.set_by) == (Episode(1, 6), Policy.OMIT, MODERATOR.user)


async def test_a_server_default_covers_channels_without_their_own(ask):
    done = await ask("/horizon S1E3 server:yes", SERVER_MODERATOR)
    assert done.parts[0].text.startswith("This server's default horizon is now S1E3")
    store = ask.companion.store
    assert (await store.channel_horizon(Place(PLACE.platform, PLACE.server, SERVER_WIDE))).episode == Episode(1, 3)
    elsewhere = await ask.companion.handle_text(Place(PLACE.platform, PLACE.server, "elsewhere"), VIEWER, "/horizon")
    assert elsewhere.parts[0].text.startswith("This server's default is S1E3")


async def test_a_bad_policy_is_refused_with_the_choices(ask):
    reply = await ask("/horizon S1E2 spoilers:blur", MODERATOR)
    assert reply.parts[0].text == "spoilers takes one of: hide, omit. Usage: /horizon [episode] [spoilers:…] [server:…]"
    assert await ask.companion.store.channel_horizon(PLACE) is None
