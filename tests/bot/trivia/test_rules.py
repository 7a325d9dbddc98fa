"""Scoring, weeks, letters and who may stop a round."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from bot.episodes import Episode
from bot.request import Asker, Place
from bot.trivia import _rules as rules
from bot.trivia._model import Round, RoundStatus


@pytest.mark.parametrize(
    ("correct", "after", "expected"),
    [(True, 0, 15), (True, 15, 13), (True, 16, 12), (True, 30, 10), (True, 45, 10), (False, 0, 0), (False, 29, 0)],
)
def test_right_answers_score_ten_plus_up_to_five_for_speed(correct, after, expected):
    assert rules.points(correct, timedelta(seconds=after), 30) == expected


def test_weeks_are_iso_weeks_in_utc():
    assert rules.iso_week(datetime(2026, 1, 1, 12, tzinfo=UTC)) == "2026-W01"
    assert rules.iso_week(datetime(2027, 1, 1, 12, tzinfo=UTC)) == "2026-W53"
    # Sunday 23:30 in New York is already Monday in UTC: the new week.
    new_york = timezone(timedelta(hours=-5))
    assert rules.iso_week(datetime(2026, 1, 11, 23, 30, tzinfo=new_york)) == "2026-W03"


@pytest.mark.parametrize(
    ("typed", "letter"), [("b", "B"), ("B)", "B"), ("(c)", "C"), (" d ", "D"), ("e", None), ("ab", None)]
)
def test_a_typed_letter_picks_a_choice(typed, letter):
    assert rules.letter_of(typed) == letter


def test_the_starter_or_a_moderator_may_stop_a_round():
    started = Round(
        1,
        Place("p", "s", "c"),
        "host",
        "Host",
        Episode(1, 0),
        None,
        30,
        5,
        1,
        RoundStatus.RUNNING,
        datetime(2026, 1, 2, tzinfo=UTC),
    )
    assert rules.may_stop(started, Asker("host"))
    assert rules.may_stop(started, Asker("someone", moderator=True))
    assert not rules.may_stop(started, Asker("someone"))
