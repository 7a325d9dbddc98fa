""" "Did you mean": the declared name closest to a mistyped one, when one is close enough to be a typo."""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import fuzz, process

LIKENESS = 60
"""rapidfuzz's ratio (0–100) from which a name counts as a typo of another: 'bi' → 'bio', 'sahre' → 'share'."""


def closest(typed: str, names: Iterable[str]) -> str | None:
    found = process.extractOne(typed.lower(), list(names), scorer=fuzz.ratio, score_cutoff=LIKENESS)
    return None if found is None else found[0]


def did_you_mean(typed: str, names: Iterable[str], shown: str = "{}") -> str:
    """' Did you mean /bio?' (with `shown` '/{}'), or '' when nothing is close."""
    found = closest(typed, names)
    return f" Did you mean {shown.format(found)}?" if found else ""
