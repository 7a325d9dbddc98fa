"""/recap: the story so far, one storyline, or one episode, cut to the horizon."""

from __future__ import annotations

import pytest

from bot.episodes import Episode
from bot.reply import Kind, Visibility
from bot.spoilers import Policy
from tests.bot.features.conftest import kinds, plain
from tests.bot.spoiler_invariant import assert_no_plain_spoilers
from tests.conftest import FACTS, PLACE

S1E10 = Episode(1, 10)


async def test_the_private_story_so_far_leaves_later_entries_out(ask):
    reply = await ask("/recap")
    assert reply.visibility is Visibility.EPHEMERAL
    headings = [p.text for p in reply.parts if p.kind is Kind.HEADING]
    assert headings == ["Ballard: the story so far (S1E0)", "The Sarah Pearlman case", "Harry Bosch's part"]
    notes = [p.text for p in reply.parts if p.kind is Kind.NOTE]
    assert notes == [
        "7 more entries are left out: revealed from S1E10, beyond S1E0.",
        "4 more entries are left out: revealed from S1E10, beyond S1E0.",
        "3 more storylines begin after S1E0.",
    ]
    assert Kind.SPOILER not in [p.kind for p in reply.parts]


async def test_after_the_finale_the_story_so_far_is_everything(ask):
    await ask.at("S1E10")
    reply = await ask("/recap")
    entries = [e.text for s in FACTS.storylines for e in s.entries]
    assert [p.text for p in reply.parts if p.kind is Kind.TEXT] == entries
    assert Kind.NOTE not in [p.kind for p in reply.parts]


async def test_a_shared_recap_hides_what_the_channel_has_not_seen(ask):
    await ask.at("S1E10", channel="S1E2")
    reply = await ask("/recap share:yes")
    assert reply.visibility is Visibility.PUBLIC
    assert_no_plain_spoilers(reply, "S1E2")
    assert [p.revealed for p in reply.parts if p.kind is Kind.SPOILER] == [S1E10] * 11
    assert [a.id for a in reply.actions] == [f"reveal:recap::{PLACE.tag}"]


async def test_a_shared_recap_in_a_channel_that_omits(ask):
    await ask.at("S1E10", channel="S1E2", policy=Policy.OMIT)
    reply = await ask("/recap share:yes")
    assert Kind.SPOILER not in [p.kind for p in reply.parts]
    assert reply.actions == ()
    assert "7 more entries are left out: revealed from S1E10, beyond S1E2." in plain(reply)


@pytest.mark.parametrize("about", ["The Sarah Pearlman case", "sarah pearlman", "pearlman case"])
async def test_one_storyline_by_title_or_words_of_it(ask, about):
    reply = await ask(f"/recap {about}")
    assert reply.parts[0].text == "The Sarah Pearlman case"
    assert reply.parts[1].text == "Ballard's cold case unit reopens the unsolved murder of Sarah Pearlman."


async def test_a_storyline_that_has_not_begun_is_unknown(ask):
    reply = await ask("/recap the finale")
    assert reply.parts[0].text == (
        "I know no storyline called “the finale” by S1E0. Storylines: The Sarah Pearlman case, Harry Bosch's part."
    )
    await ask.at("S1E10")
    assert (await ask("/recap the finale")).parts[0].text == "The finale"


async def test_a_shared_recap_that_fails_lists_only_what_the_asker_knows(ask):
    await ask.at("S1E0", channel="S1E10")
    reply = await ask("/recap aaron share:yes")
    assert reply.visibility is Visibility.EPHEMERAL
    assert reply.parts[0].text.endswith("Storylines: The Sarah Pearlman case, Harry Bosch's part.")


async def test_what_one_episode_adds(ask):
    await ask.at("S1E10")
    reply = await ask("/recap S1E10")
    assert reply.parts[0].text == "What S1E10 adds"
    assert len([p for p in reply.parts if p.kind is Kind.TEXT]) == sum(
        e.revealed == S1E10 for s in FACTS.storylines for e in s.entries
    )
    quiet = await ask("/recap 1x05")
    assert kinds(quiet) == ["heading", "note"]
    assert quiet.parts[1].text == "The fact base has no recap entries first revealed in S1E5."


async def test_an_episode_beyond_your_progress_stays_hidden(ask):
    reply = await ask("/recap S1E10")
    assert_no_plain_spoilers(reply, "S1E0")
    assert set(kinds(reply)) == {"heading", "spoiler"}


@pytest.mark.parametrize(
    ("about", "answer"),
    [
        ("S1E0", "S1E0 means nothing watched yet, so it adds nothing. Episodes run S1E1 to S1E10."),
        ("S1E11", "S1E11 is not an episode of Ballard. Episodes run S1E1 to S1E10."),
        ("S2E1", "S2E1 is not an episode of Ballard. Episodes run S1E1 to S1E10."),
    ],
)
async def test_episodes_that_add_nothing(ask, about, answer):
    assert (await ask(f"/recap {about}")).parts[0].text == answer


@pytest.mark.parametrize("about", ["serial killer", "finale arrest", "season two threads", "lapd cartel conspiracy"])
async def test_words_that_were_storyline_ids_find_nothing_at_the_premise(ask, about):
    """'serial killer' once found the Sarah Pearlman case through its id at S1E0, confirming a finale link."""
    reply = await ask(f"/recap {about}")
    assert reply.parts[0].text.startswith(f"I know no storyline called “{about}” by S1E0.")
    assert [p.text for p in reply.parts] == [reply.parts[0].text]
