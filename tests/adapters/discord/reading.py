"""Reading the fake's stored messages the way a Discord user would see them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from bot.companion import SORRY
from tests.adapters.discord.fake import EPHEMERAL, Reading, read_message
from tests.bot.spoiler_invariant import assert_text_has_no_spoilers


def spoiler_safe(message: dict[str, Any], horizon: str, typed: Iterable[str] = ()) -> Reading:
    """What `message` shows; fails if anything revealed after `horizon` is plain text in it."""
    reading = read_message(message)
    assert_text_has_no_spoilers(reading.plain_text, horizon, typed=typed)
    return reading


def shown(message: dict[str, Any]) -> str:
    """All of a message's text, spoilers included (as after clicking them)."""
    reading = read_message(message)
    return f"{reading.plain_text} {reading.hidden_text}"


def is_ephemeral(message: dict[str, Any]) -> bool:
    return bool(message["flags"] & EPHEMERAL)


def buttons(message: dict[str, Any]) -> list[dict[str, Any]]:
    return [item for row in message.get("components") or [] for item in row["components"]]


def is_apology(message: dict[str, Any]) -> bool:
    return SORRY in shown(message)
