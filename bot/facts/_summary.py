"""What authors see after a clean check: how much each horizon unlocks."""

from __future__ import annotations

from bot.facts._base import FactBase


def summary(facts: FactBase) -> str:
    show = facts.show
    sections = [s for c in facts.characters for s in c.sections]
    entries = [e for s in facts.storylines for e in s.entries]
    lines = [
        f"{show.title} ({show.id}): {len(facts.characters)} characters, {len(sections)} bio sections, "
        f"{len(facts.storylines)} storylines, {len(entries)} recap entries, {len(facts.questions)} trivia questions.",
        f"{'horizon':>8}  {'characters':>10}  {'bio':>5}  {'recap':>5}  {'trivia':>6}",
    ]
    for episode in facts.episodes:
        lines.append(
            f"{episode!s:>8}  {sum(c.revealed <= episode for c in facts.characters):>10}  "
            f"{sum(s.revealed <= episode for s in sections):>5}  {sum(e.revealed <= episode for e in entries):>5}  "
            f"{sum(q.revealed <= episode for q in facts.questions):>6}"
        )
    return "\n".join(lines)
