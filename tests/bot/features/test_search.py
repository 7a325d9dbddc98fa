"""/search: characters and storylines that mention every word, within the horizon."""

from __future__ import annotations

from bot.reply import Kind, Visibility
from tests.bot.features.conftest import plain
from tests.bot.spoiler_invariant import assert_no_plain_spoilers


async def test_nothing_beyond_the_horizon_is_searched(ask):
    reply = await ask("/search serial killer")
    assert [p.kind for p in reply.parts] == [Kind.HEADING, Kind.NOTE]
    assert reply.parts[1].text == "Nothing known by S1E0 mentions that."
    await ask.at("S1E10")
    found = await ask("/search serial killer")
    assert "Gary Pearlman — The serial killer" in [p.label for p in found.parts]


async def test_words_match_the_start_of_words(ask):
    ted = await ask("/search ted")
    assert [p.label for p in ted.parts[1:]] == ["Ted Rawls — Who he is"], "not Gary, who 'adopted' Sarah"
    await ask.at("S1E10")
    surfing = await ask("/search surf")
    assert [p.label for p in surfing.parts[1:]] == ["Renée Ballard — Her father", "Open threads for season 2"]


async def test_every_word_must_match_in_any_case_and_accent(ask):
    await ask.at("S1E10")
    reply = await ask("/search RENEE father")
    assert [p.label for p in reply.parts[1:]] == ["Renée Ballard — Her father"]


async def test_long_texts_are_shortened_and_many_hits_are_capped(ask):
    await ask.at("S1E10")
    reply = await ask("/search ballard")
    fields = [p for p in reply.parts if p.kind is Kind.FIELD]
    assert len(fields) == 10
    assert all(len(p.text) <= 160 for p in fields)
    assert reply.parts[-1].kind is Kind.NOTE and reply.parts[-1].text.endswith(
        "more matches; add a word to narrow it down."
    )


async def test_a_shared_search_uses_the_channel_horizon(ask):
    await ask.at("S1E10", channel="S1E0")
    reply = await ask("/search killer share:yes")
    assert reply.visibility is Visibility.PUBLIC
    assert_no_plain_spoilers(reply, "S1E0", typed=["killer"])
    assert "Nothing known by S1E0 mentions that." in plain(reply)


async def test_too_short_to_search(ask):
    for words in ("a", "a b", "!!", "…"):
        reply = await ask(f"/search {words}")
        assert reply.parts[0].text == "Give me a word or two to look for, for example /search cold case."
