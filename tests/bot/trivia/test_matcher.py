"""The typed-answer matcher, case by case: what it forgives and what it refuses."""

from __future__ import annotations

import pytest

from bot.trivia import is_correct, normalize
from tests.conftest import FACTS

QUESTIONS = {q.id: q for q in FACTS.questions}


def targets(question_id: str) -> tuple[str, ...]:
    question = QUESTIONS[question_id]
    return (question.answer, *question.accept)


ACCEPTED = [
    # (question, typed, why it counts)
    ("killer-identity", "Gary Pearlman", "exactly the answer"),
    ("killer-identity", "gary pearlman", "case"),
    ("killer-identity", "  GARY   PEARLMAN!! ", "case, spaces and punctuation"),
    ("killer-identity", "Gary Pearlmann", "one typo in a long word"),
    ("killer-identity", "Gray Pearlman", "two neighbouring letters swapped"),
    ("killer-identity", "gary", "an accepted form"),
    ("killer-identity", "Garry", "one typo in an accepted form"),
    ("who-arrested", "Renee Ballard", "accents"),
    ("who-arrested", "renée", "accents the other way"),
    ("victim-count", "14", "digits"),
    ("victim-count", "fourteen", "number word"),
    ("victim-count", "Fourteen.", "number word, capitalised, with a full stop"),
    ("episode-count", "ten", "number word for a digit answer"),
    ("episode-count", "10", "digits"),
    ("recycled-goods", "weapons & drugs", "& for and"),
    ("recycled-goods", "Seized weapons and drugs", "the full answer"),
    ("reopened-family", "the Pearlmans", "leading article"),
    ("reopened-family", "Pearlmans", "article left out"),
    ("reopened-family", "The Pearlman family", "an accepted form with an article"),
    ("father-accident", "a surfing accident", "leading 'a'"),
    ("father-accident", "surfing acident", "one letter missing"),
    ("rawls-where", "Jake Pearlman's", "possessive"),
    ("rawls-where", "jake pearlmans", "possessive without the apostrophe"),
    ("rawls-where", "Jake Pearlman", "an accepted form"),
    ("bosch-universe-other", "J Edgar", "initial without its full stop"),
    ("bosch-universe-other", "j. edgar", "initial with its full stop"),
    ("ambush-location", "basementoffice", "a missing space"),
    ("unit-type", "Cold-case unit", "a hyphen"),
    ("plea-deal-with", "the D.A.", "an abbreviation with stops"),
    ("rawls-shot", "Ted Ralws", "a swap in the surname"),
    ("ballard-romance", "Aron", "a doubled letter typed once"),
]

REJECTED = [
    # (question, typed, why it does not count)
    ("killer-identity", "Jake Pearlman", "a different person with the same surname"),
    ("killer-identity", "Pearlman", "the surname alone is ambiguous"),
    ("killer-identity", "Mary Pearlman", "a one-letter change that makes a different name"),
    ("killer-identity", "I think it was Gary Pearlman", "the answer buried in a sentence"),
    ("killer-identity", "Gary Pearlman or Jake Pearlman", "listing candidates"),
    ("killer-identity", "Jake", "a different first name"),
    ("victim-count", "12", "a different number"),
    ("victim-count", "13", "a number one digit off"),
    ("victim-count", "fourteen women", "extra words"),
    ("episode-count", "100", "digits typo changes the number"),
    ("bosch-appears", "Harry Bosch Ballard", "extra words"),
    ("bosch-appears", "Barry", "a different name"),
    ("driscoll-alias", "Dakota", "a distractor"),
    ("driscoll-alias", "Montanas friend", "extra words"),
    ("plea-deal-with", "DE", "no typo allowed in a word of three letters or fewer"),
    ("ballard-romance", "", "nothing typed"),
    ("ballard-romance", "the", "only an article"),
    ("ballard-romance", "???", "only punctuation"),
    ("respect", "a promotion", "a distractor, with an article"),
    ("unit-type", "Homicide", "a distractor"),
]


@pytest.mark.parametrize(("question_id", "typed", "why"), ACCEPTED, ids=[f"{q}:{t}" for q, t, _ in ACCEPTED])
def test_accepts(question_id, typed, why):
    assert is_correct(typed, targets(question_id)), why


@pytest.mark.parametrize(("question_id", "typed", "why"), REJECTED, ids=[f"{q}:{t}" for q, t, _ in REJECTED])
def test_rejects(question_id, typed, why):
    assert not is_correct(typed, targets(question_id)), why


@pytest.mark.parametrize(
    ("typed", "plain"),
    [
        ("The Pearlman & Co.", "pearlman and co"),
        ("Renée's", "renee"),
        ("twenty-one", "21"),
        ("Twenty One", "21"),
        ("forty", "40"),
        ("a", "a"),
        ("An answer", "answer"),
        ("  ", ""),
    ],
)
def test_normal_form(typed, plain):
    assert normalize(typed) == plain


def test_every_canonical_answer_and_accepted_form_counts():
    for question in FACTS.questions:
        for form in (question.answer, *question.accept):
            assert is_correct(form, targets(question.id)), (question.id, form)


def test_no_distractor_counts():
    for question in FACTS.questions:
        for distractor in question.distractors:
            assert not is_correct(distractor, targets(question.id)), (question.id, distractor)
