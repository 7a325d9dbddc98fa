"""Forgiving name matching, cut to what the viewer may see."""

from __future__ import annotations

import pytest

from bot.episodes import Episode
from bot.facts import Character, FactBase
from bot.lookup import characters_at, storylines_at
from bot.names import NameIndex, fold
from bot.request import Asker
from bot.spoilers import Policy
from tests.conftest import FACTS, PLACE, VIEWER

START, FINALE = Episode(1, 0), Episode(1, 10)
BEFORE_FINALE = [e for e in FACTS.episodes if e < FINALE]


def found(query: str, horizon: Episode = START) -> str | None:
    match = characters_at(FACTS, horizon).lookup(query)
    return match.found.id if match.found else None


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Renée Ballard", "renee-ballard"),
        ("renee ballard", "renee-ballard"),
        ("RENEE", "renee-ballard"),
        ("Renée", "renee-ballard"),
        ("  renée   BALLARD!  ", "renee-ballard"),
        ("Ballard Renee", "renee-ballard"),
        ("ballard", "renee-ballard"),
        ("Detective Ballard", "renee-ballard"),
        ("laffont", "thomas-laffont"),
        ("Parker", "samira-parker"),
        ("berchem", "captain-berchem"),
        ("captain", "captain-berchem"),
        ("gary", "gary-pearlman"),
        ("Jake!", "jake-pearlman"),
        ("Renée Ballard's", "renee-ballard"),
    ],
)
def test_case_accents_punctuation_surnames_and_aliases(query, expected):
    assert found(query) == expected


def test_a_title_told_only_with_the_twist_is_no_name_before_it():
    """'Councilman Jake Pearlman' is only said in the sentence that reveals the killer."""
    assert found("Councilman Pearlman") is None
    assert found("Councilman Pearlman", FINALE) == "jake-pearlman"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("renne", "renee-ballard"),
        ("Rene", "renee-ballard"),
        ("reene balard", "renee-ballard"),
        ("laffon", "thomas-laffont"),
        ("bosh", "harry-bosch"),
        ("harry bosh", "harry-bosch"),
        ("castor", "martina-castro"),
        ("sarha", "sarah-pearlman"),
        ("gary perlman", "gary-pearlman"),
        ("gary pearlmn", "gary-pearlman"),
        ("tedd", "ted-rawls"),
        ("detectiv ballard", "renee-ballard"),
    ],
)
def test_small_typos_still_find_the_character(query, expected):
    assert found(query) == expected


@pytest.mark.parametrize("query", ["pearlman", "Pearlmn", "PEARLMAN"])
def test_a_shared_surname_offers_a_choice(query):
    match = characters_at(FACTS, START).lookup(query)
    assert match.found is None
    assert [c.name for c in match.candidates] == ["Sarah Pearlman", "Gary Pearlman", "Jake Pearlman"]


async def test_bio_answers_ambiguity_with_did_you_mean(companion):
    reply = await companion.handle_text(PLACE, VIEWER, "/bio pearlman")
    [line] = reply.parts
    assert line.text == "“pearlman” could be several people: Sarah Pearlman, Gary Pearlman, Jake Pearlman. Which one?"


async def test_bio_answers_an_unknown_name_with_close_names(companion):
    reply = await companion.handle_text(PLACE, VIEWER, "/bio harriet")
    assert (
        reply.parts[0].text == "I know no character called “harriet” by S1E0. Close names: Harry Bosch, Gary Pearlman."
    )
    nothing = await companion.handle_text(PLACE, VIEWER, "/bio zzzqqxx")
    assert nothing.parts[0].text == "I know no character called “zzzqqxx” by S1E0."


def test_close_names_list_each_person_once_by_their_own_name():
    match = characters_at(FACTS, START).lookup("montana")
    assert match.suggestions, "a near miss lists close names"
    names = {c.name for c in FACTS.characters}
    assert set(match.suggestions) <= names
    assert len(set(match.suggestions)) == len(match.suggestions)


