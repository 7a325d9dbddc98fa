"""Trivia that tells too much: a choice naming someone the asker cannot know yet, and two questions
whose texts answer each other, which must never be asked in one round.

Names and answers are found as whole folded phrases ('Jake Pearlman's' holds 'jake pearlman'), through a
dictionary of phrases rather than by comparing every question with every other: packs run to 100,000
questions.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

from bot.episodes import Episode
from bot.facts._model import Character, Question
from bot.names import fold

_LONGEST = 6
"""Phrases longer than this many words are never looked for: no name or short answer is that long."""


@dataclass(frozen=True, slots=True)
class NamedTooEarly:
    """`name` (of `character`, known from `revealed`) appears in a text shown from an earlier gate."""

    name: str
    character: str
    revealed: Episode


def phrases(text: str, longest: int = _LONGEST) -> Iterator[str]:
    """Every run of up to `longest` consecutive folded words of `text`."""
    words = fold(text).split()
    for start in range(len(words)):
        for end in range(start + 1, min(len(words), start + longest) + 1):
            yield " ".join(words[start:end])


class CharacterNames:
    """Every name and alias, folded, with the character and the gate from which that name is known."""

    def __init__(self, characters: Iterable[Character]) -> None:
        self.known: dict[str, tuple[str, str, Episode]] = {}
        for character in characters:
            for alias in character.names():
                key = fold(alias.name)
                if key and (key not in self.known or alias.revealed < self.known[key][2]):
                    self.known[key] = (character.name, alias.name, alias.revealed)
        self.longest = max((len(key.split()) for key in self.known), default=0)

    def too_early(self, text: str, gate: Episode) -> Iterator[NamedTooEarly]:
        """Characters `text` names that are not known by `gate`: one per character, by its longest name."""
        named: dict[str, tuple[str, Episode]] = {}
        for phrase in phrases(text, self.longest):
            found = self.known.get(phrase)
            if found is not None and found[2] > gate:
                character, name, revealed = found
                if character not in named or len(name) > len(named[character][0]):
                    named[character] = (name, revealed)
        for character, (name, revealed) in named.items():
            yield NamedTooEarly(name, character, revealed)


def answers_each_other(questions: Iterable[Question]) -> set[frozenset[str]]:
    """Pairs of questions each of whose text holds the other's answer (or an accepted answer).

    Only pairs that give each other away are found: that one text names another question's answer is
    common (a question about Ballard names Ballard) and rarely tells it. Authors declare the rest."""
    questions = list(questions)
    answered_by: dict[str, set[str]] = {}
    for question in questions:
        for answer in (question.answer, *question.accept):
            key = fold(answer)
            if key and len(key.split()) <= _LONGEST:
                answered_by.setdefault(key, set()).add(question.id)
    longest = max((len(key.split()) for key in answered_by), default=0)
    tells: dict[str, set[str]] = {}
    for question in questions:
        told = {other for phrase in phrases(question.question, longest) for other in answered_by.get(phrase, ())}
        told.discard(question.id)
        if told:
            tells[question.id] = told
    return {frozenset((one, other)) for one, told in tells.items() for other in told if one in tells.get(other, ())}


def kept_apart(questions: Iterable[Question]) -> Mapping[str, frozenset[str]]:
    """For each question id, the questions never drawn into a round with it: declared, or found above."""
    questions = list(questions)
    pairs = answers_each_other(questions)
    pairs |= {frozenset((question.id, other)) for question in questions for other in question.apart_from}
    apart: dict[str, set[str]] = {}
    for pair in pairs:
        if len(pair) == 2:
            one, other = pair
            apart.setdefault(one, set()).add(other)
            apart.setdefault(other, set()).add(one)
    return {question_id: frozenset(others) for question_id, others in apart.items()}
