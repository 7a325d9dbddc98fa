"""Forgiving name matching: case, accents, punctuation, aliases and small typos."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

from rapidfuzz import fuzz, process

T = TypeVar("T")

_NOT_WORD = re.compile(r"[^\w]+")


def fold(text: str) -> str:
    """Lowercase, accent-free, punctuation-free, single-spaced: 'Renée  Ballard!' → 'renee ballard'."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NOT_WORD.sub(" ", bare.casefold()).replace("_", " ").strip()


@dataclass(frozen=True)
class Match(Generic[T]):
    """The outcome of a lookup: one `found`, several `candidates` to choose from, or `suggestions`."""

    found: T | None = None
    candidates: tuple[T, ...] = ()
    suggestions: tuple[str, ...] = ()


class NameIndex(Generic[T]):
    """Names (several per item) to items. Build one per horizon: it only knows the names it is given."""

    def __init__(self, names: Iterable[tuple[str, T]]) -> None:
        self._names: list[str] = []
        self._folded: list[str] = []
        self._items: list[T] = []
        for name, item in names:
            self._names.append(name)
            self._folded.append(fold(name))
            self._items.append(item)

    def __len__(self) -> int:
        return len(self._names)

    def lookup(self, query: str, *, cutoff: float = 82) -> Match[T]:
        wanted = fold(query)
        if not wanted:
            return Match(suggestions=tuple(self._distinct_names(range(len(self._names)))[:5]))
        exact = self._unique(i for i, name in enumerate(self._folded) if name == wanted)
        if len(exact) == 1:
            return Match(found=exact[0])
        if exact:
            return Match(candidates=tuple(exact))
        by_word = self._unique(i for i, name in enumerate(self._folded) if wanted in name.split() or name in wanted.split())
        if len(by_word) == 1:
            return Match(found=by_word[0])
        if by_word:
            return Match(candidates=tuple(by_word))
        scored = process.extract(wanted, self._folded, scorer=fuzz.WRatio, limit=10, processor=None)
        close = self._unique(index for _, score, index in scored if score >= cutoff)
        if len(close) == 1:
            return Match(found=close[0])
        if close:
            return Match(candidates=tuple(close[:5]))
        near = [index for _, score, index in scored if score >= 50]
        return Match(suggestions=tuple(self._distinct_names(near)[:5]))

    def complete(self, prefix: str, limit: int = 25) -> list[tuple[str, T]]:
        """Autocomplete: names that start with the text first, then fuzzy matches, at most `limit`."""
        wanted = fold(prefix)
        if not wanted:
            ordered = range(len(self._names))
        else:
            starts = [i for i, name in enumerate(self._folded) if name.startswith(wanted) or f" {wanted}" in name]
            scored = process.extract(wanted, self._folded, scorer=fuzz.WRatio, limit=limit * 2, processor=None)
            ordered = [*starts, *(index for _, score, index in scored if score >= 60 and index not in starts)]
        chosen: list[tuple[str, T]] = []
        seen: set[str] = set()
        for index in ordered:
            if self._names[index] not in seen:
                seen.add(self._names[index])
                chosen.append((self._names[index], self._items[index]))
            if len(chosen) >= limit:
                break
        return chosen

    def _unique(self, indexes: Iterable[int]) -> list[T]:
        items: list[T] = []
        for index in indexes:
            item = self._items[index]
            if not any(item is seen for seen in items):
                items.append(item)
        return items

    def _distinct_names(self, indexes: Iterable[int]) -> list[str]:
        names: list[str] = []
        for index in indexes:
            if self._names[index] not in names:
                names.append(self._names[index])
        return names


