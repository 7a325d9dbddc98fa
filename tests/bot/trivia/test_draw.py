"""Drawing a round's questions: gated by the horizon, distinct, fresh ones first, answers shuffled."""

from __future__ import annotations

import random

import pytest

from bot.episodes import Episode
from bot.trivia._draw import askable, categories_at, draw
from tests.conftest import FACTS

PREMISE = Episode(1, 0)
FINALE = Episode(1, 10)


@pytest.mark.parametrize("horizon", FACTS.episodes)
def test_only_questions_known_by_the_horizon_are_drawn(horizon):
    drawn = draw(FACTS, horizon, count=20, category=None, recent=[], rng=random.Random(1))
    by_id = {q.id: q for q in FACTS.questions}
    assert all(by_id[q.fact_id].revealed <= horizon for q in drawn)
    assert len(drawn) == min(20, len(askable(FACTS, horizon)))


def test_a_premise_channel_gets_only_premise_questions():
    drawn = draw(FACTS, PREMISE, count=20, category=None, recent=[], rng=random.Random(2))
    assert 0 < len(drawn) < 20
    assert {q.revealed for q in drawn} == {PREMISE}


def test_no_question_twice_in_a_round_and_numbers_run_from_one():
    drawn = draw(FACTS, FINALE, count=20, category=None, recent=[], rng=random.Random(3))
    assert len({q.fact_id for q in drawn}) == 20
    assert [q.number for q in drawn] == list(range(1, 21))


def test_the_answer_is_shuffled_among_the_distractors_and_stays_findable():
    letters = set()
    for seed in range(40):
        (asked,) = draw(FACTS, PREMISE, count=1, category=None, recent=[], rng=random.Random(seed))
        fact = next(q for q in FACTS.questions if q.id == asked.fact_id)
        assert asked.answer == fact.answer
        assert sorted(asked.choices) == sorted([fact.answer, *fact.distractors])
        letters.add(asked.letter)
    assert letters == {"A", "B", "C", "D"}


def test_recently_asked_questions_come_last_oldest_first():
    pool = [q.id for q in askable(FACTS, PREMISE)]
    recent = pool[:8]  # the latest first
    drawn = draw(FACTS, PREMISE, count=len(pool), category=None, recent=recent, rng=random.Random(4))
    ids = [q.fact_id for q in drawn]
    assert set(ids[:2]) == set(pool[8:])
    assert ids[2:] == list(reversed(recent))


def test_a_category_narrows_the_pool_and_categories_follow_the_horizon():
    assert categories_at(FACTS, PREMISE) == ["backstory", "bosch", "characters"]
    assert "serial-killer" in categories_at(FACTS, FINALE)
    drawn = draw(FACTS, FINALE, count=20, category="bosch", recent=[], rng=random.Random(5))
    assert drawn and all(next(f for f in FACTS.questions if f.id == q.fact_id).category == "bosch" for q in drawn)
    assert draw(FACTS, PREMISE, count=5, category="finale", recent=[], rng=random.Random(6)) == ()
