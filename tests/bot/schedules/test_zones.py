"""Time zones: IANA names, forgiving of case and spaces; anything else gets the closest suggestion."""

import pytest

from bot.schedules._zones import BadZone, find_zone


@pytest.mark.parametrize(
    ("typed", "zone"),
    [
        ("America/Los_Angeles", "America/Los_Angeles"),
        ("america/los_angeles", "America/Los_Angeles"),
        ("America/Los Angeles", "America/Los_Angeles"),
        (" Europe/Paris ", "Europe/Paris"),
        ("utc", "UTC"),
        ("Asia/Tokyo", "Asia/Tokyo"),
    ],
)
def test_known_zones(typed, zone):
    assert find_zone(typed).key == zone


@pytest.mark.parametrize(
    ("typed", "suggested"),
    [
        ("America/Los_Angelos", "America/Los_Angeles"),
        ("los angeles", "America/Los_Angeles"),
        ("Europe/Pari", "Europe/Paris"),
        ("new york", "America/New_York"),
    ],
)
def test_unknown_zones_get_a_close_suggestion(typed, suggested):
    with pytest.raises(BadZone) as refused:
        find_zone(typed)
    assert f"Did you mean {suggested}?" in str(refused.value)


def test_nonsense_gets_examples_instead_of_a_wild_guess():
    with pytest.raises(BadZone) as refused:
        find_zone("Mars/Olympus_Mons")
    assert "Did you mean" not in str(refused.value)
    assert "America/Los_Angeles" in str(refused.value)
