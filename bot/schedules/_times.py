"""Slots shown to people: in the schedule's own zone, with UTC beside it. Stored times are always UTC."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo


def local(instant: datetime, zone: ZoneInfo) -> str:
    """ "Fri 6 Mar 2026, 20:00 PST"."""
    wall = instant.astimezone(zone)
    return f"{wall:%a} {wall.day} {wall:%b %Y, %H:%M} {wall.tzname()}"


def local_and_utc(instant: datetime, zone: ZoneInfo) -> str:
    """ "Fri 6 Mar 2026, 20:00 PST (Sat 7 Mar, 04:00 UTC)"; UTC alone when the zone is UTC."""
    utc = instant.astimezone(UTC)
    if zone.key in {"UTC", "Etc/UTC"}:
        return local(utc, zone)
    return f"{local(instant, zone)} ({utc:%a} {utc.day} {utc:%b, %H:%M} UTC)"


def spoken(instant: datetime, zone: ZoneInfo) -> str:
    """ "Friday 6 March 20:00 PST": for one-line notes in the channel."""
    wall = instant.astimezone(zone)
    return f"{wall:%A} {wall.day} {wall:%B %H:%M} {wall.tzname()}"
