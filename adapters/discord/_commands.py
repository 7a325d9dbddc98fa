"""Application commands generated from the core's declarations: names, descriptions, typed options, groups.

discord.py reads a command's options from its callback's signature, so each declaration gets a
callback whose signature is built from the declared options (`option_0`, `option_1`, … renamed to
the declared names, so any option name works), then the library's own decorators add descriptions,
choices, autocomplete and default permissions.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Coroutine
from typing import Any, Protocol

import discord
from discord import app_commands

from bot.commands import Command, CommandSet, Group, Option, OptionType

MODERATOR = discord.Permissions(manage_channels=True)
"""Who sees moderator commands by default; the core checks `Asker.moderator` again on every use."""
DESCRIPTION_LIMIT = 100
STRING_LIMIT = 6000

AppCommand = app_commands.Command[Any, Any, None] | app_commands.Group
Callback = Callable[..., Coroutine[Any, Any, Any]]


class Runner(Protocol):
    """Where generated commands send their work (the bot)."""

    async def on_command(self, interaction: discord.Interaction, path: str, options: dict[str, Any]) -> None: ...

    async def on_complete(
        self, interaction: discord.Interaction, path: str, option: str, partial: str
    ) -> list[app_commands.Choice[str]]: ...


def build_commands(commands: CommandSet, runner: Runner) -> list[AppCommand]:
    entries: list[AppCommand] = []
    for entry in commands.top_level():
        if isinstance(entry, Group):
            entries.append(_group(entry, runner))
        else:
            entries.append(_command(entry, runner))
    return entries


def _group(declared: Group, runner: Runner) -> app_commands.Group:
    """Discord sets default permissions per top-level command only: a group is hidden when all of it is moderators'."""
    moderators_only = all(command.moderator_only for command in declared.commands)
    group = app_commands.guild_only()(
        app_commands.Group(
            name=declared.name,
            description=_fit(declared.description),
            default_permissions=MODERATOR if moderators_only else None,
        )
    )
    for command in declared.commands:
        group.add_command(_command(command, runner, parent=group))
    return group


def _command(
    declared: Command, runner: Runner, parent: app_commands.Group | None = None
) -> app_commands.Command[Any, Any, None]:
    names = {f"option_{index}": option for index, option in enumerate(declared.options)}

    async def callback(interaction: discord.Interaction, **values: Any) -> None:
        options = {names[key].name: value for key, value in values.items() if value is not None}
        await runner.on_command(interaction, declared.path, options)

    callback.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [
            inspect.Parameter("interaction", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=discord.Interaction),
            *(_parameter(key, option) for key, option in names.items()),
        ]
    )
    decorated = _decorate(callback, declared, names, runner)
    if parent is None:
        decorated = app_commands.guild_only()(decorated)  # horizons belong to server channels
    command: app_commands.Command[Any, Any, None] = app_commands.Command(
        name=declared.name, description=_fit(declared.description), callback=decorated, parent=parent
    )
    if parent is None and declared.moderator_only:
        command.default_permissions = MODERATOR  # Discord keeps default permissions on top-level commands only
    return command


def _parameter(key: str, option: Option) -> inspect.Parameter:
    default = inspect.Parameter.empty if option.required else None
    return inspect.Parameter(key, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=_annotation(option))


def _annotation(option: Option) -> Any:
    if option.type is OptionType.BOOLEAN:
        return bool
    if option.type is OptionType.INTEGER:
        if option.min_value is None and option.max_value is None:
            return int
        return app_commands.Range[int, option.min_value, option.max_value]
    if option.choices or option.max_length > STRING_LIMIT:
        return str
    return app_commands.Range[str, None, option.max_length]


def _decorate(callback: Callback, declared: Command, names: dict[str, Option], runner: Runner) -> Callback:
    if not names:
        return callback
    callback = app_commands.describe(**{key: _fit(option.description) for key, option in names.items()})(callback)
    callback = app_commands.rename(**{key: option.name for key, option in names.items()})(callback)
    choices = {
        key: [app_commands.Choice(name=choice, value=choice) for choice in option.choices]
        for key, option in names.items()
        if option.choices
    }
    if choices:
        callback = app_commands.choices(**choices)(callback)
    completions = {
        key: _suggester(runner, declared.path, option.name)
        for key, option in names.items()
        if option.completion is not None and not option.choices and option.type is OptionType.STRING
    }
    if completions:
        callback = app_commands.autocomplete(**completions)(callback)
    return callback


def _suggester(runner: Runner, path: str, option: str) -> Callback:
    async def suggest(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return await runner.on_complete(interaction, path, option, current)

    return suggest


def _fit(text: str) -> str:
    text = " ".join(text.split()) or "…"
    return text if len(text) <= DESCRIPTION_LIMIT else text[: DESCRIPTION_LIMIT - 1] + "…"
