"""/watchparty through the core on a real database: the horizon it owns, its recap posts, and its button."""

import asyncio

import pytest

from bot.companion import Companion
from bot.episodes import Episode
from bot.reply import Kind, Visibility
from bot.request import Asker, Place, Press
from bot.spoilers import Policy
from tests.bot.schedules.helpers import RecordingOutbox, plain, rows, utc
from tests.bot.spoiler_invariant import assert_no_plain_spoilers
from tests.clock import ManualClock
from tests.conftest import FACTS, MODERATOR, PLACE, SERVER_MODERATOR, VIEWER

FAN = Asker("fan", "Fan")
OTHER_CHANNEL = Place(PLACE.platform, PLACE.server, "elsewhere")


@pytest.fixture
def outbox():
    return RecordingOutbox()


@pytest.fixture
async def companion(store, outbox):
    return Companion(FACTS, store, clock=ManualClock(utc(2026, 3, 1, 12)), outbox=outbox)


async def ask(companion, text, asker=MODERATOR, place=PLACE):
    return await companion.handle_text(place, asker, text)


async def horizon(companion, place=PLACE):
    return (await companion.store.channel_horizon(place)).episode


async def test_start_sets_the_channels_horizon_and_says_so_publicly(companion):
    reply = await ask(companion, "/watchparty start episode:S1E3")
    assert reply.visibility is Visibility.PUBLIC
    assert plain(reply).startswith("Watch party started at S1E3! This channel's horizon is now S1E3")
    assert [action.id for action in reply.actions] == [f"watched:S1E3:{PLACE.tag}"]
    assert await horizon(companion) == Episode(1, 3)
    party = await companion.store.watch_party(PLACE)
    assert (party.episode, party.first, party.started_by) == (Episode(1, 3), Episode(1, 3), "mod-1")


async def test_start_without_an_episode_starts_at_the_channels_horizon(companion):
    await ask(companion, "/horizon S1E2")
    reply = await ask(companion, "/watchparty start")
    assert "started at S1E2" in plain(reply)
    assert (await companion.store.watch_party(PLACE)).episode == Episode(1, 2)


async def test_start_at_nothing_watched_has_no_button(companion):
    reply = await ask(companion, "/watchparty start S1E0")
    assert "started at S1E0" in plain(reply) and reply.actions == ()


async def test_start_at_the_finale_says_there_is_no_next_episode(companion):
    assert "S1E10 is the finale" in plain(await ask(companion, "/watchparty start episode:S1E10"))


async def test_next_posts_a_hidden_recap_with_a_mark_watched_button_and_moves_the_horizon(companion, outbox):
    await ask(companion, "/watchparty start episode:S1E9")
    reply = await ask(companion, "/watchparty next")
    assert reply.visibility is Visibility.PUBLIC
    assert plain(reply) == (
        "Watch party: on to S1E10. This channel's horizon is now S1E10 (was S1E9). "
        "That was the last episode: end the party with /watchparty end when you are done."
    )
    ((place, post),) = outbox.posts
    assert place == PLACE and post.visibility is Visibility.PUBLIC
    spoilers = [part for part in post.parts if part.kind is Kind.SPOILER]
    entries = [e for storyline in FACTS.storylines for e in storyline.entries if e.revealed == Episode(1, 10)]
    assert len(spoilers) == len(entries) > 0
    assert all(part.revealed == Episode(1, 10) for part in spoilers)
    assert {entry.text for entry in entries} == {part.text.split(": ", 1)[1] for part in spoilers}
    assert [action.id for action in post.actions] == [f"watched:S1E10:{PLACE.tag}", f"reveal:recap:S1E10:{PLACE.tag}"]
    assert_no_plain_spoilers(post, Episode(1, 9))
    assert await horizon(companion) == Episode(1, 10)


async def test_an_episode_the_fact_base_says_nothing_about_gets_an_honest_post(companion, outbox):
    await ask(companion, "/watchparty start episode:S1E3")
    await ask(companion, "/watchparty next")
    ((_, post),) = outbox.posts
    assert "The fact base has nothing first revealed in S1E4" in plain(post)
    assert not [part for part in post.parts if part.kind is Kind.SPOILER]
    assert [action.id for action in post.actions] == [f"watched:S1E4:{PLACE.tag}"]


