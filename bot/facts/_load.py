"""Loading and validating a show's folder. The loader and `companion facts check` share this code."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from bot.episodes import Episode
from bot.facts._base import FactBase
from bot.facts._model import (
    FILES,
    CharactersFile,
    Fact,
    Show,
    StorylinesFile,
    TriviaFile,
)
from bot.facts._yaml import Location, Problem, YamlDocument, read_yaml
from bot.names import fold


class FactBaseError(Exception):
    """The fact base is invalid; `problems` lists every error found, each with file and line."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


def show_folders(root: Path) -> list[Path]:
    """`root` itself when it is a show's folder, else every show folder directly inside it."""
    if (root / "show.yaml").exists():
        return [root]
    return sorted(child for child in root.iterdir() if child.is_dir() and (child / "show.yaml").exists())


def load_show(folder: Path) -> FactBase:
    facts, problems = check_show(folder)
    if problems or facts is None:
        raise FactBaseError(problems)
    return facts


def check_show(folder: Path) -> tuple[FactBase | None, list[Problem]]:
    """Validate every file of one show and the references between them; report all problems at once."""
    problems: list[Problem] = []
    parsed: dict[str, tuple[YamlDocument, Fact]] = {}
    for name, model in FILES.items():
        path = folder / name
        if not path.exists():
            problems.append(Problem(path, 1, f"missing file: a show's folder needs {', '.join(FILES)}"))
            continue
        document = read_yaml(path, problems)
        if document is None:
            continue
        try:
            parsed[name] = (document, model.model_validate(document.data))
        except ValidationError as error:
            problems.extend(_schema_problems(document, error))
    if len(parsed) < len(FILES):
        return None, problems
    show_doc, show = parsed["show.yaml"]
    characters_doc, characters = parsed["characters.yaml"]
    storylines_doc, storylines = parsed["storylines.yaml"]
    trivia_doc, trivia = parsed["trivia.yaml"]
    assert isinstance(show, Show) and isinstance(characters, CharactersFile)
    assert isinstance(storylines, StorylinesFile) and isinstance(trivia, TriviaFile)
    references = _References(show, problems)
    references.check_show(show_doc)
    references.check_characters(characters_doc, characters)
    references.check_storylines(storylines_doc, storylines, {c.id for c in characters.characters})
    references.check_trivia(trivia_doc, trivia)
    if problems:
        return None, problems
    return FactBase(show, characters.characters, storylines.storylines, trivia.questions), problems


def _schema_problems(document: YamlDocument, error: ValidationError) -> Iterator[Problem]:
    seen: set[tuple[int, str]] = set()
    for detail in error.errors():
        location = _data_location(document.data, detail["loc"])
        where = _dotted(location)
        kind = detail["type"]
        if kind == "extra_forbidden":
            message = f"unknown key '{location[-1]}'"
            where = _dotted(location[:-1])
        elif kind == "missing":
            message = f"missing required key '{detail['loc'][-1]}'"
        elif kind.startswith("value_error"):
            message = str(detail["ctx"].get("error", detail["msg"])) if "ctx" in detail else detail["msg"]
        else:
            message = detail["msg"]
        text = f"{where}: {message}" if where else message
        line = document.line_of(location)
        if (line, text) not in seen:
            seen.add((line, text))
            yield Problem(document.path, line, text)


def _data_location(data: Any, loc: tuple[Any, ...]) -> Location:
    """Drop pydantic's union tags from an error location, keeping the steps that exist in the data."""
    location: list[str | int] = []
    for step in loc:
        if isinstance(data, dict) and step in data:
            data = data[step]
        elif isinstance(data, list) and isinstance(step, int) and step < len(data):
            data = data[step]
        elif step == loc[-1] and isinstance(data, dict):
            pass  # a missing or unknown key: keep it so the message can name it
        else:
            continue
        location.append(step)
    return tuple(location)


def _dotted(location: Location) -> str:
    text = ""
    for step in location:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text


