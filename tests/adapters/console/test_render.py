"""Reply → terminal text: every kind of part, spoilers masked until revealed."""

from __future__ import annotations

from adapters.console import render
from bot.episodes import Episode
from bot.reply import Action, Kind, Part, Reply, Visibility, field_part, heading, note, text

E10 = Episode(1, 10)
REPLY = Reply(
    (
        heading("Gary Pearlman"),
        heading("Renée Ballard"),
        field_part("Who he is", "A father."),
        Part(Kind.SPOILER, "The serial killer: the twist.", E10),
        note("1 more entry is left out."),
        text("word " * 40),
    ),
    Visibility.PUBLIC,
    (Action("reveal:bio:gary-pearlman", "Reveal (only to me)"), Action("gone", "Gone", disabled=True)),
)


def test_every_kind_of_part():
    lines = render(REPLY).splitlines()
    assert lines[0] == "(posted in the channel)"
    assert "GARY PEARLMAN" in lines and "─" * len("Gary Pearlman") in lines
    assert "Renée Ballard" in lines, "only ASCII headings are upper-cased (casefolding can change letters)"
    assert "Who he is: A father." in lines
    assert "█████ spoiler #1: revealed in S1E10 — type 'reveal' to show █████" in lines
    assert "· 1 more entry is left out." in lines
    assert all(len(line) <= 88 for line in lines)
    assert lines[-2:] == ["[Reveal (only to me)]", "  (press a button with:  press <number>)"]


def test_spoilers_show_only_when_revealed():
    assert "the twist" not in render(REPLY)
    assert "[spoiler, S1E10] The serial killer: the twist." in render(REPLY, reveal=True)


def test_a_private_reply_says_so():
    assert render(Reply((text("hi"),))) == "(only you can see this)\nhi"


def test_a_run_of_spoilers_is_one_masked_line_per_gate():
    e4 = Episode(1, 4)
    reply = Reply(
        (Part(Kind.SPOILER, "a", e4), Part(Kind.SPOILER, "b", e4), Part(Kind.SPOILER, "c", E10), text("after")),
    )
    lines = render(reply).splitlines()
    assert lines[1:] == [
        "█████ spoiler #1–#2: revealed in S1E4 — type 'reveal' to show █████",
        "█████ spoiler #3: revealed in S1E10 — type 'reveal' to show █████",
        "after",
    ]


def test_a_reply_whose_buttons_are_all_disabled_offers_none():
    closed = Reply((text("Question 1 (closed)"),), Visibility.PUBLIC, (Action("trivia:1:1:a", "A", disabled=True),))
    assert "press" not in render(closed) and "[A]" not in render(closed)
