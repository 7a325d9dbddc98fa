"""What the platform behind the companion's outbox can do for the guard: optional attributes of an Outbox.

- `guard_missing`: why the guard cannot read messages there (a setting or permission missing), or None;
- `guard_hides`: False where the bot cannot take members' messages down (Slack): *hide* then warns.
"""

from __future__ import annotations

from bot.outbox import Outbox


def missing_for_guard(outbox: Outbox) -> str | None:
    missing = getattr(outbox, "guard_missing", None)
    return missing if isinstance(missing, str) and missing else None


def hides_messages(outbox: Outbox) -> bool:
    return getattr(outbox, "guard_hides", True) is not False
