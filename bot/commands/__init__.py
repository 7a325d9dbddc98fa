"""Command declarations, the registry adapters build from, and the shared text parser."""

from bot.commands._declare import (
    ActionRoute,
    Command,
    Completion,
    Feature,
    Group,
    Option,
    OptionType,
    convert,
)
from bot.commands._parse import Parsed, UsageError, parse_command, parse_options, unknown_command, unknown_option
from bot.commands._registry import CommandSet

__all__ = [
    "ActionRoute",
    "Command",
    "CommandSet",
    "Completion",
    "Feature",
    "Group",
    "Option",
    "OptionType",
    "Parsed",
    "UsageError",
    "convert",
    "parse_command",
    "parse_options",
    "unknown_command",
    "unknown_option",
]
