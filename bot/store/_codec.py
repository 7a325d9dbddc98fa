"""One way to write and read a stored time, and a row read by column name, for every table and backend.

Times are timezone-aware UTC. SQLite keeps them as ISO 8601 text with milliseconds and `+00:00`
('2026-03-06T20:00:00.000+00:00'): one fixed width, so text order is time order and `<=` compares times.
PostgreSQL keeps `timestamptz` and hands back aware datetimes; `moment` reads either.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Protocol


class Row(Protocol):
    """A row read by column name: `sqlite3.Row` and `asyncpg.Record` both are."""

    def __getitem__(self, key: str, /) -> Any: ...


def stamp(moment: datetime) -> str:
    """A time as SQLite keeps it."""
    if moment.tzinfo is None:
        raise ValueError("a stored time must be timezone-aware")
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


def maybe_stamp(moment: datetime | None) -> str | None:
    return None if moment is None else stamp(moment)


def moment(value: str | datetime | None) -> datetime | None:
    """A stored time (text from SQLite, a datetime from PostgreSQL) as an aware UTC datetime."""
    if value is None or value == "":
        return None
    found = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    if found.tzinfo is None:
        found = found.replace(tzinfo=UTC)
    return found.astimezone(UTC)


def required(value: str | datetime | None) -> datetime:
    found = moment(value)
    if found is None:
        raise ValueError("a stored time is missing")
    return found


def unix(seconds: float) -> datetime:
    """Unix seconds (as Slack reports times) as an aware UTC datetime."""
    return datetime.fromtimestamp(seconds, UTC)


def now() -> datetime:
    return datetime.now(UTC)


def instant(moment: datetime) -> datetime:
    """A time as PostgreSQL is given it: aware UTC, cut to the milliseconds SQLite keeps, so both hold the same."""
    if moment.tzinfo is None:
        raise ValueError("a stored time must be timezone-aware")
    utc = moment.astimezone(UTC)
    return utc.replace(microsecond=utc.microsecond // 1000 * 1000)


def maybe_instant(moment: datetime | None) -> datetime | None:
    return None if moment is None else instant(moment)
