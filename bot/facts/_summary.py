"""What authors see after a clean check: how much each horizon unlocks, and how many tells the spoiler guard
watches for in a channel at that horizon (those revealed after it)."""

from __future__ import annotations

from collections.abc import Sized

from bot.facts._base import FactBase
from bot.facts._tells import count_by_horizon
from bot.guard._tells import tells_of


def summary(facts: FactBase) -> str:
    show = facts.show
    sections = [s for c in facts.characters for s in c.sections]
    entries = [e for s in facts.storylines for e in s.entries]
    guarding = count_by_horizon((tell.revealed for tell in tells_of(facts)), facts.episodes)
    lines = [
        f"{show.title} ({show.id}): {_count(facts.characters, 'character')}, {_count(sections, 'bio section')}, "
        f"{_count(facts.storylines, 'storyline')}, {_count(entries, 'recap entry', 'recap entries')}, "
        f"{_count(facts.questions, 'trivia question')}.",
        f"{'horizon':>8}  {'characters':>10}  {'bio':>5}  {'recap':>5}  {'trivia':>6}  {'tells':>5}",
    ]
    for episode in facts.episodes:
        lines.append(
            f"{episode!s:>8}  {sum(c.revealed <= episode for c in facts.characters):>10}  "
            f"{sum(s.revealed <= episode for s in sections):>5}  {sum(e.revealed <= episode for e in entries):>5}  "
            f"{sum(q.revealed <= episode for q in facts.questions):>6}  {guarding[episode]:>5}"
        )
    return "\n".join(lines)


def _count(things: Sized, noun: str, plural: str | None = None) -> str:
    return f"{len(things)} {noun if len(things) == 1 else plural or noun + 's'}"
