"""/bio: a character's bio cut to the horizon that applies, private by default."""

from __future__ import annotations

from bot.episodes import Episode
from bot.facts import Character, FactBase
from bot.lookup import characters_at
from bot.reply import Kind, Visibility
from bot.spoilers import Policy
from tests.bot.features.conftest import kinds, plain
from tests.bot.spoiler_invariant import assert_no_plain_spoilers
from tests.conftest import FACTS, PLACE, VIEWER

S1E10 = Episode(1, 10)


async def test_a_private_bio_hides_later_sections_behind_spoilers(ask):
    reply = await ask("/bio gary pearlman")
    assert reply.visibility is Visibility.EPHEMERAL
    assert kinds(reply) == ["heading", "field", "spoiler", "spoiler", "spoiler", "spoiler", "note"]
    assert [(p.label, p.text) for p in reply.parts[1:2]] == [("Also known as", "Gary")]
    hidden = reply.parts[2]
    assert hidden.revealed == S1E10 and hidden.text == (
        "Who he is: Gary Pearlman adopted Sarah Pearlman, and he is the father of Councilman Jake Pearlman."
    ), "his family ties come out with the reveal"
    assert reply.actions == (), "a private reply needs no Reveal button"


async def test_after_the_finale_the_whole_story_is_plain(ask):
    await ask.at("S1E10")
    reply = await ask("/bio Gary Pearlman")
    assert Kind.SPOILER not in [p.kind for p in reply.parts]
    assert [p.label for p in reply.parts[2:]] == ["Who he is", "The serial killer", "His motive", "Caught"]


async def test_a_shared_bio_follows_the_channel_not_the_asker(ask):
    await ask.at("S1E10", channel="S1E2")
    reply = await ask("/bio gary pearlman share:yes")
    assert reply.visibility is Visibility.PUBLIC
    assert_no_plain_spoilers(reply, "S1E2")
    assert [p.revealed for p in reply.parts if p.kind is Kind.SPOILER] == [S1E10] * 4
    assert [(a.id, a.label) for a in reply.actions] == [
        (f"reveal:bio:gary-pearlman:{PLACE.tag}", "Reveal (only to me)")
    ]


async def test_a_shared_bio_in_a_channel_that_omits_leaves_later_sections_out_with_a_note(ask):
    await ask.at("S1E10", channel="S1E2", policy=Policy.OMIT)
    reply = await ask("/bio gary pearlman share:yes")
    assert kinds(reply) == ["heading", "field", "note", "note"]
    assert [p.text for p in reply.parts[2:]] == [
        "4 more bio sections are left out: revealed from S1E10, beyond S1E2.",
        "Nothing more about Gary Pearlman is known by S1E2.",
    ]
    assert reply.actions == ()


async def test_a_shared_bio_of_someone_the_channel_has_not_met_is_refused(ask):
    await ask.at("S1E10", channel="S1E2")
    reply = await ask("/bio naomi bennett share:yes")
    assert reply.visibility is Visibility.EPHEMERAL
    assert reply.parts[0].text.startswith("I know no character called “naomi bennett” by S1E2.")


async def test_a_shared_lookup_that_fails_names_only_people_the_asker_knows(ask):
    """The error is private: a channel far ahead must not leak names to an asker who is behind."""
    await ask.at("S1E0", channel="S1E10")
    for query in ("laurence", "antonio", "emmanuel", "ibrahim", "rawlings"):
        assert characters_at(FACTS, S1E10).lookup(query).suggestions, "close to someone the channel knows"
        reply = await ask(f"/bio {query} share:yes")
        assert reply.visibility is Visibility.EPHEMERAL
        assert_no_plain_spoilers(reply, "S1E0", typed=[query])


async def test_a_character_with_nothing_known_yet_says_so(store):
    from bot.companion import Companion

    quiet = Character.model_validate(
        {
            "id": "someone",
            "name": "Someone",
            "revealed": "S1E0",
            "sections": [
                {"heading": "Later", "text": "Known only later.", "revealed": "S1E5", "source": "Introduction"}
            ],
        }
    )
    companion = Companion(FactBase(FACTS.show, (quiet,), (), ()), store)
    reply = await companion.handle_text(PLACE, VIEWER, "/bio someone")
    assert kinds(reply) == ["heading", "spoiler", "note"]
    assert reply.parts[-1].text == "Nothing more about Someone is known by S1E0."


async def test_every_alias_is_listed_once_the_character_is_known(ask):
    await ask.at("S1E10")
    reply = await ask("/bio renee")
    assert reply.parts[1].text == "Renee Ballard, Renee, Ballard, Detective Ballard"
    assert "Renée Ballard" in plain(reply)
