"""Time zones by IANA name ("America/Los_Angeles"), forgiving of case and spaces, with a suggestion when unknown."""

from __future__ import annotations

from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from rapidfuzz import fuzz, process

from bot.safety import echo

SUGGEST_FROM = 75
EXAMPLES = "America/Los_Angeles, America/New_York, Europe/London, Europe/Paris, Asia/Tokyo or UTC"


class BadZone(ValueError):
    """Not a zone of the IANA database; the message suggests the closest one."""


def find_zone(name: str) -> ZoneInfo:
    wanted = name.strip()
    canonical = _by_key().get(_key(wanted))
    if canonical is not None:
        return ZoneInfo(canonical)
    best = process.extractOne(_words(wanted), _spoken(), scorer=fuzz.WRatio, score_cutoff=SUGGEST_FROM)
    hint = f" Did you mean {best[2]}?" if best else f" Use an IANA name such as {EXAMPLES}."
    raise BadZone(f"I don't know the time zone “{echo(wanted, 40)}”.{hint} Nothing was changed.")


def _key(name: str) -> str:
    return "_".join(name.split()).casefold()


def _words(name: str) -> str:
    return " ".join(name.replace("_", " ").replace("/", " ").split()).casefold()


@cache
def _by_key() -> dict[str, str]:
    return {_key(zone): zone for zone in available_timezones()}


@cache
def _spoken() -> dict[str, str]:
    """Zone → its words ("america los angeles"), what the fuzzy match compares with."""
    return {zone: _words(zone) for zone in sorted(available_timezones())}
