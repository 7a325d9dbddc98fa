"""Slots in wall-clock time: "fridays 20:00" in Los Angeles stays 20:00 local across both 2026 DST changes."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.schedules._rule import Cron, Once, When, parse_rule
from tests.bot.schedules.helpers import utc

LA = ZoneInfo("America/Los_Angeles")


def slots(rule, zone, after, count):
    found, cursor = [], after
    for _ in range(count):
        cursor = rule.next_after(cursor, zone)
        found.append(cursor)
    return found


def test_fridays_at_eight_stay_at_eight_when_clocks_go_forward():
    # DST starts Sunday 8 March 2026: 20:00 PST is 04:00 UTC, 20:00 PDT is 03:00 UTC.
    found = slots(Cron("0 20 * * 5"), LA, utc(2026, 3, 1), 3)
    assert found == [utc(2026, 3, 7, 4), utc(2026, 3, 14, 3), utc(2026, 3, 21, 3)]
    assert {slot.astimezone(LA).strftime("%a %H:%M") for slot in found} == {"Fri 20:00"}


def test_fridays_at_eight_stay_at_eight_when_clocks_go_back():
    # DST ends Sunday 1 November 2026.
    found = slots(Cron("0 20 * * 5"), LA, utc(2026, 10, 25), 3)
    assert found == [utc(2026, 10, 31, 3), utc(2026, 11, 7, 4), utc(2026, 11, 14, 4)]
    assert {slot.astimezone(LA).strftime("%a %H:%M") for slot in found} == {"Fri 20:00"}


def test_a_wall_time_that_does_not_exist_fires_an_hour_later_that_night():
    found = slots(Cron("30 2 * * *"), LA, utc(2026, 3, 7), 3)
    assert [slot.astimezone(LA).strftime("%d %H:%M %Z") for slot in found] == [
        "07 02:30 PST",
        "08 03:30 PDT",
        "09 02:30 PDT",
    ]


def test_a_wall_time_that_happens_twice_fires_once():
    found = slots(Cron("30 1 * * *"), LA, utc(2026, 10, 31), 3)
    assert found == [utc(2026, 10, 31, 8, 30), utc(2026, 11, 1, 8, 30), utc(2026, 11, 2, 9, 30)]


def test_frequent_slots_only_ever_move_forward_through_the_change():
    for start in (utc(2026, 3, 8, 8), utc(2026, 11, 1, 7)):
        found = slots(Cron("*/10 * * * *"), LA, start, 30)
        assert all(later > earlier for earlier, later in zip(found, found[1:], strict=False))


def test_a_one_off_fires_once_and_not_after_it_has_passed():
    once = Once(datetime.fromisoformat("2026-03-06T20:00"))
    assert once.next_after(utc(2026, 3, 1), LA) == utc(2026, 3, 7, 4)
    assert once.next_after(utc(2026, 3, 7, 4), LA) is None


@pytest.mark.parametrize("expression", ["0 0 30 2 *", "0 0 31 4 *"])
def test_a_cron_that_matches_no_date_never_fires(expression):
    assert Cron(expression).next_after(utc(2026, 1, 1), LA) is None


def test_rules_round_trip_through_their_stored_form():
    for rule in (Cron("0 20 * * 5"), Once(datetime.fromisoformat("2026-03-06T20:00"))):
        assert parse_rule(str(rule)) == rule
    when = When(parse_rule("0 20 * * 5"), LA)
    assert when.next_after(utc(2026, 3, 7, 4)) == utc(2026, 3, 7, 4) + timedelta(days=7) - timedelta(hours=1)
