"""YAML reading that remembers where every value came from.

Plain PyYAML silently keeps the last of two equal keys and forgets line numbers. Authors need
both: a duplicate key is an error, and every error points at a line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

Location = tuple[str | int, ...]


@dataclass
class Problem:
    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass
class YamlDocument:
    """A parsed file: its data, and the line of every key and value by location."""

    path: Path
    data: Any
    lines: dict[Location, int] = field(default_factory=dict)

    def line_of(self, location: Location) -> int:
        """The line of `location`, or of the nearest enclosing value that has one."""
        for end in range(len(location), -1, -1):
            line = self.lines.get(tuple(location[:end]))
            if line is not None:
                return line
        return 1


def read_yaml(path: Path, problems: list[Problem]) -> YamlDocument | None:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        problems.append(Problem(path, 1, f"cannot read file: {error}"))
        return None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 1
        problems.append(Problem(path, line, f"not valid YAML: {error.problem or error.context}"))
        return None
    document = YamlDocument(path, None)
    if root is None:
        problems.append(Problem(path, 1, "file is empty"))
        return None
    document.data = _build(root, (), document, problems)
    return document


def _build(node: yaml.Node, location: Location, document: YamlDocument, problems: list[Problem]) -> Any:
    document.lines.setdefault(location, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = _scalar(key_node)
            line = key_node.start_mark.line + 1
            if key in result:
                first = document.lines.get((*location, key), line)
                problems.append(Problem(document.path, line, f"duplicate key '{key}' (first at line {first})"))
                continue
            document.lines[(*location, key)] = line
            result[key] = _build(value_node, (*location, key), document, problems)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*location, index), document, problems) for index, item in enumerate(node.value)]
    return _scalar(node)


def _scalar(node: yaml.Node) -> Any:
    return _CONSTRUCTOR.construct_object(node, deep=True)


_CONSTRUCTOR = yaml.SafeLoader("")
