"""What the core asks of storage. SQLite implements it today; another backend runs the same store tests."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from bot.episodes import Episode
from bot.request import Place
from bot.spoilers import Policy
from bot.store._trivia_interface import TriviaStore

if TYPE_CHECKING:
    from bot.schedules._model import Claim, Firing, Job, NewSchedule, Schedule
    from bot.watchparty._model import WatchParty

SERVER_WIDE = "*"


@dataclass(frozen=True, slots=True)
class ChannelHorizon:
    episode: Episode
    policy: Policy
    set_by: str
    server_default: bool = False


class ProgressStore(Protocol):
    async def progress(self, platform: str, server: str, user: str) -> Episode | None: ...

    async def set_progress(self, platform: str, server: str, user: str, episode: Episode) -> None: ...

    async def channel_horizon(self, place: Place) -> ChannelHorizon | None:
        """The channel's own horizon, else the server-wide default, else None."""
        ...

    async def set_channel_horizon(self, place: Place, episode: Episode, policy: Policy, set_by: str) -> None: ...


class WatchPartyStore(Protocol):
    """A party and the channel horizon it owns change together, in one transaction."""

    async def watch_party(self, place: Place) -> WatchParty | None: ...

    async def start_watch_party(self, place: Place, episode: Episode, by: str, at: datetime) -> WatchParty | None:
        """None when a party already runs in the channel."""
        ...

    async def advance_watch_party(self, place: Place, seen: Episode, to: Episode, by: str, at: datetime) -> bool:
        """False when the party is no longer at `seen` (another step won)."""
        ...

    async def end_watch_party(self, place: Place, by: str, at: datetime) -> WatchParty | None: ...


class ScheduleStore(Protocol):
    async def add_schedule(self, new: NewSchedule) -> Schedule: ...

    async def add_schedule_unless_same(self, new: NewSchedule) -> tuple[Schedule, bool]:
        """False with the existing one when the channel already has the same active schedule."""
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


class Store(ProgressStore, TriviaStore, WatchPartyStore, ScheduleStore, Protocol):
    async def close(self) -> None: ...
