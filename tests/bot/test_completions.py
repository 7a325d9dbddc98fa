"""Autocomplete for every kind of option, cut to the asker's own progress."""

from __future__ import annotations

from bot.episodes import Episode
from tests.conftest import PLACE, VIEWER


async def complete(companion, command: str, option: str, partial: str) -> list[str]:
    return [choice.name for choice in await companion.complete(PLACE, VIEWER, command, option, partial)]


async def test_episode_codes(companion):
    assert await complete(companion, "progress", "episode", "") == [f"S1E{n}" for n in range(11)]
    assert await complete(companion, "progress", "episode", "s1e1") == ["S1E1", "S1E10"]


async def test_recap_offers_storylines_and_episodes_up_to_your_progress(companion):
    assert await complete(companion, "recap", "about", "") == ["The Sarah Pearlman case", "Harry Bosch's part", "S1E0"]
    await companion.store.set_progress(PLACE.platform, PLACE.server, VIEWER.user, Episode(1, 10))
    everything = await complete(companion, "recap", "about", "")
    assert "The LAPD cartel conspiracy" in everything and "S1E10" in everything


async def test_no_completion_for_unknown_commands_or_options(companion):
    assert await complete(companion, "nothing", "name", "g") == []
    assert await complete(companion, "bio", "share", "y") == []
    assert await complete(companion, "bio", "nothing", "g") == []


async def test_text_too_long_is_cut_not_refused(companion):
    assert len(await complete(companion, "bio", "name", "g" * 10_000)) <= 25
