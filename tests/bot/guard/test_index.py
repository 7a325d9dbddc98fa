"""The tell index: terms in any order within a window of words, gated by episode, linear to build."""

from __future__ import annotations

from bot.episodes import Episode
from bot.guard._index import WINDOW, TellIndex
from bot.guard._tells import Tell, tells_of
from tests.bot.guard.conftest import HARBOUR

S1E0, S1E3, S1E4, S1E6 = Episode(1, 0), Episode(1, 3), Episode(1, 4), Episode(1, 6)
INDEX = TellIndex(tells_of(HARBOUR))


def said(text: str, horizon: Episode = S1E0) -> tuple[str, ...] | None:
    found = INDEX.match(text, horizon)
    return found.said if found else None


def test_terms_in_any_order_and_any_form():
    assert said("omg Tom is the smuggler") == ("tom", "smuggler")
    assert said("the SMUGGLING was all Tom??") == ("tom", "smuggling")
    assert said("so it was the harbourmaster behind it all along") == ("harbourmaster", "behind it")


def test_terms_too_far_apart_do_not_make_a_tell():
    filler = " and".join([" then"] * WINDOW)
    assert said(f"tom went fishing{filler} smugglers were caught") is None
    assert said("tom" + " word" * (WINDOW - 2) + " smuggler") == ("tom", "smuggler")


def test_one_term_is_not_enough():
    assert said("tom is so nice") is None
    assert said("who is the smuggler?") is None


def test_a_tell_gated_at_or_before_the_horizon_hides_nothing():
    assert said("mara got shot", S1E0) == ("mara", "shot")
    assert said("mara got shot", S1E3) is None
    assert said("tom is the smuggler", S1E6) is None


def test_the_earliest_revealed_tell_is_the_one_reported():
    found = INDEX.match("the gull said tom is the smuggler", S1E0)
    assert found is not None and found.revealed == S1E3 and found.said == ("gull",)


def test_a_phrase_term_needs_its_words_in_a_row():
    assert said("tom did it") == ("tom", "did it")
    assert said("did tom do it") is None


def test_text_inside_spoiler_tags_is_already_hidden():
    assert said("||tom is the smuggler||") is None
    assert said("||tom|| is the smuggler") is None
    assert INDEX.match("||tom is the smuggler||", S1E0, spoiler_tags=False) is not None


def test_a_message_of_4000_characters_is_read_whole():
    text = "nice episode " * 300 + "tom is the smuggler"
    assert len(text) > 3900 and said(text) == ("tom", "smuggler")


def test_the_same_term_in_many_tells_is_indexed_once():
    tells = [Tell(("tom", f"word{n}"), S1E6, f"fact {n}") for n in range(1000)]
    index = TellIndex(tells)
    assert len(index._starting["tom"]) == 1
    found = index.match("tom word999", S1E0)
    assert found is not None and found.tell.fact == "fact 999"


def test_a_tell_is_checked_only_when_its_rarest_term_is_said():
    tells = [Tell(("tom", f"word{n}"), S1E6, f"fact {n}") for n in range(1000)]
    index = TellIndex(tells)
    tom = index._starting["tom"][0].term
    assert index._keyed[tom] == []  # "tom" alone never makes a message check a thousand tells
    assert index.match("tom is here", S1E0) is None
