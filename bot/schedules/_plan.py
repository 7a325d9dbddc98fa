"""The missed-slot policy: what a scheduler does with a schedule whose slot has come (or long gone).

A slot is fired on time, or late when the bot was down, but only within the grace period and only the
latest one: a bot back after three days does not run three trivia rounds in a row. Older missed slots are
skipped and the channel is told once. The next slot is always the first one after now.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.schedules._model import Claim, Schedule
from bot.schedules._rule import When

COUNT_UP_TO = 100
"""Missed slots are counted up to here, so a long outage costs no long loop; a count above it means "more"."""


def plan(schedule: Schedule, now: datetime, grace: timedelta) -> Claim:
    if schedule.next_due is None or schedule.next_due > now:
        raise ValueError(f"schedule {schedule.id} is not due at {now}")
    when = schedule.when
    first = latest = schedule.next_due
    count = 1
    following = when.next_after(latest)
    while following is not None and following <= now and count <= COUNT_UP_TO:
        latest, count = following, count + 1
        following = when.next_after(latest)
    capped = count > COUNT_UP_TO
    if capped:
        latest = _last_slot(when, since=now - grace - timedelta(seconds=1), until=now) or latest
    next_due = when.next_after(now) if capped else following  # the first slot after `latest` is the first after now
    if now - latest <= grace:
        missed = count if capped else count - 1
        return Claim(schedule, latest, next_due, fire=True, missed=missed, first_missed=first if missed else None)
    return Claim(schedule, latest, next_due, fire=False, missed=count, first_missed=first)


def _last_slot(when: When, *, since: datetime, until: datetime) -> datetime | None:
    """The last slot after `since` and at or before `until`: a long outage of a frequent schedule."""
    latest = None
    while (following := when.next_after(latest or since)) is not None and following <= until:
        latest = following
    return latest
