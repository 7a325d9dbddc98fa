"""Judging a typed answer: forgiving about how it is written, strict about what it says.

Both the answer and the guess are first brought to one plain form:

- case, accents and punctuation do not matter ("Renée" = "renee", "J. Edgar" = "j edgar");
- "&" means "and"; a possessive "'s" is dropped ("Jake Pearlman's" = "jake pearlman");
- number words are digits ("fourteen" = "14", "twenty-one" = "21");
- a leading article does not matter ("The Pearlmans" = "pearlmans", "a surfing accident" = "surfing accident").

Then the guess must say the same words as the answer or one of its accepted forms, word for word, with
room for small typos only: none in words of three letters or fewer, one in words up to six, two in
longer ones (a swap of two neighbouring letters counts as one). The first letter of each word and every
number must be right, because that is where a typo turns into a different name or a different answer:
"Mary" is not "Gary", "12" is not "14", and "Jake Pearlman" is not "Gary Pearlman". A guess with more
words than the answer ("I think it was Gary Pearlman") is rejected: an answer buried in a sentence
would let anyone list every name they know.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rapidfuzz.distance import OSA

from bot.names import fold

_POSSESSIVE = re.compile(r"(?<=\w)['’]s\b", re.IGNORECASE)
_ARTICLES = ("the", "a", "an")
_UNITS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen"
).split()
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_NUMBER_WORDS = {word: value for value, word in enumerate(_UNITS)} | _TENS


def normalize(text: str) -> str:
    """The plain form both sides are compared in: 'The Pearlman & Co.' → 'pearlman and co'."""
    spelled = _POSSESSIVE.sub("", text.replace("&", " and "))
    words = _digits(fold(spelled).split())
    while len(words) > 1 and words[0] in _ARTICLES:
        words = words[1:]
    return " ".join(words)


def is_correct(guess: str, answers: Iterable[str]) -> bool:
    """Whether `guess` says one of `answers` (the canonical answer and its accepted forms)."""
    said = normalize(guess)
    if not said:
        return False
    return any(_same(said, normalize(answer)) for answer in answers)


def _same(said: str, answer: str) -> bool:
    if said == answer:
        return True
    if said.replace(" ", "") == answer.replace(" ", ""):
        return True
    said_words, answer_words = said.split(), answer.split()
    if len(said_words) != len(answer_words):
        return False
    return all(_close(typed, wanted) for typed, wanted in zip(said_words, answer_words, strict=True))


def _close(typed: str, wanted: str) -> bool:
    if typed == wanted:
        return True
    if typed[0] != wanted[0] or any(ch.isdigit() for ch in typed + wanted):
        return False
    allowed = _typos_allowed(len(wanted))
    return allowed > 0 and OSA.distance(typed, wanted, score_cutoff=allowed) <= allowed


def _typos_allowed(length: int) -> int:
    if length <= 3:
        return 0
    return 1 if length <= 6 else 2


def _digits(words: list[str]) -> list[str]:
    """Number words to digits; 'twenty one' (and 'twenty-one', which fold splits) becomes '21'."""
    out: list[str] = []
    after_tens = False
    for word in words:
        value = _NUMBER_WORDS.get(word)
        if value is not None and after_tens and 0 < value < 10:
            out[-1] = str(int(out[-1]) + value)
            after_tens = False
            continue
        out.append(word if value is None else str(value))
        after_tens = word in _TENS
    return out
