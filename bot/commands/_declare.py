"""Commands are declared once here, with typed options; every adapter builds its registration from them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from bot.reply import Reply

if TYPE_CHECKING:
    from bot.companion import Companion
    from bot.context import Context


class OptionType(StrEnum):
    STRING = "string"
    INTEGER = "integer"
    BOOLEAN = "boolean"


class Completion(StrEnum):
    """Where an option's autocomplete suggestions come from (always cut to the asker's progress)."""

    CHARACTER = "character"
    STORYLINE = "storyline"
    RECAP = "recap"
    EPISODE = "episode"
    TIMEZONE = "timezone"
    CATEGORY = "category"


@dataclass(frozen=True, slots=True)
class Option:
    name: str
    description: str
    type: OptionType = OptionType.STRING
    required: bool = False
    choices: tuple[str, ...] = ()
    min_value: int | None = None
    max_value: int | None = None
    max_length: int = 200
    completion: Completion | None = None


Handler = Callable[["Context"], Awaitable[Reply]]


@dataclass(frozen=True, slots=True)
class Command:
    path: str
    """'bio', or 'trivia start' for a subcommand of the 'trivia' group."""
    description: str
    handler: Handler
    options: tuple[Option, ...] = ()
    moderator_only: bool = False
    examples: tuple[str, ...] = ()

    @property
    def group(self) -> str | None:
        return self.path.split(" ", 1)[0] if " " in self.path else None

    @property
    def name(self) -> str:
        return self.path.rsplit(" ", 1)[-1]

    def option(self, name: str) -> Option | None:
        return next((option for option in self.options if option.name == name), None)

    @property
    def usage(self) -> str:
        parts = [f"/{self.path}"]
        for index, option in enumerate(self.options):
            shown = option.name if index == 0 and option.type is OptionType.STRING else f"{option.name}:…"
            parts.append(f"<{shown}>" if option.required else f"[{shown}]")
        return " ".join(parts)


@dataclass(frozen=True, slots=True)
class Group:
    name: str
    description: str
    commands: tuple[Command, ...]


ActionHandler = Callable[["Context", str], Awaitable[Reply]]


@dataclass(frozen=True, slots=True)
class ActionRoute:
    """Buttons whose id starts with `prefix` + ':' go to `handler` with the rest of the id."""

    prefix: str
    handler: ActionHandler


Lifecycle = Callable[["Companion"], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class Feature:
    """What one feature module contributes: commands, button routes, group descriptions, start-up work."""

    commands: tuple[Command, ...] = ()
    actions: tuple[ActionRoute, ...] = ()
    groups: tuple[tuple[str, str], ...] = ()
    on_start: Lifecycle | None = None
    """Runs once when the companion starts serving (re-arm timers, close interrupted rounds)."""


def convert(option: Option, raw: Any) -> Any:
    """Turn raw text (console, Slack) or a platform value (Discord) into the option's type; ValueError if not."""
    if option.type is OptionType.BOOLEAN:
        if isinstance(raw, bool):
            return raw
        word = str(raw).strip().lower()
        if word in {"yes", "y", "true", "on", "1"}:
            return True
        if word in {"no", "n", "false", "off", "0"}:
            return False
        raise ValueError(f"{option.name} takes yes or no")
    if option.type is OptionType.INTEGER:
        try:
            number = int(str(raw).strip())
        except ValueError:
            raise ValueError(f"{option.name} takes a whole number") from None
        if option.min_value is not None and number < option.min_value:
            raise ValueError(f"{option.name} must be at least {option.min_value}")
        if option.max_value is not None and number > option.max_value:
            raise ValueError(f"{option.name} must be at most {option.max_value}")
        return number
    value = str(raw).strip()
    if len(value) > option.max_length:
        raise ValueError(f"{option.name} is too long (at most {option.max_length} characters)")
    if option.choices and value.lower() not in option.choices:
        raise ValueError(f"{option.name} takes one of: {', '.join(option.choices)}")
    return value.lower() if option.choices else value
