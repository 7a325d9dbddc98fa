"""The spoiler gate every fact passes through."""

from __future__ import annotations

import pytest

from bot.episodes import Episode
from bot.reply import Kind
from bot.spoilers import Gate, Policy

E2, E4, E6, E9 = (Episode(1, n) for n in (2, 4, 6, 9))


def test_a_fact_at_or_before_the_horizon_is_plain():
    gate = Gate(E4)
    assert gate.part("known", E4).kind is Kind.TEXT
    assert gate.part("known", E2, label="Who").kind is Kind.FIELD
    assert gate.omitted == []


def test_a_later_fact_is_hidden_with_its_gate_and_its_label_inside():
    part = Gate(E4).part("the twist", E6, label="Twist")
    assert (part.kind, part.text, part.revealed, part.label) == (Kind.SPOILER, "Twist: the twist", E6, None)


def test_a_later_fact_is_left_out_and_counted_when_the_policy_omits():
    gate = Gate(E4, Policy.OMIT)
    assert gate.parts([("a", E2), ("b", E9), ("c", E6)]) == [gate.part("a", E2)]
    assert gate.omission_note().text == "2 more entries are left out: revealed from S1E6, beyond S1E4."


@pytest.mark.parametrize(
    ("noun", "count", "expected"),
    [
        ("entry", 1, "1 more entry is left out"),
        ("entry", 3, "3 more entries are left out"),
        ("bio section", 2, "2 more bio sections are left out"),
        ("day", 2, "2 more days are left out"),
    ],
)
def test_the_note_counts_in_words(noun, count, expected):
    gate = Gate(E2, Policy.OMIT)
    gate.parts([("x", E9)] * count)
    assert gate.omission_note(noun).text.startswith(expected)


def test_no_note_when_nothing_was_left_out():
    assert Gate(E9, Policy.OMIT).omission_note() is None
