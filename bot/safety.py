"""Echoing user text safely: no pings, no control characters, bounded length."""

from __future__ import annotations

import re
import unicodedata

WORD_JOINER = "\u2060"
_BROADCAST = re.compile(r"@(everyone|here|channel)", re.IGNORECASE)
_PLATFORM_MENTION = re.compile(r"<([@#!&])")


def echo(text: str, limit: int = 60) -> str:
    """User text made fit to quote back: printable, shortened, and unable to ping anyone on any platform."""
    printable = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)
    collapsed = " ".join(printable.split())
    if len(collapsed) > limit:
        cut = collapsed[: limit - 1]
        if " " in cut[limit // 2 :]:  # end on a whole word when one ends late enough
            cut = cut.rsplit(" ", 1)[0]
        collapsed = cut.rstrip() + "…"
    defused = _BROADCAST.sub(lambda m: f"@{WORD_JOINER}{m.group(1)}", collapsed)
    return _PLATFORM_MENTION.sub(lambda m: f"<{WORD_JOINER}{m.group(1)}", defused)
