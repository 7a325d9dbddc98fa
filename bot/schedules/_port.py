"""What schedules ask of storage. Every backend implements it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Protocol

from bot.request import Place
from bot.schedules._model import Claim, Firing, Job, NewSchedule, Schedule


class ScheduleStore(Protocol):
    async def add_schedule(self, new: NewSchedule) -> Schedule: ...

    async def add_schedule_unless_same(self, new: NewSchedule) -> tuple[Schedule, bool]:
        """False with the existing one when the channel already has the same active schedule (same job, times
        and options), decided in one write transaction."""
        ...

    async def schedule(self, schedule_id: int) -> Schedule | None: ...

    async def active_schedules(self, platform: str, server: str) -> list[Schedule]: ...

    async def cancel_schedule(self, schedule_id: int, by: str, at: datetime) -> bool: ...

    async def cancel_channel_schedules(self, place: Place, job: Job, by: str, at: datetime) -> list[int]: ...

    async def due_schedules(self, now: datetime, limit: int, platform: str | None = None) -> list[Schedule]: ...

    async def claim_slots(self, claims: Sequence[Claim], claimant: str, at: datetime) -> list[Claim]:
        """Atomically claim each slot; only the claims won (never one another process won) come back."""
        ...

    async def record_firings(self, firings: Iterable[Firing], at: datetime) -> None: ...

    async def firings(self, schedule_id: int, limit: int = 100) -> list[Firing]: ...
