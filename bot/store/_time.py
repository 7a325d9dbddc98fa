"""Timestamps as stored: ISO 8601, UTC."""

from __future__ import annotations

from datetime import UTC, datetime


def now_text() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