class _References:
    """Checks a schema cannot express: gates that name real episodes, ids, aliases and cross-file references."""

    def __init__(self, show: Show, problems: list[Problem]) -> None:
        self.show = show
        self.problems = problems
        self.episodes = set(show.episodes())
        self.sections = set(show.sections)

    def report(self, document: YamlDocument, location: Location, message: str) -> None:
        self.problems.append(Problem(document.path, document.line_of(location), f"{_dotted(location)}: {message}"))

    def gate(self, document: YamlDocument, location: Location, episode: Episode) -> None:
        if episode not in self.episodes:
            seasons = ", ".join(f"season {s.number} has {s.episodes}" for s in self.show.seasons)
            self.report(document, (*location, "revealed"), f"{episode} is not an episode of this show ({seasons})")

    def source(self, document: YamlDocument, location: Location, source: str) -> None:
        if source not in self.sections:
            self.report(document, (*location, "source"), f"source '{source}' is not one of show.yaml's sections")

    def unique(self, document: YamlDocument, location: Location, key: str, seen: dict[str, Location]) -> None:
        if key in seen:
            first = document.line_of(seen[key])
            self.report(document, location, f"duplicate id '{key}' (first at line {first})")
        else:
            seen[key] = location

    def check_show(self, document: YamlDocument) -> None:
        numbers = [season.number for season in self.show.seasons]
        if len(set(numbers)) != len(numbers):
            self.report(document, ("seasons",), "a season number appears twice")
        for index, season in enumerate(self.show.seasons):
            for number in season.titles:
                if not 1 <= number <= season.episodes:
                    self.report(document, ("seasons", index, "titles", number), f"season {season.number} has no episode {number}")

    def check_characters(self, document: YamlDocument, characters: CharactersFile) -> None:
        ids: dict[str, Location] = {}
        names: dict[str, tuple[str, Location]] = {}
        for index, character in enumerate(characters.characters):
            location: Location = ("characters", index)
            self.unique(document, (*location, "id"), character.id, ids)
            self.gate(document, location, character.revealed)
            for alias_index, alias in enumerate(character.names()):
                alias_location = location + (("name",) if alias_index == 0 else ("aliases", alias_index - 1))
                if alias_index:
                    self.gate(document, alias_location, alias.revealed)
                    if alias.revealed < character.revealed:
                        self.report(document, alias_location, f"alias '{alias.name}' is revealed before the name itself")
                key = fold(alias.name)
                owner = names.get(key)
                if owner and owner[0] != character.id:
                    line = document.line_of(owner[1])
                    self.report(document, alias_location, f"name '{alias.name}' is already used by '{owner[0]}' (line {line})")
                elif owner is None:
                    names[key] = (character.id, alias_location)
            for section_index, section in enumerate(character.sections):
                section_location = (*location, "sections", section_index)
                self.gate(document, section_location, section.revealed)
                self.source(document, section_location, section.source)

    def check_storylines(self, document: YamlDocument, storylines: StorylinesFile, character_ids: set[str]) -> None:
        ids: dict[str, Location] = {}
        for index, storyline in enumerate(storylines.storylines):
            location: Location = ("storylines", index)
            self.unique(document, (*location, "id"), storyline.id, ids)
            self.gate(document, location, storyline.revealed)
            for ref_index, ref in enumerate(storyline.characters):
                if ref not in character_ids:
                    self.report(document, (*location, "characters", ref_index), f"unknown character '{ref}'")
            for entry_index, entry in enumerate(storyline.entries):
                entry_location = (*location, "entries", entry_index)
                self.gate(document, entry_location, entry.revealed)
                self.source(document, entry_location, entry.source)

    def check_trivia(self, document: YamlDocument, trivia: TriviaFile) -> None:
        ids: dict[str, Location] = {}
        for index, question in enumerate(trivia.questions):
            location: Location = ("questions", index)
            self.unique(document, (*location, "id"), question.id, ids)
            self.gate(document, location, question.revealed)
            self.source(document, location, question.source)
            right = {fold(question.answer), *(fold(a) for a in question.accept)}
            seen: set[str] = set()
            for d_index, distractor in enumerate(question.distractors):
                key = fold(distractor)
                if key in right:
                    self.report(document, (*location, "distractors", d_index), f"distractor '{distractor}' repeats the answer")
                elif key in seen:
                    self.report(document, (*location, "distractors", d_index), f"distractor '{distractor}' appears twice")
                seen.add(key)
