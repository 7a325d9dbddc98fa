"""Echoing user text: printable, short, and unable to ping on any platform."""

from __future__ import annotations

import pytest

from bot.safety import WORD_JOINER, echo

J = WORD_JOINER


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("@everyone", f"@{J}everyone"),
        ("@Here now", f"@{J}Here now"),
        ("@channel", f"@{J}channel"),
        ("<!channel>", f"<{J}!channel>"),
        ("<!here|here>", f"<{J}!here|here>"),
        ("<@&123>", f"<{J}@&123>"),
        ("<@123>", f"<{J}@123>"),
        ("<#42>", f"<{J}#42>"),
        ("gary\x00\x1b[31mpearlman", "gary [31mpearlman"),
        ("  many   spaces\n\tand lines ", "many spaces and lines"),
        ("\u202eevil\u202c", "evil"),
        ("Рене 漫画 🕵️", "Рене 漫画 🕵️"),
        ("", ""),
    ],
)
def test_echo(typed, shown):
    assert echo(typed) == shown


def test_long_text_is_cut_with_an_ellipsis():
    assert echo("x" * 10_000) == "x" * 59 + "…"
    assert echo("word " * 30, limit=12) == "word word…"


def test_cutting_cannot_make_a_ping():
    """Defusing happens after cutting, so a cut never leaves a bare '@everyone' behind."""
    for limit in range(5, 20):
        assert "@everyone" not in echo("x" * 3 + "@everyone" * 3, limit)
