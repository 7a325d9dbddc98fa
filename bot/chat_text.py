"""Chat text as the spoiler guard reads it: words, forgiving of how fans type and of tricks to slip past it.

A word is reduced to what it means, not how it is written:

- look-alike letters are read as the Latin letters they imitate (Cyrillic `а`, fullwidth `ａ`, maths `𝐚`),
  from Unicode's confusables list (the `confusable-homoglyphs` package);
- invisible characters (zero-width spaces and joiners, soft hyphens: Unicode's format category) are dropped;
- case and accents are forgotten (`Renée` is `renee`), punctuation splits words, `'s` is dropped;
- each word is stemmed (Snowball's English stemmer): `killed`, `killing` and `kills` all read `kill`.

`||text||` is spoiler-tagged already on platforms that show it hidden, so it can be left out.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer
from confusable_homoglyphs import utils as homoglyph_data

_SPOILER_TAG = re.compile(r"\|\|.+?\|\|", re.DOTALL)
_WORD = re.compile(r"[a-z0-9]+")
_POSSESSIVE = re.compile(r"'s\b")
_STEMS_KEPT = 100_000


def without_spoiler_tags(text: str) -> str:
    return _SPOILER_TAG.sub(" ", text)


def words(text: str) -> list[str]:
    """The words of `text`, normalized but not stemmed: `Gаry's KILLER!` → ['gary', 'killer']."""
    if text.isascii():
        plain = text.lower()
    else:
        plain = unicodedata.normalize("NFKC", text).translate(_look_alikes())
        plain = unicodedata.normalize("NFKD", plain)
        plain = "".join(ch for ch in plain if not unicodedata.combining(ch) and not _invisible(ch)).casefold()
    return _WORD.findall(_POSSESSIVE.sub("", plain.replace("’", "'")))


_stems: dict[str, str] = {}
_stemmer = snowballstemmer.stemmer("english")


def stem(word: str) -> str:
    found = _stems.get(word)
    if found is None:
        if len(_stems) >= _STEMS_KEPT:
            _stems.clear()
        found = _stems[word] = _stemmer.stemWord(word)
    return found


def stems(text: str) -> list[str]:
    return [stem(word) for word in words(text)]


@lru_cache(maxsize=1)
def _look_alikes() -> dict[int, str]:
    """A translation table: every look-alike to the ASCII letter or digit it imitates."""
    table: dict[int, str] = {}
    for character, similar in homoglyph_data.load("confusables.json").items():
        for entry in similar:
            other = entry["c"]
            if len(character) == 1 and not character.isascii() and len(other) == 1 and other.isascii():
                if other.isalnum():
                    table.setdefault(ord(character), other.lower())
            elif len(other) == 1 and not other.isascii() and len(character) == 1 and character.isalnum():
                table.setdefault(ord(other), character.lower())
    return table


def _invisible(character: str) -> bool:
    return not character.isascii() and unicodedata.category(character) == "Cf"
