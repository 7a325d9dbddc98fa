"""Forgiving name matching: case, accents, punctuation, aliases and small typos."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

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
            self._folded.append(" ".join(_words(fold(name))))
            self._items.append(item)

    def __len__(self) -> int:
        return len(self._names)

    def lookup(self, query: str, *, cutoff: float = 82) -> Match[T]:
        """Exact name, then whole words ('pearlman'), then words with small typos, then overall likeness."""
        words = _words(fold(query))
        wanted = " ".join(words)
        if not wanted:
            return Match(suggestions=self._labels(range(len(self._names)))[:5])
        for matching in (
            lambda name: name == wanted,
            lambda name: set(words) <= set(name.split()) or set(name.split()) <= set(words),
            lambda name: _typo_match(words, name.split()),
        ):
            hits = self._unique(i for i, name in enumerate(self._folded) if matching(name))
            if len(hits) == 1:
                return Match(found=hits[0])
            if hits:
                return Match(candidates=tuple(hits[:5]))
        if len(wanted) < 3:  # too short to judge likeness: 'sa' may be the start of a first name or surname
            starts = self._unique(i for i, name in enumerate(self._folded) if f" {name}".find(f" {wanted}") >= 0)
            return Match(found=starts[0]) if len(starts) == 1 else Match(candidates=tuple(starts[:5]))
        scored = sorted(
            ((fuzz.WRatio(wanted, name, processor=None), index) for index, name in enumerate(self._folded)),
            key=lambda pair: -pair[0],
        )
        close = self._unique(index for score, index in scored if score >= cutoff)
        if len(close) == 1:
            return Match(found=close[0])
        if close:
            return Match(candidates=tuple(close[:5]))
        return Match(suggestions=self._labels(index for score, index in scored if score >= 50)[:5])

    def complete(self, prefix: str, limit: int = 25) -> list[tuple[str, T]]:
        """Autocomplete, one choice per item: names that start with the text first, then likely ones.

        With nothing typed yet every item is offered under its own name (not its aliases), so a short
        list still shows everyone; once the user types, the alias they are typing is what they see.
        """
        wanted = " ".join(_words(fold(prefix)))
        if not wanted:
            ordered: list[int] = [self._items.index(item) for item in self._unique(range(len(self._names)))]
        else:
            starts = [i for i, name in enumerate(self._folded) if name.startswith(wanted) or f" {wanted}" in name]
            scored = process.extract(wanted, self._folded, scorer=fuzz.WRatio, limit=len(self._folded), processor=None)
            ordered = [*starts, *(index for _, score, index in scored if score >= 75 and index not in starts)]
        chosen: list[tuple[str, T]] = []
        for index in ordered:
            if not any(item is self._items[index] for _, item in chosen):
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

    def _labels(self, indexes: Iterable[int]) -> tuple[str, ...]:
        """One name per item, the first it was given (a character's own name, not an alias)."""
        return tuple(
            self._names[next(i for i, known in enumerate(self._items) if known is item)]
            for item in self._unique(indexes)
        )


FILLER = frozenset({"the", "a", "an", "of", "for", "and", "in", "to", "s"})
"""Words that say nothing about which name is meant: 'the finale' is 'finale', 'Bosch's part' is 'bosch part'."""


def _words(folded: str) -> list[str]:
    words = folded.split()
    return [word for word in words if word not in FILLER] or words


def _typo_match(words: list[str], name_words: list[str]) -> bool:
    """Every typed word is a word of the name, give or take a typo: one for 3-5 letters, two from 6."""
    return all(
        any(OSA.distance(word, known, score_cutoff=_typos(word)) <= _typos(word) for known in name_words)
        for word in words
    )


def _typos(word: str) -> int:
    return 0 if len(word) < 3 else 1 if len(word) < 6 else 2
