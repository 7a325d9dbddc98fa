"""Autocomplete suggestions, always cut to the asker's own progress."""

from __future__ import annotations

from functools import cache
from typing import assert_never
from zoneinfo import available_timezones

from bot.commands import Completion
from bot.companion import Choice
from bot.context import Context
from bot.episodes import Episode
from bot.lookup import characters_at, storylines_at
from bot.names import fold

LIMIT = 25


async def suggest(ctx: Context, source: Completion, partial: str) -> list[Choice]:
    horizon = await ctx.progress()
    if source is Completion.CHARACTER:
        found = characters_at(ctx.facts, horizon).complete(partial, LIMIT)
        return [Choice(name, name) for name, _ in found]
    if source in (Completion.STORYLINE, Completion.RECAP):
        stories = [Choice(name, name) for name, _ in storylines_at(ctx.facts, horizon).complete(partial, LIMIT)]
        titles = {s.title for s in ctx.facts.storylines}
        stories = [choice for choice in stories if choice.name in titles]
        if source is Completion.RECAP:
            stories += _episodes(ctx, partial, up_to=horizon)
        return stories[:LIMIT]
    if source is Completion.EPISODE:
        return _episodes(ctx, partial)
    if source is Completion.TIMEZONE:
        wanted = fold(partial).replace(" ", "_")
        zones = [zone for zone in _zones() if wanted in zone.lower()]
        return [Choice(zone, zone) for zone in zones[:LIMIT]]
    if source is Completion.CATEGORY:
        categories = sorted({q.category for q in ctx.facts.questions if q.revealed <= horizon})
        return [Choice(c, c) for c in categories if fold(partial) in c][:LIMIT]
    assert_never(source)


def _episodes(ctx: Context, partial: str, up_to: Episode | None = None) -> list[Choice]:
    wanted = partial.strip().upper()
    codes = [str(e) for e in ctx.facts.episodes if up_to is None or e <= up_to]
    return [Choice(code, code) for code in codes if code.startswith(wanted) or not wanted][:LIMIT]


@cache
def _zones() -> tuple[str, ...]:
    """Reading the time zone database walks the disk (~15 ms): once per process is enough."""
    return tuple(sorted(available_timezones()))
