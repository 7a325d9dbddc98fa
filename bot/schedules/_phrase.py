"""`when:` as people say it: "fridays 20:00", "weekdays 18:00", "sunday at 8pm", "2026-03-06 20:00", or cron.

A phrase becomes a cron expression (or a one-off), so the scheduler has one kind of rule to iterate;
`describe` turns the rules phrases make back into words for confirmations and lists.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time, timedelta

from bot.safety import echo
from bot.schedules._rule import Cron, Once, Rule

EXAMPLES = (
    "“fridays 20:00”, “every day 19:30”, “weekdays 18:00”, “mondays and thursdays 21:00”, "
    "“sunday at 8pm”, “2026-03-06 20:00”, or cron such as “0 20 * * 5”"
)
DAY_NAMES = ("Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
"""Cron numbers days from Sunday = 0."""
WEEKDAYS = frozenset(range(1, 6))
WEEKEND = frozenset({0, 6})
EVERY_DAY = frozenset(range(7))

_DAY_WORDS: dict[str, int] = {
    word: number
    for number, name in enumerate(DAY_NAMES)
    for word in (name.lower(), f"{name.lower()}s", name[:3].lower())
} | {"tues": 2, "weds": 3, "thur": 4, "thurs": 4}
_DAILY = {"day", "days", "daily", "night", "nights", "nightly", "evening", "evenings", "morning", "mornings"}
_FILLER = {"every", "each", "on", "at", "and", "the"}
_RANGE = {"to", "through", "thru", "till", "until", "-"}
_TIME = re.compile(
    r"(?<![\d:])(?:(?P<hour>\d{1,2})[:.h](?P<minute>\d{2})\s*(?P<half>[ap])?|(?P<bare>\d{1,2})\s*(?P<bare_half>[ap]))"
    r"(?:\.?m\b\.?)?(?![\d:])|\b(?P<word>noon|midnight)\b"
)
_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_TOKEN = re.compile(r"[a-z]+|-|[^\s,&.]")


class BadWhen(ValueError):
    """A `when` that cannot be read; the message says what would work."""


def parse_when(text: str, today: date) -> Rule:
    """A phrase or cron expression as a rule; `today` (in the schedule's zone) anchors "today" and "tomorrow"."""
    stripped = " ".join(text.split())
    if not stripped:
        raise BadWhen(f"Say when, for example {EXAMPLES}.")
    if Cron.looks_like(stripped):
        if not Cron.valid(stripped):
            raise BadWhen(
                f"“{echo(stripped, 40)}” is not a cron expression I can use: five fields, minute hour "
                "day-of-month month day-of-week, such as “0 20 * * 5” (Fridays at 20:00)."
            )
        return Cron(stripped)
    words = re.sub(r"(\d)t(\d)", r"\1 \2", _plain(stripped))
    clock, words = _time_of_day(words, stripped)
    on_date, words = _date(words, stripped)
    days, relative = _days(_TOKEN.findall(words), stripped)
    if on_date or relative is not None:
        if days:
            raise BadWhen(f"“{echo(stripped, 40)}” gives both a date and days of the week; pick one.")
        day = on_date or today + timedelta(days=relative or 0)
        return Once(datetime.combine(day, clock))
    return Cron(f"{clock.minute} {clock.hour} * * {_day_field(days or EVERY_DAY)}")


def describe(rule: Rule) -> str:
    """ "Fridays at 20:00", "weekdays at 18:00", or the cron expression when words would not be shorter."""
    if isinstance(rule, Once):
        wall = rule.wall
        return f"once, on {DAY_NAMES[(wall.weekday() + 1) % 7]} {wall.day} {wall:%B %Y} at {wall:%H:%M}"
    fields = rule.expression.split()
    days = _read_day_field(fields[4])
    if not (fields[0].isdigit() and fields[1].isdigit() and fields[2:4] == ["*", "*"] and days):
        return f"on the cron schedule “{rule.expression}”"
    at = f"{int(fields[1]):02d}:{int(fields[0]):02d}"
    return f"{_days_words(days)} at {at}"


def _plain(text: str) -> str:
    """Casefolded and accent-free, punctuation kept: "Sábado 8PM" → "sabado 8pm"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def _time_of_day(words: str, original: str) -> tuple[time, str]:
    found = list(_TIME.finditer(words))
    if not found:
        raise BadWhen(f"“{echo(original, 40)}” has no time of day. Try {EXAMPLES}.")
    if len(found) > 1:
        raise BadWhen(f"One time of day per schedule, please: “{echo(original, 40)}” has {len(found)}.")
    match = found[0]
    if match["word"]:
        clock = time(12) if match["word"] == "noon" else time(0)
    else:
        hour = int(match["hour"] or match["bare"])
        minute = int(match["minute"] or 0)
        half = match["half"] or match["bare_half"]
        if half and not 1 <= hour <= 12:
            raise BadWhen(f"{hour}{half}m is not a time of day; use 1–12 with am/pm, or 0–23 with minutes (20:00).")
        if half:
            hour = hour % 12 + (12 if half == "p" else 0)
        if hour > 23 or minute > 59:
            raise BadWhen(f"{echo(match.group(0), 10)} is not a time of day; use 0:00 to 23:59, or 8pm.")
        clock = time(hour, minute)
    return clock, words[: match.start()] + " " + words[match.end() :]


def _date(words: str, original: str) -> tuple[date | None, str]:
    match = _DATE.search(words)
    if match is None:
        return None, words
    try:
        day = date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise BadWhen(f"{match.group(0)} is not a date on the calendar.") from None
    return day, words[: match.start()] + " " + words[match.end() :]


def _days(tokens: list[str], original: str) -> tuple[set[int], int | None]:
    """The days of the week named, and 0/1 for "today"/"tomorrow" (None when neither is said)."""
    days: set[int] = set()
    relative: int | None = None
    daily = False
    words = [token for token in tokens if token not in _FILLER]
    index = 0
    while index < len(words):
        word = words[index]
        if word in _DAY_WORDS:
            if index + 2 < len(words) and words[index + 1] in _RANGE and words[index + 2] in _DAY_WORDS:
                days |= _span(_DAY_WORDS[word], _DAY_WORDS[words[index + 2]])
                index += 3
                continue
            days.add(_DAY_WORDS[word])
        elif word in {"weekday", "weekdays"}:
            days |= WEEKDAYS
        elif word in {"weekend", "weekends"}:
            days |= WEEKEND
        elif word in _DAILY:
            daily = True
        elif word in {"today", "tonight", "tomorrow"}:
            relative = 1 if word == "tomorrow" else 0
        else:
            raise BadWhen(f"I can't read “{echo(word, 20)}” in “{echo(original, 40)}”. Try {EXAMPLES}.")
        index += 1
    if daily and days:
        raise BadWhen(f"“{echo(original, 40)}” says both every day and some days; pick one.")
    return days, relative


def _span(first: int, last: int) -> set[int]:
    """Monday to Friday; Friday to Monday wraps over the weekend."""
    return {(first + step) % 7 for step in range((last - first) % 7 + 1)}


def _day_field(days: set[int] | frozenset[int]) -> str:
    if days == EVERY_DAY:
        return "*"
    if days == WEEKDAYS:
        return "1-5"
    return ",".join(str(day) for day in sorted(days))


def _read_day_field(field: str) -> set[int] | None:
    if field == "*":
        return set(EVERY_DAY)
    if field == "1-5":
        return set(WEEKDAYS)
    numbers = field.split(",")
    if not all(number.isdigit() and int(number) <= 6 for number in numbers):
        return None
    return {int(number) for number in numbers}


def _days_words(days: set[int]) -> str:
    if days == EVERY_DAY:
        return "every day"
    if days == WEEKDAYS:
        return "weekdays"
    if days == WEEKEND:
        return "weekends"
    names = [f"{DAY_NAMES[day]}s" for day in sorted(days, key=lambda day: (day - 1) % 7)]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
