"""Choosing a round's questions: only facts at or before the channel's horizon, fresh ones first."""

from __future__ import annotations

import random
from collections.abc import Sequence

from bot.episodes import Episode
from bot.facts import FactBase, Question
from bot.trivia._model import AskedQuestion


def askable(facts: FactBase, horizon: Episode, category: str | None = None) -> list[Question]:
    """Questions whose text, choices and answer are all known by `horizon` (one gate covers all three)."""
    return [q for q in facts.questions if q.revealed <= horizon and (category is None or q.category == category)]


def categories_at(facts: FactBase, horizon: Episode) -> list[str]:
    return sorted({q.category for q in askable(facts, horizon)})


def draw(
    facts: FactBase,
    horizon: Episode,
    *,
    count: int,
    category: str | None,
    recent: Sequence[str],
    rng: random.Random,
) -> tuple[AskedQuestion, ...]:
    """Up to `count` distinct questions: never-recently-asked ones in random order, then the longest-ago asked;
    never two that give away each other's answers (`FactBase.kept_apart`)."""
    pool = askable(facts, horizon, category)
    fresh = [q for q in pool if q.id not in recent]
    rng.shuffle(fresh)
    latest_first = {fact_id: index for index, fact_id in reversed(list(enumerate(recent)))}
    stale = sorted((q for q in pool if q.id in latest_first), key=lambda q: latest_first[q.id], reverse=True)
    chosen: list[Question] = []
    ruled_out: set[str] = set()
    for question in (*fresh, *stale):
        if len(chosen) == count:
            break
        if question.id not in ruled_out:
            chosen.append(question)
            ruled_out |= facts.kept_apart.get(question.id, frozenset())
    return tuple(ask(question, number, rng) for number, question in enumerate(chosen, 1))


def ask(question: Question, number: int, rng: random.Random) -> AskedQuestion:
    """The question with its answer shuffled among the distractors (the order is stored with the round)."""
    choices = [question.answer, *question.distractors]
    rng.shuffle(choices)
    return AskedQuestion(
        number=number,
        fact_id=question.id,
        text=question.question,
        choices=tuple(choices),
        correct=choices.index(question.answer),
        accept=question.accept,
        revealed=question.revealed,
    )
