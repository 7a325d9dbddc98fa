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
    recent = pool[:-2]  # the latest first
    drawn = draw(FACTS, PREMISE, count=len(pool), category=None, recent=recent, rng=random.Random(4))
    ids = [q.fact_id for q in drawn]
    assert set(ids[:2]) == set(pool[-2:])
    assert ids[2:] == list(reversed(recent))


def test_a_category_narrows_the_pool_and_categories_follow_the_horizon():
    assert categories_at(FACTS, PREMISE) == ["backstory", "bosch", "characters"]
    assert "serial-killer" in categories_at(FACTS, FINALE)
    drawn = draw(FACTS, FINALE, count=20, category="bosch", recent=[], rng=random.Random(5))
    assert drawn and all(next(f for f in FACTS.questions if f.id == q.fact_id).category == "bosch" for q in drawn)
    assert draw(FACTS, PREMISE, count=5, category="finale", recent=[], rng=random.Random(6)) == ()


def test_questions_that_answer_each_other_are_never_drawn_into_one_round():
    """'Which conspirator operated under the alias "Montana"?' answers 'What alias did Anthony Driscoll use?'."""
    assert "driscoll-alias" in FACTS.kept_apart["montana-who"]
    pool = askable(FACTS, FINALE)
    for seed in range(200):
        drawn = {
            q.fact_id for q in draw(FACTS, FINALE, count=len(pool), category=None, recent=[], rng=random.Random(seed))
        }
        assert not any(drawn & FACTS.kept_apart.get(fact_id, frozenset()) for fact_id in drawn)
        assert len(drawn) == len(pool) - _kept_out_at_least(pool)


def test_a_recently_asked_question_does_not_let_its_pair_in():
    recent = ["driscoll-alias"]
    drawn = draw(FACTS, FINALE, count=100, category="conspiracy", recent=recent, rng=random.Random(7))
    ids = [q.fact_id for q in drawn]
    assert "montana-who" in ids and "driscoll-alias" not in ids


def _kept_out_at_least(pool: list) -> int:
    """In this pack each question is kept apart from at most one other, so a full round leaves out one per pair."""
    ids = {q.id for q in pool}
    pairs = {frozenset((one, other)) for one in ids for other in FACTS.kept_apart.get(one, ()) if other in ids}
    assert all(len(FACTS.kept_apart[one]) == 1 for pair in pairs for one in pair)
    return len(pairs)
