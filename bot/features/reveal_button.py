"""The Reveal button's id, built and read in one place: `reveal:<kind>:<key>:<place tag>`.

`kind` is `bio` (key: a character id) or `recap` (key: a storyline id, an episode code, or nothing for the
story so far). The place tag ties the button to the channel it was posted in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from bot.request import Place

PREFIX = "reveal"
LABEL = "Reveal (only to me)"


class Kind(StrEnum):
    BIO = "bio"
    RECAP = "recap"


@dataclass(frozen=True, slots=True)
class RevealButton:
    kind: Kind
    key: str
    tag: str


_KEY = re.compile(r"^[A-Za-z0-9-]{0,64}$")


def button_id(place: Place, kind: Kind, key: str = "") -> str:
    if not _KEY.match(key):
        raise ValueError(f"a reveal key is a fact id or an episode code, not {key!r}")
    return f"{PREFIX}:{kind}:{key}:{place.tag}"


def parse_button(rest: str) -> RevealButton | None:
    """'bio:gary-pearlman:0a1b2c3d4e' (the id after 'reveal:') → its parts; None for anything else."""
    parts = rest.split(":")
    if len(parts) != 3 or parts[0] not in tuple(Kind) or not _KEY.match(parts[1]) or not parts[2]:
        return None
    return RevealButton(Kind(parts[0]), parts[1], parts[2])
