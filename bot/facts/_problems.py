"""Schema errors in an author's words: one line per real problem, pointing at the line that has it.

Pydantic reports in its own terms ("Tuple should have at least 1 item after validation"), names union
branches in locations ("aliases[0].constrained-str"), reports every branch of a union that failed, and
follows a bad item with a "too short" for the list that lost it. Authors need none of that.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails
from rapidfuzz import fuzz, process

from bot.facts._yaml import Location, Problem, YamlDocument

_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "bool_type": "yes or no",
    "bool_parsing": "yes or no",
    "dict_type": "a mapping of keys",
    "model_type": "a mapping of keys",
    "model_attributes_type": "a mapping of keys",
    "tuple_type": "a list",
    "list_type": "a list",
}
_KEY_ERRORS = ("missing", "extra_forbidden")
_MISSING = "missing required key"
_UNKNOWN = "unknown key"


def schema_problems(document: YamlDocument, error: ValidationError) -> Iterator[Problem]:
    details = [(detail, _data_location(document.data, detail)) for detail in error.errors()]
    details = _without_noise(details)
    seen: set[tuple[int, str]] = set()
    for location, message in _misspelt_keys_joined(list(_merged(details))):
        where = dotted(location[:-1] if _names_a_key(message) else location)
        text = f"{where}: {message}" if where else message
        line = document.line_of(location)
        if (line, text) not in seen:
            seen.add((line, text))
            yield Problem(document.path, line, text)


def _without_noise(details: list[tuple[ErrorDetails, Location]]) -> list[tuple[ErrorDetails, Location]]:
    """Drop a list's "too short" when an item inside it failed, and a union branch's type mismatch when
    another branch got further (a mapping given for `Short | GatedAlias` is judged as a GatedAlias).

    Counted per location prefix in one pass: comparing every error with every other made 20,000 errors
    take most of a minute."""
    deeper: dict[Location, int] = {}
    beyond_type: dict[Location, int] = {}
    for detail, location in details:
        for length in range(len(location) + 1):
            prefix = location[:length]
            if length < len(location):
                deeper[prefix] = deeper.get(prefix, 0) + 1
            if detail["type"] not in _EXPECTED:
                beyond_type[prefix] = beyond_type.get(prefix, 0) + 1
    kept = []
    for detail, location in details:
        if detail["type"] == "too_short" and deeper.get(location, 0):
            continue
        if detail["type"] in _EXPECTED and beyond_type.get(location, 0):
            continue
        kept.append((detail, location))
    return kept


def _merged(details: list[tuple[ErrorDetails, Location]]) -> Iterator[tuple[Location, str]]:
    """One message per location: type mismatches of several union branches become "text or a mapping"."""
    mismatches: dict[Location, list[ErrorDetails]] = {}
    for detail, location in details:
        if detail["type"] in _EXPECTED:
            mismatches.setdefault(location, []).append(detail)
            continue
        yield location, _message(detail, location)
    for location, group in mismatches.items():
        expected = " or ".join(dict.fromkeys(_EXPECTED[d["type"]] for d in group))
        yield location, f"should be {expected}, found {_found(group[0]['input'])}"


def _misspelt_keys_joined(messages: list[tuple[Location, str]]) -> Iterator[tuple[Location, str]]:
    """A misspelt key is one mistake, not two: "unknown key 'reveled'" and "missing required key 'revealed'"
    in the same mapping become one line at the misspelt key, naming the key it should be."""
    missing: dict[Location, list[str]] = {}
    for location, message in messages:
        if message.startswith(_MISSING) and isinstance(location[-1], str):
            missing.setdefault(location[:-1], []).append(location[-1])
    joined: set[Location] = set()
    for index, (location, message) in enumerate(messages):
        candidates = missing.get(location[:-1], [])
        if not (candidates and message.startswith(_UNKNOWN) and isinstance(location[-1], str)):
            continue
        meant = _closest(location[-1], candidates)
        if meant is not None:
            candidates.remove(meant)
            joined.add((*location[:-1], meant))
            messages[index] = (location, f"{message}: did you mean '{meant}'?")
    for location, message in messages:
        if not (location in joined and message.startswith(_MISSING)):
            yield location, message


def _closest(key: str, candidates: list[str]) -> str | None:
    folded = {candidate.lower().replace("_", ""): candidate for candidate in candidates}
    if key.lower().replace("_", "") in folded:
        return folded[key.lower().replace("_", "")]
    close = process.extractOne(key, candidates, scorer=fuzz.ratio, score_cutoff=60)
    return close[0] if close else None


def _names_a_key(message: str) -> bool:
    """Messages about a key itself are placed on its mapping: "characters[0]: unknown key 'nickname'"."""
    return message.startswith(("unknown key", "missing required key"))


def _message(detail: ErrorDetails, location: Location) -> str:
    kind = detail["type"]
    context: dict[str, Any] = dict(detail.get("ctx") or {})
    noun = next((step for step in reversed(location) if isinstance(step, str)), "items")
    if noun == "tells" and location and isinstance(location[-1], int):
        noun = "terms"  # a tell is a list of terms
    if kind == "extra_forbidden":
        return f"unknown key '{location[-1]}'"
    if kind == "missing":
        key = location[-1]
        hint = " (every fact needs the episode that reveals it, e.g. revealed: S1E4)" if key == "revealed" else ""
        return f"missing required key '{key}'{hint}"
    if kind == "too_short":
        return f"needs at least {context['min_length']} {noun}, found {context['actual_length']}"
    if kind == "too_long":
        return f"allows at most {context['max_length']} {noun}, found {context['actual_length']}"
    if kind == "string_too_short":
        return "should not be empty"
    if kind == "string_too_long":
        return f"is too long: at most {context['max_length']} characters"
    if kind == "string_pattern_mismatch":
        return f"should be lowercase words joined by dashes, such as gary-pearlman; found {_found(detail['input'])}"
    if kind.startswith("value_error"):
        return str(context.get("error", detail["msg"]))
    return f"{detail['msg'].replace('Input should', 'should')}, found {_found(detail['input'])}"


def _found(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"'{'yes' if value else 'no'}'"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:39] + "…"
        return f"'{shown}'"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


def _data_location(data: Any, detail: ErrorDetails) -> Location:
    """Pydantic's location minus its union tags: only the steps that exist in the data (plus the key
    itself for a missing or unknown key, so the message can name it)."""
    loc = detail["loc"]
    location: list[str | int] = []
    for step in loc:
        if isinstance(data, dict) and step in data:
            data = data[step]
        elif isinstance(data, list) and isinstance(step, int) and step < len(data):
            data = data[step]
        elif step == loc[-1] and isinstance(data, dict) and detail["type"] in _KEY_ERRORS:
            pass
        else:
            continue
        location.append(step)
    return tuple(location)


def dotted(location: Location) -> str:
    """('characters', 0, 'aliases', 1) → 'characters[0].aliases[1]'."""
    text = ""
    for step in location:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text
