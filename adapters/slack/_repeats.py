"""Requests Slack's signature would accept more than once: a replayed copy, or an event Slack retried.

Which requests need a record in the store (one short write transaction each):
- slash commands and anything else that acts (but see clicks), by signature, for as long as the signature
  window would accept a copy: the same `/schedule trivia` sent twice must store one schedule;
- events, by workspace and event_id, for an hour: Slack retries with `X-Slack-Retry-Num` and a new
  signature (after about 1 and 5 minutes), and the retry may reach another worker;
- not button clicks: every button the core offers is already idempotent (a trivia answer is one per person
  per question in the store, Reveal only reads, "Mark watched" never moves progress backwards), so the
  busiest path pays nothing for this.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any

from bot.store import SlackRequestStore

SIGNATURE_WINDOW = 300
EVENT_MEMORY = 3600
"""Seconds an event id is remembered: longer than Slack's last retry (about 5 minutes after the first try)."""
UNRECORDED = frozenset({"block_actions", "url_verification"})


class Repeats:
    def __init__(self, store: SlackRequestStore, now: Callable[[], float] = time.time) -> None:
        self._store = store
        self._now = now

    async def first_time(self, body: Mapping[str, Any], signature: str | None, timestamp: int) -> bool:
        """False for a copy of a request already acted on; True (and remembered) otherwise.

        Without a signature (Socket Mode, where nothing can be replayed from outside) only events are recorded.
        """
        kind = body.get("type")
        if kind in UNRECORDED or "ssl_check" in body:
            return True
        now = self._now()
        event_id = body.get("event_id")
        if kind == "event_callback" and isinstance(event_id, str) and event_id:
            key, expires_at = f"event:{body.get('team_id', '')}:{event_id}", now + EVENT_MEMORY
        elif signature is not None:
            key, expires_at = f"signature:{signature}", timestamp + SIGNATURE_WINDOW + 1.0
        else:
            return True
        return await self._store.first_slack_request(key, expires_at, now)
