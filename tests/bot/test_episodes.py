"""Episode codes: the accepted forms, the rejected ones, and codes the show does not have."""

from __future__ import annotations

import pytest

from bot.episodes import ACCEPTED_FORMS, NOTHING_WATCHED, BadEpisodeCode, Episode
from tests.conftest import FACTS, MODERATOR, PLACE, VIEWER


@pytest.mark.parametrize(
    ("text", "season", "number"),
    [
        ("S1E4", 1, 4),
        ("s1e4", 1, 4),
        ("S01E04", 1, 4),
        ("s01e04", 1, 4),
        ("1x04", 1, 4),
        ("1X4", 1, 4),
        ("S1E0", 1, 0),
        ("S1E10", 1, 10),
        ("  S1E4  ", 1, 4),
        ("S1 E4", 1, 4),
        ("S2E1", 2, 1),
        ("S１E４", 1, 4),
    ],
)
def test_accepted_forms(text, season, number):
    assert Episode.parse(text) == Episode(season, number)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "4",
        "E4",
        "S1",
        "episode 4",
        "S1E",
        "SE4",
        "1x",
        "S1E4E5",
        "S-1E4",
        "S1.5E4",
        "s1e4 please",
        "S1E1000",
        "S100E1",
    ],
)
def test_rejected_forms_show_the_accepted_ones(text):
    with pytest.raises(BadEpisodeCode) as raised:
        Episode.parse(text)
    assert ACCEPTED_FORMS in str(raised.value)
    assert str(raised.value).startswith("“")


def test_season_zero_is_refused_with_the_accepted_forms():
    with pytest.raises(BadEpisodeCode, match="Seasons start at 1") as raised:
        Episode.parse("S0E4")
    assert ACCEPTED_FORMS in str(raised.value)


def test_the_rejection_quotes_the_text_safely_and_briefly():
    with pytest.raises(BadEpisodeCode) as raised:
        Episode.parse("@everyone " + "x" * 500)
    message = str(raised.value)
    assert "@everyone" not in message
    assert len(message) < 200


def test_codes_order_by_season_then_episode():
    codes = ["S2E1", "S1E10", "S1E2", "S1E0", "1x03"]
    assert [str(e) for e in sorted(map(Episode.parse, codes))] == ["S1E0", "S1E2", "S1E3", "S1E10", "S2E1"]
    assert Episode.parse("S1E9") < Episode.parse("S1E10") < Episode.parse("S2E1")
    assert NOTHING_WATCHED == Episode(1, 0) and str(NOTHING_WATCHED) == "S1E0"


@pytest.mark.parametrize("text", ["S01E04", "1x4", "s1e04"])
def test_codes_display_in_one_form(text):
    assert str(Episode.parse(text)) == "S1E4"


# --- Through the commands -----------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["s1e4", "S01E04", "1x04"])
async def test_progress_takes_every_accepted_form(companion, text):
    reply = await companion.handle_text(PLACE, VIEWER, f"/progress {text}")
    assert "you have watched up to S1E4" in reply.parts[0].text
    assert await companion.store.progress(PLACE.platform, PLACE.server, VIEWER.user) == Episode(1, 4)


async def test_progress_back_to_nothing_watched(companion):
    await companion.handle_text(PLACE, VIEWER, "/progress S1E4")
    await companion.handle_text(PLACE, VIEWER, "/progress S1E0")
    assert await companion.store.progress(PLACE.platform, PLACE.server, VIEWER.user) == Episode(1, 0)


@pytest.mark.parametrize("text", ["episode four", "S1", "E4", "4.5", "-4"])
async def test_progress_rejects_other_forms_and_shows_the_accepted_ones(companion, text):
    reply = await companion.handle_text(PLACE, VIEWER, f"/progress {text}")
    [line] = reply.parts
    assert line.text == f"“{text}” is not an episode code. Use {ACCEPTED_FORMS}."
    assert await companion.store.progress(PLACE.platform, PLACE.server, VIEWER.user) is None


@pytest.mark.parametrize("text", ["S1E11", "S2E1", "1x99", "S3E0"])
async def test_progress_rejects_codes_the_show_does_not_have(companion, text):
    reply = await companion.handle_text(PLACE, VIEWER, f"/progress {text}")
    code = str(Episode.parse(text))
    assert reply.parts[0].text == f"Ballard has no {code}: episodes run S1E0 to S1E10."
    assert await companion.store.progress(PLACE.platform, PLACE.server, VIEWER.user) is None


@pytest.mark.parametrize("text", ["S1E11", "S2E1", "season 2", "S0E1"])
async def test_horizon_rejects_codes_the_show_does_not_have(companion, text):
    reply = await companion.handle_text(PLACE, MODERATOR, f"/horizon {text}")
    assert "Ballard has no" in reply.parts[0].text or ACCEPTED_FORMS in reply.parts[0].text
    assert await companion.store.channel_horizon(PLACE) is None


async def test_recap_of_an_episode_the_show_does_not_have(companion):
    reply = await companion.handle_text(PLACE, VIEWER, "/recap S1E11")
    assert reply.parts[0].text == "S1E11 is not an episode of Ballard. Episodes run S1E1 to S1E10."


def test_a_bare_number_is_an_episode_only_when_the_show_has_one_season():
    from bot.facts import FactBase
    from bot.facts._model import Season

    assert FACTS.episode("4") == Episode(1, 4) and FACTS.episode(" 10 ") == Episode(1, 10)
    with pytest.raises(BadEpisodeCode):
        FACTS.episode("11")
    seasons = (*FACTS.show.seasons, Season(number=2, episodes=8))
    two = FactBase(FACTS.show.model_copy(update={"seasons": seasons}), FACTS.characters, FACTS.storylines, ())
    assert two.episode("S2E4") == Episode(2, 4)
    with pytest.raises(BadEpisodeCode):
        two.episode("4")