@pytest.mark.parametrize("query", ["montana", "", "zzzqqxx"])
def test_a_lookup_is_a_frozen_value(query):
    match = characters_at(FACTS, START).lookup(query)
    assert isinstance(match.suggestions, tuple)
    assert hash(match) == hash(characters_at(FACTS, START).lookup(query)), "equal lookups, equal values"


def test_filler_words_do_not_pick_a_storyline():
    """'the finale' before the finale is not 'The Sarah Pearlman case' just because both start with 'the'."""
    assert storylines_at(FACTS, START).lookup("the finale", cutoff=70).found is None
    assert storylines_at(FACTS, FINALE).lookup("the finale", cutoff=70).found.id == "finale"
    assert storylines_at(FACTS, START).lookup("Bosch's part", cutoff=70).found.id == "bosch"


def test_one_or_two_letters_match_only_starts_of_names():
    assert [c.name for c in characters_at(FACTS, START).lookup("sa").candidates] == ["Samira Parker", "Sarah Pearlman"]
    assert characters_at(FACTS, START).lookup("a") == characters_at(FACTS, START).lookup("q")


# --- Gated names: before their gate they do not exist -------------------------------------------------


def every_visible_string(horizon: Episode, query: str) -> str:
    index = characters_at(FACTS, horizon)
    match = index.lookup(query)
    shown = [*(c.name for c in match.candidates), *match.suggestions]
    if match.found:
        shown.append(match.found.name)
    shown += [name for name, _ in index.complete(query)]
    return " | ".join(shown)


@pytest.mark.parametrize("horizon", BEFORE_FINALE, ids=str)
@pytest.mark.parametrize(
    "query", ["Montana", "montana", "MONTANA", "montan", "Driscoll", "Anthony Driscoll", "Luis Ibarra"]
)
def test_a_twist_name_is_neither_found_nor_suggested_nor_completed_before_its_gate(horizon, query):
    assert found(query, horizon) is None
    shown = every_visible_string(horizon, query)
    for hidden in ("Montana", "Driscoll", "Anthony", "Ibarra", "Luis"):
        assert hidden not in shown


async def test_montana_is_found_from_the_finale_on(companion):
    await companion.store.set_progress(PLACE.platform, PLACE.server, VIEWER.user, FINALE)
    reply = await companion.handle_text(PLACE, VIEWER, "/bio montana")
    assert reply.parts[0].text == "Anthony Driscoll"
    assert ("Also known as", "Anthony, Driscoll, Montana") in [(p.label, p.text) for p in reply.parts]
    assert [name for name, _ in characters_at(FACTS, FINALE).complete("mon")] == ["Montana"]


@pytest.mark.parametrize(
    "command", ["/bio montana", "/bio driscoll", "/bio montana share:yes", "/search montana", "/recap montana"]
)
async def test_before_the_finale_montana_gets_the_answer_it_would_if_the_show_had_no_such_name(store, command):
    """No oracle: every reply is exactly what it would be if the fact base had never heard of him."""
    from bot.companion import Companion

    without = FactBase(
        FACTS.show, tuple(c for c in FACTS.characters if c.id != "anthony-driscoll"), FACTS.storylines, FACTS.questions
    )
    await store.set_progress(PLACE.platform, PLACE.server, VIEWER.user, Episode(1, 9))
    await store.set_channel_horizon(PLACE, Episode(1, 9), Policy.HIDE, "mod")
    with_him = await Companion(FACTS, store).handle_text(PLACE, VIEWER, command)
    never_heard = await Companion(without, store).handle_text(PLACE, VIEWER, command)
    assert with_him == never_heard


def twist_alias_show() -> FactBase:
    """A character known from the start whose alias is itself a later twist (Ballard's twist names all
    arrive with their characters, so this is the case the gate on an alias exists for)."""
    character = Character.model_validate(
        {
            "id": "someone",
            "name": "Someone Known",
            "revealed": "S1E0",
            "aliases": ["Known", {"name": "Codename", "revealed": "S1E5"}],
            "sections": [
                {"heading": "Who", "text": "Known from the start.", "revealed": "S1E0", "source": "Introduction"}
            ],
        }
    )
    return FactBase(FACTS.show, (character,), (), ())