@pytest.mark.parametrize("start", [str(e) for e in FACTS.episodes[:-1]])
async def test_no_recap_post_shows_anything_beyond_the_channels_previous_horizon(companion, outbox, start):
    await ask(companion, f"/watchparty start episode:{start}")
    await ask(companion, "/watchparty next")
    ((_, post),) = outbox.posts
    assert_no_plain_spoilers(post, Episode.parse(start))
    assert all(part.kind is not Kind.SPOILER or part.revealed > Episode.parse(start) for part in post.parts)


async def test_when_the_outbox_cannot_post_the_reply_carries_the_recap(companion, outbox):
    outbox.refuse = True
    await ask(companion, "/watchparty start episode:S1E9")
    reply = await ask(companion, "/watchparty next")
    assert reply.visibility is Visibility.PUBLIC
    assert plain(reply).startswith("Watch party: on to S1E10.")
    assert any(part.kind is Kind.SPOILER for part in reply.parts)
    assert reply.actions[0].id == f"watched:S1E10:{PLACE.tag}"
    assert_no_plain_spoilers(reply, Episode(1, 9))


async def test_two_moderators_pressing_next_at_once_move_it_one_episode(companion, outbox):
    await ask(companion, "/watchparty start episode:S1E3")
    replies = await asyncio.gather(ask(companion, "/watchparty next"), ask(companion, "/watchparty next"))
    moved, raced = sorted((plain(reply) for reply in replies), key=lambda said: "same moment" in said)
    assert moved.startswith("Watch party: on to S1E4.")
    assert raced == (
        "The watch party moved at the same moment from elsewhere; it is at S1E4 now. Nothing else was changed."
    )
    assert (await companion.store.watch_party(PLACE)).episode == Episode(1, 4)
    assert len(outbox.posts) == 1


async def test_the_party_keeps_the_channels_spoiler_policy(companion):
    await ask(companion, "/horizon S1E1 spoilers:omit")
    await ask(companion, "/watchparty start episode:S1E2")
    await ask(companion, "/watchparty next")
    stored = await companion.store.channel_horizon(PLACE)
    assert (stored.episode, stored.policy) == (Episode(1, 3), Policy.OMIT)


async def test_horizon_changes_are_refused_while_a_party_runs(companion):
    await ask(companion, "/watchparty start episode:S1E4")
    before = await rows(companion.store)
    reply = await ask(companion, "/horizon S1E7")
    assert "A watch party runs this channel's horizon (it is at S1E4)" in plain(reply)
    assert await rows(companion.store) == before
    assert "now S1E4" in plain(await ask(companion, "/horizon S1E4 spoilers:omit"))
    assert "server's default horizon is now S1E7" in plain(
        await ask(companion, "/horizon S1E7 server:yes", SERVER_MODERATOR)
    )
    assert await horizon(companion) == Episode(1, 4)
    await ask(companion, "/watchparty end")
    assert "now S1E7" in plain(await ask(companion, "/horizon S1E7"))


async def test_end_keeps_the_horizon_and_stops_the_channels_recap_schedules(companion):
    await ask(companion, "/watchparty start episode:S1E4")
    await ask(companion, "/watchparty next")
    await ask(companion, "/schedule recap fridays 20:00")
    await ask(companion, "/schedule trivia fridays 21:00")
    reply = await ask(companion, "/watchparty end")
    assert reply.visibility is Visibility.PUBLIC
    assert plain(reply) == (
        "Watch party ended at S1E5. The channel's horizon stays at S1E5; moderators can change it with /horizon. "
        "Its recap schedule (#1) stopped with it."
    )
    assert await horizon(companion) == Episode(1, 5)
    assert await companion.store.watch_party(PLACE) is None
    assert [s.id for s in await companion.store.active_schedules("test", "server-1")] == [2]
    assert "Watch party started at S1E5" in plain(await ask(companion, "/watchparty start episode:S1E5"))


