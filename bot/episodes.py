"""Episode codes: parsing, ordering and display (`S1E4`)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.safety import echo

ACCEPTED_FORMS = "S1E4, s1e4, S01E04 or 1x04 (S1E0 means nothing watched yet)"

_CODE = re.compile(r"^\s*(?:[sS](\d{1,2})\s*[eE](\d{1,3})|(\d{1,2})[xX](\d{1,3}))\s*$")


class BadEpisodeCode(ValueError):
    """Raised for text that is not an episode code, or a code the show does not have."""


@dataclass(frozen=True, slots=True, order=True)
class Episode:
    """Ordered as (season, number): the fields' order is the viewing order."""

    season: int
    number: int

    @classmethod
    def parse(cls, text: str) -> Episode:
        match = _CODE.match(text or "")
        if not match:
            shown = echo(text or "", 20) or "nothing"
            raise BadEpisodeCode(f"“{shown}” is not an episode code. Use {ACCEPTED_FORMS}.")
        season, number = (int(g) for g in match.groups() if g is not None)
        if season < 1:
            raise BadEpisodeCode(f"Seasons start at 1. Use {ACCEPTED_FORMS}.")
        return cls(season, number)

    def __str__(self) -> str:
        return f"S{self.season}E{self.number}"


NOTHING_WATCHED = Episode(1, 0)
