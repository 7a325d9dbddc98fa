"""Every tell of a fact base, with the gate it hides at: its own when it has one, else its fact's."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from bot.episodes import Episode
from bot.facts import FactBase
from bot.facts._model import GatedTell, Tells, tell_terms


@dataclass(frozen=True, slots=True)
class Tell:
    terms: tuple[str, ...]
    """Each term is words said together, or alternatives between bars: ('gary', 'killer|murderer')."""
    revealed: Episode
    fact: str
    """Which fact it gives away, for authors and logs only: never shown to a viewer before `revealed`."""


def tells_of(facts: FactBase) -> list[Tell]:
    return list(_all(facts))


def _all(facts: FactBase) -> Iterator[Tell]:
    for character in facts.characters:
        for alias in character.names()[1:]:
            yield from _gated(alias.tells, alias.revealed, f"alias {alias.name} of {character.id}")
        for section in character.sections:
            yield from _gated(section.tells, section.revealed, f"bio {character.id}: {section.heading}")
    for storyline in facts.storylines:
        for index, entry in enumerate(storyline.entries):
            yield from _gated(entry.tells, entry.revealed, f"recap {storyline.id} #{index + 1}")
    for question in facts.questions:
        yield from _gated(question.tells, question.revealed, f"trivia {question.id}")


def _gated(tells: Tells, revealed: Episode, fact: str) -> Iterator[Tell]:
    for tell in tells:
        own = tell.revealed if isinstance(tell, GatedTell) else revealed
        yield Tell(tell_terms(tell), max(own, revealed), fact)
