"""Commands written out as a user types them, for tests that generate commands from their declarations."""

from __future__ import annotations

from typing import Any

from bot.commands import Command


def as_text(command: Command, options: dict[str, Any]) -> str:
    """The inverse of parsing, for logs and help: `/trivia start questions:3`."""
    shown = " ".join(f'{key}:"{value}"' if " " in str(value) else f"{key}:{value}" for key, value in options.items())
    return f"/{command.path} {shown}".strip()
