"""Discord's validation rules, as the fake enforces them: each problem becomes a 400 with code 50035."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

Path = tuple[str, ...]
Problem = tuple[Path, str, str]

COMMAND_NAME = re.compile(r"^[-_a-z0-9]{1,32}$")
OPTION_TYPES = {1: "SUB_COMMAND", 2: "SUB_COMMAND_GROUP", 3: "STRING", 4: "INTEGER", 5: "BOOLEAN", 10: "NUMBER"}
BUTTON_STYLES = {1, 2, 3, 4, 5}


class Rejected(Exception):
    """A request Discord would refuse; `status`, `code` and `errors` become the JSON error body."""

    def __init__(self, status: int, code: int, message: str, problems: Iterable[Problem] = ()) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.problems = list(problems)

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.problems:
            body["errors"] = errors_object(self.problems)
        return body


def invalid(problems: list[Problem]) -> None:
    if problems:
        raise Rejected(400, 50035, "Invalid Form Body", problems)


def errors_object(problems: Iterable[Problem]) -> dict[str, Any]:
    root: dict[str, Any] = {}
    for path, code, message in problems:
        node = root
        for key in path:
            node = node.setdefault(key, {})
        node.setdefault("_errors", []).append({"code": code, "message": message})
    return root


def _length(value: Any, path: Path, low: int, high: int) -> list[Problem]:
    size = len(value) if isinstance(value, str) else -1
    if size < 0:
        return [(path, "BASE_TYPE_REQUIRED" if value is None else "BASE_TYPE_STRING", "Must be a string.")]
    if not low <= size <= high:
        return [(path, "BASE_TYPE_BAD_LENGTH", f"Must be between {low} and {high} in length.")]
    return []


# --- messages -------------------------------------------------------------------------------------


def check_message(body: dict[str, Any], *, creating: bool) -> None:
    """Content, embeds, components and allowed_mentions of a message to create or (the merged result of) an edit."""
    content = body.get("content") or ""
    embeds = body.get("embeds") or []
    components = body.get("components") or []
    if creating and not content and not any(embed_text(embed) for embed in embeds) and not components:
        raise Rejected(400, 50006, "Cannot send an empty message")
    problems: list[Problem] = []
    if len(content) > 2000:
        problems.append((("content",), "BASE_TYPE_MAX_LENGTH", "Must be 2000 or fewer in length."))
    problems += _embeds(embeds)
    problems += _components(components)
    problems += _allowed_mentions(body.get("allowed_mentions"))
    invalid(problems)


def embed_text(embed: dict[str, Any]) -> int:
    fields = embed.get("fields") or []
    return sum(
        len(text or "")
        for text in (
            embed.get("title"),
            embed.get("description"),
            (embed.get("footer") or {}).get("text"),
            (embed.get("author") or {}).get("name"),
            *(field.get("name") for field in fields),
            *(field.get("value") for field in fields),
        )
    )


def _embeds(embeds: list[dict[str, Any]]) -> list[Problem]:
    problems: list[Problem] = []
    if len(embeds) > 10:
        problems.append((("embeds",), "BASE_TYPE_MAX_LENGTH", "Must be 10 or fewer in length."))
    for index, embed in enumerate(embeds):
        at = ("embeds", str(index))
        limits = {"title": 256, "description": 4096}
        for key, limit in limits.items():
            if embed.get(key) is not None:
                problems += _length(embed[key], (*at, key), 1, limit)
        if embed.get("footer") is not None:
            problems += _length(embed["footer"].get("text"), (*at, "footer", "text"), 1, 2048)
        if embed.get("author") is not None:
            problems += _length(embed["author"].get("name"), (*at, "author", "name"), 1, 256)
        fields = embed.get("fields") or []
        if len(fields) > 25:
            problems.append(((*at, "fields"), "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length."))
        for number, field in enumerate(fields):
            problems += _length(field.get("name"), (*at, "fields", str(number), "name"), 1, 256)
            problems += _length(field.get("value"), (*at, "fields", str(number), "value"), 1, 1024)
    if sum(embed_text(embed) for embed in embeds) > 6000:
        problems.append((("embeds",), "MAX_EMBED_SIZE_EXCEEDED", "Embed size exceeds maximum size of 6000"))
    return problems


def _components(rows: list[dict[str, Any]]) -> list[Problem]:
    problems: list[Problem] = []
    if len(rows) > 5:
        problems.append((("components",), "BASE_TYPE_MAX_LENGTH", "Must be 5 or fewer in length."))
    seen: set[str] = set()
    for index, row in enumerate(rows):
        at = ("components", str(index))
        items = row.get("components") or []
        if row.get("type") != 1:
            problems.append(((*at, "type"), "COMPONENT_LAYOUT_INVALID", "Top-level components must be action rows."))
        if not 1 <= len(items) <= 5:
            problems.append(((*at, "components"), "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 5 in length."))
        for number, item in enumerate(items):
            where = (*at, "components", str(number))
            if item.get("type") != 2:
                problems.append(((*where, "type"), "UNION_TYPE_CHOICES", "Only buttons are modelled by the fake."))
                continue
            if item.get("style") not in BUTTON_STYLES:
                problems.append(((*where, "style"), "BASE_TYPE_CHOICES", "Value must be one of {1, 2, 3, 4, 5}."))
            if item.get("label") is not None:
                problems += _length(item["label"], (*where, "label"), 0, 80)
            if item.get("style") == 5:
                continue
            custom_id = item.get("custom_id")
            problems += _length(custom_id, (*where, "custom_id"), 1, 100)
            if custom_id in seen:
                problems.append(
                    (
                        (*where, "custom_id"),
                        "COMPONENT_CUSTOM_ID_DUPLICATED",
                        "Component custom id cannot be duplicated",
                    )
                )
            seen.add(custom_id)
    return problems


def _allowed_mentions(allowed: dict[str, Any] | None) -> list[Problem]:
    if allowed is None:
        return []
    problems: list[Problem] = []
    parse = allowed.get("parse", [])
    for kind in parse:
        if kind not in ("users", "roles", "everyone"):
            problems.append(
                (("allowed_mentions", "parse"), "BASE_TYPE_CHOICES", "Value must be one of users, roles, everyone.")
            )
    for kind in ("users", "roles"):
        if kind in parse and allowed.get(kind):
            problems.append(
                ((("allowed_mentions", kind)), "MUTUALLY_EXCLUSIVE", f"parse:[{kind}] conflicts with {kind}.")
            )
    return problems


def check_choices(choices: Any) -> None:
    problems: list[Problem] = []
    if not isinstance(choices, list) or len(choices) > 25:
        problems.append((("data", "choices"), "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length."))
    for index, choice in enumerate(choices or []):
        problems += _length(choice.get("name"), ("data", "choices", str(index), "name"), 1, 100)
        value = choice.get("value")
        if isinstance(value, str):
            problems += _length(value, ("data", "choices", str(index), "value"), 1, 100)
    invalid(problems)


# --- command registration -----------------------------------------------------------------------------


def check_commands(commands: Any) -> None:
    if not isinstance(commands, list):
        raise Rejected(400, 50035, "Invalid Form Body", [((), "BASE_TYPE_ARRAY", "Must be an array.")])
    problems: list[Problem] = []
    if len(commands) > 100:
        problems.append(((), "BASE_TYPE_MAX_LENGTH", "Must be 100 or fewer in length."))
    names = [(command.get("type", 1), command.get("name")) for command in commands]
    for index, command in enumerate(commands):
        at = (str(index),)
        if names.count((command.get("type", 1), command.get("name"))) > 1:
            problems.append(
                ((*at, "name"), "APPLICATION_COMMANDS_DUPLICATE_NAME", "Application command names must be unique")
            )
        problems += _command(command, at)
        permissions = command.get("default_member_permissions")
        if permissions is not None and not str(permissions).isdigit():
            problems.append(((*at, "default_member_permissions"), "BASE_TYPE_STRING", "Must be a permission bitfield."))
    invalid(problems)


def _name(value: Any, path: Path) -> list[Problem]:
    if not isinstance(value, str) or not COMMAND_NAME.match(value):
        return [(path, "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid")]
    return []


def _command(command: dict[str, Any], at: Path) -> list[Problem]:
    problems = _name(command.get("name"), (*at, "name"))
    problems += _length(command.get("description"), (*at, "description"), 1, 100)
    problems += _options(command.get("options") or [], (*at, "options"), depth=0)
    return problems


def _options(options: list[dict[str, Any]], at: Path, depth: int) -> list[Problem]:
    problems: list[Problem] = []
    if len(options) > 25:
        problems.append((at, "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length."))
    nested = [option for option in options if option.get("type") in (1, 2)]
    if nested and len(nested) != len(options):
        problems.append((at, "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID", "Sub-commands and options cannot be mixed"))
    names = [option.get("name") for option in options]
    optional_seen = False
    for index, option in enumerate(options):
        where = (*at, str(index))
        kind = option.get("type")
        problems += _name(option.get("name"), (*where, "name"))
        problems += _length(option.get("description"), (*where, "description"), 1, 100)
        if names.count(option.get("name")) > 1:
            problems.append(
                ((*where, "name"), "APPLICATION_COMMAND_OPTIONS_NAME_ALREADY_EXISTS", "Option names must be unique")
            )
        if kind not in OPTION_TYPES:
            problems.append(((*where, "type"), "BASE_TYPE_CHOICES", f"Option type {kind} is not modelled by the fake."))
            continue
        if kind == 2 and depth > 0 or kind == 1 and depth > 1:
            problems.append(
                ((*where, "type"), "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID", "Sub-commands nest at most two deep")
            )
        if kind in (1, 2):
            children = option.get("options") or []
            if kind == 2 and any(child.get("type") != 1 for child in children):
                problems.append(
                    ((*where, "options"), "APPLICATION_COMMAND_OPTIONS_TYPE_INVALID", "A group holds sub-commands only")
                )
            problems += _options(children, (*where, "options"), depth + 1)
            continue
        if option.get("required"):
            if optional_seen:
                problems.append(
                    (
                        (*where, "required"),
                        "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
                        "Required options must be placed before non-required options",
                    )
                )
        else:
            optional_seen = True
        problems += _option_values(option, where)
    return problems


def _option_values(option: dict[str, Any], where: Path) -> list[Problem]:
    problems: list[Problem] = []
    kind = option["type"]
    choices = option.get("choices") or []
    if choices and option.get("autocomplete"):
        problems.append(
            (
                (*where, "autocomplete"),
                "APPLICATION_COMMAND_OPTION_CHOICES_AUTOCOMPLETE",
                "Autocomplete cannot be set with choices",
            )
        )
    if option.get("autocomplete") and kind not in (3, 4, 10):
        problems.append(
            (
                (*where, "autocomplete"),
                "APPLICATION_COMMAND_OPTION_AUTOCOMPLETE_TYPE",
                "Autocomplete needs a string, integer or number option",
            )
        )
    if len(choices) > 25:
        problems.append(((*where, "choices"), "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length."))
    python_type = {3: str, 4: int, 10: (int, float)}.get(kind)
    for number, choice in enumerate(choices):
        problems += _length(choice.get("name"), (*where, "choices", str(number), "name"), 1, 100)
        if python_type is None or not isinstance(choice.get("value"), python_type):
            problems.append(
                (
                    (*where, "choices", str(number), "value"),
                    "BASE_TYPE_CHOICES",
                    "Choice value does not fit the option type",
                )
            )
    for key in ("min_length", "max_length"):
        if option.get(key) is not None and (kind != 3 or not 0 <= option[key] <= 6000):
            problems.append(((*where, key), "NUMBER_TYPE_MAX", "Must be a string option's length, 0 to 6000."))
    for key in ("min_value", "max_value"):
        if option.get(key) is not None and kind not in (4, 10):
            problems.append(((*where, key), "BASE_TYPE_INVALID", "Only numeric options take bounds."))
    return problems
