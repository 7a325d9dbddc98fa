"""What the spoiler guard asks of storage. Every backend implements it."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from bot.guard._model import GuardAction, GuardCounts, GuardedChannel, GuardRecord
from bot.request import Place


class GuardStore(Protocol):
    """Guarded channels, and what the guard did (who, where, which episode, when; never a message's text)."""

    async def guarded_channel(self, place: Place) -> GuardedChannel | None: ...

    async def guard_channel(self, place: Place, action: GuardAction, set_by: str) -> None: ...

    async def unguard_channel(self, place: Place) -> GuardedChannel | None:
        """What was guarded there, or None when nothing was."""
        ...

    async def record_guard_action(self, record: GuardRecord) -> None: ...

    async def guard_counts(self, place: Place, since: datetime) -> GuardCounts: ...
