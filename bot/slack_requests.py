"""Slack requests already acted on: the port that remembers them for as long as a copy could be accepted.

A signed request can be replayed within Slack's five-minute signature window, and Slack retries an event it
thinks went unanswered. Several HTTP workers share one database, so the memory is the store's: the first
record of a key wins, every later one is a repeat.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable


@runtime_checkable
class SlackRequestStore(Protocol):
    async def first_slack_request(self, key: str, expires_at: float, now: float) -> bool:
        """True the first time `key` is seen (until `expires_at`, unix seconds); False for a repeat."""
        ...
