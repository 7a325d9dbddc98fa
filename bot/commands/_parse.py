"""The text form of a command, shared by the console and Slack: `/bio gary pearlman share:yes`.

The first string option may be given positionally; any option as `name:value`. A value runs until
the next `name:` of a declared option, so `/trivia answer text:gary pearlman` needs no quotes;
quotes are still honoured (`when:"fridays 20:00"`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bot.commands._declare import Command, OptionType
from bot.commands._registry import CommandSet
from bot.safety import echo


class UsageError(ValueError):
    """The user typed something the command cannot take; the message says what to type instead."""


@dataclass(frozen=True, slots=True)
class Parsed:
    command: Command
    options: dict[str, str]


_TOKEN = re.compile(
    r"""(?P<name>[A-Za-z_]+):(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>\S*))"""  # name:value, name:"a b"
    r"""|"(?P<q>[^"]*)"|(?P<word>\S+)"""  # "a quoted phrase", or one word
)


def parse_command(commands: CommandSet, text: str) -> Parsed:
    stripped = text.strip()
    if not stripped.startswith("/"):
        raise UsageError("Commands start with a slash, for example `/help`.")
    head, rest = _first_word(stripped[1:])
    if not head:
        raise UsageError("Type a command after the slash, for example `/help`.")
    name = head.lower()
    if commands.is_group(name):
        sub, rest = _first_word(rest)
        command = commands.get(f"{name} {sub.lower()}")
        if command is None:
            known = ", ".join(c.name for c in commands if c.group == name)
            shown = f"“{echo(sub, 30)}” is not" if sub else "Say which"
            raise UsageError(f"{shown} a /{name} subcommand. Try one of: {known}.")
    else:
        command = commands.get(name)
        if command is None:
            raise UsageError(f"There is no /{echo(head, 30)} command. Type /help to see what I can do.")
    return Parsed(command, parse_options(command, rest))


def _first_word(text: str) -> tuple[str, str]:
    """('bio', 'gary pearlman') from 'bio gary pearlman', whatever whitespace separates them."""
    first, *rest = text.split(None, 1) or [""]
    return first, rest[0] if rest else ""


def parse_options(command: Command, text: str) -> dict[str, str]:
    named: dict[str, list[str]] = {}
    positional: list[str] = []
    current: list[str] = positional
    for match in _TOKEN.finditer(text):
        name = match.group("name")
        if name and command.option(name.lower()) is not None:
            key = name.lower()
            if key in named:
                raise UsageError(f"{key} is given twice.")
            value = next((match.group(g) for g in ("dq", "sq", "bare") if match.group(g) is not None), "")
            current = named[key] = [value] if value else []
            continue
        current.append(match.group("q") if match.group("q") is not None else match.group(0))
    options = {key: " ".join(words).strip() for key, words in named.items()}
    if positional:
        first = next((o for o in command.options if o.type is OptionType.STRING), None)
        if first is None or first.name in options:
            raise UsageError(f"I did not understand “{echo(' '.join(positional))}”. Usage: {command.usage}")
        options[first.name] = " ".join(positional)
    return options


def as_text(command: Command, options: dict[str, Any]) -> str:
    """The inverse of parsing, for logs and help: `/trivia start questions:3`."""
    shown = " ".join(f'{key}:"{value}"' if " " in str(value) else f"{key}:{value}" for key, value in options.items())
    return f"/{command.path} {shown}".strip()
