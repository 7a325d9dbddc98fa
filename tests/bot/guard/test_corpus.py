"""The guard measured on a labelled corpus of fans' chat (corpus.yaml): recall on spoilers, false hides on safe talk.

These are quality figures, not timings. The README's "Spoiler guard" section reports them.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from bot.episodes import Episode
from bot.guard._index import TellIndex
from bot.guard._judge import judge
from bot.guard._tells import tells_of
from tests.conftest import FACTS

CORPUS = yaml.safe_load((Path(__file__).parent / "corpus.yaml").read_text(encoding="utf-8"))
SPOILERS: list[str] = CORPUS["spoilers"]
SAFE: list[str] = CORPUS["safe"]
RECALL = 0.90
FALSE_HIDES = 0.03


def figures(horizon: Episode) -> tuple[float, float]:
    caught = sum(judge(FACTS, text, horizon) is not None for text in SPOILERS)
    wrongly = sum(judge(FACTS, text, horizon) is not None for text in SAFE)
    return caught / len(SPOILERS), wrongly / len(SAFE)


def test_the_corpus_is_big_enough_and_labelled_once():
    assert len(SPOILERS) + len(SAFE) >= 150
    assert not set(SPOILERS) & set(SAFE)
    assert len(set(SPOILERS)) == len(SPOILERS) and len(set(SAFE)) == len(SAFE)


@pytest.mark.parametrize("horizon", [Episode(1, 0), Episode(1, 5)], ids=str)
def test_recall_and_false_hides_meet_their_targets_before_the_finale(horizon):
    recall, false_hides = figures(horizon)
    assert recall >= RECALL, f"recall {recall:.1%} at {horizon}"
    assert false_hides <= FALSE_HIDES, f"false hides {false_hides:.1%} at {horizon}"


def test_nothing_is_hidden_at_the_finale():
    finale = FACTS.finale
    assert [text for text in SPOILERS + SAFE if judge(FACTS, text, finale) is not None] == []


def test_every_fact_revealed_after_the_premise_has_tells_and_a_spoiler_in_the_corpus():
    by_fact: dict[str, list] = defaultdict(list)
    for tell in tells_of(FACTS):
        by_fact[tell.fact].append(tell)
    gated = [
        *(f"bio {c.id}: {s.heading}" for c in FACTS.characters for s in c.sections if s.revealed.number),
        *(f"recap {s.id} #{n + 1}" for s in FACTS.storylines for n, e in enumerate(s.entries) if e.revealed.number),
        *(f"trivia {q.id}" for q in FACTS.questions if q.revealed.number),
        *(f"alias {a.name} of {c.id}" for c in FACTS.characters for a in c.names()[1:] if a.revealed > c.revealed),
    ]
    assert [fact for fact in gated if fact not in by_fact] == []
    unspoken = [fact for fact in gated if not any(TellIndex(by_fact[fact]).match(t, Episode(1, 0)) for t in SPOILERS)]
    assert unspoken == []
