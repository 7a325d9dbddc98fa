"""All declared commands, looked up by path; the single list adapters register from."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from bot.commands._declare import ActionRoute, Command, Feature, Group


class CommandSet:
    def __init__(self, features: Iterable[Feature]) -> None:
        self._commands: dict[str, Command] = {}
        self._group_descriptions: dict[str, str] = {}
        self._actions: dict[str, ActionRoute] = {}
        self.features = tuple(features)
        for feature in self.features:
            self._group_descriptions.update(feature.groups)
            for command in feature.commands:
                if command.path in self._commands:
                    raise ValueError(f"command /{command.path} is declared twice")
                self._commands[command.path] = command
            for route in feature.actions:
                if route.prefix in self._actions:
                    raise ValueError(f"button prefix '{route.prefix}' is declared twice")
                self._actions[route.prefix] = route
        for command in self._commands.values():
            if command.group and command.group not in self._group_descriptions:
                raise ValueError(f"group '{command.group}' of /{command.path} has no description")
            if command.group and command.group in self._commands:
                raise ValueError(f"/{command.group} is both a command and a group")

    def __iter__(self) -> Iterator[Command]:
        return iter(self._commands.values())

    def get(self, path: str) -> Command | None:
        return self._commands.get(path)

    def action(self, prefix: str) -> ActionRoute | None:
        return self._actions.get(prefix)

    def names(self) -> list[str]:
        """What may follow the slash: top-level commands and groups."""
        return [entry.name for entry in self.top_level()]

    def is_group(self, name: str) -> bool:
        return name in self._group_descriptions

    def top_level(self) -> list[Command | Group]:
        """Commands and groups in declaration order, as chat platforms register them."""
        entries: list[Command | Group] = []
        seen_groups: set[str] = set()
        for command in self._commands.values():
            if command.group is None:
                entries.append(command)
            elif command.group not in seen_groups:
                seen_groups.add(command.group)
                members = tuple(c for c in self._commands.values() if c.group == command.group)
                entries.append(Group(command.group, self._group_descriptions[command.group], members))
        return entries