async def test_status_is_for_everyone(companion):
    assert "No watch party is running here; this channel's horizon is S1E0" in plain(
        await ask(companion, "/watchparty status", asker=VIEWER)
    )
    await ask(companion, "/watchparty start episode:S1E2")
    await ask(companion, "/schedule recap sundays 21:00 tz:Europe/London")
    reply = await ask(companion, "/watchparty status", asker=VIEWER)
    assert reply.visibility is Visibility.EPHEMERAL
    assert plain(reply) == (
        "The watch party here is at S1E2 (it started at S1E2). This channel's horizon follows it: public answers here "
        "show nothing revealed after S1E2. Next: S1E3, with /watchparty next (moderators). "
        "Next scheduled step: Sun 1 Mar 2026, 21:00 GMT (Sun 1 Mar, 21:00 UTC) (schedule #1)."
    )


async def press(companion, asker, action):
    return plain(await companion.press(Press(PLACE, asker, action)))


async def test_mark_watched_moves_the_clickers_own_progress_forward_only(companion):
    await companion.store.set_progress("test", "server-1", "behind", Episode(1, 2))
    await companion.store.set_progress("test", "server-1", "ahead", Episode(1, 8))
    moved = await press(companion, Asker("behind"), f"watched:S1E4:{PLACE.tag}")
    kept = await press(companion, Asker("ahead"), f"watched:S1E4:{PLACE.tag}")
    assert moved == "Marked: you have watched up to S1E4 (you were at S1E2). Private answers now include it."
    assert kept.startswith("You are already at S1E8, so your progress stays there")
    assert "never moves it backwards" in kept
    assert await companion.store.progress("test", "server-1", "behind") == Episode(1, 4)
    assert await companion.store.progress("test", "server-1", "ahead") == Episode(1, 8)
    assert await companion.store.progress("test", "server-1", "mod-1") is None


@pytest.mark.parametrize(
    "action",
    [
        f"watched:S1E99:{PLACE.tag}",
        f"watched:nonsense:{PLACE.tag}",
        "watched:",
        "watched:S1E4",
        f"watched:S1E4:{OTHER_CHANNEL.tag}",
    ],
)
async def test_a_mark_watched_button_with_a_bad_episode_changes_nothing(companion, action):
    before = await rows(companion.store)
    assert await press(companion, FAN, action) == "That button is no longer in use."
    assert await rows(companion.store) == before


BAD = [
    ("/watchparty start episode:S1E11", MODERATOR, "Ballard has no S1E11: episodes run S1E0 to S1E10"),
    ("/watchparty start episode:banana", MODERATOR, "“banana” is not an episode code"),
    ("/watchparty start episode:S1E2", MODERATOR, "A watch party is already running here, at S1E5"),
    ("/watchparty start episode:S1E2", FAN, "Only moderators can use /watchparty start"),
    ("/watchparty next", FAN, "Only moderators can use /watchparty next"),
    ("/watchparty end", FAN, "Only moderators can use /watchparty end"),
    ("/watchparty next", MODERATOR, "there is no next episode"),  # in the finale channel
    ("/watchparty end", MODERATOR, "nothing to end"),  # in the quiet channel
    ("/watchparty next", MODERATOR, "No watch party is running here"),  # in the quiet channel
]


@pytest.mark.parametrize(("command", "asker", "said"), BAD)
async def test_bad_input_gets_a_clear_message_and_changes_nothing(companion, command, asker, said):
    finale, quiet = Place("test", "server-1", "finale"), Place("test", "server-1", "quiet")
    await ask(companion, "/watchparty start episode:S1E5")
    await ask(companion, "/watchparty start episode:S1E10", place=finale)
    place = finale if "next episode" in said else quiet if "nothing to end" in said or "No watch" in said else PLACE
    before = await rows(companion.store)
    reply = await ask(companion, command, asker=asker, place=place)
    assert said in plain(reply)
    assert reply.visibility is Visibility.EPHEMERAL
    assert await rows(companion.store) == before


@pytest.mark.parametrize(
    "elsewhere",
    [OTHER_CHANNEL, Place(PLACE.platform, "server-2", PLACE.channel), Place("slack", PLACE.server, PLACE.channel)],
)
async def test_mark_watched_counts_only_in_the_channel_it_was_posted_in(companion, elsewhere):
    started = await ask(companion, "/watchparty start episode:S1E4")
    (button,) = [action.id for action in started.actions]
    refused = plain(await companion.press(Press(elsewhere, FAN, button)))
    assert refused == "That button is no longer in use."
    assert await companion.store.progress(elsewhere.platform, elsewhere.server, FAN.user) is None
    assert "Marked" in plain(await companion.press(Press(PLACE, FAN, button)))
