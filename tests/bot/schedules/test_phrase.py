"""`when:` phrases and cron expressions: what each becomes, how it reads back, and what is refused."""

from datetime import date, datetime

import pytest

from bot.schedules._phrase import BadWhen, describe, parse_when
from bot.schedules._rule import Cron, Once

TODAY = date(2026, 3, 1)  # a Sunday
wall = datetime.fromisoformat  # one-offs are wall times: the schedule's zone applies

PHRASES = [
    ("fridays 20:00", "0 20 * * 5", "Fridays at 20:00"),
    ("Fridays 20:00", "0 20 * * 5", "Fridays at 20:00"),
    ("every friday at 20.00", "0 20 * * 5", "Fridays at 20:00"),
    ("fri 20h30", "30 20 * * 5", "Fridays at 20:30"),
    ("every day 19:30", "30 19 * * *", "every day at 19:30"),
    ("daily at midnight", "0 0 * * *", "every day at 00:00"),
    ("every night 22:15", "15 22 * * *", "every day at 22:15"),
    ("20:00", "0 20 * * *", "every day at 20:00"),
    ("weekdays 18:00", "0 18 * * 1-5", "weekdays at 18:00"),
    ("mon-fri 7am", "0 7 * * 1-5", "weekdays at 07:00"),
    ("monday to friday 7:00", "0 7 * * 1-5", "weekdays at 07:00"),
    ("weekends 10:30", "30 10 * * 0,6", "weekends at 10:30"),
    ("friday to sunday 21:00", "0 21 * * 0,5,6", "Fridays, Saturdays and Sundays at 21:00"),
    ("mondays and thursdays 21:00", "0 21 * * 1,4", "Mondays and Thursdays at 21:00"),
    ("mon, wed & fri 18:30", "30 18 * * 1,3,5", "Mondays, Wednesdays and Fridays at 18:30"),
    ("sunday at 8pm", "0 20 * * 0", "Sundays at 20:00"),
    ("Sunday at 8 PM", "0 20 * * 0", "Sundays at 20:00"),
    ("sunday at 8:30 p.m.", "30 20 * * 0", "Sundays at 20:30"),
    ("tuesdays at noon", "0 12 * * 2", "Tuesdays at 12:00"),
    ("12am mondays", "0 0 * * 1", "Mondays at 00:00"),
    ("every day at 8 pm", "0 20 * * *", "every day at 20:00"),
    ("mondays and fridays at 9 am", "0 9 * * 1,5", "Mondays and Fridays at 09:00"),
    ("12pm mondays", "0 12 * * 1", "Mondays at 12:00"),
]

CRON = [
    ("0 20 * * 5", "Fridays at 20:00"),
    ("0  20 * *  5", "Fridays at 20:00"),
    ("30 18 * * 1-5", "weekdays at 18:30"),
    ("*/15 * * * *", "on the cron schedule “*/15 * * * *”"),
    ("0 9 1 * *", "on the cron schedule “0 9 1 * *”"),
    ("0 20 * * fri", "on the cron schedule “0 20 * * fri”"),
]

ONE_OFFS = [
    ("2026-03-06 20:00", wall("2026-03-06T20:00"), "once, on Friday 6 March 2026 at 20:00"),
    ("2026-03-06T20:00", wall("2026-03-06T20:00"), "once, on Friday 6 March 2026 at 20:00"),
    ("today at 9pm", wall("2026-03-01T21:00"), "once, on Sunday 1 March 2026 at 21:00"),
    ("tomorrow at noon", wall("2026-03-02T12:00"), "once, on Monday 2 March 2026 at 12:00"),
]

REFUSED = [
    ("", "Say when"),
    ("fridays", "has no time of day"),
    ("sometime soon", "has no time of day"),
    ("blah 20:00", "I can't read “blah”"),
    ("sábado 9am", "I can't read “sabado”"),
    ("in 5 minutes", "has no time of day"),
    ("fridays 25:00", "25:00 is not a time of day"),
    ("fridays 20:75", "is not a time of day"),
    ("13pm fridays", "13pm is not a time of day"),
    ("fridays 20:00 and 21:00", "One time of day per schedule"),
    ("every day monday 20:00", "both every day and some days"),
    ("fri 20:00 2026-03-06", "both a date and days of the week"),
    ("2026-02-30 20:00", "2026-02-30 is not a date"),
    ("61 * * * *", "is not a cron expression I can use"),
    ("0 20 * * 8", "is not a cron expression I can use"),
    ("@everyone 20:00", "I can't read “@”"),
]


@pytest.mark.parametrize(("phrase", "cron", "words"), PHRASES)
def test_phrases_become_cron(phrase, cron, words):
    rule = parse_when(phrase, TODAY)
    assert rule == Cron(cron)
    assert describe(rule) == words


@pytest.mark.parametrize(("expression", "words"), CRON)
def test_cron_is_taken_as_is(expression, words):
    rule = parse_when(expression, TODAY)
    assert rule == Cron(" ".join(expression.split()))
    assert describe(rule) == words


@pytest.mark.parametrize(("phrase", "wall", "words"), ONE_OFFS)
def test_dates_make_one_offs(phrase, wall, words):
    rule = parse_when(phrase, TODAY)
    assert rule == Once(wall)
    assert describe(rule) == words


@pytest.mark.parametrize(("phrase", "said"), REFUSED)
def test_unreadable_whens_are_refused_with_a_reason(phrase, said):
    with pytest.raises(BadWhen) as refused:
        parse_when(phrase, TODAY)
    assert said in str(refused.value)
    assert "@everyone" not in str(refused.value)


def test_refusals_show_what_would_work():
    with pytest.raises(BadWhen, match="fridays 20:00.*cron"):
        parse_when("whenever", TODAY)
