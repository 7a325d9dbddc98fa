"""The missed-slot policy, by itself: on time, late within the grace period, and long gone."""

from datetime import timedelta

import pytest

from bot.schedules import Job, Schedule
from bot.schedules._plan import COUNT_UP_TO, plan
from tests.bot.schedules.helpers import utc
from tests.conftest import PLACE

GRACE = timedelta(minutes=15)
DUE = utc(2026, 1, 2, 20)  # a Friday, 20:00 UTC


def daily(next_due=DUE, rule="0 20 * * *"):
    return Schedule(1, PLACE, Job.TRIVIA, rule, "UTC", "every day 20:00", "mod", utc(2026, 1, 1), next_due)


def test_a_slot_that_has_just_come_fires():
    claim = plan(daily(), DUE, GRACE)
    assert (claim.fire, claim.slot, claim.missed) == (True, DUE, 0)
    assert claim.next_due == DUE + timedelta(days=1)


def test_down_for_five_minutes_the_slot_fires_late_once():
    claim = plan(daily(), DUE + timedelta(minutes=5), GRACE)
    assert (claim.fire, claim.slot, claim.missed, claim.first_missed) == (True, DUE, 0, None)


def test_past_the_grace_period_the_slot_is_skipped():
    claim = plan(daily(), DUE + timedelta(minutes=16), GRACE)
    assert (claim.fire, claim.slot, claim.missed, claim.first_missed) == (False, DUE, 1, DUE)
    assert claim.next_due == DUE + timedelta(days=1)


def test_back_after_three_days_within_grace_of_a_slot_fires_only_that_one():
    claim = plan(daily(), DUE + timedelta(days=3, minutes=5), GRACE)
    assert (claim.fire, claim.slot) == (True, DUE + timedelta(days=3))
    assert (claim.missed, claim.first_missed) == (3, DUE)
    assert claim.next_due == DUE + timedelta(days=4)


def test_back_after_three_days_between_slots_fires_none():
    claim = plan(daily(), DUE + timedelta(days=3, hours=2), GRACE)
    assert (claim.fire, claim.slot, claim.missed, claim.first_missed) == (False, DUE + timedelta(days=3), 4, DUE)


def test_a_long_outage_of_a_frequent_schedule_is_counted_up_to_a_cap():
    every_minute = daily(rule="* * * * *")
    claim = plan(every_minute, DUE + timedelta(days=3, seconds=30), GRACE)
    assert claim.fire and claim.slot == DUE + timedelta(days=3)
    assert claim.missed > COUNT_UP_TO  # shown as “more than 100”
    assert claim.next_due == DUE + timedelta(days=3, minutes=1)


def test_a_one_off_fires_once_and_then_has_no_next_slot():
    once = daily(rule="once 2026-01-02T20:00")
    claim = plan(once, DUE + timedelta(minutes=1), GRACE)
    assert claim.fire and claim.next_due is None


def test_a_schedule_not_due_yet_is_not_planned():
    with pytest.raises(ValueError, match="not due"):
        plan(daily(), DUE - timedelta(seconds=1), GRACE)
