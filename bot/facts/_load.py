"""Loading and validating a show's folder. The loader and `companion facts check` share this code."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from bot.facts._base import FactBase
from bot.facts._model import (
    FILES,
    Character,
    CharactersFile,
    Fact,
    Question,
    Show,
    Storyline,
    StorylinesFile,
    TriviaFile,
)
from bot.facts._problems import schema_problems
from bot.facts._references import References
from bot.facts._tells import check_tells
from bot.facts._warnings import pack_warnings
from bot.facts._yaml import Problem, YamlDocument, read_yaml

M = TypeVar("M", bound=BaseModel)

MAX_PROBLEMS = 100


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


def check_show(folder: Path, *, warnings: bool = False) -> tuple[FactBase | None, list[Problem]]:
    """Validate every file of one show and the references between them; report all problems at once.

    With `warnings`, a valid show's problems are its warnings (see `Problem.warning`); they do not fail it."""
    with _cycle_collector_paused():
        facts, problems, documents = _check_show(folder)
    if facts is not None and warnings:
        problems = _at_most(MAX_PROBLEMS, sorted(pack_warnings(facts, documents), key=_in_file_order))
    return facts, problems


@contextmanager
def _cycle_collector_paused() -> Iterator[None]:
    """Loading builds a large graph of objects that all survive: the cyclic collector would rescan it again and
    again as it grows, making big packs superlinear. Any cycle left behind is collected once it is back on."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _check_show(folder: Path) -> tuple[FactBase | None, list[Problem], dict[str, YamlDocument]]:
    problems: list[Problem] = []
    documents: dict[str, YamlDocument] = {}
    parsed: dict[str, Fact] = {}
    for name, model in FILES.items():
        path = folder / name
        if not path.exists():
            problems.append(Problem(path, 1, f"missing file: a show's folder needs {', '.join(FILES)}"))
            continue
        document = read_yaml(path, problems)
        if document is None:
            continue
        documents[name] = document
        try:
            parsed[name] = model.model_validate(document.data)
        except ValidationError as error:
            problems.extend(schema_problems(document, error))
    show = parsed.get("show.yaml")
    assert show is None or isinstance(show, Show)
    references = References(show, problems)
    if show is not None:
        references.check_show(documents["show.yaml"])
    characters = _items(documents, parsed, "characters.yaml", "characters", Character)
    storylines = _items(documents, parsed, "storylines.yaml", "storylines", Storyline)
    questions = _items(documents, parsed, "trivia.yaml", "questions", Question)
    if characters is not None:
        references.check_characters(documents["characters.yaml"], characters)
    if storylines is not None:
        references.check_storylines(documents["storylines.yaml"], storylines, _character_ids(documents))
    if questions is not None:
        references.check_trivia(documents["trivia.yaml"], questions)
    check_tells(documents, show, characters, storylines, questions, problems)
    if problems or len(parsed) < len(FILES):
        problems.sort(key=_in_file_order)
        return None, _at_most(MAX_PROBLEMS, problems), documents
    characters_file, storylines_file, trivia_file = (parsed[name] for name in list(FILES)[1:])
    assert isinstance(characters_file, CharactersFile) and isinstance(storylines_file, StorylinesFile)
    assert isinstance(trivia_file, TriviaFile) and show is not None
    facts = FactBase(show, characters_file.characters, storylines_file.storylines, trivia_file.questions)
    return facts, problems, documents


def _in_file_order(problem: Problem) -> tuple[int, int]:
    return list(FILES).index(problem.path.name) if problem.path.name in FILES else len(FILES), problem.line


def _at_most(limit: int, problems: list[Problem]) -> list[Problem]:
    """The first `limit` problems and one line counting the rest: fixing the first usually fixes many more."""
    if len(problems) <= limit:
        return problems
    rest = problems[limit]
    more = len(problems) - limit
    return [*problems[:limit], Problem(rest.path, rest.line, f"{more:,} more problems not shown (first {limit} above)")]


def _items(
    documents: dict[str, YamlDocument], parsed: dict[str, Fact], name: str, key: str, model: type[M]
) -> list[tuple[int, M]] | None:
    """The file's entries that pass the schema, with their index: all of them when the file did, else
    each entry validated on its own so the cross-checks still run on the good ones. None if unreadable."""
    if name in parsed:
        return list(enumerate(getattr(parsed[name], key)))
    document = documents.get(name)
    entries = document.data.get(key) if document is not None and isinstance(document.data, dict) else None
    if not isinstance(entries, list):
        return None
    valid: list[tuple[int, M]] = []
    for index, entry in enumerate(entries):
        try:
            valid.append((index, model.model_validate(entry)))
        except ValidationError:
            continue  # already reported with the whole file
    return valid


def _character_ids(documents: dict[str, YamlDocument]) -> set[str] | None:
    """Every id characters.yaml declares, valid entries or not: a storyline naming one is not the problem."""
    document = documents.get("characters.yaml")
    entries = document.data.get("characters") if document is not None and isinstance(document.data, dict) else None
    if not isinstance(entries, list):
        return None
    return {entry["id"] for entry in entries if isinstance(entry, dict) and isinstance(entry.get("id"), str)}
