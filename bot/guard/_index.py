"""Tells compiled once into an index, so judging a message costs a dictionary look-up per word.

Every phrase a tell may use is keyed by its first stemmed word. A message is read once, left to
right: each word's look-up yields the terms that may start there, and a term whose other words
follow is found at that position. Only tells with a found term are then checked, and a tell matches
when all of its terms are found within WINDOW words of each other, in any order. Building the index
is linear in the tells; reading a message is linear in its words.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from bot.chat_text import stem, without_spoiler_tags, words
from bot.episodes import Episode
from bot.guard._tells import Tell

WINDOW = 10
"""The words a tell's terms may spread over: "gary, sarah's adoptive dad, is the killer" still gives it away."""


@dataclass(frozen=True, slots=True)
class Match:
    tell: Tell
    said: tuple[str, ...]
    """The message's own words that matched each term, as the viewer wrote them (normalized)."""

    @property
    def revealed(self) -> Episode:
        return self.tell.revealed


@dataclass(frozen=True, slots=True)
class _Phrase:
    term: int
    rest: tuple[str, ...]
    """The stems after the first one."""


class TellIndex:
    def __init__(self, tells: Iterable[Tell]) -> None:
        self.tells: list[Tell] = []
        self._terms_of: list[tuple[int, ...]] = []
        self._tells_with: list[list[int]] = []
        self._starting: dict[str, list[_Phrase]] = {}
        self._phrases: list[list[tuple[str, ...]]] = []
        term_ids: dict[str, int] = {}
        for tell in tells:
            ids = []
            for term in tell.terms:
                key = term.lower()
                if key not in term_ids:
                    term_ids[key] = len(self._tells_with)
                    self._tells_with.append([])
                    self._phrases.append([])
                    self._add_term(term_ids[key], key)
                ids.append(term_ids[key])
            self.tells.append(tell)
            self._terms_of.append(tuple(dict.fromkeys(ids)))
            for term_id in set(ids):
                self._tells_with[term_id].append(len(self.tells) - 1)
        self._keyed: list[list[int]] = [[] for _ in self._tells_with]
        """Each tell under its rarest term only: a tell needs all its terms, so finding that one is the cue
        to check the others, and a common term (`gary`) does not make every message check every tell."""
        for tell_id, terms in enumerate(self._terms_of):
            rarest = min(terms, key=lambda term: len(self._tells_with[term]))
            self._keyed[rarest].append(tell_id)

    def _add_term(self, term_id: int, term: str) -> None:
        for alternative in term.split("|"):
            phrase = [stem(word) for word in words(alternative)]
            if phrase:
                self._starting.setdefault(phrase[0], []).append(_Phrase(term_id, tuple(phrase[1:])))
                self._phrases[term_id].append(tuple(phrase))

    def match(self, text: str, horizon: Episode, *, spoiler_tags: bool = True) -> Match | None:
        """The tell revealed earliest after `horizon` that `text` says, or None. With `spoiler_tags`, text
        already inside `||…||` is not read: the platform shows it hidden."""
        said = words(without_spoiler_tags(text) if spoiler_tags else text)
        stemmed = [stem(word) for word in said]
        found: dict[int, list[int]] = {}
        starting = self._starting
        for position, first in enumerate(stemmed):
            phrases = starting.get(first)
            if phrases is None:
                continue
            for phrase in phrases:
                rest = phrase.rest
                if not rest or tuple(stemmed[position + 1 : position + 1 + len(rest)]) == rest:
                    found.setdefault(phrase.term, []).append(position)
        if not found:
            return None
        best: tuple[int, dict[int, int]] | None = None
        for term_id in found:
            for tell_id in self._keyed[term_id]:
                tell = self.tells[tell_id]
                if tell.revealed <= horizon or (best is not None and self.tells[best[0]].revealed <= tell.revealed):
                    continue
                terms = self._terms_of[tell_id]
                if any(term not in found for term in terms):
                    continue
                at = _within_window(terms, found)
                if at is not None:
                    best = (tell_id, at)
        if best is None:
            return None
        tell_id, at = best
        said_terms = tuple(self._said(said, stemmed, term, at[term]) for term in self._terms_of[tell_id])
        return Match(self.tells[tell_id], said_terms)

    def _said(self, said: Sequence[str], stemmed: Sequence[str], term_id: int, position: int) -> str:
        """The words at `position` that the term covers (its longest phrase found there)."""
        length = max(
            (
                len(phrase)
                for phrase in self._phrases[term_id]
                if tuple(stemmed[position : position + len(phrase)]) == phrase
            ),
            default=1,
        )
        return " ".join(said[position : position + length])


def _within_window(terms: tuple[int, ...], found: dict[int, list[int]]) -> dict[int, int] | None:
    """A position for every term, all within WINDOW words, or None."""
    if len(terms) == 1:
        return {terms[0]: found[terms[0]][0]}
    events = sorted((position, term) for term in terms for position in found[term])
    latest: dict[int, int] = {}
    for position, term in events:
        latest[term] = position
        if len(latest) == len(terms) and position - min(latest.values()) < WINDOW:
            return dict(latest)
    return None
