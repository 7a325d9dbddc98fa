"""Name indexes cut to a horizon: a name revealed later is neither found nor suggested.

Only what a reader sees is a key: names, aliases and titles, each from its own gate. Ids are never keys,
so an id can neither find nor confirm anything (they carry no story content either).
"""

from __future__ import annotations

from functools import lru_cache

from bot.episodes import Episode
from bot.facts import Character, FactBase, Storyline
from bot.names import NameIndex, fold


@lru_cache(maxsize=256)
def characters_at(facts: FactBase, horizon: Episode) -> NameIndex[Character]:
    return NameIndex(
        (alias.name, character)
        for character in facts.characters
        for alias in character.names()
        if alias.revealed <= horizon
    )


@lru_cache(maxsize=256)
def storylines_at(facts: FactBase, horizon: Episode) -> NameIndex[Storyline]:
    return NameIndex(
        (name, storyline)
        for storyline in facts.storylines
        if storyline.revealed <= horizon
        for name in (storyline.title,)
    )


def hidden_names(facts: FactBase, horizon: Episode) -> frozenset[str]:
    """Folded names, aliases and titles revealed after `horizon` that nothing visible by then shares."""
    later: set[str] = set()
    seen: set[str] = set()
    for character in facts.characters:
        for alias in character.names():
            (seen if alias.revealed <= horizon else later).add(fold(alias.name))
    for storyline in facts.storylines:
        (seen if storyline.revealed <= horizon else later).add(fold(storyline.title))
    return frozenset(later - seen)


def names_hidden(facts: FactBase, text: str, horizon: Episode) -> bool:
    """Whether `text` names, as whole words, a character or storyline not known by `horizon`."""
    words = f" {fold(text)} "
    return any(f" {name} " in words for name in hidden_names(facts, horizon))
