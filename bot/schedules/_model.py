"""Schedules and their firings as the store keeps them. Imports nothing from the store or the commands."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo

from bot.request import Place
from bot.schedules._rule import When, parse_rule


class Job(StrEnum):
    """What a schedule does at each slot."""

    TRIVIA = "trivia"
    RECAP = "recap"
    """The watch party's weekly step: `/watchparty next` with its recap post."""

    @property
    def words(self) -> str:
        return "trivia round" if self is Job.TRIVIA else "watch-party recap"


class Outcome(StrEnum):
    CLAIMED = "claimed"
    """Claimed and not finished: the process stopped mid-firing. Never fired again."""
    FIRED = "fired"
    FAILED = "failed"
    SKIPPED = "skipped"
    """Missed while the bot was offline, beyond the grace period."""


@dataclass(frozen=True, slots=True)
class NewSchedule:
    place: Place
    job: Job
    rule: str
    """A cron expression or `once 2026-03-06T20:00` (see bot.schedules._rule)."""
    zone: str
    phrase: str
    """`when` as the moderator typed it."""
    created_by: str
    created_at: datetime
    next_due: datetime
    options: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True, slots=True)
class Schedule:
    id: int
    place: Place
    job: Job
    rule: str
    zone: str
    phrase: str
    created_by: str
    created_at: datetime
    next_due: datetime | None
    """UTC; None once cancelled (or a one-off done)."""
    last_slot: datetime | None = None
    options: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def when(self) -> When:
        return When(parse_rule(self.rule), ZoneInfo(self.zone))


@dataclass(frozen=True, slots=True)
class Claim:
    """What one scheduler means to do with a due schedule: fire `slot` (or only note the missed ones)."""

    schedule: Schedule
    slot: datetime
    """The slot fired, or when none is, the latest slot skipped. With the schedule's id, the claim's key."""
    next_due: datetime | None
    fire: bool
    missed: int = 0
    """Earlier slots skipped (counted up to a cap) because the bot was offline."""
    first_missed: datetime | None = None


@dataclass(frozen=True, slots=True)
class Firing:
    """One slot's row: claimed, then fired, failed or skipped."""

    schedule_id: int
    slot: datetime
    outcome: Outcome
    detail: str = ""
    missed: int = 0
    claimed_by: str = ""
