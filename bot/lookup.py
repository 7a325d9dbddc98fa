"""Name indexes cut to a horizon: a name revealed later is neither found nor suggested."""

from __future__ import annotations

from functools import lru_cache

from bot.episodes import Episode
from bot.facts import Character, FactBase, Storyline
from bot.names import NameIndex


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
        for name in (storyline.title, storyline.id.replace("-", " "))
    )
