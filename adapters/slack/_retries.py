"""Slack retries an event it thinks went unanswered (X-Slack-Retry-Num) with the same event_id; act once."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.response import BoltResponse


class SeenEvents:
    """The last `size` event ids, in memory: enough for one process (several workers would need the store)."""

    def __init__(self, size: int = 10_000) -> None:
        self._size = size
        self._seen: OrderedDict[str, None] = OrderedDict()

    def first_time(self, event_id: str) -> bool:
        if event_id in self._seen:
            return False
        self._seen[event_id] = None
        if len(self._seen) > self._size:
            self._seen.popitem(last=False)
        return True


def skip_retried_events(app: AsyncApp) -> None:
    seen = SeenEvents()

    async def once_per_event(
        body: dict[str, Any], response: BoltResponse, next: Callable[[], Awaitable[None]]
    ) -> BoltResponse:
        event_id = body.get("event_id") if body.get("type") == "event_callback" else None
        if event_id and not seen.first_time(str(event_id)):
            return BoltResponse(status=200, body="")
        await next()
        return response

    app.middleware(once_per_event)
