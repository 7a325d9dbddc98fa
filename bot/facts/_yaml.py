"""YAML reading that remembers where every value came from.

Plain PyYAML silently keeps the last of two equal keys and forgets line numbers. Authors need
both: a duplicate key is an error, and every error points at a line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import yaml

if TYPE_CHECKING:
    from yaml._yaml import Mark as LibyamlMark

Location = tuple[str | int, ...]


@dataclass
class Problem:
    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(slots=True)
class Lines:
    """Where a mapping or sequence is (the line of its key, or its first line) and where each of its values is."""

    line: int
    within: dict[Any, Lines | int] | list[Lines | int]


@dataclass
class YamlDocument:
    """A parsed file: its data, and beside it the line of every key and value."""

    path: Path
    data: Any
    lines: Lines | int = 1

    def line_of(self, location: Location) -> int:
        """The line of `location`, or of the nearest enclosing value that has one."""
        at = self.lines
        for step in location:
            if not isinstance(at, Lines):
                break
            within = at.within
            if isinstance(within, dict) and step in within:
                at = within[step]
            elif isinstance(within, list) and isinstance(step, int) and 0 <= step < len(within):
                at = within[step]
            else:
                break
        return at.line if isinstance(at, Lines) else at


def read_yaml(path: Path, problems: list[Problem]) -> YamlDocument | None:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        problems.append(Problem(path, 1, f"cannot read file: {error}"))
        return None
    try:
        built = _parse(path, text)
    except yaml.MarkedYAMLError as error:
        problems.append(_syntax_problem(path, text, error))
        return None
    if built.document is None:
        problems.append(Problem(path, 1, "file is empty"))
        return None
    problems.extend(built.problems)
    return built.document


def _parse(path: Path, text: str) -> _Builder:
    """libyaml's parser when PyYAML has it, ~8× faster; it words its errors differently, so a file it
    rejects is read again by the pure-Python parser for the usual message."""
    try:
        return _Builder(path).read(text, _FAST_PARSER)
    except yaml.MarkedYAMLError:
        return _Builder(path).read(text, yaml.SafeLoader)


def _syntax_problem(path: Path, text: str, error: yaml.MarkedYAMLError) -> Problem:
    """Point at where the broken construct starts (an unclosed quote or bracket), saying where it broke."""
    problem = error.problem or "cannot parse this"
    at = error.problem_mark.line + 1 if error.problem_mark else None
    if at is not None and "\t" in "".join(text.splitlines()[at - 1 : at]):
        problem += " (a tab: indent with spaces)"
    start = error.context_mark.line + 1 if error.context_mark else None
    if start is not None and error.context and at is not None and at != start:
        return Problem(path, start, f"not valid YAML: {error.context} here, {problem} at line {at}")
    return Problem(path, at or start or 1, f"not valid YAML: {problem}")


class _Builder:
    """Builds plain data and its `Lines` straight from the parser's events.

    Composing PyYAML's node tree first (two marks per value) and keeping it alive while building
    made big packs take gigabytes, and time superlinear in their size.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[Problem] = []
        self.anchors: dict[str, tuple[Any, Lines | int]] = {}
        self.open: list[_Open] = []
        self.document: YamlDocument | None = None
        self.started: yaml.Mark | None = None

    def read(self, text: str, loader: type[yaml.SafeLoader]) -> _Builder:
        parser = loader(text)
        try:
            while parser.check_event():
                self.take(parser.get_event())
        finally:
            parser.dispose()
        return self

    def take(self, event: yaml.Event) -> None:
        if type(event) is yaml.ScalarEvent:
            self.value(_scalar(event), _line(event.start_mark), event.anchor)
        elif type(event) is yaml.MappingStartEvent or type(event) is yaml.SequenceStartEvent:
            self.open.append(_Open(event, {} if type(event) is yaml.MappingStartEvent else []))
        elif type(event) is yaml.MappingEndEvent or type(event) is yaml.SequenceEndEvent:
            opened = self.open.pop()
            self.value(opened.value, opened.lines, opened.start.anchor)
        elif type(event) is yaml.AliasEvent:
            if event.anchor is None or event.anchor not in self.anchors:
                problem = f"found undefined alias {event.anchor!r}"
                raise yaml.composer.ComposerError(None, None, problem, _mark(event.start_mark))
            self.value(*self.anchors[event.anchor], None)
        elif type(event) is yaml.DocumentStartEvent:
            if self.started is not None:
                context, problem = "expected a single document in the stream", "but found another document"
                raise yaml.composer.ComposerError(context, self.started, problem, _mark(event.start_mark))
            self.started = _mark(event.start_mark)

    def value(self, value: Any, lines: Lines | int, anchor: str | None) -> None:
        if anchor is not None:
            self.anchors[anchor] = (value, lines)
        if self.open:
            self.open[-1].add(value, lines, self)
        else:
            self.document = YamlDocument(self.path, value, lines)


class _Open:
    """A mapping or sequence whose events are still coming."""

    __slots__ = ("start", "value", "lines", "key", "key_line")

    def __init__(self, start: yaml.CollectionStartEvent, value: dict[Any, Any] | list[Any]) -> None:
        self.start = start
        self.value = value
        self.lines = Lines(_line(start.start_mark), {} if isinstance(value, dict) else [])
        self.key: Any = _NO_KEY
        self.key_line = 0

    def add(self, value: Any, lines: Lines | int, builder: _Builder) -> None:
        within = self.lines.within
        if isinstance(within, list):
            self.value.append(value)  # type: ignore[union-attr]
            within.append(lines)
            return
        if self.key is _NO_KEY:
            self.key, self.key_line = value, lines.line if isinstance(lines, Lines) else lines
            return
        key, line = self.key, self.key_line
        self.key = _NO_KEY
        if isinstance(key, (dict, list)):
            builder.problems.append(Problem(builder.path, line, "a key must be plain text"))
        elif key in within:
            first = within[key]
            first_line = first.line if isinstance(first, Lines) else first
            builder.problems.append(Problem(builder.path, line, f"duplicate key '{key}' (first at line {first_line})"))
        else:
            self.value[key] = value
            within[key] = Lines(line, lines.within) if isinstance(lines, Lines) else line


def _scalar(event: yaml.ScalarEvent) -> Any:
    """The value PyYAML's safe loader would make of a scalar: its tag resolved as the composer does."""
    tag = event.tag
    if tag is None or tag == "!":
        tag = _CONSTRUCTOR.resolve(yaml.ScalarNode, event.value, event.implicit)
    if tag == _STR:
        return event.value
    node = yaml.ScalarNode(tag, event.value, _mark(event.start_mark), _mark(event.end_mark), event.style)
    constructors = _CONSTRUCTOR.yaml_constructors
    return constructors[tag if tag in constructors else None](_CONSTRUCTOR, node)


def _line(mark: yaml.Mark | LibyamlMark | None) -> int:
    return mark.line + 1 if mark is not None else 1


def _mark(mark: yaml.Mark | LibyamlMark | None) -> yaml.Mark | None:
    """libyaml's marks go wherever PyYAML's own do (its C loader builds nodes and errors with them);
    the type stubs keep the two classes apart."""
    return cast("yaml.Mark | None", mark)


_NO_KEY = object()
_STR = "tag:yaml.org,2002:str"
_CONSTRUCTOR = yaml.SafeLoader("")
_FAST_PARSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
