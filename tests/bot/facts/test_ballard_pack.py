"""The Ballard pack against its source: what the article says, gated by the pack's one rule."""

from __future__ import annotations

from bot.episodes import Episode
from bot.names import fold
from bot.trivia import is_correct
from tests.conftest import FACTS

FINALE = Episode(1, 10)
QUESTIONS = {q.id: q for q in FACTS.questions}


def every_text() -> list[tuple[str, Episode]]:
    texts = [(s.text, s.revealed) for c in FACTS.characters for s in c.sections]
    texts += [(e.text, e.revealed) for s in FACTS.storylines for e in s.entries]
    texts += [(f"{q.question} {q.answer}", q.revealed) for q in FACTS.questions]
    return texts


def test_bosch_appears_has_one_answer_by_the_article():
    """The article has J. Edgar appear too: the question asks for the one the wider universe is named after."""
    question = QUESTIONS["bosch-appears"]
    assert is_correct("Harry Bosch", (question.answer, *question.accept))
    assert not is_correct("J. Edgar", (question.answer, *question.accept))
    assert "name" in question.question and "Bosch" not in question.question


def test_what_only_the_reveal_sentence_says_is_gated_at_the_finale():
    """'The killer is Gary Pearlman, Sarah's adoptive father and father of Councilman Jake Pearlman.'"""
    for text, revealed in every_text():
        words = fold(text)
        if "adopt" in words or "councilman" in words:
            assert revealed == FINALE, text
    jake = FACTS.character("jake-pearlman")
    assert jake is not None
    assert {alias.name: alias.revealed for alias in jake.names()}["Councilman Pearlman"] == FINALE


def test_the_father_lost_in_a_surfing_accident_is_one_fact_at_one_gate():
    gates = {revealed for text, revealed in every_text() if "surfing" in fold(text)}
    assert gates == {FINALE}


def test_wording_the_article_does_not_support_is_gone():
    unsupported = ["central figure", "pulling her gun", "pull her gun", "cracks open", "belongs to"]
    berchem = FACTS.character("captain-berchem")
    assert berchem is not None
    texts = [text for text, _ in every_text()] + [s.heading for c in FACTS.characters for s in c.sections]
    assert not [(phrase, text) for text in texts for phrase in unsupported if phrase in text.lower()]
    about_berchem = [s.heading + " " + s.text for s in berchem.sections]
    about_berchem += [text for text, _ in every_text() if "Berchem" in text]
    assert not [text for text in about_berchem if {" he ", " his ", " him ", " she ", " her "} & _spaced(text)]


def _spaced(text: str) -> set[str]:
    return {f" {word} " for word in fold(text).split()}


def test_what_fans_ask_about_is_told_at_the_finale():
    told = " ".join(fold(text) for text, revealed in every_text() if revealed == FINALE)
    for fact in ["trauma and disillusionment", "off screen", "short lived", "overcome her trauma", "bond"]:
        assert fact in told, fact
    olivas = FACTS.character("robert-olivas")
    assert olivas is not None and any(
        "police officer" in fold(s.text) or "lapd officer" in fold(s.text) for s in olivas.sections
    )
