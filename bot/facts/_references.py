"""Checks a schema cannot express: gates that name real episodes, sources, ids, names and cross-file references.

They run on every item that passed the schema, even when its neighbours or other files did not, so an
author sees every problem in one pass. Items come with their index in the file, for the line number.
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.episodes import Episode
from bot.facts._model import Character, GatedAlias, Question, Show, Storyline
from bot.facts._problems import dotted
from bot.facts._yaml import Location, Problem, YamlDocument
from bot.names import fold


class References:
    def __init__(self, show: Show | None, problems: list[Problem]) -> None:
        """Without a valid show.yaml, gates and sources cannot be checked; everything else still is."""
        self.show = show
        self.problems = problems
        self.episodes = set(show.episodes()) if show else None
        self.sections = set(show.sections) if show else None

    def report(self, document: YamlDocument, location: Location, message: str) -> None:
        self.problems.append(Problem(document.path, document.line_of(location), f"{dotted(location)}: {message}"))

    def gate(self, document: YamlDocument, location: Location, episode: Episode) -> None:
        if self.show is None or self.episodes is None or episode in self.episodes:
            return
        seasons = ", ".join(f"season {s.number} has {s.episodes}" for s in self.show.seasons)
        self.report(document, (*location, "revealed"), f"{episode} is not an episode of this show ({seasons})")

    def source(self, document: YamlDocument, location: Location, source: str) -> None:
        if self.sections is not None and source not in self.sections:
            self.report(document, (*location, "source"), f"source '{source}' is not one of show.yaml's sections")

    def unique(self, document: YamlDocument, location: Location, key: str, seen: dict[str, Location]) -> None:
        if key in seen:
            first = document.line_of(seen[key])
            self.report(document, location, f"duplicate id '{key}' (first at line {first})")
        else:
            seen[key] = location

    def check_show(self, document: YamlDocument) -> None:
        if self.show is None:
            return
        numbers = [season.number for season in self.show.seasons]
        if len(set(numbers)) != len(numbers):
            self.report(document, ("seasons",), "a season number appears twice")
        for index, season in enumerate(self.show.seasons):
            for number in season.titles:
                if not 1 <= number <= season.episodes:
                    self.report(
                        document,
                        ("seasons", index, "titles", number),
                        f"season {season.number} has no episode {number}",
                    )

    def check_characters(self, document: YamlDocument, characters: Iterable[tuple[int, Character]]) -> None:
        ids: dict[str, Location] = {}
        names: dict[str, tuple[str, Location]] = {}
        for index, character in characters:
            location: Location = ("characters", index)
            self.unique(document, (*location, "id"), character.id, ids)
            self.gate(document, location, character.revealed)
            for alias_index, alias in enumerate(character.names()):
                alias_location = location + (("name",) if alias_index == 0 else ("aliases", alias_index - 1))
                if alias_index and isinstance(character.aliases[alias_index - 1], GatedAlias):
                    self.gate(document, alias_location, alias.revealed)  # a plain alias has the name's gate
                    if alias.revealed < character.revealed:
                        self.report(
                            document, alias_location, f"alias '{alias.name}' is revealed before the name itself"
                        )
                key = fold(alias.name)
                owner = names.get(key)
                if owner and owner[0] != character.id:
                    line = document.line_of(owner[1])
                    self.report(
                        document, alias_location, f"name '{alias.name}' is already used by '{owner[0]}' (line {line})"
                    )
                elif owner is None:
                    names[key] = (character.id, alias_location)
            for section_index, section in enumerate(character.sections):
                section_location = (*location, "sections", section_index)
                self.gate(document, section_location, section.revealed)
                self.source(document, section_location, section.source)

    def check_storylines(
        self,
        document: YamlDocument,
        storylines: Iterable[tuple[int, Storyline]],
        character_ids: set[str] | None,
    ) -> None:
        """`character_ids` is None when characters.yaml could not be read: references are then unchecked."""
        ids: dict[str, Location] = {}
        for index, storyline in storylines:
            location: Location = ("storylines", index)
            self.unique(document, (*location, "id"), storyline.id, ids)
            self.gate(document, location, storyline.revealed)
            for ref_index, ref in enumerate(storyline.characters):
                if character_ids is not None and ref not in character_ids:
                    self.report(document, (*location, "characters", ref_index), f"unknown character '{ref}'")
            for entry_index, entry in enumerate(storyline.entries):
                entry_location = (*location, "entries", entry_index)
                self.gate(document, entry_location, entry.revealed)
                self.source(document, entry_location, entry.source)

    def check_trivia(self, document: YamlDocument, questions: Iterable[tuple[int, Question]]) -> None:
        ids: dict[str, Location] = {}
        questions = list(questions)
        known = {question.id for _, question in questions}
        for index, question in questions:
            location: Location = ("questions", index)
            self.unique(document, (*location, "id"), question.id, ids)
            for other_index, other in enumerate(question.apart_from):
                if other == question.id or other not in known:
                    what = "this question itself" if other == question.id else "an unknown question"
                    self.report(document, (*location, "apart_from", other_index), f"'{other}' is {what}")
            self.gate(document, location, question.revealed)
            self.source(document, location, question.source)
            right = {fold(question.answer), *(fold(a) for a in question.accept)}
            seen: set[str] = set()
            for d_index, distractor in enumerate(question.distractors):
                key = fold(distractor)
                if key in right:
                    self.report(
                        document, (*location, "distractors", d_index), f"distractor '{distractor}' repeats the answer"
                    )
                elif key in seen:
                    self.report(
                        document, (*location, "distractors", d_index), f"distractor '{distractor}' appears twice"
                    )
                seen.add(key)
