"""The spoiler gate: every fact shown passes through here, so nothing beyond a horizon is plain text."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from bot.episodes import Episode
from bot.reply import Kind, Part


class Policy(StrEnum):
    """What happens to facts beyond the horizon: shown as spoiler-hidden text, or left out with a note."""

    HIDE = "hide"
    OMIT = "omit"


@dataclass
class Gate:
    """Cuts gated facts to a horizon, counting what it hid or left out for the closing note."""

    horizon: Episode
    policy: Policy = Policy.HIDE
    omitted: list[Episode] = field(default_factory=list)

    def visible(self, revealed: Episode) -> bool:
        return revealed <= self.horizon

    def part(self, body: str, revealed: Episode, *, label: str | None = None) -> Part | None:
        if self.visible(revealed):
            return Part(Kind.FIELD if label else Kind.TEXT, body, revealed, label)
        if self.policy is Policy.HIDE:
            return Part(Kind.SPOILER, f"{label}: {body}" if label else body, revealed)
        self.omitted.append(revealed)
        return None

    def parts(self, items: Iterable[tuple[str, Episode]]) -> list[Part]:
        return [part for body, revealed in items if (part := self.part(body, revealed)) is not None]

    def omission_note(self, noun: str = "entry", plural: str | None = None) -> Part | None:
        """'2 more entries are left out (revealed from S1E10).' or None when nothing was left out."""
        if not self.omitted:
            return None
        count = len(self.omitted)
        word = noun if count == 1 else (plural or _plural(noun))
        verb = "is" if count == 1 else "are"
        return Part(
            Kind.NOTE,
            f"{count} more {word} {verb} left out: revealed from {min(self.omitted)}, beyond {self.horizon}.",
        )


def _plural(noun: str) -> str:
    """'entry' → 'entries', 'bio section' → 'bio sections'."""
    if noun.endswith("y") and noun[-2:-1] not in tuple("aeiou"):
        return f"{noun[:-1]}ies"
    return f"{noun}s"
