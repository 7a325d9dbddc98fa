"""One fact, one gate: a trivia answer told by a bio section or recap entry gated differently.

The pack once said at S1E0 in Gary Pearlman's bio what its trivia kept for S1E10 (he adopted Sarah), and
told Ballard's father's surfing accident at S1E0 in trivia but at S1E10 in a recap. A text tells a
question's fact when it names every character the question names and holds every distinctive word of
the answer: words most texts share ('cold case unit', 'murder') tell nothing, and answers left with fewer
than two distinctive words are not compared, so the warning stays rare and worth reading.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from bot.episodes import Episode
from bot.facts._base import FactBase
from bot.facts._giveaways import CharacterNames, phrases
from bot.facts._yaml import Location
from bot.names import fold

_STEM = 5
"""Words are compared by their first letters: 'adopted' and 'adoptive' are one word here."""
_COMMON = 16
"""A word in more than one text in this many is common to the pack."""
_SMALL = frozenset(
    "a an the and or but of to in on at by for from with as is are was were be been he she his her him it its "
    "they their them that this which who whom what when where why how does did do has have had not no so than "
    "then there after before over into out up about once one own more most very can could would will may might".split()
)


@dataclass(frozen=True, slots=True)
class Told:
    """A bio section or recap entry, where it is, its gate, who it names and its words."""

    file: str
    location: Location
    revealed: Episode
    names: frozenset[str]
    words: frozenset[str]


@dataclass(frozen=True, slots=True)
class TwoGates:
    question: int
    told: Told


def told_twice(facts: FactBase) -> Iterator[TwoGates]:
    names = CharacterNames(facts.characters)
    ignored = _SMALL | {word for key in names.known for word in key.split()}

    def named(text: str) -> frozenset[str]:
        return frozenset(names.known[phrase][0] for phrase in phrases(text, names.longest) if phrase in names.known)

    def words(text: str) -> frozenset[str]:
        return frozenset(w[:_STEM] for w in fold(text).split() if len(w) > 2 and w not in ignored)

    texts = [
        Told(
            "characters.yaml",
            ("characters", c_index, "sections", s_index),
            section.revealed,
            named(section.text) | {character.name},
            words(section.text),
        )
        for c_index, character in enumerate(facts.characters)
        for s_index, section in enumerate(character.sections)
    ]
    texts += [
        Told(
            "storylines.yaml",
            ("storylines", l_index, "entries", e_index),
            entry.revealed,
            named(entry.text),
            words(entry.text),
        )
        for l_index, storyline in enumerate(facts.storylines)
        for e_index, entry in enumerate(storyline.entries)
    ]
    seen = Counter(word for told in texts for word in told.words)
    common = {word for word, count in seen.items() if count * _COMMON > len(texts)}
    by_name: dict[str, list[Told]] = {}
    for told in texts:
        for name in told.names:
            by_name.setdefault(name, []).append(told)
    for index, question in enumerate(facts.questions):
        subjects = named(question.question)
        answer = words(question.answer) - common
        if not subjects or len(answer) < 2:
            continue
        candidates = min((by_name.get(name, []) for name in subjects), key=len)
        for told in candidates:
            if told.revealed != question.revealed and subjects <= told.names and answer <= told.words:
                yield TwoGates(index, told)
