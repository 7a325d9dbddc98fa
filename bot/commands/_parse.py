"""The text form of a command, shared by the console and Slack: `/bio gary pearlman share:yes`.

The first string option may be given positionally; any option as `name:value`. A value runs until
the next `name:` of a declared option, so `/trivia answer text:gary pearlman` needs no quotes;
quotes are still honoured (`when:"fridays 20:00"`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.commands._declare import Command, Option, OptionType, convert
from bot.commands._registry import CommandSet
from bot.commands._suggest import did_you_mean
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
            subs = [c.name for c in commands if c.group == name]
            known = ", ".join(subs)
            if not sub:
                raise UsageError(f"Say which /{name} subcommand you mean: {known}.")
            hint = did_you_mean(sub, subs, f"/{name} {{}}")
            raise UsageError(f"“{echo(sub, 30)}” is not a /{name} subcommand.{hint} Try one of: {known}.")
    else:
        command = commands.get(name)
        if command is None:
            raise UsageError(unknown_command(commands, head))
    return Parsed(command, parse_options(command, rest))


def unknown_command(commands: CommandSet, typed: str) -> str:
    hint = did_you_mean(typed, commands.names(), "/{}")
    return f"There is no /{echo(typed, 30)} command.{hint} Type /help to see what I can do."


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
        value = next((match.group(g) for g in ("dq", "sq", "bare") if match.group(g) is not None), "")
        if name and command.option(name.lower()) is not None:
            key = name.lower()
            if key in named:
                raise UsageError(f"{key} is given twice.")
            current = named[key] = [value] if value else []
            continue
        if name and value:
            raise UsageError(unknown_option(command, name))
        current.append(match.group("q") if match.group("q") is not None else match.group(0))
    options = {key: " ".join(words).strip() for key, words in named.items()}
    if positional:
        bare = " ".join(positional)
        option = _bare_option(command, bare, options)
        options[option.name] = bare
    return options


def unknown_option(command: Command, typed: str) -> str:
    """Shared by the text form and typed requests: a misspelt option is named, never taken as text."""
    names = [option.name for option in command.options]
    hint = did_you_mean(typed, names, "{}:")
    listed = f" Its options: {', '.join(names)}." if names else " It takes no options."
    return f"/{command.path} has no option “{echo(typed, 30)}”.{hint}{listed} Usage: {command.usage}"


def _bare_option(command: Command, bare: str, named: dict[str, str]) -> Option:
    """Which option a value given without `name:` is for: the one number option that can take a whole number
    (`/schedule cancel 4`, `/trivia start 3`), else the first text option."""
    free = [option for option in command.options if option.name not in named]
    numbers = [option for option in free if option.type is OptionType.INTEGER and _takes(option, bare)]
    if len(numbers) == 1:
        return numbers[0]
    if len(numbers) > 1:
        which = " or ".join(f"{option.name}:{echo(bare, 20)}" for option in numbers)
        raise UsageError(f"“{echo(bare, 20)}” could be {which}: say which. Usage: {command.usage}")
    text = next((option for option in free if option.type is OptionType.STRING), None)
    if text is None or not any(option.type is OptionType.STRING for option in command.options):
        only = free[0] if len(free) == 1 and free[0].type is not OptionType.BOOLEAN else None
        if only is not None:
            return only  # its own conversion says what it takes
        raise UsageError(f"I did not understand “{echo(bare)}”. Usage: {command.usage}")
    return text


def _takes(option: Option, value: str) -> bool:
    try:
        convert(option, value)
    except ValueError:
        return False
    return True
