"""The rows of progress and horizons read recently, kept in memory by either backend.

A read may be remembered only under the token it took when it began; the token lapses when a write to the
table starts, when another process's write is heard of, and when the cache is emptied. So a read that began
before a change is never remembered after it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Hashable
from contextlib import asynccontextmanager
from typing import Generic, TypeVar

from bot.episodes import Episode
from bot.horizons import ChannelHorizon
from bot.request import Place

LIMIT = 50_000
"""Rows kept per table; the oldest read goes first."""

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")
UNREAD = object()


class RecentReads:
    def __init__(self) -> None:
        self.progress: Recent[tuple[str, str, str], Episode | None] = Recent()
        self.horizons: Recent[Place, ChannelHorizon | None] = Recent()
        self.checked_until = 0.0
        self.data_version: int | None = None


class Recent(Generic[K, V]):
    """The rows of one table read recently. A read may be remembered only under the token it took when
    it began, and the token lapses when a write to the table starts."""

    def __init__(self) -> None:
        self._rows: dict[K, V] = {}
        self._generation = 0
        self._writes = 0
        self._unsettled = False

    def get(self, key: K) -> V | object:
        return self._rows.get(key, UNREAD)

    def token(self, *, settled: bool = True) -> int | None:
        """None while a write is running, or may still be inside an open transaction (`settled` False):
        what is read then may not last."""
        if self._writes:
            return None
        if self._unsettled:
            if not settled:
                return None
            self._unsettled = False  # every write so far is committed or rolled back, so the file has the truth
        return self._generation

    def remember(self, token: int | None, key: K, value: V) -> None:
        if token is None or token != self._generation or self._writes:
            return
        if len(self._rows) >= LIMIT:
            del self._rows[next(iter(self._rows))]
        self._rows[key] = value

    @asynccontextmanager
    async def writing(self, key: K | None) -> AsyncIterator[None]:
        """Around a write of `key` (None: any row): forget it before and after, and lapse every read's token."""
        self._generation += 1
        self._writes += 1
        self.forget(key)
        try:
            yield
        finally:
            self._writes -= 1
            self._unsettled = True
            self._generation += 1
            self.forget(key)

    def forget(self, key: K | None = None) -> None:
        if key is None:
            self._rows.clear()
        else:
            self._rows.pop(key, None)
        self._generation += 1

    def forget_where(self, changed: Callable[[K], bool]) -> None:
        """Forget every row whose key `changed` picks (a server's default horizon reaches all its channels)."""
        for key in [key for key in self._rows if changed(key)]:
            del self._rows[key]
        self._generation += 1
