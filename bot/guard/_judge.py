"""Judging text against a horizon, with the tells compiled once per fact base."""

from __future__ import annotations

from weakref import WeakKeyDictionary

from bot.episodes import Episode
from bot.facts import FactBase
from bot.guard._index import Match, TellIndex
from bot.guard._tells import tells_of

_indexes: WeakKeyDictionary[FactBase, TellIndex] = WeakKeyDictionary()


def tell_index(facts: FactBase) -> TellIndex:
    index = _indexes.get(facts)
    if index is None:
        index = _indexes[facts] = TellIndex(tells_of(facts))
    return index


def judge(facts: FactBase, text: str, horizon: Episode, *, spoiler_tags: bool = True) -> Match | None:
    """The tell `text` says that is revealed after `horizon` (the earliest such), or None."""
    return tell_index(facts).match(text, horizon, spoiler_tags=spoiler_tags)