@pytest.mark.parametrize(
    ("horizon", "visible"), [(Episode(1, 4), False), (Episode(1, 5), True), (FINALE, True)], ids=str
)
def test_an_alias_gated_after_its_character_appears_only_from_its_gate(horizon, visible):
    index = characters_at(twist_alias_show(), horizon)
    assert (index.lookup("codename").found is not None) is visible
    assert ("Codename" in every_visible_string_of(index, "codename")) is visible
    assert index.lookup("known").found is not None


def every_visible_string_of(index: NameIndex[Character], query: str) -> str:
    match = index.lookup(query)
    return " ".join(
        [*match.suggestions, *(name for name, _ in index.complete(query)), *(name for name, _ in index.complete(""))]
    )


async def test_a_bio_lists_only_the_aliases_already_revealed(facts, store):
    from bot.companion import Companion

    companion = Companion(twist_alias_show(), store)
    before = await companion.handle_text(PLACE, VIEWER, "/bio someone known")
    assert ("Also known as", "Known") in [(p.label, p.text) for p in before.parts]
    await store.set_progress(PLACE.platform, PLACE.server, VIEWER.user, Episode(1, 5))
    after = await companion.handle_text(PLACE, VIEWER, "/bio codename")
    assert ("Also known as", "Known, Codename") in [(p.label, p.text) for p in after.parts]


# --- Autocomplete: the asker's own progress, at most 25 -------------------------------------------------


@pytest.mark.parametrize("horizon", FACTS.episodes, ids=str)
async def test_autocomplete_offers_only_names_known_by_the_askers_progress(companion, horizon):
    await companion.store.set_progress(PLACE.platform, PLACE.server, VIEWER.user, horizon)
    visible = {a.name for c in FACTS.characters for a in c.names() if a.revealed <= horizon}
    everyone = {c.name for c in FACTS.characters if c.revealed <= horizon}
    for partial in ("", "m", "mon", "pearl", "ren", "luis", "x" * 100):
        choices = await companion.complete(PLACE, VIEWER, "bio", "name", partial)
        assert len(choices) <= 25
        assert {c.name for c in choices} <= visible
        assert all(c.name == c.value for c in choices)
    choices = await companion.complete(PLACE, VIEWER, "bio", "name", "")
    assert {c.name for c in choices} == everyone, "with nothing typed, everyone known, once each"


async def test_autocomplete_follows_the_asker_not_the_channel(companion):
    await companion.store.set_progress(PLACE.platform, PLACE.server, VIEWER.user, FINALE)
    ahead = await companion.complete(PLACE, VIEWER, "bio", "name", "mon")
    behind = await companion.complete(PLACE, Asker("newcomer"), "bio", "name", "mon")
    assert [c.name for c in ahead] == ["Montana"]
    assert "Montana" not in [c.name for c in behind]


def test_autocomplete_never_offers_more_than_25():
    many = NameIndex((f"Name {number}", number) for number in range(200))
    assert len(many.complete("")) == 25
    assert len(many.complete("name")) == 25
    assert len(many.complete("name", limit=5)) == 5


def test_autocomplete_offers_each_person_once():
    names = [name for name, _ in characters_at(FACTS, START).complete("ren")]
    assert names == ["Renée Ballard"]


# --- Folding ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Renée  Ballard!", "renee ballard"),
        ("J. Edgar", "j edgar"),
        ("RENÉE", "renee"),
        ("snake_case", "snake case"),
        ("Ｆｕｌｌｗｉｄｔｈ", "fullwidth"),
        ("", ""),
        ("Страсть", "страсть"),
    ],
)
def test_fold(text, folded):
    assert fold(text) == folded
