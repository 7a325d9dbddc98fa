"""YAML reading that remembers where every value came from.

Plain PyYAML silently keeps the last of two equal keys and forgets line numbers. Authors need
both: a duplicate key is an error, and every error points at a line.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import yaml

if TYPE_CHECKING:
    from yaml._yaml import Mark as LibyamlMark

Location = tuple[str | int, ...]

MAX_FILE_BYTES = 64 * 1024 * 1024
"""Far above any real pack (the 50,000-question benchmark pack's trivia.yaml is about 20 MB)."""
MAX_DEPTH = 50
"""The deepest real entry is five levels down; libyaml's own limit is 1,000."""
MAX_EXPANSION = 8
"""Aliases may repeat a value, but never make the data more than this many times bigger than the file itself."""


@dataclass
class Problem:
    path: Path
    line: int
    message: str
    warning: bool = False

    def __str__(self) -> str:
        kind = "warning: " if self.warning else ""
        return f"{self.path}:{self.line}: {kind}{self.message}"


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
        text = _read_text(path)
    except _Refused as refused:
        problems.append(Problem(path, refused.line, refused.message))
        return None
    builder = _Builder(path)
    try:
        builder.read(text, _PARSER)
    except _Refused as refused:
        problems.extend(builder.problems)
        problems.append(Problem(path, refused.line, refused.message))
        return None
    except yaml.MarkedYAMLError as error:
        problems.append(_syntax_problem(path, text, error))
        return None
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        problems.append(Problem(path, line, f"not valid YAML: character #x{error.character:04x} is not allowed"))
        return None
    if builder.refused:
        problems.extend(builder.problems)
        return None
    if builder.document is None:
        problems.append(Problem(path, 1, "file is empty"))
        return None
    problems.extend(builder.problems)
    return builder.document


class _Refused(Exception):
    """A file the reader will not go on with; a `path:line: message` for the author."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def _read_text(path: Path) -> str:
    """Only a regular file within the size cap: never a device (a symlink to /dev/zero), a FIFO (which would
    block until a writer comes) or a folder. Non-blocking open, so a FIFO is refused at once."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as error:
        raise _Refused(1, f"cannot read file: {error.strerror or error}") from None
    info = os.fstat(descriptor)
    if not stat.S_ISREG(info.st_mode):
        os.close(descriptor)
        raise _Refused(1, f"cannot read file: not a regular file ({_kind(info.st_mode)})")
    with os.fdopen(descriptor, "rb") as file:
        if info.st_size > MAX_FILE_BYTES:
            raise _Refused(1, f"file is too big: {info.st_size:,} bytes, at most {MAX_FILE_BYTES:,}")
        data = file.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise _Refused(1, f"file is too big: more than {MAX_FILE_BYTES:,} bytes")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise _Refused(line, f"cannot read file: {error}") from None


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"


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
        self.refused = False
        self.anchors: dict[str, tuple[Any, Lines | int, int]] = {}
        self.open: list[_Open] = []
        self.document: YamlDocument | None = None
        self.started: yaml.Mark | None = None  # the first document's start mark
        self.events = 0
        self.size = 0

    def read(self, text: str, loader: type[yaml.SafeLoader]) -> _Builder:
        parser = loader(text)
        try:
            while parser.check_event():
                self.take(parser.get_event())
        finally:
            parser.dispose()
        return self

    def take(self, event: yaml.Event) -> None:
        """Which attributes `event` has depends on its kind: `type(event) is …` tells mypy which it is."""
        self.events += 1
        if type(event) is yaml.ScalarEvent:
            self.value(self.scalar(event), _line(event.start_mark), event.anchor, 1)
        elif type(event) is yaml.MappingStartEvent or type(event) is yaml.SequenceStartEvent:
            mapping = type(event) is yaml.MappingStartEvent
            self.check_tag(event, _MAP if mapping else _SEQ)
            if len(self.open) >= MAX_DEPTH:
                raise _Refused(_line(event.start_mark), f"nested too deeply: at most {MAX_DEPTH} levels")
            self.open.append(_Open(event, {} if mapping else []))
        elif type(event) is yaml.MappingEndEvent or type(event) is yaml.SequenceEndEvent:
            opened = self.open.pop()
            self.value(opened.value, opened.lines, opened.start.anchor, opened.size)
        elif type(event) is yaml.AliasEvent:
            if event.anchor is None or event.anchor not in self.anchors:
                problem = f"found undefined alias {event.anchor!r}"
                raise yaml.composer.ComposerError(None, None, problem, _mark(event.start_mark))
            self.value(*self.anchors[event.anchor][:2], None, self.anchors[event.anchor][2])
        elif type(event) is yaml.DocumentStartEvent:
            if self.started is not None:
                context, problem = "expected a single document in the stream", "but found another document"
                raise yaml.composer.ComposerError(context, self.started, problem, _mark(event.start_mark))
            self.started = _mark(event.start_mark)

    def value(self, value: Any, lines: Lines | int, anchor: str | None, size: int) -> None:
        """`size` counts the values an alias repeats as often as it is used: what validation will walk."""
        if anchor is not None:
            self.anchors[anchor] = (value, lines, size)
        if self.open:
            self.open[-1].add(value, lines, self)
            self.open[-1].size += size
        else:
            self.document = YamlDocument(self.path, value, lines)
            self.size = size
        if size > MAX_EXPANSION * self.events + 1_000:
            line = lines.line if isinstance(lines, Lines) else lines
            raise _Refused(line, f"aliases repeat too much: more than {MAX_EXPANSION} times the values written")

    def check_tag(self, event: yaml.CollectionStartEvent, plain: str) -> None:
        if event.tag is None or event.tag in ("!", plain):
            return
        self.refuse(_line(event.start_mark), f"tag '{_short(event.tag)}' is not allowed here: {_TAGS_HINT}")

    def scalar(self, event: yaml.ScalarEvent) -> Any:
        """The value PyYAML's safe loader would make of a scalar: its tag resolved as the composer does.
        An explicit tag may only ask for plain data, and its text must be a valid value of that tag."""
        tag = event.tag
        if tag is None or tag == "!":
            tag = _resolve(yaml.ScalarNode, event.value, event.implicit)
            if tag not in _SCALAR_TAGS:
                return event.value  # `=` and `<<` resolve to tags that only mean something to other loaders
        elif tag not in _SCALAR_TAGS:
            self.refuse(_line(event.start_mark), f"tag '{_short(tag)}' is not allowed here: {_TAGS_HINT}")
            return event.value
        if tag == _STR:
            return event.value
        node = yaml.ScalarNode(tag, event.value, _mark(event.start_mark), _mark(event.end_mark), event.style)
        try:
            return _CONSTRUCTOR.yaml_constructors[tag](_CONSTRUCTOR, node)
        except Exception:  # each constructor fails its own way: ValueError, AttributeError, …
            shown = event.value if len(event.value) <= 40 else event.value[:39] + "…"
            self.refuse(_line(event.start_mark), f"'{shown}' is not a valid {_short(tag)}")
            return event.value

    def refuse(self, line: int, message: str) -> None:
        """A value the file must not hold: reported, and the file goes no further than the reader."""
        self.refused = True
        self.problems.append(Problem(self.path, line, message))


def _line(mark: yaml.Mark | LibyamlMark | None) -> int:
    return mark.line + 1 if mark is not None else 1


def _mark(mark: yaml.Mark | LibyamlMark | None) -> yaml.Mark | None:
    """libyaml's marks go wherever PyYAML's own do (its C loader builds nodes and errors with them);
    the type stubs keep the two classes apart."""
    return cast("yaml.Mark | None", mark)


def _short(tag: str) -> str:
    return "!!" + tag.removeprefix(_PREFIX) if tag.startswith(_PREFIX) else tag


class _Open:
    """A mapping or sequence whose events are still coming."""

    __slots__ = ("start", "value", "lines", "key", "key_line", "size")

    def __init__(self, start: yaml.CollectionStartEvent, value: dict[Any, Any] | list[Any]) -> None:
        self.start = start
        self.value = value
        self.size = 1
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


_NO_KEY = object()
_PREFIX = "tag:yaml.org,2002:"
_STR = _PREFIX + "str"
_MAP = _PREFIX + "map"
_SEQ = _PREFIX + "seq"
_SCALAR_TAGS = frozenset(_PREFIX + name for name in ("str", "int", "float", "bool", "null"))
_TAGS_HINT = "fact files hold only text, numbers, yes/no, lists and mappings"
_CONSTRUCTOR = yaml.SafeLoader("")
_resolve: Callable[[type[yaml.Node], str, tuple[bool, bool]], str] = _CONSTRUCTOR.resolve
_PARSER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's parser, ~8× faster and with a nesting limit of its own. The pure-Python one is used only where
PyYAML was built without libyaml; it is not a fallback for what libyaml rejects: on deep nesting it is
quadratic (100,000 levels ran past a minute)."""
