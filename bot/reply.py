"""The platform-neutral reply: ordered parts, a visibility, and buttons."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from bot.episodes import Episode


class Kind(StrEnum):
    HEADING = "heading"
    TEXT = "text"
    FIELD = "field"
    NOTE = "note"
    SPOILER = "spoiler"


class Visibility(StrEnum):
    PUBLIC = "public"
    EPHEMERAL = "ephemeral"


class Style(StrEnum):
    PRIMARY = "primary"
    SECONDARY = "secondary"
    SUCCESS = "success"
    DANGER = "danger"


@dataclass(frozen=True, slots=True)
class Part:
    """One piece of a reply. `revealed` is the gate of the fact it shows; a SPOILER part is hidden text."""

    kind: Kind
    text: str
    revealed: Episode | None = None
    label: str | None = None

    def to_json(self) -> dict[str, Any]:
        revealed = str(self.revealed) if self.revealed else None
        data: dict[str, Any] = {"kind": str(self.kind), "text": self.text, "revealed": revealed}
        if self.label is not None:
            data["label"] = self.label
        return data


@dataclass(frozen=True, slots=True)
class Action:
    """A button. `id` is stable across restarts: it names what to do, never an in-memory object."""

    id: str
    label: str
    style: Style = Style.SECONDARY
    disabled: bool = False


@dataclass(frozen=True, slots=True)
class Reply:
    parts: tuple[Part, ...]
    visibility: Visibility = Visibility.EPHEMERAL
    actions: tuple[Action, ...] = field(default=())
    usage_error: bool = False
    """The request was not understood (no such command, a bad or missing option): `companion ask` exits 2."""

    def to_json(self) -> dict[str, Any]:
        return {
            "visibility": str(self.visibility),
            "parts": [part.to_json() for part in self.parts],
            "actions": [{"id": action.id, "label": action.label} for action in self.actions],
        }

    def public(self) -> Reply:
        return Reply(self.parts, Visibility.PUBLIC, self.actions, self.usage_error)


def heading(text: str) -> Part:
    return Part(Kind.HEADING, text)


def text(body: str, revealed: Episode | None = None) -> Part:
    return Part(Kind.TEXT, body, revealed)


def note(body: str) -> Part:
    return Part(Kind.NOTE, body)


def field_part(label: str, value: str, revealed: Episode | None = None) -> Part:
    return Part(Kind.FIELD, value, revealed, label)


def message(*lines: str, visibility: Visibility = Visibility.EPHEMERAL) -> Reply:
    """A reply of plain, ungated text: help, confirmations, friendly errors."""
    return Reply(tuple(text(line) for line in lines), visibility)


def usage_error(line: str) -> Reply:
    """A friendly answer to a request that was not understood; it says how to ask instead."""
    return Reply((text(line),), Visibility.EPHEMERAL, usage_error=True)
