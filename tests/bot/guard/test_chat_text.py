"""Reading chat text: what fans type to dodge the guard reads as plain words."""

from __future__ import annotations

import pytest

from bot.chat_text import stems, without_spoiler_tags, words


@pytest.mark.parametrize(
    "typed",
    [
        "Gary killer",
        "GARY KILLER!!!",
        "g\u200bary kil\u200dler",  # zero-width space and joiner
        "g\u00adary killer",  # soft hyphen
        "G\u0430ry k\u0456ller",  # Cyrillic a and i
        "\uff27\uff41\uff52\uff59 killer",  # fullwidth
        "\U0001d420\U0001d41a\U0001d42b\U0001d432 killer",  # mathematical bold
        "Gäry kïller",  # accents
        "gary's killer",  # possessive
        "gary...killer",
    ],
)
def test_dodges_read_as_the_plain_words(typed):
    assert words(typed) == ["gary", "killer"]


def test_plurals_and_verb_forms_share_a_stem():
    assert len(set(stems("kill kills killed killing"))) == 1
    assert stems("murders murdered") == stems("murder murder")
    assert stems("smugglers") == stems("smuggler")


def test_spoiler_tagged_text_is_left_out_and_an_unclosed_tag_is_not():
    assert words(without_spoiler_tags("lol ||gary is the killer|| wow")) == ["lol", "wow"]
    assert words(without_spoiler_tags("||gary is the killer")) == ["gary", "is", "the", "killer"]


def test_links_emoji_and_nothing_read_as_few_or_no_words():
    assert words("🔥🔥😱") == []
    assert words("") == []
    assert words("https://example.com/x") == ["https", "example", "com", "x"]
