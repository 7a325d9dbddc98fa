"""When a schedule fires: a cron rule or a one-off, in the wall-clock time of an IANA zone.

Slots are computed in local wall time and converted to UTC only at the end, so "fridays 20:00" in
America/Los_Angeles stays 20:00 local across a daylight-saving change. Around the change itself:
a wall time that happens twice (01:30 on the night clocks go back) fires once, at the first; a wall
time that does not exist (02:30 on the night clocks go forward) fires when the clocks say 03:30.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from croniter import CroniterBadDateError, croniter

ONCE = "once "
_GUARD = 1000
"""Cron candidates tried for one answer: only repeated wall times (DST) ever need more than one."""
_FIELD = re.compile(r"^[0-9A-Za-z*/,\-?]+$")
_NUMERIC = re.compile(r"^[0-9*/,\-]+$")


@dataclass(frozen=True, slots=True)
class Cron:
    """A standard 5-field cron expression (minute hour day-of-month month day-of-week), single-spaced."""

    expression: str

    @staticmethod
    def looks_like(text: str) -> bool:
        """Five cron fields, minute and hour numeric: meant as cron, so a mistake deserves a cron-shaped message.

        ("every day at 8 pm" is five words too; only day-of-month, month and weekday fields take names.)"""
        fields = text.split()
        return (
            len(fields) == 5
            and all(_NUMERIC.match(field) for field in fields[:2])
            and all(_FIELD.match(field) for field in fields[2:])
        )

    @staticmethod
    def valid(text: str) -> bool:
        return Cron.looks_like(text) and croniter.is_valid(" ".join(text.split()))

    def next_after(self, after: datetime, zone: ZoneInfo) -> datetime | None:
        """The first slot strictly after `after` (UTC), or None when the expression never fires."""
        return _next_slot(self.expression, zone, after)

    def __str__(self) -> str:
        return self.expression


@dataclass(frozen=True, slots=True)
class Once:
    """A one-off at a wall time (no zone: the schedule's zone applies)."""

    wall: datetime

    def next_after(self, after: datetime, zone: ZoneInfo) -> datetime | None:
        instant = self.wall.replace(tzinfo=zone).astimezone(UTC)
        return instant if instant > after else None

    def __str__(self) -> str:
        return f"{ONCE}{self.wall.isoformat(timespec='minutes')}"


Rule = Cron | Once


@lru_cache(maxsize=4096)
def _next_slot(expression: str, zone: ZoneInfo, after: datetime) -> datetime | None:
    """Remembered: on a Friday night thousands of schedules ask for the same "0 20 * * 5" slot in a few zones."""
    slots = _parsed(expression)
    slots.set_current(after.astimezone(zone).replace(tzinfo=None), force=True)
    try:
        for _ in range(_GUARD):
            instant = slots.get_next(datetime).replace(tzinfo=zone).astimezone(UTC)
            if instant > after:
                return instant
    except CroniterBadDateError:
        return None
    return None


@lru_cache(maxsize=256)
def _parsed(expression: str) -> croniter:
    """Parsing is most of croniter's cost; the iterator is re-pointed before each use (no await in between)."""
    return croniter(expression)


def parse_rule(text: str) -> Rule:
    """The stored form back into a rule: `once 2026-03-06T20:00` or a cron expression."""
    if text.startswith(ONCE):
        return Once(datetime.fromisoformat(text.removeprefix(ONCE)))
    return Cron(" ".join(text.split()))


@dataclass(frozen=True, slots=True)
class When:
    """A rule in a zone: everything needed to find a schedule's slots."""

    rule: Rule
    zone: ZoneInfo

    def next_after(self, after: datetime) -> datetime | None:
        return self.rule.next_after(after, self.zone)
